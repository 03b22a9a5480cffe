"""Load bilingual demo data. Safe to run again: what exists is kept, nothing is duplicated."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from beacon.accounts.enums import Role
from beacon.accounts.models import Team, User
from beacon.accounts.services import activate_totp, create_user
from beacon.analytics.demo import load as load_demo_analytics
from beacon.chain.demo import load_demo_chain
from beacon.chat.demo import load_demo_chat
from beacon.core.demo_catalog import CATEGORIES, TEAMS, TICKETS
from beacon.core.inbound import Channel, InboundMessage, process_inbound
from beacon.forum.demo import load_demo as load_demo_forum
from beacon.helpcenter.demo import load as load_demo_helpcenter
from beacon.tickets import services as ticket_services
from beacon.tickets.demo import load as load_demo_triage
from beacon.tickets.models import Category, Ticket
from beacon.trust.demo import load_demo as load_demo_trust

PASSWORD = "beacon-demo-2026"
DEMO_TOTP_SECRET = "BEACONDEMOAGENTS"
CUSTOMERS = [
    ("customer@beacon.localhost", "Alex Morgan", "en"),
    ("wang.fang@beacon.localhost", "王芳", "zh-hans"),
    ("sam@beacon.localhost", "Sam Carter", "en"),
    ("lena@beacon.localhost", "Lena Fischer", "en"),
]
STAFF = [
    ("admin@beacon.localhost", "Beacon Admin", Role.ADMIN, ["general", "funds", "security", "verification"]),
    ("supervisor@beacon.localhost", "Grace Liu", Role.SUPERVISOR, ["general", "funds"]),
    ("agent@beacon.localhost", "Mia Chen", Role.AGENT, ["general", "funds"]),
    ("security@beacon.localhost", "Kai Zhang", Role.AGENT, ["security"]),
    ("kyc@beacon.localhost", "Ana Silva", Role.AGENT, ["verification"]),
]


class Command(BaseCommand):
    help = "Create demo teams, categories, users and tickets (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        teams = self._teams()
        self._categories(teams)
        customers = [self._user(email, name, Role.CUSTOMER, lang) for email, name, lang in CUSTOMERS]
        for email, name, role, team_slugs in STAFF:
            user = self._user(email, name, role, "en", [teams[s] for s in team_slugs])
            activate_totp(user, DEMO_TOTP_SECRET)
        load_demo_triage(self.stdout)  # before the demo tickets, so they get SLA targets and rules
        load_demo_chain()
        load_demo_trust()
        self._tickets(customers, User.objects.get(email="agent@beacon.localhost"))
        load_demo_helpcenter(self.stdout)
        load_demo_forum()
        load_demo_chat()
        load_demo_analytics(self.stdout)  # last: its rollups count everything above
        self._print_logins()

    def _teams(self) -> dict[str, Team]:
        teams = {}
        for slug, en, zh in TEAMS:
            teams[slug], _created = Team.objects.get_or_create(slug=slug, defaults={"name_en": en, "name_zh": zh})
        return teams

    def _categories(self, teams: dict[str, Team]) -> None:
        for position, spec in enumerate(CATEGORIES):
            Category.objects.get_or_create(
                slug=spec["slug"],
                defaults={
                    "name_en": spec["name"][0],
                    "name_zh": spec["name"][1],
                    "description_en": spec["description"][0],
                    "description_zh": spec["description"][1],
                    "fields": spec["fields"],
                    "default_priority": spec["priority"],
                    "default_team": teams[spec["team"]],
                    "position": position,
                },
            )

    def _user(self, email: str, name: str, role: str, lang: str, teams: list[Team] | None = None) -> User:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = create_user(email, PASSWORD, role=role, display_name=name, language=lang, teams=teams)
            if role == Role.ADMIN:
                User.objects.filter(pk=user.pk).update(is_superuser=True, is_staff=True)
        return user

    @transaction.atomic
    def _tickets(self, customers: list[User], agent: User) -> None:
        if Ticket.objects.filter(requester__in=customers).exists():
            return
        total = len(TICKETS)
        for number, spec in enumerate(TICKETS, start=1):
            ctx = process_inbound(
                InboundMessage(
                    channel=Channel.WEB,
                    author=customers[spec["who"]],
                    subject=spec["subject"],
                    body=spec["body"],
                    category=spec["cat"],
                    fields=spec["fields"],
                )
            )
            ticket = ctx.ticket
            for kind, text in spec.get("replies", []):
                if kind == "status":
                    ticket_services.change_status(agent, ticket, text)
                else:
                    ticket_services.post_agent_reply(agent, ticket, text, internal=kind == "internal")
            self.stdout.write(f"\r  demo tickets {number}/{total}", ending="")
        self.stdout.write("")

    def _print_logins(self) -> None:
        self.stdout.write(self.style.SUCCESS(f"\nDemo logins (password for all: {PASSWORD})"))
        for email, name, _lang in CUSTOMERS[:2]:
            self.stdout.write(f"  customer    {email:32} {name}")
        for email, name, role, _teams in STAFF[:3]:
            self.stdout.write(f"  {role:<11} {email:32} {name}")
        self.stdout.write(
            f"  Staff sign in with two-factor authentication. Authenticator secret for every demo staff account: "
            f"{DEMO_TOTP_SECRET}\n  or print the current code with: .venv/bin/python manage.py demo_totp"
        )
