"""The internal note agents read on a ticket: the facts a check found, in the ticket's language."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from beacon.chain.checks import fmt_amount
from beacon.chain.models import TxCheck
from beacon.chain.networks import NETWORKS
from beacon.chain.outcomes import render


def network_name(code: str) -> str:
    return NETWORKS[code].name if code in NETWORKS else code or "—"


def transfer_rows(check: TxCheck) -> list[dict[str, Any]]:
    """The transfers of a check for display, each marked when it reached the customer's address."""
    mine = set(check.params.get("_mine", []))
    rows = []
    for index, t in enumerate(check.facts.get("transfers", [])):
        listed = t["listed"] and t["amount"] is not None
        rows.append(
            {
                "amount": fmt_amount(Decimal(t["amount"])) if listed else str(t["raw_amount"]),
                "asset": t["asset"] if listed else "",
                "contract": t["contract"],
                "listed": listed,
                "sender": t["sender"],
                "recipient": t["recipient"],
                "mine": index in mine,
            }
        )
    return rows


def note_body(check: TxCheck, language: str) -> str:
    with translation.override(language):
        text = render(check.outcome, check.params, language)
        lines = [
            _("On-chain check (%(kind)s) · %(network)s")
            % {"kind": check.get_kind_display(), "network": network_name(check.network)},
            f"TXID: {check.txid}",
            _("Outcome: %(title)s") % {"title": text["title"]},
            text["explanation"],
            _("Next step for the customer: %(step)s") % {"step": text["next_step"]},
        ]
        if check.found_network:
            lines.append(
                _("Found on %(found)s, not on the network the customer chose (%(chosen)s).")
                % {"found": network_name(check.found_network), "chosen": network_name(check.network)}
            )
        facts = check.facts
        if facts:
            block = facts["block_number"] if facts["block_number"] is not None else "—"
            lines.append(
                _("Status: %(status)s · block %(block)s · %(conf)d/%(req)d confirmations")
                % {
                    "status": facts["status"],
                    "block": block,
                    "conf": facts["confirmations"],
                    "req": facts["required_confirmations"],
                }
            )
            lines.append(_("From: %(sender)s") % {"sender": facts["sender"] or "—"})
            to = facts["to"] or "—"
            lines.append(
                _("To: %(to)s (contract)") % {"to": to} if facts["to_is_contract"] else _("To: %(to)s") % {"to": to}
            )
            rows = transfer_rows(check)
            lines.append(_("Transfers:") if rows else _("Transfers: none"))
            for row in rows:
                what = (
                    f"{row['amount']} {row['asset']}"
                    if row["listed"]
                    else _("%(raw)s of unlisted token %(contract)s")
                    % {
                        "raw": row["amount"],
                        "contract": row["contract"],
                    }
                )
                mark = _("✓ customer's deposit address") if row["mine"] else _("✗ not the customer's address")
                lines.append(f"• {what}: {row['sender'] or '?'} → {row['recipient']}  {mark}")
            if facts.get("fee") is not None:
                lines.append(_("Network fee: %(fee)s") % {"fee": facts["fee"]})
        lines.append(
            _("Final: yes, no further updates.") if check.is_final else _("Final: not yet; Beacon checks again.")
        )
    return "\n".join(lines)
