"""Signed rating links for e-mails: `csat_url(ticket)` is what the mail templates call.

The link carries the ticket and its requester, signed with the site's secret and valid for
LINK_MAX_AGE; opening it shows the rating form (a GET never records anything, so mail scanners that
follow links cannot rate), submitting it rates the ticket without signing in."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils.translation import gettext as _

from beacon.core.errors import NotFound
from beacon.tickets.models import Ticket

SALT = "beacon.tickets.csat"
LINK_MAX_AGE = timedelta(days=30)


def csat_token(ticket: Ticket) -> str:
    return signing.dumps({"t": ticket.pk, "u": ticket.requester_id}, salt=SALT, compress=True)


def csat_url(ticket: Ticket, score: int | None = None) -> str:
    """Absolute URL of the rating page for this ticket (optionally with a score preselected)."""
    url = f"{settings.SITE_URL}{reverse('portal:rate_link', args=[csat_token(ticket)])}"
    return f"{url}?score={score}" if score in {1, 2, 3, 4, 5} else url


def ticket_from_token(token: str) -> Ticket:
    """The ticket a rating link was made for; NotFound when the link is forged, altered or expired."""
    try:
        data = signing.loads(token, salt=SALT, max_age=LINK_MAX_AGE)
    except signing.BadSignature:
        raise NotFound(_("This rating link is not valid any more. Sign in to rate your request.")) from None
    ticket = (
        Ticket.objects.filter(pk=data.get("t"), requester_id=data.get("u"))
        .select_related("requester", "category")
        .first()
    )
    if ticket is None:
        raise NotFound(_("This rating link is not valid any more. Sign in to rate your request."))
    return ticket
