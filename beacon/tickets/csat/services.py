"""Customer satisfaction (writes): the requester rates a solved ticket 1–5 with a comment."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from beacon.core.audit import record_event
from beacon.core.errors import InvalidTransition, ValidationFailed
from beacon.tickets.csat.models import SatisfactionRating
from beacon.tickets.csat.selectors import can_rate
from beacon.tickets.models import Ticket
from beacon.tickets.services import notify_ticket_changed

MAX_COMMENT = 2000


@transaction.atomic
def rate_ticket(ticket: Ticket, score: int | str, comment: str = "", *, via: str = "web") -> SatisfactionRating:
    """Record the requester's rating (a second rating replaces the first). The caller has checked
    that the rater is the requester: by session (portal) or by a signed link (e-mail)."""
    try:
        value = int(score)
    except (TypeError, ValueError):
        value = 0
    errors: dict[str, list[str]] = {}
    if not 1 <= value <= 5:
        errors["score"] = [_("Choose a rating from 1 to 5.")]
    comment = (comment or "").replace("\r\n", "\n").strip()
    if len(comment) > MAX_COMMENT:
        errors["comment"] = [_("Keep the comment under %(n)d characters.") % {"n": MAX_COMMENT}]
    if errors:
        raise ValidationFailed(errors)
    ticket = Ticket.objects.select_for_update(of=("self",)).select_related("requester").get(pk=ticket.pk)
    if not can_rate(ticket):
        raise InvalidTransition(_("You can rate a request once it is solved."))
    rating = SatisfactionRating.objects.filter(ticket=ticket).first()
    old = rating.score if rating else None
    if rating is None:
        rating = SatisfactionRating.objects.create(ticket=ticket, score=value, comment=comment, via=via)
    else:
        rating.score, rating.comment, rating.via = value, comment, via
        rating.save(update_fields=["score", "comment", "via", "updated_at"])
    record_event(
        ticket.requester, "ticket.rated", ticket, {"old": old, "new": value, "via": via, "comment": bool(comment)}
    )
    notify_ticket_changed(ticket, "ticket.rated", {"score": value})
    return rating
