"""Test-wide settings: background tasks run inline, mail stays in memory, files go to a temp dir."""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("TASK_BACKEND", "django.tasks.backends.immediate.ImmediateBackend")
os.environ.setdefault("BEACON_VAR_DIR", tempfile.mkdtemp(prefix="beacon-test-"))
os.environ.setdefault("ACCOUNT_EMAIL_VERIFICATION", "mandatory")
os.environ.setdefault("BEACON_WARM_UP", "0")  # tests load models when they need them
