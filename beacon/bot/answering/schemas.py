from __future__ import annotations

from ninja import Schema
from pydantic import Field


class AnswerIn(Schema):
    question: str = Field(max_length=1000)
    language: str = Field(
        default="en", max_length=10, description="en or zh-hans; a Chinese question is answered in Chinese"
    )


class SourceOut(Schema):
    kind: str = Field(description="faq, article or announcement")
    id: int
    title: str
    url: str
    language: str


class AnswerOut(Schema):
    answer: str = Field(description="Empty when the question is handed over without an answer")
    language: str
    source: SourceOut | None
    related: SourceOut | None = Field(description="A second source worth reading (e.g. the article behind an incident)")
    confidence: float = Field(description="0–1; below the bot's threshold it does not answer")
    hand_over: bool = Field(description="True: a person should take this question")
    reason: str = Field(description="answered, asked_for_person, security, low_confidence, no_match or empty")
