"""`manage.py mail_listener --port 2525`: the SMTP listener for direct delivery (see docs/mail.md)."""

from __future__ import annotations

import signal
import threading
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from beacon.mail.listener import make_controller


class Command(BaseCommand):
    help = "Receive support mail over SMTP and feed it to Beacon."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=2525)

    def handle(self, *args: Any, **options: Any) -> None:
        stop = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
        signal.signal(signal.SIGINT, lambda *_: stop.set())
        controller = make_controller(options["host"], options["port"])
        controller.start()
        self.stdout.write(f"SMTP listener on {options['host']}:{options['port']}")
        try:
            stop.wait()
        finally:
            controller.stop()
