"""Synthetic support history for the demo and the benchmark: tickets with their moments, ratings,
SLA breaches, reopenings, chats, searches and deflections, written with bulk_create.

Not a write path of the product: it fills a demo or a throw-away bench database, where going
through the services for each of a million tickets would take hours. What it writes has the shape
the services write (the reopen is the same audit event, the breach the same supervisor alert).
Rows go in as plain multi-row INSERTs with ids given here (the sequences are moved past them at the
end): building Django's INSERT for every field of a million model objects took most of the time.
Nothing else may write the same tables meanwhile (a demo load or a bench database).
"""

from __future__ import annotations

import contextlib
import math
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.utils import timezone

from beacon.accounts.enums import STAFF_ROLES
from beacon.accounts.models import Team, User
from beacon.chat.enums import EndReason, EntryKind, SessionStatus
from beacon.chat.models import ChatEntry, ChatSession
from beacon.core.models import AuditEvent
from beacon.helpcenter.models import Article, Deflection, SearchLog
from beacon.tickets.enums import Status
from beacon.tickets.escalation.models import AlertKind, SupervisorAlert
from beacon.tickets.models import Category, SatisfactionRating, SlaPolicy, Ticket

CHANNELS = {"web": 40, "email": 25, "chat": 20, "api": 8, "social": 4, "forum": 3}
PRIORITY_SPEED = {1: 0.25, 2: 0.6, 3: 1.0, 4: 1.6}  # how long work takes, relative to P3
SCORES = {1: 5, 2: 5, 3: 10, 4: 30, 5: 50}
SEARCHES = [
    "deposit not arrived",
    "withdrawal pending",
    "kyc rejected",
    "2fa reset",
    "api key",
    "p2p appeal",
    "充值未到账",
    "提现",
    "实名认证",
]
ZERO_RESULT = ["staking apy", "margin call email", "tron energy fee", "ledger nano", "空投 什么时候", "合约 爆仓 补偿"]
BOT_ANSWER = "Here is the help article that answers this."


@dataclass
class Plan:
    tickets: int
    days: int
    active_share: float = 0.03  # share of tickets still open at the end (older than two days)
    recent_open: bool = True  # most tickets of the last two days still open (a bench's live backlog)
    seed: int = 2026


@contextlib.contextmanager
def given_timestamps() -> Iterator[None]:
    """auto_now(_add) would overwrite the moments we spread over the past: off while we write."""
    fields = [
        (Ticket, "created_at"),
        (Ticket, "updated_at"),
        (SatisfactionRating, "created_at"),
        (SatisfactionRating, "updated_at"),
        (SupervisorAlert, "created_at"),
        (AuditEvent, "at"),
        (ChatSession, "created_at"),
        (ChatSession, "updated_at"),
        (ChatEntry, "created_at"),
        (SearchLog, "created_at"),
        (Deflection, "created_at"),
    ]
    saved = []
    for model, name in fields:
        field = model._meta.get_field(name)
        if not isinstance(field, models.DateTimeField):
            raise TypeError(f"{model.__name__}.{name} is not a DateTimeField")
        saved.append((field, field.auto_now, field.auto_now_add))
        field.auto_now = field.auto_now_add = False
    try:
        yield
    finally:
        for field, auto_now, auto_now_add in saved:
            field.auto_now, field.auto_now_add = auto_now, auto_now_add


PLAIN_FIELDS = (
    models.IntegerField,
    models.SmallIntegerField,
    models.BigIntegerField,
    models.PositiveIntegerField,
    models.PositiveSmallIntegerField,
    models.CharField,
    models.TextField,
    models.BooleanField,
    models.AutoField,
    models.BigAutoField,
    models.ForeignKey,
)


class Inserter:
    """INSERTs model objects as plain rows, giving each its id (so later rows can point to it)."""

    def __init__(self) -> None:
        self.next_ids: dict[type[models.Model], int] = {}

    def __call__(self, objects: list[Any]) -> None:
        if not objects:
            return
        model = type(objects[0])
        meta = model._meta
        if model not in self.next_ids:
            last = model._default_manager.aggregate(last=models.Max("pk"))["last"]
            self.next_ids[model] = (last or 0) + 1
        fields = [field for field in meta.concrete_fields if not field.generated]
        plain = [type(field) in PLAIN_FIELDS or isinstance(field, models.ForeignKey) for field in fields]
        rows = []
        next_id = self.next_ids[model]
        for obj in objects:
            obj.pk, next_id = next_id, next_id + 1
            rows.append(
                [
                    getattr(obj, field.attname)
                    if simple
                    else field.get_db_prep_save(getattr(obj, field.attname), connection)
                    for field, simple in zip(fields, plain, strict=True)
                ]
            )
        self.next_ids[model] = next_id
        quote = connection.ops.quote_name
        sql = (  # identifiers from the model's metadata, quoted; every value is a parameter
            f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(field.column) for field in fields)}) "  # noqa: S608
            f"VALUES ({', '.join(['%s'] * len(fields))})"
        )
        with connection.cursor() as cursor:
            cursor.executemany(sql, rows)

    def reset_sequences(self) -> None:
        """Move the id sequences past the ids given here (PostgreSQL; SQLite follows by itself)."""
        statements = connection.ops.sequence_reset_sql(no_style(), list(self.next_ids))
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


def _pick(rng: random.Random, weights: dict[Any, int]) -> Any:
    return rng.choices(list(weights), list(weights.values()))[0]


def _lognormal(rng: random.Random, median_seconds: float, sigma: float) -> float:
    return rng.lognormvariate(math.log(median_seconds), sigma)


def _moment(rng: random.Random, now: datetime, days: int) -> datetime:
    """Busier on weekdays and in office hours, like a real support desk."""
    while True:
        moment = now - timedelta(seconds=rng.random() * days * 86400)
        weight = (0.55 if moment.weekday() >= 5 else 1.0) * (1.0 if 1 <= moment.hour <= 14 else 0.6)
        if rng.random() < weight:
            return moment


class History:
    def __init__(self, plan: Plan, customers: list[int], now: datetime | None = None) -> None:
        self.plan, self.customers = plan, customers
        self.now = now or timezone.now()
        self.rng = random.Random(plan.seed)  # noqa: S311  (made-up data, reproducible from the seed)
        self.categories = list(Category.objects.filter(is_active=True)) or list(Category.objects.all())
        self.teams = list(Team.objects.all())
        self.agents: dict[int | None, list[int]] = {}
        for user in User.objects.filter(role__in=STAFF_ROLES).prefetch_related("teams"):
            for team in user.teams.all():
                self.agents.setdefault(team.pk, []).append(user.pk)
        self.policies = {policy.priority: policy.pk for policy in SlaPolicy.objects.filter(is_active=True)}
        self.articles = list(Article.objects.values_list("pk", flat=True)[:50])

    def ticket(self) -> tuple[Ticket, dict[str, Any]]:
        rng, now = self.rng, self.now
        category = rng.choice(self.categories)
        priority = max(1, min(4, category.default_priority + rng.choice([-1, 0, 0, 0, 0, 1])))
        created = _moment(rng, now, self.plan.days)
        age = (now - created).total_seconds()
        speed = PRIORITY_SPEED[priority]
        frt = _lognormal(rng, 1500 * speed, 1.1)
        resolution = frt + _lognormal(rng, 5 * 3600 * speed, 1.2)
        open_share = self.plan.active_share
        if self.plan.recent_open and age < 2 * 86400:
            open_share = 0.7 if age < 86400 else 0.3
        active = rng.random() < open_share
        if not self.plan.recent_open and not active:
            frt, resolution = min(frt, age * 0.3), min(resolution, age * 0.9)  # history only: all finished
        first = created + timedelta(seconds=frt) if frt < age else None
        solved = None if active or resolution >= age else created + timedelta(seconds=resolution)
        status = Status.OPEN if first else Status.NEW
        if solved is not None:
            status = Status.CLOSED if rng.random() < 0.8 else Status.SOLVED
        elif not active:
            status = Status.PENDING
        team_id = category.default_team_id
        agents = self.agents.get(team_id) or []
        assignee = rng.choice(agents) if agents and status != Status.NEW and rng.random() < 0.9 else None
        ticket = Ticket(
            requester_id=rng.choice(self.customers),
            subject=f"{category.name_en} #{rng.randrange(10_000, 99_999)}",
            category=category,
            status=status,
            priority=priority,
            team_id=team_id,
            assignee_id=assignee,
            channel=_pick(rng, CHANNELS),
            language="zh-hans" if rng.random() < 0.35 else "en",
            created_at=created,
            updated_at=solved or first or created,
            first_response_at=first,
            solved_at=solved,
            closed_at=solved if status == Status.CLOSED else None,
            sla_policy_id=self.policies.get(priority),
        )
        return ticket, {"frt": frt, "resolution": resolution}

    def extras(self, ticket: Ticket, timing: dict[str, Any]) -> dict[str, list[models.Model]]:
        rng = self.rng
        out: dict[str, list[models.Model]] = {"ratings": [], "alerts": [], "events": []}
        solved = ticket.solved_at
        if ticket.sla_policy_id and (timing["frt"] > 4 * 3600 or (solved and timing["resolution"] > 2 * 86400)):
            at = ticket.created_at + timedelta(hours=4)
            out["alerts"].append(
                SupervisorAlert(
                    kind=AlertKind.SLA_BREACHED,
                    key=f"sla:{ticket.pk}:history",
                    ticket_id=ticket.pk,
                    team_id=ticket.team_id,
                    created_at=at,
                    acknowledged_at=at + timedelta(minutes=30),
                    data={"target": "first_response", "state": "breached"},
                )
            )
        if solved is None:
            return out
        if rng.random() < 0.05:
            at = ticket.created_at + (solved - ticket.created_at) * 0.6
            out["events"].append(
                AuditEvent(
                    verb="ticket.status_changed",
                    target_type="ticket",
                    target_id=ticket.pk,
                    data={"old": "solved", "new": "open", "reason": "manual"},
                    at=at,
                )
            )
        if rng.random() < 0.2:
            at = min(solved + timedelta(minutes=rng.uniform(5, 600)), self.now)
            score = _pick(rng, SCORES)
            out["ratings"].append(SatisfactionRating(ticket_id=ticket.pk, score=score, created_at=at, updated_at=at))
        return out

    def chat(self) -> tuple[ChatSession, bool]:
        rng = self.rng
        created = _moment(rng, self.now, self.plan.days)
        session = ChatSession(
            status=SessionStatus.ENDED,
            language="zh-hans" if rng.random() < 0.35 else "en",
            team=rng.choice(self.teams) if self.teams else None,
            created_at=created,
            updated_at=created,
        )
        if rng.random() < 0.3:
            session.end_reason = EndReason.BOT
            session.ended_at = created + timedelta(minutes=rng.uniform(1, 6))
        else:
            session.queued_at = created + timedelta(seconds=rng.uniform(20, 120))
            wait = _lognormal(rng, 45, 0.9)
            if rng.random() < 0.85:
                session.accepted_at = session.queued_at + timedelta(seconds=wait)
                session.ended_at = session.accepted_at + timedelta(minutes=rng.uniform(3, 25))
                session.end_reason = EndReason.AGENT
            else:
                session.ended_at = session.queued_at + timedelta(seconds=wait * 3)
                session.end_reason = EndReason.CUSTOMER
        if session.ended_at and session.ended_at > self.now:
            session.status, session.end_reason, session.ended_at = SessionStatus.ACTIVE, "", None
        return session, rng.random() < 0.65

    def search(self) -> SearchLog:
        rng = self.rng
        zero = rng.random() < 0.12
        query = rng.choice(ZERO_RESULT if zero else SEARCHES)
        return SearchLog(
            query=query,
            normalized=query,
            language="zh-hans" if any("\u3400" <= ch <= "\u9fff" for ch in query) else "en",
            source="portal",
            results=0 if zero else rng.randint(1, 12),
            created_at=_moment(rng, self.now, self.plan.days),
        )


def generate(
    plan: Plan, customers: list[int], *, batch: int = 5000, progress: Callable[[int], None] | None = None
) -> dict[str, int]:
    """Write the history; returns what was written. Chats, searches and deflections scale with it."""
    history = History(plan, customers)
    insert = Inserter()
    counts = dict.fromkeys(("tickets", "ratings", "alerts", "reopens", "chats", "searches", "deflections"), 0)
    with given_timestamps():
        done = 0
        while done < plan.tickets:
            size = min(batch, plan.tickets - done)
            with transaction.atomic():
                made = [history.ticket() for _ in range(size)]
                insert([ticket for ticket, _timing in made])
                ratings: list[Any] = []
                alerts: list[Any] = []
                events: list[Any] = []
                for ticket, timing in made:
                    extra = history.extras(ticket, timing)
                    ratings += extra["ratings"]
                    alerts += extra["alerts"]
                    events += extra["events"]
                insert(ratings)
                insert(alerts)
                insert(events)
                sessions = [history.chat() for _ in range(size // 4)]
                insert([session for session, _answered in sessions])
                insert(
                    [
                        ChatEntry(
                            session=session, seq=1, kind=EntryKind.BOT, body=BOT_ANSWER, created_at=session.created_at
                        )
                        for session, answered in sessions
                        if answered
                    ]
                )
                insert([history.search() for _ in range(size // 2)])
                deflections = [
                    Deflection(
                        article_id=history.rng.choice(history.articles),
                        query=history.rng.choice(SEARCHES),
                        created_at=_moment(history.rng, history.now, plan.days),
                    )
                    for _ in range(size // 25 if history.articles else 0)
                ]
                insert(deflections)
            done += size
            counts["tickets"] += size
            counts["ratings"] += len(ratings)
            counts["alerts"] += len(alerts)
            counts["reopens"] += len(events)
            counts["chats"] += len(sessions)
            counts["searches"] += size // 2
            counts["deflections"] += len(deflections)
            if progress is not None:
                progress(done)
    insert.reset_sequences()
    return counts
