"""The internal note agents read on a ticket: the facts a check found, in the ticket's language."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from beacon.chain.checks import AddressInfo, Verdict, fmt_amount, same_address
from beacon.chain.networks import NETWORKS


def _network_name(code: str) -> str:
    return NETWORKS[code].name if code in NETWORKS else code or "—"


def _transfer_line(network: str, transfer: dict[str, Any], addresses: list[AddressInfo]) -> str:
    if transfer["listed"] and transfer["amount"] is not None:
        amount, asset = fmt_amount(Decimal(transfer["amount"])), transfer["asset"]
    else:
        amount, asset = str(transfer["raw_amount"]), _("of unlisted token %(contract)s") % {"contract": transfer["contract"]}
    own = any(a.network == network and same_address(network, transfer["recipient"], a.address) for a in addresses)
    mark = _("✓ customer's deposit address") if own else _("✗ not the customer's address")
    return f"• {amount} {asset}: {transfer['sender'] or '?'} → {transfer['recipient']}  {mark}"


def note_body(
    *, kind: str, network: str, txid: str, verdict: Verdict, addresses: list[AddressInfo], language: str
) -> str:
    with translation.override(language):
        text = verdict.text(language)
        facts = verdict.facts.to_dict() if verdict.facts is not None else None
        lines = [
            _("On-chain check (%(kind)s) · %(network)s") % {"kind": kind, "network": _network_name(network)},
            f"TXID: {txid}",
            _("Outcome: %(title)s") % {"title": text["title"]},
            text["explanation"],
            _("Next step for the customer: %(step)s") % {"step": text["next_step"]},
        ]
        if verdict.found_network:
            lines.append(
                _("Found on %(found)s, not on the network the customer chose (%(chosen)s).")
                % {"found": _network_name(verdict.found_network), "chosen": _network_name(network)}
            )
        if facts is not None:
            where = facts["network"]
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
            contract = _(" (contract)") if facts["to_is_contract"] else ""
            lines.append(_("From: %(sender)s") % {"sender": facts["sender"] or "—"})
            lines.append(_("To: %(to)s%(contract)s") % {"to": facts["to"] or "—", "contract": contract})
            if facts["transfers"]:
                lines.append(_("Transfers:"))
                lines.extend(_transfer_line(where, t, addresses) for t in facts["transfers"])
            else:
                lines.append(_("Transfers: none"))
            if facts["fee"] is not None:
                lines.append(_("Network fee: %(fee)s") % {"fee": facts["fee"]})
        lines.append(_("Final: yes, no further updates.") if verdict.final else _("Final: not yet; Beacon will check again."))
    return "\n".join(lines)
