"""The daily digest: yesterday's key figures, e-mailed to every supervisor and admin who has not
opted out, in their language. A periodic job; each (supervisor, day) is sent at most once."""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from beacon.accounts.enums import SUPERVISING_ROLES
from beacon.accounts.models import User
from beacon.analytics.models import DigestDelivery, DigestOptOut
from beacon.analytics.rollups import day_start, local_day
from beacon.analytics.selectors import (
    Filters,
    backlog_now,
    chat_summary,
    help_summary,
    ticket_breakdowns,
)

logger = logging.getLogger(__name__)


def digest_hour() -> int:
    """Local hour from which yesterday's digest goes out (the rollups of the day are final by then)."""
    return int(getattr(settings, "BEACON_ANALYTICS_DIGEST_HOUR", 7))


def recipients(day: date) -> list[User]:
    already = DigestDelivery.objects.filter(day=day).values("user_id")
    opted_out = DigestOptOut.objects.values("user_id")
    return list(
        User.objects.filter(role__in=SUPERVISING_ROLES, is_active=True)
        .exclude(pk__in=already)
        .exclude(pk__in=opted_out)
        .order_by("pk")
    )


def figures_for(day: date, now: datetime) -> dict[str, Any]:
    filters = Filters(start=day_start(day), end=day_start(day + timedelta(days=1)))
    tickets = ticket_breakdowns(filters)
    chats, _series = chat_summary(filters)
    return {
        "day": day,
        "total": tickets["total"],
        "categories": tickets["category"][:3],
        "teams": tickets["team"],
        "chats": chats,
        "help": help_summary(filters, chats),
        "backlog": backlog_now(filters, now),
        "dashboard_url": settings.SITE_URL.rstrip("/") + reverse("analytics:dashboard") + "?range=yesterday",
    }


def compose(user: User, day: date, now: datetime) -> EmailMultiAlternatives:
    with translation.override(user.language or settings.LANGUAGE_CODE):
        context = {**figures_for(day, now), "recipient": user}
        subject = _("Support digest for %(day)s") % {"day": day.isoformat()}
        text = render_to_string("analytics/email/digest.txt", context)
        html = render_to_string("analytics/email/digest.html", context)
    email = EmailMultiAlternatives(
        subject=f"[Beacon] {subject}",
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
        headers={"Auto-Submitted": "auto-generated", "X-Auto-Response-Suppress": "All"},
    )
    email.attach_alternative(html, "text/html")
    return email


def send_daily_digests(now: datetime | None = None) -> dict[str, int]:
    """The periodic job. Before the digest hour it does nothing; after it, it sends yesterday's
    digest to whoever has not had it. The delivery row and the sending share one transaction: a
    failed send is tried again at the next turn, and a second runner finds the row and skips."""
    now = now or timezone.now()
    today = local_day(now)
    if now < day_start(today) + timedelta(hours=digest_hour()):
        return {"sent": 0}
    day = today - timedelta(days=1)
    sent = failed = 0
    for user in recipients(day):
        try:
            with transaction.atomic():
                DigestDelivery.objects.create(user=user, day=day)
                compose(user, day, now).send()
        except IntegrityError:
            continue  # another runner sent it
        except OSError:
            logger.exception("could not send the analytics digest to user %s", user.pk)
            failed += 1
            continue
        sent += 1
    return {"sent": sent, "failed": failed}
