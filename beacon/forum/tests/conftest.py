from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.test import override_settings

from beacon.mail.tests.conftest import SmtpSink, smtp_sink

__all__ = ["SmtpSink", "smtp_sink"]


@pytest.fixture
def immediate_tasks() -> Iterator[None]:
    """Background tasks run inline, whatever TASK_BACKEND the environment set."""
    with override_settings(TASKS={"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}):
        yield
