from __future__ import annotations

from django.utils.translation import gettext as _

from beacon.accounts.models import User
from beacon.core.errors import PermissionDenied


def require_staff(actor: User | None) -> None:
    """`actor` None is the system itself (imports, demo data)."""
    if actor is not None and not (actor.is_active and actor.is_staff_member):
        raise PermissionDenied(_("Only support staff can edit the help center."))


def require_supervisor(actor: User | None, message: str = "") -> None:
    require_staff(actor)
    if actor is not None and not actor.is_supervisor:
        raise PermissionDenied(message or _("Only supervisors and administrators can do this."))
