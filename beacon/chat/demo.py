"""Demo canned replies for the agent console (bilingual). Idempotent."""

from __future__ import annotations

from beacon.chat.models import CannedReply

CANNED = [
    (
        "Greeting",
        "Hello, thank you for contacting support. I am looking into this for you now.",
        "您好，感谢您联系客服，我正在为您查询。",
    ),
    (
        "Ask for the TXID",
        "Could you send me the transaction ID (TXID), the network and the amount? Never send your password, "
        "2FA codes or seed phrase.",
        "请提供交易哈希（TXID）、网络和数量。请勿发送密码、双重验证码或助记词。",
    ),
    (
        "Deposit credited",
        "Your deposit has been credited to your account. Thank you for your patience.",
        "您的充币已到账，感谢您的耐心等待。",
    ),
    (
        "Anti-phishing code",
        "To check this chat is really us: the header shows your anti-phishing code. Set one under Account if you "
        "have not yet.",
        "确认本次对话来自官方：对话顶部会显示您的防钓鱼码。如尚未设置，请在“账户”中设置。",
    ),
]


def load_demo_chat() -> None:
    for position, (title, english, chinese) in enumerate(CANNED):
        CannedReply.objects.get_or_create(
            title=title, defaults={"body_en": english, "body_zh": chinese, "position": position}
        )
