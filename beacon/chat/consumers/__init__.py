from __future__ import annotations

from beacon.chat.consumers.agent import AgentChatConsumer
from beacon.chat.consumers.customer import CustomerChatConsumer

__all__ = ["AgentChatConsumer", "CustomerChatConsumer"]
