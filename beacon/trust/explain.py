"""What a verification answer proves, and what it does not, in the reader's language."""

from __future__ import annotations

from django.utils.translation import gettext as _

from beacon.trust.enums import ChannelKind
from beacon.trust.selectors import Verification


def explain(result: Verification) -> str:
    if not result.official:
        return _(
            "This is NOT an official channel — likely impersonation. Do not send it money, codes, passwords or "
            "your seed phrase, and do not install anything it asks you to. Please report it so we can warn others."
        )
    if result.kind == ChannelKind.EMAIL:
        return _(
            "This address is official. But the sender of an e-mail can be forged: trust a message only if it shows "
            "your anti-phishing code, and never give anyone your password, 2FA codes or seed phrase."
        )
    if result.kind == ChannelKind.WALLET_ADDRESS:
        return _(
            "This wallet address belongs to us. It does not make any request for payment genuine: we never ask "
            "you to send funds to “verify” or “unlock” an account."
        )
    return _(
        "This is an official channel. Even so, our staff never ask for passwords, 2FA codes, seed phrases or "
        "private keys, never ask you to install software and never message you first from a personal account."
    )
