"""Updates from the official Telegram bot → the inbound pipeline, bot first.

A message from a chat without an open conversation is first offered to the answer bot; a confident
answer is sent straight back. Anything else — no confident answer, /agent, a photo, a message in an
open conversation, or text in which the trust scanners found a secret or a suspicious link — goes
through `process_inbound()` (channel "social", metadata naming Telegram) and lands in the inbox.
Every reply from the bot says how to check that a contact is really us.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from beacon.accounts.models import User
from beacon.core.audit import record_event
from beacon.core.errors import DomainError, InvalidTransition, NotFound
from beacon.core.inbound import Channel, InboundMessage, ThreadHint, process_inbound
from beacon.core.ratelimit import hit
from beacon.core.uploads import PreparedUpload, UploadRejected, prepare_upload
from beacon.forum.safety import screen_text
from beacon.social.conf import verify_url
from beacon.social.models import TelegramChat, TelegramUpdate
from beacon.social.services.outbox import queue_message
from beacon.social.telegram.client import TelegramClient, TelegramError
from beacon.social.telegram.updates import IncomingMessage, parse_update
from beacon.tickets.models import Ticket

logger = logging.getLogger(__name__)
FLOOD_LIMIT = 20  # messages a minute from one chat; more are dropped with one warning
HANDOVER_COMMANDS = {"/agent", "/human", "/support"}


@dataclass(frozen=True)
class Handled:
    outcome: str  # duplicate, ignored, flood, welcome, bot_answered, ticket_created, ticket_updated
    ticket: Ticket | None = None


def verify_footer() -> str:
    bot = settings.BEACON_TELEGRAM_BOT_USERNAME
    where = _("this bot (@%(bot)s)") % {"bot": bot} if bot else _("this bot")
    return _(
        "🔒 Official support only talks to you in %(where)s and on our website. Check any account, link or agent "
        "ID that claims to be us at %(verify)s. We never message you first and never ask for passwords, 2FA codes, "
        "seed phrases or private keys."
    ) % {"where": where, "verify": verify_url()}


def handle_update(update: dict[str, object], client: TelegramClient) -> Handled:
    """Handle one update from the webhook or long polling. Idempotent per update_id. Raises only for
    failures worth a retry (the database; Telegram down while fetching a photo)."""
    incoming = parse_update(update)  # type: ignore[arg-type]
    update_id = int(update.get("update_id", 0))  # type: ignore[call-overload]
    if TelegramUpdate.objects.filter(update_id=update_id).exists():
        return Handled("duplicate")
    if incoming is None:
        _mark(update_id)
        return Handled("ignored")
    uploads, refused = _download(incoming, client)
    try:
        with transaction.atomic():
            TelegramUpdate.objects.create(update_id=update_id)
            return _handle(incoming, uploads, refused)
    except IntegrityError:
        return Handled("duplicate")  # the same update, handled concurrently


def _mark(update_id: int) -> None:
    TelegramUpdate.objects.get_or_create(update_id=update_id)


def _download(incoming: IncomingMessage, client: TelegramClient) -> tuple[list[PreparedUpload], list[str]]:
    """Fetch photos and files, then check them like every other channel's uploads. A file that fails
    the checks is reported to the sender; Telegram being down raises (the update is retried)."""
    uploads, refused = [], []
    for item in incoming.files[: settings.BEACON_MAX_ATTACHMENTS_PER_MESSAGE]:
        try:
            path, data = client.download_file(item.file_id)
        except TelegramError as exc:
            if exc.is_temporary:
                raise
            refused.append(_("“%(name)s” could not be fetched from Telegram.") % {"name": item.name})
            continue
        name = item.name if "." in item.name else f"{item.name}.{path.rpartition('.')[2]}"
        try:
            uploads.append(prepare_upload(name, data))
        except UploadRejected as exc:
            refused.append(str(exc.message))
    return uploads, refused


def _handle(incoming: IncomingMessage, uploads: list[PreparedUpload], refused: list[str]) -> Handled:
    chat = _chat_for(incoming)
    with translation.override(chat.language):
        if not hit(f"telegram:{chat.chat_id}", FLOOD_LIMIT, 60):
            if not hit(f"telegram-warned:{chat.chat_id}", 1, 60):
                return Handled("flood")
            queue_message(chat, _("You are sending messages very fast. Please wait a minute, then write again."))
            return Handled("flood")
        if incoming.command == "/start":
            queue_message(chat, "\n\n".join([_welcome(), verify_footer()]))
            return Handled("welcome")
        open_ticket = _open_ticket(chat)
        handover = incoming.command in HANDOVER_COMMANDS
        if open_ticket is None and not handover and not uploads and not refused:
            answered = _bot_answer(chat, incoming.text)
            if answered:
                return Handled("bot_answered")
        return _to_inbox(chat, incoming, uploads, refused, open_ticket)


def _welcome() -> str:
    return _(
        "Hello! This is the official support bot. Ask your question here: our answer bot replies at once, and a "
        "support agent takes over when it cannot help (send /agent to reach a person)."
    )


def _chat_for(incoming: IncomingMessage) -> TelegramChat:
    chat = (
        TelegramChat.objects.select_for_update(of=("self",))
        .select_related("user")
        .filter(chat_id=incoming.chat_id)
        .first()
    )
    if chat is not None:
        if (chat.username, chat.first_name) != (incoming.username, incoming.first_name):
            chat.username, chat.first_name = incoming.username, incoming.first_name
            chat.save(update_fields=["username", "first_name"])
        return chat
    user = User.objects.create_user(
        f"telegram-{incoming.user_id}@telegram.invalid",
        None,
        role="customer",
        display_name=(incoming.first_name or incoming.username or f"Telegram {incoming.user_id}")[:80],
        language=incoming.language,
        # A Telegram identity is not an e-mail address: no sign-in, no mail (replies go to Telegram).
        is_active=False,
    )
    record_event(None, "user.created", user, {"role": "customer", "via": "telegram"})
    return TelegramChat.objects.create(
        chat_id=incoming.chat_id,
        user=user,
        username=incoming.username,
        first_name=incoming.first_name,
        language=incoming.language,
    )


def _open_ticket(chat: TelegramChat) -> Ticket | None:
    if chat.ticket_id is None:
        return None
    ticket = Ticket.objects.filter(pk=chat.ticket_id).first()
    return ticket if ticket is not None and ticket.is_active else None


def _bot_answer(chat: TelegramChat, text: str) -> bool:
    """Bot first. Text with a secret or a suspicious link never goes to the bot: it needs a person."""
    if not text.strip() or screen_text(text).flagged:
        return False
    try:
        from beacon.bot.answering.answer import answer_question

        result = answer_question(text, chat.language)
    except Exception:  # the bot is an optimisation: a failure must not lose the message
        logger.exception("answer bot failed on a Telegram message")
        return False
    if result.hand_over or not result.answer:
        return False
    parts = [result.answer]
    if result.source is not None:
        parts.append(result.source.absolute_url)
    parts += [_("Not what you needed? Send /agent and a support agent will take over."), verify_footer()]
    queue_message(chat, "\n\n".join(parts))
    return True


def _to_inbox(
    chat: TelegramChat,
    incoming: IncomingMessage,
    uploads: list[PreparedUpload],
    refused: list[str],
    open_ticket: Ticket | None,
) -> Handled:
    text = incoming.text if incoming.command not in HANDOVER_COMMANDS else incoming.text.partition(" ")[2]
    body = text.strip() or (_("(sent a photo or file)") if uploads else _("I would like to talk to a support agent."))
    if refused:
        body += "\n\n" + _("Files that were not accepted: %(list)s") % {"list": " ".join(refused)}
    first_line = body.splitlines()[0][:80]
    message = InboundMessage(
        channel=Channel.SOCIAL,
        author=chat.user,
        subject=_("Telegram: %(text)s") % {"text": first_line},
        body=body,
        attachments=uploads,
        thread_hint=ThreadHint(ticket_id=open_ticket.pk) if open_ticket is not None else None,
        metadata={"social": "telegram", "chat_id": chat.chat_id, "update_id": incoming.update_id},
    )
    try:
        ctx = process_inbound(message)
    except (InvalidTransition, NotFound):
        message.thread_hint = None  # the conversation was closed meanwhile: start a new one
        ctx = process_inbound(message)
    except DomainError as exc:
        queue_message(chat, str(exc.message))
        return Handled("refused")
    if chat.ticket_id != ctx.ticket.pk:
        chat.ticket = ctx.ticket
        chat.save(update_fields=["ticket"])
    notes = list(ctx.warnings) + refused
    if ctx.created:
        notes.insert(
            0,
            _("Thank you. Your request %(ref)s is with our support team; an agent will reply in this chat.")
            % {"ref": ctx.ticket.reference},
        )
        notes.append(verify_footer())
    if notes:
        queue_message(chat, "\n\n".join(notes))
    return Handled("ticket_created" if ctx.created else "ticket_updated", ctx.ticket)
