"""The pure parser against the corpus of real-world mail layouts: no database."""

from __future__ import annotations

import base64

import pytest

from beacon.mail.parsing import parse_mail
from beacon.mail.parsing.charsets import decode_text
from beacon.mail.parsing.quotes import extract_reply
from beacon.mail.tests.conftest import corpus


def test_gmail_mail_keeps_the_text_and_the_thread_ids() -> None:
    mail = parse_mail(corpus("gmail_new_ticket.eml"))
    assert mail.message_id == "CAF7gK2vQ3xZp9Lw0mYbN4dR8sT1uV6wX2yZ3aB4cD5eF6gH7iJ@mail.gmail.com"
    assert mail.from_address == "li.wei.trader@gmail.com"
    assert mail.from_name == "Wei Li"
    assert "TXID: 7f3c2a9b8e1d4c6f0a5b3e2d1c9f8a7b6e5d4c3b2a1f0e9d8c7b6a5f4e3d2c1b" in mail.reply_text
    assert mail.auto is None


def test_gmail_reply_loses_the_quoted_acknowledgement() -> None:
    mail = parse_mail(corpus("gmail_reply.eml"))
    assert mail.reply_text == "Here is the screenshot from Tronscan, the status is SUCCESS."
    assert mail.thread_ids[0] == "bcn.1.5d41402abc4b2a76b971@beacon.localhost"
    assert "CAF7gK2vQ3xZp9Lw0mYbN4dR8sT1uV6wX2yZ3aB4cD5eF6gH7iJ@mail.gmail.com" in mail.thread_ids


def test_outlook_reply_loses_the_from_sent_block() -> None:
    mail = parse_mail(corpus("outlook_reply.eml"))
    assert mail.reply_text.endswith("Best regards\nDaniel Okafor")
    assert "We have received your request" not in mail.reply_text
    assert "Sent:" not in mail.reply_text


def test_qq_mail_reply_in_gb18030_loses_the_original_mail_block() -> None:
    mail = parse_mail(corpus("qq_reply_gbk.eml"))
    assert mail.subject == "回复：[BCN-000001] 充值未到账"
    assert mail.from_name == "赵磊"
    assert mail.reply_text == "您好，我已经按照要求提供了交易哈希，麻烦尽快处理，谢谢！"


def test_foxmail_gb2312_label_with_gbk_only_characters_and_signature() -> None:
    mail = parse_mail(corpus("foxmail_reply_gb2312.eml"))
    assert "收款人：朱镕堃" in mail.reply_text
    assert "发送时间" not in mail.reply_text
    assert "chenxiao@foxmail.com" not in mail.reply_text
    assert mail.reply_text.endswith("祝好！")


def test_apple_mail_chinese_attribution_and_iphone_footer_are_stripped() -> None:
    mail = parse_mail(corpus("apple_mail_zh_reply.eml"))
    assert mail.reply_text == "身份证照片已经重新上传了，请再审核一下。"
    assert mail.subject == "Re: [BCN-000001] 我的账户被冻结了"


def test_big5_mail_is_readable_traditional_chinese() -> None:
    mail = parse_mail(corpus("big5_new_ticket.eml"))
    assert mail.subject == "帳戶被凍結，無法登入"
    assert mail.from_name == "陳大文"
    assert "請問要怎樣解凍？" in mail.reply_text


def test_big5_bytes_with_a_gb2312_label_are_still_read_as_big5() -> None:
    mail = parse_mail(corpus("big5_labelled_gb2312.eml"))
    assert mail.subject == "提幣處理中"
    assert "狀態一直是處理中" in mail.reply_text


def test_raw_8bit_gbk_headers_are_decoded() -> None:
    mail = parse_mail(corpus("gbk_raw_headers.eml"))
    assert mail.subject == "合约爆仓价格不对"
    assert mail.from_name == "刘洋"


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("您好，我的充值还没有到账。", "gb2312"),
        ("您好，我的充值还没有到账。", "iso-8859-1"),
        ("您好，我的充值还没有到账。", None),
        ("您好，我的充值還沒有到賬。請幫忙查詢一下，謝謝！", "big5"),
    ],
)
def test_gbk_text_decodes_whatever_the_label(text: str, label: str | None) -> None:
    assert decode_text(text.encode("gbk" if "还" in text else "big5"), label) == text


def test_utf8_text_labelled_gb2312_is_utf8() -> None:
    assert decode_text("提现失败".encode(), "gb2312") == "提现失败"


def test_latin1_text_stays_latin1() -> None:
    assert decode_text("Grüße, café".encode("latin-1"), "iso-8859-1") == "Grüße, café"


def test_forwarded_phishing_mail_is_kept_whole() -> None:
    mail = parse_mail(corpus("gmail_forward.eml"))
    assert mail.forwarded
    assert "https://blnance-support.com/verify?u=88213" in mail.reply_text
    assert mail.reply_text.startswith("Is this really from you?")


def test_mail_forwarded_as_attachment_is_inlined() -> None:
    mail = parse_mail(corpus("outlook_forward_attached.eml"))
    assert mail.forwarded
    assert "I never asked for this withdrawal." in mail.reply_text
    assert "Subject: Your withdrawal of 0.5 BTC" in mail.reply_text
    assert "bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh" in mail.reply_text


def test_inline_image_and_attachment_are_found() -> None:
    mail = parse_mail(corpus("inline_image_iphone.eml"))
    assert [(p.filename, p.content_type, p.inline) for p in mail.attachments] == [
        ("IMG_4412.png", "image/png", True),
        ("statement.pdf", "application/pdf", False),
    ]
    assert "[IMG_4412.png]" in mail.reply_text
    assert "Sent from my iPhone" not in mail.reply_text
    assert 'src="cid:7E3A9F21-55B0-4D2C-A1E8-1B2C3D4E5F60"' in mail.html


def test_html_mail_loses_scripts_trackers_and_handlers() -> None:
    mail = parse_mail(corpus("html_tracker_script.eml"))
    for gone in (
        "<script",
        "document.cookie",
        "tracker.example",
        "onload",
        "onclick",
        "javascript:",
        "<iframe",
        "<form",
    ):
        assert gone not in mail.html
    assert "Hello, why was my account limited?" in mail.reply_text
    assert "document.location" not in mail.reply_text
    assert 'rel="noopener noreferrer nofollow"' in mail.html


def test_header_injection_in_the_subject_stays_on_one_line() -> None:
    mail = parse_mail(corpus("header_injection.eml"))
    assert mail.subject == "Help me Bcc: victim@example.org injected body"


def test_malformed_mime_is_read_as_far_as_possible() -> None:
    mail = parse_mail(corpus("malformed_mime.eml"))
    assert mail.subject == "Can't log in"
    assert "the app says “network error”" in mail.reply_text
    assert mail.message_id.startswith("missing-")
    assert mail.date is None
    assert "CloseBoundaryNotFoundDefect" in mail.defects


def test_the_same_bytes_without_message_id_get_the_same_id() -> None:
    assert parse_mail(corpus("malformed_mime.eml")).message_id == parse_mail(corpus("malformed_mime.eml")).message_id


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("autoreply_outlook_oof.eml", "auto_reply"),
        ("autoreply_vacation_zh.eml", "auto_reply"),
        ("bulk_newsletter.eml", "bulk"),
        ("bounce_dsn.eml", "bounce"),
    ],
)
def test_machine_written_mail_is_recognised(name: str, kind: str) -> None:
    assert parse_mail(corpus(name)).auto == kind


def test_person_written_mail_is_not_taken_for_an_auto_reply() -> None:
    kinds = {parse_mail(corpus(n)).auto for n in ("gmail_reply.eml", "outlook_reply.eml", "qq_reply_gbk.eml")}
    assert kinds == {None}


def test_bounce_names_the_original_mail_and_the_reason() -> None:
    bounce = parse_mail(corpus("bounce_dsn.eml")).bounce
    assert bounce is not None
    assert bounce.original_message_id == "bcn.1.1679091c5a880faf6fb5@beacon.localhost"
    assert bounce.recipients == ("typo.customer@gmial.com",)
    assert bounce.status == "5.1.1"


def test_deeply_nested_mime_is_cut_off_not_recursed_forever() -> None:
    inner = b"Content-Type: text/plain\r\n\r\nbottom\r\n"
    for depth in range(40):
        boundary = f"b{depth}".encode()
        inner = (
            b"Content-Type: multipart/mixed; boundary="
            + boundary
            + b"\r\n\r\n--"
            + boundary
            + b"\r\n"
            + inner
            + b"\r\n--"
            + boundary
            + b"--\r\n"
        )
    mail = parse_mail(b"From: a@example.com\r\nSubject: nest\r\n" + inner)
    assert any("nested deeper" in d for d in mail.defects)


def test_encoded_attachment_name_in_gbk_is_decoded() -> None:
    name = base64.b64encode("充值截图.png".encode("gbk")).decode()
    raw = (
        "From: a@example.com\r\nSubject: x\r\nContent-Type: multipart/mixed; boundary=z\r\n\r\n--z\r\n"
        "Content-Type: text/plain\r\n\r\nsee file\r\n--z\r\n"
        f'Content-Type: image/png; name="=?GBK?B?{name}?="\r\nContent-Transfer-Encoding: base64\r\n\r\n'
        "aGVsbG8=\r\n--z--\r\n"
    ).encode()
    assert [p.filename for p in parse_mail(raw).attachments] == ["充值截图.png"]


@pytest.mark.parametrize(
    "quoted",
    [
        "On Fri, Nov 20, 2026 at 10:03 AM Beacon <support@beacon.localhost> wrote:\n> old",
        "在 2026年11月20日 10:03，Beacon Support <support@beacon.localhost> 写道:\n> 旧内容",
        "Beacon Support <support@beacon.localhost> 于2026年11月20日周五 10:03写道：\n> 旧内容",
        "发件人: Beacon <support@beacon.localhost>\n发送时间: 2026年11月20日 10:03\n收件人: me\n主题: x\n旧内容",
        "寄件者: Beacon Support\n寄件日期: 2026年11月20日 上午 10:03\n收件者: me\n主旨: x\n舊內容",
        "From: Beacon Support <support@beacon.localhost>\nSent: Friday, November 20, 2026 10:03 AM\nTo: me\nold",
        "-----Original Message-----\nFrom: Beacon\nold",
        "------------------ 原始邮件 ------------------\n发件人: Beacon\n旧内容",
    ],
)
def test_reply_headers_of_every_client_are_cut(quoted: str) -> None:
    assert extract_reply(f"新的回复 new reply\n\n{quoted}").text == "新的回复 new reply"


def test_bottom_posted_reply_is_kept_whole_rather_than_lost() -> None:
    text = "> What is your UID?\n\n12345678"
    assert extract_reply(text).text == text
