"""Channel-layer group names. A chat has two groups so internal notes can never reach the customer."""

from __future__ import annotations

AGENTS_GROUP = "chat-agents"


def customer_group(public_id: str) -> str:
    return f"chat-{public_id}-c"


def staff_group(public_id: str) -> str:
    return f"chat-{public_id}-s"


def agent_group(user_id: int) -> str:
    return f"chat-agent-{user_id}"
