"""Mailbox passwords are stored encrypted (beacon.mail.fields): encrypt the rows written before."""

from typing import Any

from django.db import migrations

import beacon.mail.fields


def encrypt_passwords(apps: Any, schema_editor: Any) -> None:
    Mailbox = apps.get_model("mail", "Mailbox")
    for mailbox in Mailbox.objects.exclude(password="").only("id", "password"):
        # Read as stored (plain text, no prefix), written back through the field: encrypted.
        mailbox.save(update_fields=["password"])


def decrypt_passwords(apps: Any, schema_editor: Any) -> None:
    Mailbox = apps.get_model("mail", "Mailbox")
    rows = [(m.password, m.pk) for m in Mailbox.objects.exclude(password="").only("id", "password")]
    with schema_editor.connection.cursor() as cursor:
        table = schema_editor.quote_name(Mailbox._meta.db_table)
        cursor.executemany(f"UPDATE {table} SET password = %s WHERE id = %s", rows)  # noqa: S608


class Migration(migrations.Migration):
    dependencies = [
        ("mail", "0003_outbound_solve_and_rating"),
    ]

    operations = [
        migrations.AlterField(
            model_name="mailbox",
            name="password",
            field=beacon.mail.fields.EncryptedTextField(blank=True, verbose_name="password"),
        ),
        migrations.RunPython(encrypt_passwords, decrypt_passwords),
    ]
