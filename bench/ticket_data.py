"""The Django side of bench/tickets.py: set up a bench database, fill it fast, count queries.

Run by bench/tickets.py as a subprocess, with DATABASE_URL / SQLITE_PATH already pointing at the
bench database (settings are read from the environment at start-up, so each database gets its own
process):

    python bench/ticket_data.py setup STATE.json
    python bench/ticket_data.py fill STATE.json TARGET
    python bench/ticket_data.py queries STATE.json

Each command reads and updates the JSON state file (logins, ids, figures) shared with the driver.
Tickets are written with bulk_create, not through the pipeline: the point is to measure reads at
scale, and the API create benchmark exercises the pipeline itself.
"""

from __future__ import annotations

import io
import json
import os
import random
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import DateTimeField  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from beacon.accounts.enums import Role  # noqa: E402
from beacon.accounts.models import Team, User  # noqa: E402
from beacon.accounts.services import activate_totp, create_user  # noqa: E402
from beacon.core.demo_catalog import TICKETS  # noqa: E402
from beacon.core.models import AuditEvent  # noqa: E402
from beacon.tickets.enums import ACTIVE_STATUSES, MessageKind, Priority, Status  # noqa: E402
from beacon.tickets.models import Category, Message, Ticket  # noqa: E402
from bench.common import bench_staff, signed_in  # noqa: E402

PASSWORD = "bench-password-2026"
TOTP_SECRET = "BEACONBENCHAGENT"
CLIENTS = 8  # customers that create tickets through the API, one session each
BATCH = 2_000
TICKETS_PER_DAY = 500  # spreads created_at over max(60, n / 500) days

# A mature help desk: most tickets are finished. ~16 % are in the agents' active queues.
STATUS_WEIGHTS = {
    Status.NEW: 4,
    Status.OPEN: 6,
    Status.PENDING: 4,
    Status.ON_HOLD: 2,
    Status.SOLVED: 9,
    Status.CLOSED: 75,
}
PRIORITY_WEIGHTS = {Priority.P1: 5, Priority.P2: 25, Priority.P3: 55, Priority.P4: 15}
CATEGORY_WEIGHTS = {
    "deposit": 25,
    "withdrawal": 20,
    "kyc": 14,
    "account-security": 5,
    "trading": 8,
    "futures": 7,
    "p2p": 8,
    "api": 3,
    "general": 10,
}
TEMPLATES = {slug: [t for t in TICKETS if t["cat"] == slug] or TICKETS for slug in CATEGORY_WEIGHTS}
BODIES = {t["subject"]: t["body"] for t in TICKETS}
UNUSABLE_PASSWORD = make_password(None)
HEAVY_SHARE = 0.01  # the measured customer owns 1 % of all tickets
# The audit events the services write (created, one per message, status change), generated in SQL
# from the new rows. {json} is the database's JSON object constructor.
AUDIT_SQL = [
    """INSERT INTO core_auditevent (actor_id, verb, target_type, target_id, data, at)
       SELECT requester_id, 'ticket.created', 'ticket', id, {json}('channel', channel), created_at
       FROM tickets_ticket WHERE id >= %(ticket)s""",
    """INSERT INTO core_auditevent (actor_id, verb, target_type, target_id, data, at)
       SELECT author_id, 'message.added', 'ticket', ticket_id, {json}('kind', kind, 'channel', channel), created_at
       FROM tickets_message WHERE id >= %(message)s""",
    """INSERT INTO core_auditevent (actor_id, verb, target_type, target_id, data, at)
       SELECT NULL, 'ticket.status_changed', 'ticket', id, {json}('old', 'new', 'new', status), updated_at
       FROM tickets_ticket WHERE id >= %(ticket)s AND status <> 'new'""",
]
AGENT_REPLIES = [
    "Thanks for the details. We have forwarded this to the team in charge and will update you here.",
    "We checked the transaction on the explorer: it has enough confirmations. Crediting is in progress.",
    "Please send a screenshot of the transaction details from the sending platform, including the TXID.",
    "您好，我们已收到您的请求，相关团队正在处理，有进展会第一时间通知您。",
    "请提供发送平台的提现记录截图（需包含交易哈希），以便我们进一步核实。",
]
CUSTOMER_FOLLOW_UPS = [
    "Any update? It has been more than a day now.",
    "Attached is what the sending platform shows. The TXID is the same as in the form.",
    "请问还需要多久？我已经等了很久了。",
    "Thanks, it arrived. You can close this.",
]
INTERNAL_NOTES = [
    "Node for this network was lagging behind by ~300 blocks; resynced, crediting batch re-run.",
    "Checked with compliance: no hold on this account. OK to proceed.",
    "Escalated to the wallet team (ticket in their tracker).",
]


def main() -> None:
    command, state_path = sys.argv[1], Path(sys.argv[2])
    state: dict[str, Any] = json.loads(state_path.read_text()) if state_path.exists() else {}
    if command == "setup":
        setup(state)
    elif command == "fill":
        fill(state, int(sys.argv[3]))
    elif command == "queries":
        count_queries(state)
    else:
        raise SystemExit(f"unknown command {command!r}")
    state_path.write_text(json.dumps(state, indent=1, default=str))


# --- setup -------------------------------------------------------------------------------------------


def setup(state: dict[str, Any]) -> None:
    call_command("migrate", verbosity=0, interactive=False)
    call_command("load_demo_data", stdout=io.StringIO())
    teams = {team.slug: team for team in Team.objects.all()}
    agent = create_user(
        "bench-agent@example.com",
        PASSWORD,
        role=Role.AGENT,
        display_name="Bench Agent",
        teams=[teams["general"], teams["funds"]],
    )
    supervisor = create_user("bench-supervisor@example.com", PASSWORD, role=Role.SUPERVISOR, display_name="Bench Sup")
    for user in (agent, supervisor):
        activate_totp(user, TOTP_SECRET)
    heavy = create_user("bench-heavy@example.com", PASSWORD, role=Role.CUSTOMER, display_name="Heavy Customer")
    clients = [
        create_user(f"bench-client-{n}@example.com", PASSWORD, role=Role.CUSTOMER, display_name=f"Client {n}")
        for n in range(CLIENTS)
    ]
    bench_staff(teams)
    state.update(
        agent=signed_in(agent),
        supervisor=signed_in(supervisor),
        heavy=signed_in(heavy),
        clients=[signed_in(user) for user in clients],
        payloads=[
            {"category": t["cat"], "subject": t["subject"], "body": t["body"], "fields": t["fields"]} for t in TICKETS
        ],
        database=connection.vendor,
    )


# --- fill --------------------------------------------------------------------------------------------


def fill(state: dict[str, Any], target: int) -> None:
    """Add tickets (with messages and audit events) until there are `target`, then refresh statistics."""
    started = time.perf_counter()
    existing = Ticket.objects.count()
    missing = max(0, target - existing)
    rng = random.Random(target)
    categories = list(Category.objects.all())
    weights = [CATEGORY_WEIGHTS.get(c.slug, 1) for c in categories]
    staff_by_team: dict[int, list[int]] = {}
    for user in User.objects.filter(role__in=[Role.AGENT, Role.SUPERVISOR]).prefetch_related("teams"):
        for team in user.teams.all():
            staff_by_team.setdefault(team.pk, []).append(user.pk)
    customers = _bulk_customers(existing, missing)
    heavy_id = state["heavy"]["id"]
    span = timedelta(days=max(60, target // TICKETS_PER_DAY))
    now = timezone.now()
    _keep_given_timestamps()
    first_ticket = (Ticket.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    first_message = (Message.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    done = 0
    while done < missing:
        size = min(BATCH, missing - done)
        with transaction.atomic():
            tickets = [
                _ticket(rng, categories, weights, staff_by_team, customers, heavy_id, now - span * rng.random())
                for _ in range(size)
            ]
            Ticket.objects.bulk_create(tickets)
            messages: list[Message] = []
            for ticket in tickets:
                messages += _thread(rng, ticket, staff_by_team)
            Message.objects.bulk_create(messages)
        done += size
    _audit_trail(first_ticket, first_message)
    analyze_started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    total = Ticket.objects.count()
    state.setdefault("fills", {})[str(target)] = {
        "tickets": total,
        "active": Ticket.objects.filter(status__in=ACTIVE_STATUSES).count(),
        "messages": Message.objects.count(),
        "heavy_tickets": Ticket.objects.filter(requester_id=heavy_id).count(),
        "seconds": round(analyze_started - started, 1),
        "analyze_seconds": round(time.perf_counter() - analyze_started, 1),
    }
    state["ticket_id"] = _sample_ticket(state)


def _keep_given_timestamps() -> None:
    """auto_now(_add) would overwrite the spread-out timestamps a bench needs: off in this process."""
    for model, name in ((Ticket, "created_at"), (Ticket, "updated_at"), (Message, "created_at"), (AuditEvent, "at")):
        field = model._meta.get_field(name)
        assert isinstance(field, DateTimeField)
        field.auto_now = field.auto_now_add = False


def _bulk_customers(existing: int, missing: int) -> list[int]:
    """One customer per four new tickets (plus the ones already there), no password, never signed in."""
    start = User.objects.filter(email__startswith="bench-cust-").count()
    wanted = max(1, (existing + missing) // 4) - start
    for offset in range(0, max(0, wanted), BATCH * 5):
        count = min(BATCH * 5, wanted - offset)
        User.objects.bulk_create(
            User(
                email=f"bench-cust-{start + offset + n}@example.com",
                display_name=f"Customer {start + offset + n}",
                role=Role.CUSTOMER,
                password=UNUSABLE_PASSWORD,  # these customers never sign in
                language="zh-hans" if n % 3 == 0 else "en",
            )
            for n in range(count)
        )
    return list(User.objects.filter(email__startswith="bench-cust-").values_list("pk", flat=True))


def _ticket(
    rng: random.Random,
    categories: list[Category],
    weights: list[int],
    staff_by_team: dict[int, list[int]],
    customers: list[int],
    heavy_id: int,
    created: datetime,
) -> Ticket:
    category = rng.choices(categories, weights)[0]
    template = rng.choice(TEMPLATES.get(category.slug, TICKETS))
    status = rng.choices(list(STATUS_WEIGHTS), list(STATUS_WEIGHTS.values()))[0]
    team_id = None if rng.random() < 0.03 else category.default_team_id
    assignee = None
    if status != Status.NEW and team_id and rng.random() < 0.85:
        assignee = rng.choice(staff_by_team[team_id])
    # Skewed: a few customers write often, most write once or twice.
    requester = heavy_id if rng.random() < HEAVY_SHARE else customers[int(len(customers) * rng.random() ** 2)]
    finished = created + timedelta(hours=rng.uniform(1, 96))
    return Ticket(
        requester_id=requester,
        subject=template["subject"],
        category=category,
        fields=template["fields"],
        status=status,
        priority=rng.choices(list(PRIORITY_WEIGHTS), list(PRIORITY_WEIGHTS.values()))[0],
        team_id=team_id,
        assignee_id=assignee,
        channel=rng.choice(["web", "web", "web", "email", "chat", "api"]),
        language="zh-hans" if any("\u3400" <= ch <= "\u9fff" for ch in template["subject"]) else "en",
        created_at=created,
        updated_at=finished if status != Status.NEW else created,
        first_response_at=None if status == Status.NEW else created + timedelta(minutes=rng.uniform(5, 600)),
        solved_at=finished if status in {Status.SOLVED, Status.CLOSED} else None,
        closed_at=finished if status == Status.CLOSED else None,
    )


def _thread(rng: random.Random, ticket: Ticket, staff_by_team: dict[int, list[int]]) -> list[Message]:
    """The ticket's conversation: the customer's message, then replies, a follow-up, a note."""
    at = ticket.created_at
    thread = [(ticket.requester_id, MessageKind.PUBLIC, BODIES.get(ticket.subject, "Please help."))]
    if ticket.status != Status.NEW:
        agent = ticket.assignee_id or rng.choice(staff_by_team.get(ticket.team_id or 0) or [ticket.requester_id])
        thread.append((agent, MessageKind.PUBLIC, rng.choice(AGENT_REPLIES)))
        if rng.random() < 0.5:
            thread.append((ticket.requester_id, MessageKind.PUBLIC, rng.choice(CUSTOMER_FOLLOW_UPS)))
        if rng.random() < 0.3:
            thread.append((agent, MessageKind.INTERNAL, rng.choice(INTERNAL_NOTES)))
    messages = []
    for author, kind, body in thread:
        messages.append(
            Message(ticket=ticket, author_id=author, kind=kind, channel=ticket.channel, body=body, created_at=at)
        )
        at += timedelta(minutes=rng.uniform(5, 300))
    return messages


def _audit_trail(first_ticket: int, first_message: int) -> None:
    """Audit events for the rows added from these ids on (see AUDIT_SQL)."""
    json = "jsonb_build_object" if connection.vendor == "postgresql" else "json_object"
    with connection.cursor() as cursor:
        for sql in AUDIT_SQL:
            cursor.execute(sql.replace("{json}", json), {"ticket": first_ticket, "message": first_message})


def _sample_ticket(state: dict[str, Any]) -> int:
    """A ticket the bench agent may open: the heavy customer's latest one in the Funds team."""
    ticket = (
        Ticket.objects.filter(requester_id=state["heavy"]["id"], team__slug="funds", status=Status.PENDING)
        .order_by("-created_at")
        .first()
    ) or Ticket.objects.filter(team__slug="funds").order_by("-created_at").first()
    assert ticket is not None
    return ticket.pk


# --- query counts ----------------------------------------------------------------------------------


def count_queries(state: dict[str, Any]) -> None:
    """SQL queries per page, in-process with the test client (the second request: sessions are warm)."""
    pages = {
        "agent_ticket": ("agent", f"/agent/tickets/{state['ticket_id']}/"),
        "agent_queue": ("agent", "/agent/queue/open/"),
        "customer_list": ("heavy", "/"),
    }
    counts: dict[str, int] = {}
    for name, (who, url) in pages.items():
        client = _client(state[who])
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        counts[name] = len(captured)
    client = _client(state["clients"][0])
    payload = state["payloads"][0]
    client.post("/api/v1/tickets", payload, content_type="application/json")  # the triage config, once per process
    with CaptureQueriesContext(connection) as captured:
        response = client.post("/api/v1/tickets", payload, content_type="application/json")
    assert response.status_code == 201, response.content
    counts["api_create"] = len(captured)
    state["queries"] = counts


def _client(login: dict[str, Any]) -> Client:
    client = Client(HTTP_X_CSRFTOKEN=login["csrf"])
    client.cookies[settings.SESSION_COOKIE_NAME] = login["session"]
    client.cookies[settings.CSRF_COOKIE_NAME] = login["csrf"]
    return client


if __name__ == "__main__":
    main()
