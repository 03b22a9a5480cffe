"""Mailbox passwords are encrypted at rest and still log in to a real IMAP server."""

from __future__ import annotations

import importlib
from collections.abc import Callable

from cryptography.fernet import Fernet
from django.apps import apps
from django.conf import settings
from django.db import connection
from django.test import Client, override_settings
from django.urls import reverse

from beacon.accounts.models import User
from beacon.mail.enums import ImapSecurity
from beacon.mail.fields import PREFIX
from beacon.mail.imap import poll_all, poll_mailbox
from beacon.mail.models import Mailbox
from beacon.tickets.models import Category, Ticket

from .conftest import IMAP_PASSWORD, IMAP_USER, Dovecot, corpus
from .test_admin import admin_user

encrypt_migration = importlib.import_module("beacon.mail.migrations.0004_encrypt_mailbox_passwords")


def stored_password(mailbox: Mailbox) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT password FROM mail_mailbox WHERE id = %s", [mailbox.pk])
        return str(cursor.fetchone()[0])


def make_mailbox(port: int = 143, password: str = IMAP_PASSWORD) -> Mailbox:
    return Mailbox.objects.create(
        name="Support",
        address="support@beacon.localhost",
        host="127.0.0.1",
        port=port,
        security=ImapSecurity.NONE,
        username=IMAP_USER,
        password=password,
    )


def test_password_is_stored_encrypted_and_still_logs_in(dovecot: Dovecot, general: Category) -> None:
    mailbox = make_mailbox(dovecot.port)
    raw = stored_password(mailbox)
    assert raw.startswith(PREFIX)
    assert IMAP_PASSWORD not in raw
    dovecot.deliver(corpus("gmail_new_ticket.eml"))
    fresh = Mailbox.objects.get(pk=mailbox.pk)
    assert fresh.password == IMAP_PASSWORD
    assert poll_mailbox(fresh).outcomes == {"ticketed": 1}
    assert Ticket.objects.count() == 1


def test_admin_form_never_shows_the_password_and_keeps_it_when_left_empty(
    db: None, general: Category, login: Callable[[User], Client]
) -> None:
    mailbox = make_mailbox()
    client = login(admin_user())
    url = reverse("admin:mail_mailbox_change", args=[mailbox.pk])
    page = client.get(url).content.decode()
    assert IMAP_PASSWORD not in page
    assert stored_password(mailbox)[len(PREFIX) :] not in page
    form = {
        "name": "Support desk",
        "address": "support@beacon.localhost",
        "host": "127.0.0.1",
        "port": "143",
        "security": "none",
        "username": IMAP_USER,
        "password": "",
        "folder": "INBOX",
        "processed_folder": "",
        "category": general.pk,
        "is_active": "on",
    }
    assert client.post(url, form).status_code == 302
    assert Mailbox.objects.get().password == IMAP_PASSWORD
    assert client.post(url, {**form, "password": "new-app-password"}).status_code == 302
    assert Mailbox.objects.get().password == "new-app-password"
    assert stored_password(mailbox).startswith(PREFIX)


def test_data_migration_encrypts_passwords_stored_in_plain_text(db: None) -> None:
    mailbox = make_mailbox()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE mail_mailbox SET password = %s WHERE id = %s", ["legacy-plain", mailbox.pk])
    assert Mailbox.objects.get().password == "legacy-plain"  # read as it is until migrated
    encrypt_migration.encrypt_passwords(apps, connection.schema_editor())
    assert stored_password(mailbox).startswith(PREFIX)
    assert Mailbox.objects.get().password == "legacy-plain"


def test_passwords_survive_a_secret_key_rotation_and_a_dedicated_key(db: None) -> None:
    mailbox = make_mailbox()
    with override_settings(SECRET_KEY="rotated-" + "k" * 50, SECRET_KEY_FALLBACKS=[settings.SECRET_KEY]):
        assert Mailbox.objects.get().password == IMAP_PASSWORD
    dedicated = Fernet.generate_key().decode()
    with override_settings(BEACON_MAIL_SECRET_KEY=dedicated):
        assert Mailbox.objects.get().password == IMAP_PASSWORD
        Mailbox.objects.get().save()  # re-encrypted with the dedicated key
    with override_settings(BEACON_MAIL_SECRET_KEY=dedicated, SECRET_KEY="other-" + "k" * 50):
        assert Mailbox.objects.get().password == IMAP_PASSWORD
    assert stored_password(mailbox).startswith(PREFIX)


def test_password_that_cannot_be_decrypted_is_reported_on_the_mailbox(dovecot: Dovecot, general: Category) -> None:
    mailbox = make_mailbox(dovecot.port)
    with override_settings(SECRET_KEY="changed-" + "k" * 50):
        [report] = poll_all()
    assert "cannot be decrypted" in report.error
    mailbox.refresh_from_db()
    assert "cannot be decrypted" in mailbox.last_error
    assert stored_password(mailbox).startswith(PREFIX)  # the token is kept, not overwritten
