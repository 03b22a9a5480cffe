from django.db import migrations, models

import beacon.accounts.models


def fill_public_ids(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    for user in User.objects.filter(public_id__isnull=True).only("pk"):
        user.public_id = beacon.accounts.models.new_public_id()
        user.save(update_fields=["public_id"])


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_anti_phishing_code")]

    operations = [
        migrations.AddField(
            model_name="user",
            name="public_id",
            field=models.CharField(editable=False, max_length=9, null=True, verbose_name="public ID"),
        ),
        migrations.RunPython(fill_public_ids, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="user",
            name="public_id",
            field=models.CharField(
                default=beacon.accounts.models.new_public_id,
                editable=False,
                max_length=9,
                unique=True,
                verbose_name="public ID",
            ),
        ),
    ]
