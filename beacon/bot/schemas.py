from __future__ import annotations

from ninja import Schema
from pydantic import Field


class ClassifyIn(Schema):
    text: str = Field(min_length=1, max_length=5000, description="The customer's words: title and/or message")
    language: str | None = Field(
        default=None, max_length=10, description="en or zh-hans: the language of the category names returned"
    )


class AlternativeOut(Schema):
    category: str = Field(description="Category slug")
    name: str
    confidence: float


class ClassifyOut(Schema):
    category: str | None = Field(description="The suggested category slug; null when out of scope")
    confidence: float = Field(description="0–1, calibrated: the probability of the best category")
    alternatives: list[AlternativeOut] = Field(description="The most likely categories, best first")
    out_of_scope: bool = Field(description="True when the classifier is not confident enough to suggest one")
    model: str = Field(description="The model that answered: v<version>, seed (built-in) or none")
