"""Every text the chat widget and the agent console show, translated on the server (gettext), so
the zh-Hans catalog covers the JavaScript too. The scripts fetch them once as JSON."""

from __future__ import annotations

from django.utils.translation import gettext as _


def widget_strings() -> dict[str, str]:
    return {
        "open": _("Chat with support"),
        "close": _("Close chat"),
        "title": _("Support chat"),
        "placeholder": _("Write a message…"),
        "send": _("Send"),
        "attach": _("Attach a file"),
        "connecting": _("Connecting…"),
        "reconnecting": _("Connection lost. Reconnecting…"),
        "offline_unsent": _("Not sent yet: it will be sent when the connection is back."),
        "with_bot": _("Our assistant answers right away."),
        "queued": _("Waiting for an agent"),
        "position": _("You are number %(position)s in line"),
        "wait": _("about %(minutes)s min"),
        "wait_soon": _("any moment now"),
        "wait_unknown": _("no agent is free right now"),
        "active": _("Chatting with %(name)s"),
        "ended": _("Chat ended"),
        "talk_to_person": _("Talk to a person"),
        "continue_as_ticket": _("Continue as a ticket"),
        "source": _("Source"),
        "related": _("See also"),
        "helpful": _("Did this help?"),
        "yes": _("Yes"),
        "no": _("No"),
        "verify_title": _("Confirm your e-mail address"),
        "email": _("Your e-mail address"),
        "send_code": _("Send me a code"),
        "code": _("The 6-digit code from the mail"),
        "confirm": _("Confirm"),
        "code_sent": _("We sent a code to %(email)s."),
        "end": _("End chat"),
        "new_chat": _("Start a new chat"),
        "transcript": _("Download the transcript"),
        "transcript_mail": _("E-mail me the transcript"),
        "transcript_mailed": _("We are sending the transcript to %(email)s."),
        "rate": _("How did we do?"),
        "comment": _("Anything to add? (optional)"),
        "submit": _("Send rating"),
        "typing": _("%(name)s is typing…"),
        "agent": _("Support"),
        "seen": _("Seen"),
        "anti_phishing": _("Your anti-phishing code"),
        "anti_phishing_missing": _("Set an anti-phishing code in your account to recognise genuine support."),
        "secret_warning": _(
            "This message looks like it contains a secret: if you send it, it will appear as %(markers)s. "
            "Support never needs it: remove it before sending."
        ),
        "send_anyway": _("Send anyway (it will be hidden)"),
        "edit": _("Edit the message"),
        "never_ask": _("We will never ask for your password, 2FA codes, seed phrase or private keys."),
        "agent_id": _("agent ID"),
        "file_too_large": _("This file is too large."),
        "uploading": _("Uploading…"),
        "you": _("You"),
    }


def console_strings() -> dict[str, str]:
    return {
        "queue": _("Waiting"),
        "mine": _("My chats"),
        "accept": _("Accept"),
        "empty_queue": _("Nobody is waiting."),
        "no_chat": _("Accept a chat from the queue, or pick one of yours."),
        "reply": _("Reply to the customer…"),
        "note": _("Internal note (the customer does not see it)…"),
        "send": _("Send"),
        "send_note": _("Add note"),
        "internal": _("Internal note"),
        "canned": _("Canned reply…"),
        "transfer": _("Transfer"),
        "transfer_to": _("Transfer to…"),
        "end": _("End chat"),
        "online": _("Online"),
        "away": _("Away"),
        "waiting_since": _("waiting %(minutes)s min"),
        "security": _("Security"),
        "vip": _("VIP"),
        "typing": _("Customer is typing…"),
        "seen": _("Seen"),
        "reconnecting": _("Connection lost. Reconnecting…"),
        "ended": _("Ended"),
        "rated": _("Rated %(rating)s/5"),
    }
