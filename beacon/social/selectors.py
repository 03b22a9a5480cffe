from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from beacon.accounts.models import User
from beacon.core.errors import NotFound, PermissionDenied
from beacon.social.enums import MentionStatus
from beacon.social.models import Mention

STATUS_TABS = [("new", gettext_lazy("New")), ("handled", gettext_lazy("Handled"))]


def _require_supervisor(actor: User) -> None:
    if not actor.is_authenticated or not actor.is_supervisor:
        raise PermissionDenied(_("Only supervisors handle social mentions."))


def mentions_for(actor: User, status: str = "new") -> QuerySet[Mention]:
    _require_supervisor(actor)
    rows = Mention.objects.select_related("ticket", "handled_by")
    if status == "new":
        return rows.filter(status=MentionStatus.NEW)
    return rows.exclude(status=MentionStatus.NEW).order_by("-handled_at", "-id")


def access_mention(actor: User, mention_id: int | str) -> Mention:
    _require_supervisor(actor)
    mention = Mention.objects.filter(pk=mention_id).first()
    if mention is None:
        raise NotFound(_("No such mention."))
    return mention
