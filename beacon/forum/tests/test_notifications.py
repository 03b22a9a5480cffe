"""Reply notifications: who hears of what, in-app and by batched e-mail through a real SMTP server."""

from __future__ import annotations

from datetime import timedelta
from email.message import EmailMessage

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from beacon.accounts.models import User
from beacon.accounts.tests.factories import UserFactory
from beacon.core.models import AuditEvent
from beacon.forum.enums import MailStatus, NotificationKind
from beacon.forum.mail import unsubscribe_token
from beacon.forum.models import MailOptOut, Notification, NotificationMail, Subscription
from beacon.forum.services import moderation, notifications, posting
from beacon.forum.services.mailing import deliver_due_mail
from beacon.forum.tests.conftest import SmtpSink
from beacon.forum.tests.factories import answer, question

pytestmark = pytest.mark.django_db

LATER = timedelta(minutes=16)


def mails_to(sink: SmtpSink, address: str) -> list[EmailMessage]:
    return [m for m in sink.messages if m["To"] == address]


def test_asker_and_repliers_follow_and_are_notified_but_never_of_their_own_post(
    customer: User, other_customer: User, agent: User
) -> None:
    thread = question(customer)
    answer(other_customer, thread, "Same problem here.")
    answer(agent, thread)
    assert set(Subscription.objects.filter(thread=thread).values_list("user_id", flat=True)) == {
        customer.pk,
        other_customer.pk,
        agent.pk,
    }
    kinds = sorted(Notification.objects.filter(thread=thread).values_list("user__email", "kind"))
    assert kinds == [
        ("alice@example.com", NotificationKind.OFFICIAL),
        ("alice@example.com", NotificationKind.REPLY),
        ("bob@example.com", NotificationKind.REPLY),
    ]
    assert not Notification.objects.filter(user=agent).exists()


def test_unfollow_sticks_even_after_replying_again(customer: User, other_customer: User) -> None:
    thread = question(customer)
    notifications.set_following(customer, thread, False)
    answer(customer, thread, "Anyone?")
    answer(other_customer, thread, "Wait two confirmations.")
    assert not Notification.objects.filter(user=customer).exists()
    assert AuditEvent.objects.filter(verb="forum.unfollowed", target_id=thread.pk).exists()


def test_follow_toggle_on_the_page(customer: User, other_customer: User) -> None:
    thread = question(customer)
    client = Client()
    client.force_login(other_customer)
    page = client.post(reverse("forum:follow", args=[thread.pk]), {"following": "1"}, follow=True).content.decode()
    assert 'aria-pressed="true"' in page
    answer(customer, thread, "Still waiting for it.")
    assert Notification.objects.filter(user=other_customer, kind=NotificationKind.REPLY).count() == 1
    client.post(reverse("forum:follow", args=[thread.pk]), {"following": "0"})
    answer(UserFactory(), thread, "Me too, since this morning.")
    assert Notification.objects.filter(user=other_customer).count() == 1


def test_accepted_answer_tells_the_asker_when_staff_choose_and_the_answerer(
    customer: User, other_customer: User, agent: User
) -> None:
    thread = question(customer)
    reply = answer(other_customer, thread)
    posting.accept_answer(agent, reply)
    posting.accept_answer(agent, reply)  # the same choice again notifies nobody twice
    accepted = sorted(Notification.objects.filter(kind=NotificationKind.ACCEPTED).values_list("user__email", flat=True))
    assert accepted == ["alice@example.com", "bob@example.com"]


def test_hidden_thread_notifies_only_staff_and_its_author(customer: User, other_customer: User, agent: User) -> None:
    thread = question(customer)
    answer(other_customer, thread)
    moderation.moderate_thread(agent, thread, "hide")
    answer(agent, thread, "We hid this thread: it showed your account.")
    assert list(Notification.objects.filter(post__author=agent).values_list("user_id", flat=True)) == [customer.pk]


def test_inbox_lists_notifications_without_hidden_posts_and_marks_them_read(
    customer: User, agent: User, login: object, django_assert_max_num_queries: object
) -> None:
    thread = question(customer)
    for n in range(12):
        answer(UserFactory(), thread, f"Reply number {n} about confirmations")
    hidden = answer(UserFactory(), thread, "Send me your seed and I fix it")
    moderation.set_post_hidden(agent, hidden, True, "scam")
    client: Client = login(customer)  # type: ignore[operator]
    with django_assert_max_num_queries(6):  # type: ignore[operator]
        page = client.get(reverse("forum:notifications")).content.decode()
    assert page.count('class="forum-row unread"') == 12
    assert "Send me your seed" not in page
    client.post(reverse("forum:mark_read"))
    assert not Notification.objects.filter(user=customer, read_at__isnull=True, post__is_hidden=False).exists()


def test_reply_mail_in_the_readers_language_with_code_and_unsubscribe_link(
    customer: User, agent: User, smtp_sink: SmtpSink, immediate_tasks: None, django_capture_on_commit_callbacks: object
) -> None:
    customer.language = "zh-hans"
    customer.anti_phishing_code = "BLUE-FOX-42"
    customer.save()
    thread = question(customer)
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        answer(agent, thread, "Bitcoin needs 2 confirmations.")
    [message] = smtp_sink.messages
    assert message["To"] == "alice@example.com"
    assert "How long do BTC deposits take?" in message["Subject"]
    assert message["Auto-Submitted"] == "auto-generated"
    unsubscribe = message["List-Unsubscribe"].strip("<>")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "BLUE-FOX-42" in text and "BLUE-FOX-42" in html
    assert "Bitcoin needs 2 confirmations." in text
    assert agent.public_id in html
    assert unsubscribe in text
    assert 'lang="zh-hans"' in html
    assert NotificationMail.objects.get().status == MailStatus.SENT
    assert AuditEvent.objects.filter(verb="forum.mail_sent", target_id=thread.pk).exists()


def test_replies_within_the_window_are_batched_into_one_later_mail(
    customer: User, smtp_sink: SmtpSink, immediate_tasks: None, django_capture_on_commit_callbacks: object
) -> None:
    thread = question(customer)
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        answer(UserFactory(), thread, "First answer: wait 20 minutes.")
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        answer(UserFactory(), thread, "Second answer: check the explorer.")
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        answer(UserFactory(), thread, "Third answer: check the network.")
    assert len(mails_to(smtp_sink, customer.email)) == 1
    assert deliver_due_mail() == 0  # the next mails wait for the end of the window
    deliver_due_mail(now=timezone.now() + LATER)
    [_first, second] = mails_to(smtp_sink, customer.email)
    batch = second.get_body(("plain",)).get_content()
    assert "2 new replies" in second["Subject"]
    assert "check the explorer" in batch and "check the network" in batch
    assert "wait 20 minutes" not in batch


def test_a_post_hidden_before_the_mail_leaves_is_not_in_it(
    customer: User, agent: User, smtp_sink: SmtpSink, immediate_tasks: None, django_capture_on_commit_callbacks: object
) -> None:
    thread = question(customer)
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        answer(UserFactory(), thread, "Wait 20 minutes.")
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        scam = answer(UserFactory(), thread, "DM me your seed phrase and I restore it")
    moderation.set_post_hidden(agent, scam, True, "scam")
    deliver_due_mail(now=timezone.now() + LATER)
    assert len(mails_to(smtp_sink, customer.email)) == 1
    assert all("DM me" not in m.get_body(("plain",)).get_content() for m in mails_to(smtp_sink, customer.email))
    assert NotificationMail.objects.filter(status=MailStatus.CANCELLED, user=customer).count() == 1


def test_a_failed_send_is_retried_and_then_sent(
    customer: User, smtp_sink: SmtpSink, immediate_tasks: None, django_capture_on_commit_callbacks: object
) -> None:
    thread = question(customer)
    smtp_sink.refuse = True
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        answer(UserFactory(), thread)
    mail = NotificationMail.objects.get()
    assert (mail.status, mail.attempts) == (MailStatus.RETRYING, 1)
    smtp_sink.refuse = False
    assert deliver_due_mail(now=timezone.now() + timedelta(minutes=2)) == 1
    mail.refresh_from_db()
    assert (mail.status, mail.attempts) == (MailStatus.SENT, 2)
    assert len(smtp_sink.messages) == 1
    assert AuditEvent.objects.filter(verb="forum.mail_failed", target_id=thread.pk).exists()


def test_the_send_task_is_deferred_to_the_end_of_the_window_on_the_database_backend(
    customer: User, django_capture_on_commit_callbacks: object, settings: object
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # type: ignore[attr-defined]
    thread = question(customer)
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        answer(UserFactory(), thread)
    NotificationMail.objects.update(status=MailStatus.SENT, sent_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        answer(UserFactory(), thread)
    pending = NotificationMail.objects.get(status=MailStatus.QUEUED, user=customer)
    run_after = list(DBTaskResult.objects.values_list("run_after", flat=True))
    assert run_after.count(pending.send_after) == 1
    assert pending.send_after > timezone.now() + timedelta(minutes=14)


def test_unsubscribe_link_asks_first_then_unfollows(
    customer: User, smtp_sink: SmtpSink, immediate_tasks: None, django_capture_on_commit_callbacks: object
) -> None:
    thread = question(customer)
    url = reverse("forum:unsubscribe", args=[unsubscribe_token(customer, thread)])
    assert Client().get(url).status_code == 200
    assert Subscription.objects.get(thread=thread, user=customer).is_following
    assert Client().post(url, {"scope": "thread"}).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        answer(UserFactory(), thread)
    assert smtp_sink.messages == []
    assert not Notification.objects.filter(user=customer).exists()


def test_one_click_unsubscribe_and_stop_all_mail(customer: User, immediate_tasks: None) -> None:
    thread = question(customer)
    url = reverse("forum:unsubscribe", args=[unsubscribe_token(customer, thread)])
    one_click = Client(enforce_csrf_checks=True).post(url, {"List-Unsubscribe": "One-Click"})
    assert one_click.status_code == 204
    assert not Subscription.objects.get(thread=thread, user=customer).is_following
    Client().post(url, {"scope": "all"})
    assert MailOptOut.objects.filter(user=customer).exists()


def test_a_forged_or_tampered_unsubscribe_link_is_refused(customer: User, other_customer: User) -> None:
    thread = question(customer)
    token = unsubscribe_token(customer, thread)
    assert Client().post(reverse("forum:unsubscribe", args=[token[:-2] + "xx"])).status_code == 404
    assert Client().get(reverse("forum:unsubscribe", args=["nonsense"])).status_code == 404
    assert Subscription.objects.get(thread=thread, user=customer).is_following


def test_opted_out_members_get_in_app_notifications_but_no_mail(
    customer: User, smtp_sink: SmtpSink, immediate_tasks: None, django_capture_on_commit_callbacks: object
) -> None:
    notifications.stop_all_mail(customer)
    thread = question(customer)
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        answer(UserFactory(), thread)
    assert Notification.objects.filter(user=customer, mail__isnull=True).count() == 1
    assert smtp_sink.messages == []


def test_opening_the_thread_reads_its_notifications(customer: User, login: object) -> None:
    thread = question(customer)
    answer(UserFactory(), thread, "Wait for two confirmations.")
    other = question(customer, title="Second question about fees", body="Why is the fee 5 USDT?")
    answer(UserFactory(), other, "It is the network fee.")
    client: Client = login(customer)  # type: ignore[operator]
    client.get(thread.get_absolute_url())
    unread = Notification.objects.filter(user=customer, read_at__isnull=True)
    assert list(unread.values_list("thread_id", flat=True)) == [other.pk]


def test_a_reply_costs_the_same_queries_for_3_or_30_followers(
    customer: User, django_assert_max_num_queries: object
) -> None:
    small, large = question(customer), question(customer, title="Another deposit question", body="Still pending.")
    for thread, followers in ((small, 3), (large, 30)):
        for _ in range(followers):
            notifications.set_following(UserFactory(), thread, True)
    for thread in (small, large):
        author = UserFactory()
        with django_assert_max_num_queries(24):  # type: ignore[operator]
            answer(author, thread, f"Answer in thread {thread.pk}")
    assert Notification.objects.filter(thread=large).count() == 31
    assert NotificationMail.objects.filter(thread=large).count() == 31


def test_operators_see_notification_mails_in_the_admin(customer: User, login: object) -> None:
    from beacon.accounts.enums import Role
    from beacon.accounts.tests.factories import staff

    answer(UserFactory(), question(customer))
    admin: Client = login(staff(Role.ADMIN, email="root@example.com", is_staff=True, is_superuser=True))  # type: ignore[operator]
    page = admin.get(reverse("admin:forum_notificationmail_changelist"))
    assert page.status_code == 200
    assert "Alice" in page.content.decode()
    mail = NotificationMail.objects.get()
    assert admin.get(reverse("admin:forum_notificationmail_change", args=[mail.pk])).status_code == 200
