"""Secrets at rest: a model field that stores its value encrypted (Fernet: AES-128-CBC + HMAC-SHA256).

In Python the value is the plain text; in the database it is `fernet:<token>`. The key is
BEACON_MAIL_SECRET_KEY (a key from `Fernet.generate_key()`) when set, else one derived from
SECRET_KEY; tokens made with SECRET_KEY_FALLBACKS or, once BEACON_MAIL_SECRET_KEY is set, with the
SECRET_KEY-derived key, still decrypt, and are encrypted with the current key at the next save.
A value stored before encryption (no prefix) is read as it is.
"""

from __future__ import annotations

import base64
import logging
import os
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils.crypto import salted_hmac

logger = logging.getLogger(__name__)

PREFIX = "fernet:"


class Undecryptable(str):
    """A stored secret none of the keys can decrypt (the keys changed): the token, kept as it is."""

    __slots__ = ()


def _derived(secret: str) -> bytes:
    digest = salted_hmac("beacon.mail.fields", "password-key", secret=secret, algorithm="sha256").digest()
    return base64.urlsafe_b64encode(digest)


def _fernet() -> MultiFernet:
    keys: list[bytes] = []
    configured = getattr(settings, "BEACON_MAIL_SECRET_KEY", "") or os.environ.get("BEACON_MAIL_SECRET_KEY", "")
    if configured:
        keys.append(configured.encode())
    keys += [_derived(secret) for secret in [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]]
    try:
        return MultiFernet([Fernet(key) for key in keys])
    except ValueError:
        raise ImproperlyConfigured(
            "BEACON_MAIL_SECRET_KEY must be a Fernet key: 32 url-safe base64-encoded bytes, e.g. from "
            "`python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'`."
        ) from None


def encrypt(plain: str) -> str:
    return PREFIX + _fernet().encrypt(plain.encode()).decode("ascii")


def decrypt(stored: str) -> str:
    if not stored.startswith(PREFIX):
        return stored  # written before encryption; the data migration encrypted the rows it found
    try:
        return _fernet().decrypt(stored[len(PREFIX) :].encode("ascii")).decode()
    except (InvalidToken, UnicodeError):
        logger.warning("a stored secret could not be decrypted: SECRET_KEY or BEACON_MAIL_SECRET_KEY changed")
        return Undecryptable(stored)


class EncryptedTextField(models.TextField):
    """Plain text in Python, a Fernet token in the database. Never filter on it."""

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        return None if value is None else decrypt(value)

    def to_python(self, value: Any) -> Any:
        return decrypt(value) if isinstance(value, str) and not isinstance(value, Undecryptable) else value

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "" or isinstance(value, Undecryptable):
            return value
        return encrypt(value)
