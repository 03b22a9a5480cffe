"""Who is chatting: signed identities from the exchange (replay-proof) and e-mail addresses
confirmed with a one-time code. An identified chat gets a ticket; an anonymous one only the bot."""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
import time
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from beacon.accounts.models import User
from beacon.accounts.services import get_or_create_customer
from beacon.chat import conf
from beacon.chat.enums import EntryKind, IdentitySource
from beacon.chat.identity import CLOCK_SKEW, IdentityError, SignedIdentity, verify_identity
from beacon.chat.models import ChatSession, EmailCode, IdentityNonce
from beacon.chat.services.common import lock_session, publish_state, require_open, system_entry
from beacon.chat.tasks import send_email_code
from beacon.core.audit import record_event
from beacon.core.errors import DomainError, ValidationFailed
from beacon.core.inbound import FLAG_SECRET_EXPOSED, Channel, InboundMessage, ThreadHint, process_inbound
from beacon.core.ratelimit import hit

logger = logging.getLogger(__name__)

CODE_VALIDITY = timedelta(minutes=10)
CODE_ATTEMPTS = 5


class IdentityRejected(DomainError):
    code = "identity_invalid"
    status = 401


class CodeRejected(DomainError):
    code = "code_invalid"
    status = 400


class RateLimited(DomainError):
    code = "rate_limited"
    status = 429


def check_signed_identity(token: str) -> SignedIdentity:
    """The exchange's signed identity, once: a signature seen before is refused (replay).
    Caller holds the transaction."""
    now = int(time.time())
    try:
        signed = verify_identity(token, conf.identity_secret(), now=now, max_age=conf.identity_max_age())
    except IdentityError as exc:
        logger.warning("chat: signed identity refused (%s)", exc.code)
        raise IdentityRejected(
            _("We could not confirm who you are. Reload the page and try again."), code=f"identity_{exc.code}"
        ) from None
    expires = datetime.fromtimestamp(signed.issued_at + conf.identity_max_age() + CLOCK_SKEW, tz=UTC)
    IdentityNonce.objects.filter(expires_at__lt=timezone.now()).delete()
    try:
        with transaction.atomic():
            IdentityNonce.objects.create(nonce=signed.nonce, expires_at=expires)
    except IntegrityError:
        logger.warning("chat: replayed identity signature for uid %s", signed.uid)
        raise IdentityRejected(
            _("This sign-in link was already used. Reload the page and try again."), code="identity_replayed"
        ) from None
    return signed


def customer_for(email: str, *, name: str = "", language: str = "en") -> User:
    """The customer account for a vouched-for address. Staff accounts cannot be used from a chat."""
    user, _created = get_or_create_customer(email, display_name=name, language=language)
    if user.is_staff_member or not user.is_active:
        logger.warning("chat: identity for a staff or inactive account refused (user %s)", user.pk)
        raise IdentityRejected(_("This account cannot be used in the chat."), code="identity_refused")
    return user


def identify(session: ChatSession, user: User, source: str, signed: SignedIdentity | None = None) -> None:
    """Attach a customer to a chat (caller holds the lock). Questions asked before become the first
    message of the chat's ticket, through the inbound pipeline like any other message."""
    session.user = user
    session.identity = source
    fields = ["user", "identity", "updated_at"]
    if signed is not None:
        session.external_uid, session.vip_tier = signed.uid, signed.vip
        fields += ["external_uid", "vip_tier"]
    session.save(update_fields=fields)
    record_event(user, "chat.identified", session, {"identity": source})
    _adopt_earlier_questions(session, user)
    publish_state(session)


def _adopt_earlier_questions(session: ChatSession, user: User) -> None:
    """Each line the visitor wrote before confirming goes through the pipeline now, in order, as if
    they had written it identified: the first opens the ticket, the others continue it; links are
    checked and flagged. A secret was already redacted when the line came in: the flag is passed
    on, so the ticket is escalated as if it had just been pasted. Each entry then points at its
    ticket message."""
    if session.ticket_id is not None:
        return
    earlier = list(session.entries.filter(kind=EntryKind.CUSTOMER, message__isnull=True).order_by("seq"))
    from beacon.chat.services.conversation import chat_subject

    for entry in earlier:
        ctx = process_inbound(
            InboundMessage(
                channel=Channel.CHAT,
                author=user,
                body=entry.body,
                subject="" if session.ticket_id else chat_subject(entry.body),
                thread_hint=ThreadHint(ticket_id=session.ticket_id, chat_session=session.public_id),
                metadata={"chat_session": session.public_id, "chat_seq": entry.seq},
                flags=frozenset({FLAG_SECRET_EXPOSED}) if entry.data.get("redacted") else frozenset(),
            )
        )
        if session.ticket_id is None:
            session.ticket = ctx.ticket
            session.save(update_fields=["ticket", "updated_at"])
            record_event(user, "chat.ticket_opened", session, {"ticket": ctx.ticket.pk})
        entry.message = ctx.result
        entry.author = user
        entry.save(update_fields=["message", "author"])


# --- e-mail codes -----------------------------------------------------------------------------------


def _code(salt: str) -> str:
    digest = hmac.new(settings.SECRET_KEY.encode(), f"beacon.chat.code:{salt}".encode(), hashlib.sha256).digest()
    return f"{int.from_bytes(digest[:4], 'big') % 1_000_000:06d}"


@transaction.atomic
def request_email_code(session_id: int, email: str) -> EmailCode:
    """Mail a 6-digit code to `email` (after commit). At most 3 codes a chat per 10 minutes and 5
    codes an address per hour."""
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationFailed({"email": [_("Enter a valid e-mail address.")]}) from None
    session = lock_session(session_id)
    require_open(session)
    if session.user_id is not None:
        raise DomainError(_("You are already signed in."), code="already_identified")
    digest = hashlib.sha256(email.encode()).hexdigest()[:16]
    if not hit(f"chat-code:{session.public_id}", 3, 600) or not hit(f"chat-code-mail:{digest}", 5, 3600):
        raise RateLimited(_("Too many codes requested. Wait a few minutes and try again."))
    row = EmailCode.objects.create(
        session=session, email=email, salt=secrets.token_hex(16), expires_at=timezone.now() + CODE_VALIDITY
    )
    session.pending_email = email
    session.save(update_fields=["pending_email", "updated_at"])
    record_event(None, "chat.email_code_sent", session, {"code": row.pk})
    transaction.on_commit(lambda: send_email_code.enqueue(row.pk), robust=True)
    return row


def deliver_email_code(code_id: int) -> str:
    row = EmailCode.objects.select_related("session").filter(pk=code_id, used_at__isnull=True).first()
    if row is None or row.expires_at < timezone.now():
        return "expired"
    with translation.override(row.session.language):
        subject = _("Your chat code: %(code)s") % {"code": _code(row.salt)}
        body = _(
            "Your code is %(code)s. Enter it in the chat to confirm your e-mail address; it is valid for "
            "%(minutes)d minutes.\n\nIf you did not ask for it, ignore this mail. Support will never ask you "
            "for this code outside the chat window, nor for your password, 2FA codes or seed phrase."
        ) % {"code": _code(row.salt), "minutes": int(CODE_VALIDITY.total_seconds() // 60)}
    send_mail(subject, body, None, [row.email])
    return "sent"


def confirm_email_code(session_id: int, code: str) -> ChatSession:
    """The visitor typed the code: the chat becomes theirs (their existing account, or a new one)."""
    code = "".join(ch for ch in (code or "") if ch.isdigit())
    with transaction.atomic():
        session = lock_session(session_id)
        require_open(session)
        row = (
            EmailCode.objects.select_for_update()
            .filter(session=session, used_at__isnull=True, expires_at__gte=timezone.now())
            .order_by("-created_at", "-id")
            .first()
        )
        if row is None or row.attempts >= CODE_ATTEMPTS:
            raise CodeRejected(_("This code has expired. Ask for a new one."))
        row.attempts += 1
        row.save(update_fields=["attempts"])
        matched = hmac.compare_digest(_code(row.salt), code)
        if matched:
            row.used_at = timezone.now()
            row.save(update_fields=["used_at"])
    if not matched:  # the failed attempt is counted (committed) before refusing
        raise CodeRejected(_("That code is not right. Check the latest mail from us and try again."))
    with transaction.atomic():
        session = lock_session(session_id)
        user = customer_for(row.email, language=session.language)
        identify(session, user, IdentitySource.EMAIL)
        session.pending_email = ""
        session.save(update_fields=["pending_email", "updated_at"])
        system_entry(session, _("Thank you: your e-mail address %(email)s is confirmed.") % {"email": row.email})
        if session.wants_agent:
            from beacon.chat.services.queue import hand_over

            hand_over(session, reason="asked_for_person")
    return session
