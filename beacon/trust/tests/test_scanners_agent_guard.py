"""Outgoing replies asking for secrets are held; the warnings support writes are not."""

from __future__ import annotations

import pytest

from beacon.trust.eval.texts import AGENT_REPLIES
from beacon.trust.scanners.agent_guard import GuardReason, check_agent_reply


@pytest.mark.parametrize(
    ("reply", "reason"),
    [
        ("please send us your seed phrase", GuardReason.ASKS_FOR_SEED_PHRASE),
        ("请提供您的助记词", GuardReason.ASKS_FOR_SEED_PHRASE),
        ("To secure your account, please enter your 12 words on the form below.", GuardReason.ASKS_FOR_SEED_PHRASE),
        ("告诉我验证码", GuardReason.ASKS_FOR_OTP),
        ("What is your 2FA code?", GuardReason.ASKS_FOR_OTP),
        ("Please share the verification code you received by SMS.", GuardReason.ASKS_FOR_OTP),
        ("Could you tell me your password so I can check?", GuardReason.ASKS_FOR_PASSWORD),
        ("您的密码是多少？", GuardReason.ASKS_FOR_PASSWORD),
        ("Kindly provide your private key for the audit.", GuardReason.ASKS_FOR_PRIVATE_KEY),
        ("请把您的私钥发给我们", GuardReason.ASKS_FOR_PRIVATE_KEY),
        ("Please install AnyDesk so I can help you", GuardReason.ASKS_FOR_REMOTE_ACCESS),
        ("请下载向日葵，我们远程帮您处理", GuardReason.ASKS_FOR_REMOTE_ACCESS),
        ("请用ToDesk连接", GuardReason.ASKS_FOR_REMOTE_ACCESS),
        ("Please provide your authenticator code to proceed.", GuardReason.ASKS_FOR_OTP),
        ("Send me your 2FA so I can unlock it.", GuardReason.ASKS_FOR_OTP),
        ("Please send us a photo of the paper with your 12 words.", GuardReason.ASKS_FOR_SEED_PHRASE),
        ("Type your recovery phrase here so we can restore the wallet.", GuardReason.ASKS_FOR_SEED_PHRASE),
        ("请把助记词截图发给我。", GuardReason.ASKS_FOR_SEED_PHRASE),
    ],
)
def test_requests_for_secrets_are_caught(reply: str, reason: GuardReason) -> None:
    assert reason in {f.reason for f in check_agent_reply(reply)}


def test_request_after_a_warning_in_the_same_sentence_is_caught() -> None:
    reply = "We never ask for your password, but please send your seed phrase to verify."

    assert [f.reason for f in check_agent_reply(reply)] == [GuardReason.ASKS_FOR_SEED_PHRASE]


def test_finding_points_at_the_offending_sentence() -> None:
    reply = "Thanks for waiting. Please send your seed phrase. We will check."

    finding = check_agent_reply(reply)[0]

    assert finding.excerpt == "Please send your seed phrase."
    assert reply[finding.start : finding.end].strip() == finding.excerpt


@pytest.mark.parametrize(
    "reply",
    [
        *AGENT_REPLIES,
        "we will never ask for your password",
        "never share your seed phrase",
        "请勿向任何人透露您的助记词",
        "do not give anyone your 2FA code",
        "Scammers may ask for your seed phrase; ignore them.",
        "我们的工作人员不会向您索要密码或验证码。",
        "切勿将私钥提供给任何人。",
        "请不要把验证码告诉任何人，包括客服。",
        "Binance Support will never ask for your 2FA codes, passwords or seed phrase.",
        "Please reset your password and enable 2FA.",
        "Please provide the TXID and the deposit address.",
        "Please enter the 6-digit code from Google Authenticator in the app to confirm the withdrawal.",
        "Please confirm whether you still have access to your 2FA device.",
        "You will receive an SMS code; do not share it with anyone.",
        "If you forgot your password, please use the reset page.",
        "Please make sure you are using the official app and never type your seed phrase into any website.",
        "请在App中输入短信验证码完成提现。",
        "请您登录后修改密码并开启谷歌验证。",
        "Your private key never leaves your device; we cannot see it.",
        "Remote access tools like AnyDesk are often used by scammers; never install them at someone's request.",
        "Do you still have your recovery phrase written down? Please keep it offline and do not share it.",
    ],
)
def test_warnings_and_ordinary_replies_pass(reply: str) -> None:
    assert check_agent_reply(reply) == []


def test_one_sentence_asking_for_two_secrets_gives_both_reasons() -> None:
    reply = "为了核实身份，请提供您的登录密码和谷歌验证码。"

    assert {f.reason for f in check_agent_reply(reply)} == {GuardReason.ASKS_FOR_PASSWORD, GuardReason.ASKS_FOR_OTP}
