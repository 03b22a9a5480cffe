"""Configured networks, the exchange's data kept by the database provider, and what Beacon found.

- ChainNetwork / ChainToken / NetworkMaintenance: operator configuration (admin, demo loader).
- DepositAddress / CreditedDeposit / Withdrawal: the exchange's records for the database provider
  (the embedded default and the demo). With the HTTP provider they live at the exchange instead.
- TxCheck: one lookup of a TXID, for the wizard or for a ticket, with the facts and the outcome.
- FreezeRequest: a customer's emergency freeze and what the exchange answered.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from beacon.chain.networks import NETWORKS
from beacon.chain.outcomes import OK, OUTCOMES, PROBLEM, UNKNOWN, WAIT, render

# Badge colours reuse the ticket status palette: green done, blue waiting, red problem, grey unknown.
BADGE_CLASSES = {OK: "status-solved", WAIT: "status-pending", PROBLEM: "flag", UNKNOWN: ""}


def network_choices() -> list[tuple[str, str]]:
    return [(n.code, n.name) for n in NETWORKS.values()]


class ChainNetwork(models.Model):
    code = models.CharField(_("network"), max_length=16, unique=True, choices=network_choices)
    rpc_url = models.CharField(
        _("RPC URL"),
        max_length=300,
        blank=True,
        help_text=_("JSON-RPC endpoint of your node or provider; credentials may be in the URL. Empty: no lookups."),
    )
    native_asset = models.CharField(_("native asset"), max_length=12)
    native_decimals = models.PositiveSmallIntegerField(_("native decimals"), default=18)
    native_min_deposit = models.DecimalField(_("minimum deposit (native)"), max_digits=36, decimal_places=18, default=0)
    required_confirmations = models.PositiveIntegerField(_("confirmations required"), default=12)
    block_seconds = models.PositiveIntegerField(_("seconds per block"), default=12)
    timeout_seconds = models.FloatField(_("RPC timeout (s)"), default=4.0)
    retries = models.PositiveSmallIntegerField(_("RPC retries"), default=1)
    is_enabled = models.BooleanField(_("lookups enabled"), default=True)

    class Meta:
        verbose_name = _("configured network")
        verbose_name_plural = _("configured networks")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return NETWORKS[self.code].name if self.code in NETWORKS else self.code


class ChainToken(models.Model):
    """A token on the allow-list of a network: deposits of anything else are "unlisted"."""

    network = models.ForeignKey(ChainNetwork, on_delete=models.CASCADE, related_name="tokens")
    symbol = models.CharField(_("symbol"), max_length=12)
    contract = models.CharField(_("contract address"), max_length=100)
    decimals = models.PositiveSmallIntegerField(_("decimals"))
    min_deposit = models.DecimalField(_("minimum deposit"), max_digits=36, decimal_places=18, default=0)
    is_listed = models.BooleanField(_("listed"), default=True)

    class Meta:
        verbose_name = _("listed token")
        verbose_name_plural = _("listed tokens")
        constraints = [models.UniqueConstraint(fields=["network", "contract"], name="chain_token_unique")]
        ordering = ["network__code", "symbol"]

    def __str__(self) -> str:
        return f"{self.symbol} ({self.network.code})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.contract = self.contract.strip().lower()
        super().save(*args, **kwargs)


class NetworkMaintenance(models.Model):
    """Deposits on a network are paused (wallet maintenance, upgrades), as announced to customers."""

    network = models.ForeignKey(ChainNetwork, on_delete=models.CASCADE, related_name="maintenance")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    note_en = models.CharField(_("note (English)"), max_length=240, blank=True)
    note_zh = models.CharField(_("note (Chinese)"), max_length=240, blank=True)
    announcement_url = models.CharField(_("announcement link"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("network maintenance")
        verbose_name_plural = _("network maintenance")
        ordering = ["-starts_at"]

    def __str__(self) -> str:
        return f"{self.network.code} {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def note(self) -> str:
        return self.note_zh if (get_language() or "").startswith("zh") and self.note_zh else self.note_en


class DepositAddress(models.Model):
    customer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="deposit_addresses")
    network = models.CharField(_("network"), max_length=16, choices=network_choices)
    asset = models.CharField(_("asset"), max_length=12, blank=True, help_text=_("Empty: every asset of the network."))
    address = models.CharField(_("address"), max_length=120)
    memo = models.CharField(_("memo / tag"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("deposit address")
        verbose_name_plural = _("deposit addresses")
        constraints = [
            models.UniqueConstraint(fields=["network", "address", "memo"], name="deposit_address_unique"),
        ]
        indexes = [models.Index(fields=["customer", "network"])]

    def __str__(self) -> str:
        return f"{self.network} {self.address}"


class CreditedDeposit(models.Model):
    customer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="credited_deposits")
    network = models.CharField(_("network"), max_length=16, choices=network_choices)
    asset = models.CharField(_("asset"), max_length=12)
    txid = models.CharField(_("TXID"), max_length=120, db_index=True)
    address = models.CharField(_("address"), max_length=120)
    amount = models.DecimalField(_("amount"), max_digits=36, decimal_places=18)
    credited_at = models.DateTimeField(_("credited"))

    class Meta:
        verbose_name = _("credited deposit")
        verbose_name_plural = _("credited deposits")
        constraints = [
            models.UniqueConstraint(fields=["network", "txid", "asset", "address"], name="credited_deposit_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.amount} {self.asset} {self.txid[:12]}…"


class WithdrawalStatus(models.TextChoices):
    PROCESSING = "processing", _("Processing")
    COMPLETED = "completed", _("Completed")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")


class Withdrawal(models.Model):
    customer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="withdrawals")
    reference = models.CharField(_("withdrawal ID"), max_length=64, unique=True)
    network = models.CharField(_("network"), max_length=16, choices=network_choices)
    asset = models.CharField(_("asset"), max_length=12)
    amount = models.DecimalField(_("amount"), max_digits=36, decimal_places=18)
    address = models.CharField(_("destination"), max_length=120)
    txid = models.CharField(_("TXID"), max_length=120, blank=True, db_index=True)
    status = models.CharField(_("status"), max_length=16, choices=WithdrawalStatus.choices)
    created_at = models.DateTimeField(_("requested"))

    class Meta:
        verbose_name = _("withdrawal")
        verbose_name_plural = _("withdrawals")

    def __str__(self) -> str:
        return self.reference


class CheckKind(models.TextChoices):
    DEPOSIT = "deposit", _("Deposit")
    WITHDRAWAL = "withdrawal", _("Withdrawal")


class TxCheck(models.Model):
    """One TXID looked up for a customer: from the wizard (ticket empty until they open one) or for a
    ticket field (refreshed by a task until final)."""

    requester = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    ticket = models.ForeignKey(
        "tickets.Ticket", null=True, blank=True, on_delete=models.CASCADE, related_name="chain_checks"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=CheckKind.choices, default=CheckKind.DEPOSIT)
    network = models.CharField(_("network"), max_length=16, blank=True)
    txid = models.CharField(_("TXID"), max_length=120)
    query: models.JSONField[Any] = models.JSONField(default=dict, blank=True)
    outcome = models.CharField(_("outcome"), max_length=32, blank=True)
    found_network = models.CharField(max_length=16, blank=True)
    facts: models.JSONField[Any] = models.JSONField(default=dict, blank=True)
    params: models.JSONField[Any] = models.JSONField(default=dict, blank=True)
    is_final = models.BooleanField(default=False)
    attempts = models.PositiveIntegerField(default=0)
    noted = models.CharField(max_length=64, blank=True)  # fingerprint of the last note posted
    created_at = models.DateTimeField(auto_now_add=True)
    checked_at = models.DateTimeField(null=True, blank=True)
    next_check_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("on-chain check")
        verbose_name_plural = _("on-chain checks")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["ticket", "network", "txid"],
                condition=models.Q(ticket__isnull=False),
                name="chain_check_once_per_ticket",
            )
        ]

    def __str__(self) -> str:
        return f"{self.network} {self.txid[:14]}… {self.outcome}"

    @property
    def confirmations(self) -> int:
        return int(self.facts.get("confirmations") or 0)

    @property
    def required_confirmations(self) -> int:
        return int(self.facts.get("required_confirmations") or 0)

    @property
    def text(self) -> dict[str, str]:
        """Title, explanation and next step in the current language."""
        if self.outcome not in OUTCOMES:
            return {"title": str(_("Checking…")), "explanation": "", "next_step": ""}
        return render(self.outcome, self.params)

    @property
    def badge_class(self) -> str:
        tone = OUTCOMES[self.outcome].tone if self.outcome in OUTCOMES else UNKNOWN
        return BADGE_CLASSES[tone]

    @property
    def offers_ticket(self) -> bool:
        return self.outcome in OUTCOMES and OUTCOMES[self.outcome].offers_ticket


class FreezeStatus(models.TextChoices):
    REQUESTED = "requested", _("Sending to the exchange")
    RETRYING = "retrying", _("Exchange not reachable yet, retrying")
    FROZEN = "frozen", _("Account frozen")
    ACCEPTED = "accepted", _("Accepted by the exchange")
    RECORDED = "recorded", _("Recorded for the Security team")
    REJECTED = "rejected", _("Rejected by the exchange")
    FAILED = "failed", _("Could not reach the exchange")


FINAL_FREEZE_STATUSES = frozenset(
    {FreezeStatus.FROZEN, FreezeStatus.ACCEPTED, FreezeStatus.RECORDED, FreezeStatus.REJECTED, FreezeStatus.FAILED}
)


class FreezeRequest(models.Model):
    request_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    customer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="freeze_requests")
    ticket = models.ForeignKey(
        "tickets.Ticket", null=True, blank=True, on_delete=models.SET_NULL, related_name="freeze_requests"
    )
    status = models.CharField(_("status"), max_length=16, choices=FreezeStatus.choices, default=FreezeStatus.REQUESTED)
    exchange_reference = models.CharField(_("exchange reference"), max_length=120, blank=True)
    result_message = models.CharField(_("exchange message"), max_length=500, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("freeze request")
        verbose_name_plural = _("freeze requests")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.request_id} {self.status}"

    @property
    def is_final(self) -> bool:
        return self.status in FINAL_FREEZE_STATUSES
