from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, register

from beacon.core.inbound import STAGES


@register()
def check_inbound_pipeline(app_configs: Any, **kwargs: Any) -> list[Error]:
    configured = getattr(settings, "INBOUND_PIPELINE", {})
    missing = [name for name in STAGES if not configured.get(name)]
    return [
        Error(
            f"INBOUND_PIPELINE has no '{name}' stage.",
            hint="Every inbound stage is mandatory; see beacon/core/inbound.py.",
            id="beacon.E001",
        )
        for name in missing
    ]
