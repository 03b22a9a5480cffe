from __future__ import annotations

from typing import Any

from django.http import FileResponse, HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router
from ninja.files import UploadedFile
from ninja.responses import Status

from beacon.accounts.models import Team, User
from beacon.core.errors import ValidationFailed
from beacon.core.inbound import Channel, InboundMessage, ThreadHint, process_inbound
from beacon.core.uploads import prepare_upload
from beacon.tickets import selectors, services
from beacon.tickets.models import Message, Ticket
from beacon.tickets.schemas import (
    CategoryOut,
    ErrorOut,
    MessageOut,
    QueueQuery,
    TicketCreated,
    TicketIn,
    TicketOut,
    TicketPage,
    TicketPatch,
)

router = Router(tags=["tickets"])
ERRORS: dict[int, Any] = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


def ticket_out(ticket: Ticket) -> dict[str, Any]:
    return {
        "id": ticket.pk,
        "reference": ticket.reference,
        "subject": ticket.subject,
        "status": ticket.status,
        "priority": ticket.priority,
        "category": ticket.category.slug,
        "team": ticket.team.slug if ticket.team else None,
        "assignee": ticket.assignee.label if ticket.assignee else None,
        "requester": ticket.requester.email,
        "channel": ticket.channel,
        "language": ticket.language,
        "fields": ticket.fields,
        "security_flags": ticket.security_flags,
        "created_at": ticket.created_at,
        "updated_at": ticket.updated_at,
    }


def message_out(message: Message) -> dict[str, Any]:
    return {
        "id": message.pk,
        "kind": message.kind,
        "channel": message.channel,
        "author": message.author.label if message.author else None,
        "body": message.body,
        "created_at": message.created_at,
        "attachments": [
            {
                "id": a.pk,
                "name": a.name,
                "content_type": a.content_type,
                "size": a.size,
                "url": reverse("api-1:download_attachment", args=[a.pk]),
            }
            for a in message.attachments.all()
        ],
    }


@router.get("/categories", response=list[CategoryOut], summary="Ticket categories and their fields")
def list_categories(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        {"slug": c.slug, "name": c.name, "description": c.description, "fields": c.fields}
        for c in selectors.active_categories()
    ]


@router.get("/tickets", response=TicketPage, summary="Tickets: a customer's own, or a staff queue")
def list_tickets(request: HttpRequest, query: Query[QueueQuery]) -> dict[str, Any]:
    actor: User = request.user  # type: ignore[assignment]
    if actor.is_staff_member:
        filters = selectors.QueueFilters(**query.model_dump(exclude={"page", "per_page"}))
        tickets = selectors.agent_queue(actor, filters)
    else:
        tickets = selectors.customer_tickets(actor)
    result = selectors.paginate(tickets.select_related("team", "assignee", "requester"), query.page, query.per_page)
    return {"items": [ticket_out(t) for t in result.items], "page": result.number, "has_next": result.has_next}


@router.post("/tickets", response={201: TicketCreated, **ERRORS}, summary="Open a ticket")
def create_ticket(request: HttpRequest, payload: TicketIn) -> Status[dict[str, Any]]:
    ctx = process_inbound(
        InboundMessage(
            channel=Channel.API,
            author=request.user,  # type: ignore[arg-type]
            subject=payload.subject,
            body=payload.body,
            category=payload.category,
            fields=payload.fields,
        )
    )
    return Status(201, {"ticket": ticket_out(ctx.ticket), "warnings": ctx.warnings})


@router.get("/tickets/{ticket_id}", response={200: TicketOut, **ERRORS})
def get_ticket(request: HttpRequest, ticket_id: int) -> dict[str, Any]:
    return ticket_out(selectors.access_ticket(request.user, ticket_id))  # type: ignore[arg-type]


@router.patch("/tickets/{ticket_id}", response={200: TicketOut, **ERRORS}, summary="Change status or properties")
def patch_ticket(request: HttpRequest, ticket_id: int, payload: TicketPatch) -> dict[str, Any]:
    actor: User = request.user  # type: ignore[assignment]
    ticket = selectors.access_ticket(actor, ticket_id)
    changes = payload.model_dump(exclude_unset=True)
    if set(changes) - {"status"}:
        kwargs: dict[str, Any] = {}
        if "category" in changes:
            kwargs["category"] = selectors.access_category(changes["category"] or "")
        if "priority" in changes:
            kwargs["priority"] = changes["priority"]
        if "team" in changes:
            kwargs["team"] = _team(changes["team"])
        if "assignee" in changes:
            kwargs["assignee"] = _staff(changes["assignee"])
        ticket = services.update_ticket(actor, ticket, **kwargs)
    if changes.get("status"):
        ticket = services.change_status(actor, ticket, changes["status"])
    return ticket_out(selectors.access_ticket(actor, ticket.pk))


def _team(slug: str | None) -> Team | None:
    if not slug:
        return None
    team = Team.objects.filter(slug=slug).first()
    if team is None:
        raise ValidationFailed({"team": [_("No such team.")]})
    return team


def _staff(email: str | None) -> User | None:
    if not email:
        return None
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        raise ValidationFailed({"assignee": [_("No staff member with that e-mail address.")]})
    return user


@router.get("/tickets/{ticket_id}/messages", response={200: list[MessageOut], **ERRORS})
def list_messages(request: HttpRequest, ticket_id: int) -> list[dict[str, Any]]:
    actor: User = request.user  # type: ignore[assignment]
    ticket = selectors.access_ticket(actor, ticket_id)
    return [message_out(m) for m in selectors.thread(actor, ticket)]


@router.post(
    "/tickets/{ticket_id}/messages",
    response={201: MessageOut, **ERRORS},
    summary="Reply (customers and staff) or add an internal note (staff), with attachments",
)
def post_message(
    request: HttpRequest,
    ticket_id: int,
    body: Form[str] = "",
    internal: Form[bool] = False,
    status: Form[str] = "",
    files: File[list[UploadedFile]] = None,  # type: ignore[assignment]
) -> Status[dict[str, Any]]:
    actor: User = request.user  # type: ignore[assignment]
    ticket = selectors.access_ticket(actor, ticket_id)
    uploads = [prepare_upload(f.name or "file", f.read()) for f in (files or [])]
    if actor.is_staff_member:
        message = services.post_agent_reply(
            actor, ticket, body, internal=internal, attachments=uploads, new_status=status or None
        )
    else:
        ctx = process_inbound(
            InboundMessage(
                channel=Channel.API,
                author=actor,
                body=body,
                attachments=uploads,
                thread_hint=ThreadHint(ticket_id=ticket.pk),
            )
        )
        message = ctx.result
    return Status(
        201, message_out(Message.objects.prefetch_related("attachments").select_related("author").get(pk=message.pk))
    )


@router.get("/attachments/{attachment_id}", url_name="download_attachment", response={200: None, **ERRORS})
def download_attachment(request: HttpRequest, attachment_id: int) -> FileResponse:
    attachment = selectors.access_attachment(request.user, attachment_id)  # type: ignore[arg-type]
    return attachment_response(attachment)


def attachment_response(attachment: Any) -> FileResponse:
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=not attachment.is_image,
        filename=attachment.name,
        content_type=attachment.content_type,
    )
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response
