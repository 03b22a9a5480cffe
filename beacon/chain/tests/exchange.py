"""A stand-in for the exchange's signed endpoint (docs/chain.md), served on 127.0.0.1 for tests. It
checks Beacon's signature on every request and signs every answer, as a real integration must."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from beacon.chain.signing import SIGNATURE_HEADER, TIMESTAMP_HEADER, sign, verify

SECRET = "shared-secret-for-tests"


class FakeExchange:
    def __init__(self) -> None:
        self.answers: dict[str, dict[str, Any]] = {
            "deposit-addresses": {"addresses": []},
            "deposits": {"deposits": []},
            "withdrawals": {"withdrawals": []},
            "freeze": {"status": "frozen", "reference": "FRZ-1"},
        }
        self.received: list[tuple[str, dict[str, Any]]] = []
        self.rejected = 0
        self.sign_with = SECRET
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/beacon"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        exchange = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                stamp = self.headers.get(TIMESTAMP_HEADER, "")
                if not verify(SECRET, stamp, self.path, body, self.headers.get(SIGNATURE_HEADER, "")):
                    exchange.rejected += 1
                    self._reply(401, {"error": "bad signature"})
                    return
                action = self.path.rsplit("/", 1)[1]
                exchange.received.append((action, json.loads(body)))
                self._reply(200, exchange.answers[action])

            def _reply(self, status: int, payload: dict[str, Any]) -> None:
                data = json.dumps(payload).encode()
                now = int(time.time())
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.send_header(TIMESTAMP_HEADER, str(now))
                self.send_header(SIGNATURE_HEADER, sign(exchange.sign_with, now, self.path, data))
                self.end_headers()
                self.wfile.write(data)

        return Handler


def running_exchange() -> Iterator[FakeExchange]:
    exchange = FakeExchange()
    try:
        yield exchange
    finally:
        exchange.stop()
