from __future__ import annotations

from typing import Any

import factory
from allauth.account.models import EmailAddress

from beacon.accounts.enums import Role
from beacon.accounts.models import Team, User

PASSWORD = "correct horse battery staple"
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DP"


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"team-{n}")
    name_en = factory.LazyAttribute(lambda o: o.slug.title())
    name_zh = factory.LazyAttribute(lambda o: f"团队{o.slug}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    display_name = factory.Sequence(lambda n: f"User {n}")
    role = Role.CUSTOMER
    language = "en"

    @factory.post_generation
    def password(obj: User, create: bool, extracted: str | None, **kwargs: Any) -> None:
        obj.set_password(extracted or PASSWORD)
        if create:
            obj.save(update_fields=["password"])
            EmailAddress.objects.create(user=obj, email=obj.email, verified=True, primary=True)

    @factory.post_generation
    def teams(obj: User, create: bool, extracted: list[Team] | None, **kwargs: Any) -> None:
        if create and extracted:
            obj.teams.set(extracted)


def staff(role: str = Role.AGENT, *, totp: bool = True, **kwargs: Any) -> User:
    """A staff member, with TOTP set up unless told otherwise (staff cannot work without it)."""
    from allauth.mfa.totp.internal.auth import TOTP

    user = UserFactory(role=role, **kwargs)
    if totp:
        TOTP.activate(user, TOTP_SECRET)
    return user
