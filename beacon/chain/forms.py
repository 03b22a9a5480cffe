"""Forms shape input for the pages; the rules live in services (errors come back as ValidationFailed)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from beacon.chain.models import CheckKind
from beacon.chain.networks import NETWORKS
from beacon.core.errors import ValidationFailed


class CheckForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What do you want to check?"),
        choices=[(CheckKind.DEPOSIT, _("A deposit that has not arrived")), (CheckKind.WITHDRAWAL, _("A withdrawal"))],
        initial=CheckKind.DEPOSIT,
        widget=forms.RadioSelect,
    )
    network = forms.ChoiceField(label=_("Network"), required=False)
    txid = forms.CharField(
        label=_("Transaction ID (TXID)"),
        required=False,
        help_text=_("From your wallet's transaction details or the block explorer."),
        widget=forms.TextInput(attrs={"class": "mono", "autocomplete": "off", "spellcheck": "false"}),
    )
    asset = forms.CharField(label=_("Asset"), required=False, help_text=_("e.g. USDT, ETH, BTC"))
    amount = forms.CharField(label=_("Amount"), required=False, widget=forms.TextInput(attrs={"inputmode": "decimal"}))
    memo = forms.CharField(
        label=_("Memo / tag"), required=False, help_text=_("Only for networks that use one (XRP, TON…).")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["network"].choices = [("", "—")] + [(n.code, n.name) for n in NETWORKS.values()]  # type: ignore[attr-defined]

    def add_domain_errors(self, exc: ValidationFailed) -> None:
        for name, messages in exc.errors.items():
            for message in messages:
                self.add_error(name if name in self.fields else None, message)


class FreezeConfirmForm(forms.Form):
    confirm = forms.BooleanField(
        label=_(
            "I understand that trading, withdrawals and sign-in stop until Security has verified my identity "
            "and unlocks the account."
        ),
        required=True,
    )
