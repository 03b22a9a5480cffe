"""What Beacon tells a person whose message contained a secret, in their language."""

from __future__ import annotations

from django.utils.translation import gettext as _

from beacon.trust.scanners.findings import SecretKind

KEY_KINDS = {
    SecretKind.SEED_PHRASE,
    SecretKind.WIF_PRIVATE_KEY,
    SecretKind.EXTENDED_PRIVATE_KEY,
    SecretKind.HEX_PRIVATE_KEY,
    SecretKind.HEX_SECRET_CANDIDATE,
    SecretKind.PEM_PRIVATE_KEY,
}


def marker(kind: SecretKind) -> str:
    """The text that replaces a secret in the stored message."""
    labels = {
        SecretKind.SEED_PHRASE: _("seed phrase"),
        SecretKind.PARTIAL_SEED_PHRASE: _("part of a seed phrase"),
        SecretKind.WIF_PRIVATE_KEY: _("private key"),
        SecretKind.EXTENDED_PRIVATE_KEY: _("private key"),
        SecretKind.HEX_PRIVATE_KEY: _("private key"),
        SecretKind.HEX_SECRET_CANDIDATE: _("possible private key"),
        SecretKind.PEM_PRIVATE_KEY: _("private key"),
        SecretKind.EXCHANGE_API_SECRET: _("API secret"),
        SecretKind.TOTP_SECRET: _("2FA setup key"),
        SecretKind.PASSWORD: _("password"),
        SecretKind.OTP_CODE: _("verification code"),
    }
    return "[" + _("hidden: %(what)s") % {"what": labels.get(kind, _("secret"))} + "]"


def advice_for(kinds: set[SecretKind]) -> list[str]:
    """Concrete next steps, most urgent first."""
    advice = []
    if kinds & KEY_KINDS:
        advice.append(
            _(
                "Your message contained a wallet seed phrase or private key. We removed it before saving, but "
                "treat it as exposed: create a new wallet now and move all funds to it. Beacon support will never "
                "ask for it."
            )
        )
    if SecretKind.PARTIAL_SEED_PHRASE in kinds:
        advice.append(
            _(
                "Your message contained words of a wallet recovery phrase. We removed them. Never send any part of "
                "your recovery phrase to anyone; if you already did, move your funds to a new wallet."
            )
        )
    if SecretKind.EXCHANGE_API_SECRET in kinds:
        advice.append(
            _("Your message contained an API secret. We removed it: delete that API key now and create a new one.")
        )
    if SecretKind.PASSWORD in kinds:
        advice.append(_("Your message contained a password. We removed it: change that password now."))
    if kinds & {SecretKind.OTP_CODE, SecretKind.TOTP_SECRET}:
        advice.append(
            _(
                "Your message contained a two-factor code or setup key. We removed it. Never share these; if someone "
                "asked you for one, reset your two-factor authentication and tell us."
            )
        )
    return advice
