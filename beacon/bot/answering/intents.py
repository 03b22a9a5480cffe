"""What a question asks for besides an answer (pure): a person, or urgent security help."""

from __future__ import annotations

import re

_CJK = re.compile(r"[\u3400-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")

_HUMAN = re.compile(
    r"\b(?:talk|speak|chat|connect\s+me)\s+(?:to|with)\s+(?:a\s+|an\s+|some\s*one\s*|the\s+)?"
    r"(?:human|person|agent|operator|someone|somebody|representative|real\s+person|support(?:\s+staff)?)\b"
    r"|\b(?:real|live|human)\s+(?:person|human|agent|support|operator)\b"
    r"|\bcustomer\s+(?:service|support)\s+(?:agent|representative|person)\b"
    r"|^\s*(?:a\s+)?(?:human|agent|operator|person|representative)\s*[.!?]*\s*$",
    re.IGNORECASE,
)
_HUMAN_ZH = re.compile(r"转人工|人工客服|人工服务|接人工|找人工|要人工|真人|联系客服|找客服|^\s*人工\s*[。！!？?]*\s*$")

_SECURITY = re.compile(
    r"\b(?:hack(?:ed)?|compromised|stolen|unauthori[sz]ed\s+(?:withdrawal|login|access|transfer)"
    r"|someone\s+(?:logged\s+in|withdrew|took|stole|accessed)|drained)\b",
    re.IGNORECASE,
)
_SECURITY_ZH = re.compile(r"被盗|盗号|被黑|资产被转走|币被转走|被人登录|未经授权|账户被入侵")


def question_language(question: str, fallback: str) -> str:
    """zh-hans when the question is written in Chinese, en when in Latin script, else `fallback`."""
    if _CJK.search(question):
        return "zh-hans"
    if _LATIN.search(question):
        return "en"
    return "zh-hans" if fallback.lower().startswith("zh") else "en"


def asks_for_person(question: str) -> bool:
    return bool(_HUMAN.search(question) or _HUMAN_ZH.search(question))


def is_security_emergency(question: str) -> bool:
    """Someone describing a compromised account or stolen funds: a person must take it at once."""
    return bool(_SECURITY.search(question) or _SECURITY_ZH.search(question))


# Subjects an incident or maintenance notice can be about, and how questions name them.
_SUBJECTS: dict[str, re.Pattern[str]] = {
    "withdrawal": re.compile(
        r"\bwithdraw(?:al|als|ing|n)?\b|\bcash(?:ing)?[\s-]?out\b|提币|提现|出金|提款", re.IGNORECASE
    ),
    "deposit": re.compile(r"\bdeposit(?:s|ed|ing)?\b|\btop[\s-]?up\b|充币|充值|入金|到账", re.IGNORECASE),
    "login": re.compile(r"\blog(?:ging)?[\s-]?in\b|\bsign(?:ing)?[\s-]?in\b|登录|登陆", re.IGNORECASE),
    "trading": re.compile(r"\btrad(?:e|es|ing)\b|\border(?:s)?\b|交易|下单|订单", re.IGNORECASE),
}
_PROBLEM = re.compile(
    r"\bstuck\b|\bdelay(?:ed|s)?\b|\bpending\b|\bslow\b|\bfail(?:ed|ing|s)?\b|\bproblem\b|\bissue\b|\bdown\b"
    r"|\bnot\s+(?:arriv|receiv|work|credit|go)|\b(?:hasn'?t|haven'?t|isn'?t|didn'?t)\b|\btaking\s+(?:forever|long|ages)"
    r"|\bwhy\s+is\s+my\b|\bstill\b|\bwrong\b"
    r"|卡住|卡了|延迟|没到|未到|不到|一直|失败|问题|太慢|很慢|处理中|还没",
    re.IGNORECASE,
)
_DONE = re.compile(
    r"\bcomplete(?:d)?\b|\bsuccessful(?:ly)?\b|\bsays\s+(?:done|sent)\b|已完成|显示完成|成功", re.IGNORECASE
)
_ASSETS = {
    "BTC": re.compile(r"\bbtc\b|\bbitcoin\b|比特币", re.IGNORECASE),
    "ETH": re.compile(r"\beth\b|\bethereum\b|\berc-?20\b|以太坊", re.IGNORECASE),
    "TRX": re.compile(r"\btrx\b|\btron\b|\btrc-?20\b|波场", re.IGNORECASE),
    "BNB": re.compile(r"\bbnb\b|\bbsc\b|\bbep-?20\b", re.IGNORECASE),
    "SOL": re.compile(r"\bsol\b|\bsolana\b", re.IGNORECASE),
    "XRP": re.compile(r"\bxrp\b|\bripple\b|瑞波", re.IGNORECASE),
    "USDT": re.compile(r"\busdt\b|\btether\b|泰达", re.IGNORECASE),
}
_ASSET_ALIASES = {"ERC20": "ETH", "TRC20": "TRX", "BEP20": "BNB", "BSC": "BNB"}


def subjects(text: str) -> set[str]:
    return {name for name, pattern in _SUBJECTS.items() if pattern.search(text)}


def reports_problem(question: str) -> bool:
    """A report that something is not happening ("why is my withdrawal stuck?"), not "it says completed, but…"."""
    return bool(_PROBLEM.search(question)) and not _DONE.search(question)


def assets(text: str) -> set[str]:
    return {name for name, pattern in _ASSETS.items() if pattern.search(text)}


def normalise_assets(names: list[str] | tuple[str, ...]) -> set[str]:
    found = set()
    for name in names:
        upper = name.strip().upper()
        found.add(_ASSET_ALIASES.get(upper, upper))
        found |= assets(name)
    return found
