"""Live-chat load: open connections, memory per connection, message latency and throughput.

    .venv/bin/python bench/chat_load.py [--connections 2000] [--chats 40] [--agents 10]
                                        [--rates 50,200] [--seconds 15] [--profiles embedded,redis]
                                        [--database sqlite|postgres]

For each profile it migrates a throw-away database (an SQLite file, or the PostgreSQL database
`beacon_chat_bench` on 127.0.0.1, dropped and created), starts real uvicorn servers
(config.asgi:application, `--ws websockets`) and drives them with websocket clients:

1. connections: N widget connections (hello → welcome, a chat each) opened and kept open; the
   server's resident memory before and after gives the memory per connection;
2. messages: K customers (signed identities) are handed to M agents (capacity K/M each), then
   customers and agents write to each other at R messages/s in total (open loop: sends are not
   held back by slow answers) for T seconds, while the N connections stay open. Every line goes
   through the real path: customer lines through the inbound pipeline (secret scan, ticket,
   audit), agent lines through post_agent_reply (reply guard, mail queue, audit). Whoever
   receives a line answers with a read receipt, as the widget and the console do (at most one
   a second per chat and side: the load puts 5 lines a second into every chat, faster than
   anyone reads, and the flood limits would refuse more).

Figures: ack = send → the sender's ack (the line is committed), delivery = send → the other side
receives the line; p50/p99 in ms; messages/s = acknowledged lines per second; CPU ms/line = the
server processes' CPU time per acknowledged line (independent of what else runs on the machine:
1000 / it is the most lines one core can take; "2 cores" = 2000 / it, the ceiling of two server
processes over Redis on a machine doing nothing else); idle ms/s = the server processes' CPU ms per
second while they hold the N open connections and nothing else happens (measured for 5 s before
the chats start).

Profiles: `embedded` is one process with the in-memory channel layer; `redis` is two processes
sharing Redis (127.0.0.1:6379, database 14; `--redis-url`): customers on one, agents on the
other, so every line crosses processes.

The servers run as in production, with DEBUG off (`--debug` to compare) and chat services in
BEACON_CHAT_DATABASE_THREADS threads per process (4; `--database-threads 1` for Django's one
database thread).
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import platform
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

from websockets.asyncio.client import ClientConnection, connect  # noqa: E402
from websockets.typing import Origin  # noqa: E402

from beacon.chat.identity import sign_identity  # noqa: E402
from beacon.chat.testing import SIGNING_SECRET, Server, site  # noqa: E402

REDIS_URL = "redis://127.0.0.1:6379/14"
POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/beacon_chat_bench"
# The servers run as in production: DEBUG off (with DEBUG on, Django keeps and logs every query).
PRODUCTION_ENV = {"DEBUG": "0", "SECRET_KEY": "chat-load-bench-" + "x" * 40}
TARGET_CONNECTIONS = 2000
TARGET_P99_MS = 100.0
CONNECT_CONCURRENCY = 100
IDLE_SECONDS = 5.0  # the servers' CPU is measured this long with only the idle connections open
READ_EVERY = 1.0  # seconds between read receipts of one side of a chat (someone looking at it)


@dataclass
class Stats:
    ack: list[float] = field(default_factory=list)
    delivery: list[float] = field(default_factory=list)
    sent: dict[str, float] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    acked_at: list[float] = field(default_factory=list)


class Peer:
    """One websocket with a reader that records acks and deliveries."""

    def __init__(self, connection: ClientConnection, stats: Stats) -> None:
        self.connection = connection
        self.stats = stats
        self.inbox: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self.read_at: dict[str, float] = {}
        self.reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        try:
            async for raw in self.connection:
                frame = json.loads(raw)
                kind = frame.get("type")
                now = time.perf_counter()
                if kind == "ack" and frame.get("client_id") in self.stats.sent:
                    self.stats.ack.append(now - self.stats.sent[frame["client_id"]])
                    self.stats.acked_at.append(now)
                elif kind == "message" and frame.get("client_id") in self.stats.sent and self.owns(frame) is False:
                    self.stats.delivery.append(now - self.stats.sent[frame["client_id"]])
                    if now - self.read_at.get(frame["session"], 0.0) >= READ_EVERY:
                        self.read_at[frame["session"]] = now
                        await self.send(type="read", session=frame["session"], seq=frame["seq"])
                elif kind == "error":
                    self.stats.errors.append(frame.get("code", "?"))
                else:
                    await self.inbox.put(frame)
        except Exception:  # noqa: S110 - the connection closed at the end of the run
            pass

    def owns(self, frame: dict[str, Any]) -> bool:
        return False

    async def send(self, **frame: Any) -> None:
        await self.connection.send(json.dumps(frame))

    async def wait_for(self, predicate: Any, timeout: float = 30) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        skipped: list[dict[str, Any]] = []
        while True:
            try:
                frame = await asyncio.wait_for(self.inbox.get(), max(0.05, deadline - time.monotonic()))
            except TimeoutError:
                raise TimeoutError(f"waited in vain; got {skipped[-5:]}, errors {self.stats.errors[-5:]}") from None
            if predicate(frame):
                return frame
            skipped.append(frame)


class CustomerPeer(Peer):
    def owns(self, frame: dict[str, Any]) -> bool:
        return frame.get("kind") == "customer"


class AgentPeer(Peer):
    def owns(self, frame: dict[str, Any]) -> bool:
        return frame.get("kind") == "agent"


async def open_socket(base: str, path: str, cookie: str = "") -> ClientConnection:
    headers = {"Cookie": f"sessionid={cookie}"} if cookie else None
    return await connect(
        base.replace("http", "ws", 1) + path,
        origin=Origin(base),
        additional_headers=headers,
        proxy=None,
        ping_interval=None,
        compression=None,
        max_queue=None,
    )


async def open_idle_connections(server: Server, count: int, stats: Stats) -> tuple[list[Peer], float]:
    """N anonymous widget connections, each with its chat (hello → welcome)."""
    gate = asyncio.Semaphore(CONNECT_CONCURRENCY)
    peers: list[Peer] = []

    async def one() -> None:
        async with gate:
            peer = CustomerPeer(await open_socket(server.base, "/ws/chat/"), stats)
            await peer.send(type="hello", language="en")
            await peer.wait_for(lambda f: f.get("type") == "welcome")
            peers.append(peer)

    started = time.perf_counter()
    await asyncio.gather(*(one() for _ in range(count)))
    return peers, time.perf_counter() - started


async def start_chats(
    customer_server: Server, agent_server: Server, agents_info: list[dict[str, Any]], chats: int, stats: Stats
) -> list[tuple[CustomerPeer, AgentPeer, str]]:
    capacity = -(-chats // len(agents_info))
    agents: list[AgentPeer] = []
    for info in agents_info:
        agent = AgentPeer(await open_socket(agent_server.base, "/ws/chat/agent/", info["session"]), stats)
        await agent.wait_for(lambda f: f.get("type") == "welcome")
        await agent.send(type="presence", status="online", capacity=capacity)
        await agent.wait_for(lambda f: f.get("type") == "presence")
        agents.append(agent)
    pairs: list[tuple[CustomerPeer, AgentPeer, str]] = []
    for n in range(chats):
        identity = sign_identity(
            SIGNING_SECRET, uid=f"load-{n}", email=f"load{n}@example.com", issued_at=int(time.time())
        )
        customer = CustomerPeer(await open_socket(customer_server.base, "/ws/chat/"), stats)
        await customer.send(type="hello", identity=identity, language="en")
        welcome = await customer.wait_for(lambda f: f.get("type") == "welcome")
        await customer.send(type="message", client_id=f"open-{n}-{uuid.uuid4().hex[:8]}", body="Hello, I need help")
        await customer.send(type="handover")
        await customer.wait_for(lambda f: f.get("type") == "status" and f.get("status") == "queued")
        agent = agents[n % len(agents)]
        await agent.send(type="accept", session=welcome["session"])
        await agent.wait_for(lambda f, s=welcome["session"]: f.get("type") == "history" and f.get("session") == s)
        await customer.wait_for(lambda f: f.get("type") == "status" and f.get("status") == "active")
        pairs.append((customer, agent, welcome["session"]))
    return pairs


async def offer_load(
    pairs: list[tuple[CustomerPeer, AgentPeer, str]], rate: float, seconds: float, stats: Stats
) -> float:
    """Send `rate` lines a second (alternating customer and agent lines over the chats)."""
    total = int(rate * seconds)
    turns = itertools.cycle([(pair, side) for side in ("customer", "agent") for pair in pairs])
    started = time.perf_counter()
    for n in range(total):
        due = started + n / rate
        delay = due - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        (customer, agent, session), side = next(turns)
        client_id = f"load-{n}-{uuid.uuid4().hex[:10]}"
        stats.sent[client_id] = time.perf_counter()
        if side == "customer":
            await customer.send(type="message", client_id=client_id, body=f"Customer line {n}: my TRC20 deposit")
        else:
            await agent.send(type="message", session=session, client_id=client_id, body=f"Agent line {n}: checking")
    deadline = time.perf_counter() + 15
    while len(stats.ack) < total and time.perf_counter() < deadline:
        await asyncio.sleep(0.1)
    return time.perf_counter() - started


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))] * 1000


async def run_profile(name: str, args: argparse.Namespace) -> list[dict[str, Any]]:
    redis_url = args.redis_url if name == "redis" else ""
    if redis_url:
        import redis

        redis.Redis.from_url(redis_url).flushdb()
    env = dict(PRODUCTION_ENV) if not args.debug else {}
    if args.database_threads:
        env["BEACON_CHAT_DATABASE_THREADS"] = str(args.database_threads)
    with site(redis_url, args.database_url if args.database == "postgres" else "", **env) as current:
        people = current.seed(agents=args.agents)
        with current.server() as customer_server:
            if name == "redis":
                with current.server() as agent_server:
                    return await measure(name, customer_server, agent_server, people, args)
            return await measure(name, customer_server, customer_server, people, args)


async def measure(
    name: str, customer_server: Server, agent_server: Server, people: dict[str, Any], args: argparse.Namespace
) -> list[dict[str, Any]]:
    stats = Stats()
    await asyncio.sleep(1)
    before = customer_server.rss_bytes()
    idle, connect_seconds = await open_idle_connections(customer_server, args.connections, stats)
    await asyncio.sleep(2)
    after = customer_server.rss_bytes()
    servers = {customer_server.pid: customer_server, agent_server.pid: agent_server}.values()
    cpu_before = sum(server.cpu_seconds() for server in servers)
    await asyncio.sleep(IDLE_SECONDS)  # nothing to do but hold the open connections
    idle_cpu = (sum(server.cpu_seconds() for server in servers) - cpu_before) / IDLE_SECONDS * 1000
    pairs = await start_chats(customer_server, agent_server, people["agents"], args.chats, stats)
    rows = []
    for rate in [float(r) for r in str(args.rates).split(",")]:
        stats = Stats()
        for peer in [*idle, *(p for pair in pairs for p in pair[:2])]:
            peer.stats = stats
        cpu_before = sum(server.cpu_seconds() for server in servers)
        print(f"offering {rate:.0f} lines/s (servers {customer_server.pid}, {agent_server.pid})", flush=True)
        elapsed = await offer_load(pairs, rate, args.seconds, stats)
        cpu = sum(server.cpu_seconds() for server in servers) - cpu_before
        acked = sorted(stats.acked_at)
        rows.append(
            {
                "profile": name,
                "database": args.database,
                "load": os.getloadavg()[0],
                "rate": rate,
                "connections": len(idle),
                "connect_seconds": connect_seconds,
                "rss_before_mb": before / 2**20,
                "rss_after_mb": after / 2**20,
                "kb_per_connection": (after - before) / max(1, len(idle)) / 1024,
                "idle_cpu_ms_per_s": idle_cpu,
                "sent": int(rate * args.seconds),
                "acked": len(stats.ack),
                "delivered": len(stats.delivery),
                "elapsed": elapsed,
                "msgs_per_second": len(acked) / (acked[-1] - acked[0]) if len(acked) > 1 else 0.0,
                "ack_p50": percentile(stats.ack, 50),
                "ack_p99": percentile(stats.ack, 99),
                "delivery_p50": percentile(stats.delivery, 50),
                "delivery_p99": percentile(stats.delivery, 99),
                "errors": sorted(set(stats.errors)),
                "cpu_ms_per_line": cpu / max(1, len(stats.ack)) * 1000,
            }
        )
        await asyncio.sleep(2)  # let the server drain before the next rate
    for peer in [*idle, *(p for pair in pairs for p in pair[:2])]:
        await peer.connection.close()
    return rows


def report(rows: list[dict[str, Any]], args: argparse.Namespace) -> None:
    machine = platform.processor() or platform.machine()
    print(f"\nmachine: {machine}, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} (other work included)")
    print(
        f"{args.chats} chats between {args.agents} agents and their customers, {args.seconds:.0f} s per offered rate\n"
    )
    print(
        f"{'profile':<9} {'db':<8} {'load':>5} {'open':>5} {'open s':>6} {'RSS MB':>11} {'KB/conn':>8} "
        f"{'offered':>7} {'msg/s':>6} {'ack p50':>8} {'ack p99':>8} {'dlv p50':>8} {'dlv p99':>8} {'acked':>11} "
        f"{'CPU ms/line':>11} {'idle ms/s':>9} {'2 cores/s':>9}"
    )
    for r in rows:
        print(
            f"{r['profile']:<9} {r['database']:<8} {r['load']:>5.1f} "
            f"{r['connections']:>5} {r['connect_seconds']:>6.1f} "
            f"{r['rss_before_mb']:>4.0f}→{r['rss_after_mb']:<6.0f} {r['kb_per_connection']:>8.1f} {r['rate']:>7.0f} "
            f"{r['msgs_per_second']:>6.0f} {r['ack_p50']:>8.1f} {r['ack_p99']:>8.1f} "
            f"{r['delivery_p50']:>8.1f} {r['delivery_p99']:>8.1f} {r['acked']:>5}/{r['sent']:<5} "
            f"{r['cpu_ms_per_line']:>11.1f} {r['idle_cpu_ms_per_s']:>9.0f} "
            f"{2000 / max(0.01, r['cpu_ms_per_line']):>9.0f}"
            + (f"  errors: {', '.join(r['errors'])}" if r["errors"] else "")
        )
    print(
        f"\ntargets: {TARGET_CONNECTIONS} connections open in one process; p99 < {TARGET_P99_MS:.0f} ms at 200 lines/s"
    )
    for r in rows:
        opened = "ok" if r["connections"] >= TARGET_CONNECTIONS else "below"
        fast = "ok" if r["ack_p99"] < TARGET_P99_MS and r["delivery_p99"] < TARGET_P99_MS else "over"
        print(f"  {r['profile']:<9} at {r['rate']:>4.0f}/s: connections {opened}, p99 {fast}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--connections", type=int, default=2000)
    parser.add_argument("--chats", type=int, default=40)
    parser.add_argument("--agents", type=int, default=10)
    parser.add_argument("--rates", default="50,200", help="offered lines per second, one run each")
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument("--profiles", default="embedded,redis")
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--database-url", default=POSTGRES_URL, help="PostgreSQL database to drop and create")
    parser.add_argument("--redis-url", default=REDIS_URL, help="Redis database to empty and use")
    parser.add_argument("--debug", action="store_true", help="run the servers with DEBUG on (slower)")
    parser.add_argument(
        "--database-threads", type=int, default=0, help="BEACON_CHAT_DATABASE_THREADS (default: the setting's, 4)"
    )
    args = parser.parse_args()
    rows: list[dict[str, Any]] = []
    for name in args.profiles.split(","):
        print(f"running {name}…", flush=True)
        rows += asyncio.run(run_profile(name.strip(), args))
    report(rows, args)


if __name__ == "__main__":
    main()
