from __future__ import annotations

from datetime import datetime
from typing import Any

from ninja import Schema
from pydantic import Field

from beacon.forum.services.common import MAX_BODY, MAX_TITLE


class CategoryOut(Schema):
    slug: str
    name: str
    description: str
    thread_count: int


class ThreadQuery(Schema):
    category: str = Field(default="", description="Category slug")
    q: str = Field(default="", max_length=200, description="Full-text search (question, accepted and official answers)")
    page: int = Field(default=1, ge=1, le=10_000)
    per_page: int = Field(default=20, ge=1, le=100)


class AuthorOut(Schema):
    name: str
    official: bool = Field(description="Staff: the answer is official; check public_id on /verify/")
    public_id: str | None


class ThreadOut(Schema):
    id: int
    title: str
    kind: str
    category: str
    language: str
    author: AuthorOut
    reply_count: int
    is_pinned: bool
    is_locked: bool
    is_hidden: bool
    is_solved: bool
    accepted_post: int | None
    url: str
    created_at: datetime
    last_activity_at: datetime


class ThreadPage(Schema):
    items: list[ThreadOut]
    page: int
    has_next: bool


class PostOut(Schema):
    id: int
    thread: int
    author: AuthorOut
    body: str = Field(description="Plain text, already screened: secrets redacted, suspicious links defanged")
    is_opening: bool
    is_official: bool
    is_accepted: bool
    is_hidden: bool
    score: int
    my_vote: int = Field(description="+1, -1 or 0 for the caller")
    security: dict[str, Any]
    created_at: datetime
    edited_at: datetime | None


class ThreadDetail(ThreadOut):
    posts: list[PostOut]
    following: bool


class ThreadIn(Schema):
    category: str
    kind: str = Field(default="question", description="question or discussion")
    title: str = Field(max_length=MAX_TITLE)
    body: str = Field(max_length=MAX_BODY)


class ReplyIn(Schema):
    body: str = Field(max_length=MAX_BODY)


class EditIn(Schema):
    body: str = Field(max_length=MAX_BODY)
    title: str | None = Field(default=None, max_length=MAX_TITLE, description="Opening posts only: the thread title")


class Posted(Schema):
    thread: ThreadOut
    post: PostOut
    warnings: list[str] = Field(description="What the author must be told (secrets removed, suspicious links)")


class VoteIn(Schema):
    value: int = Field(description="+1 or -1; the same vote again takes it back")


class VoteOut(Schema):
    post: int
    score: int


class FollowIn(Schema):
    following: bool


class FollowOut(Schema):
    thread: int
    following: bool


class ModerateIn(Schema):
    action: str = Field(description="lock, unlock, pin, unpin, hide or unhide")
    reason: str = Field(default="", max_length=300)


class MoveIn(Schema):
    category: str


class HideIn(Schema):
    hidden: bool = True
    reason: str = Field(default="", max_length=200)


class NotificationOut(Schema):
    id: int
    kind: str
    thread: int
    title: str
    post: int
    author: str
    url: str
    created_at: datetime
    read: bool


class NotificationPage(Schema):
    items: list[NotificationOut]
    page: int
    has_next: bool
    unread: int


class PageQuery(Schema):
    page: int = Field(default=1, ge=1, le=10_000)
    per_page: int = Field(default=30, ge=1, le=100)


class ReadIn(Schema):
    ids: list[int] | None = Field(default=None, description="Omit to mark all read")


class ReadOut(Schema):
    marked: int
