"""Stop an outgoing agent reply that asks the customer for a secret.

Support never asks for a password, a 2FA/SMS code, seed words or a private key, nor
to install remote-access software. A reply doing so is either a compromised agent
account or a mistake; both must be held before sending.

The difficulty is that agents *mention* these things all day in warnings ("we will
never ask for your password", "请勿向任何人透露您的助记词"). A request is a
hand-over verb near a secret ("send ... seed phrase", "提供 ... 助记词"); it does not
count when the verb sits in the scope of a negation or a warning ("never", "do not",
"scammers", "请勿", "骗子"). A scope runs to the end of the sentence or to the next
fresh request ("please", "but", "请", "但是"), so "we never ask for your password, but
please send your seed phrase" is still caught.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum, auto

from beacon.trust.scanners.patterns import compile_mixed


class GuardReason(StrEnum):
    ASKS_FOR_PASSWORD = auto()
    ASKS_FOR_OTP = "asks_for_otp_code"
    ASKS_FOR_SEED_PHRASE = "asks_for_seed_phrase"
    ASKS_FOR_PRIVATE_KEY = "asks_for_private_key"
    ASKS_FOR_REMOTE_ACCESS = "asks_for_remote_access"


@dataclass(frozen=True, slots=True)
class GuardFinding:
    """``text[start:end]`` is the sentence holding the request."""

    start: int
    end: int
    reason: GuardReason
    excerpt: str


_OBJECTS: dict[GuardReason, re.Pattern[str]] = {
    GuardReason.ASKS_FOR_SEED_PHRASE: compile_mixed(
        r"\b(?:seed|recovery|secret|backup|mnemonic|wallet)[\s-]*(?:recovery[\s-]*)?"
        r"(?:phrase|words?|seed)\b|\bmnemonic\b|\b(?:12|24|twelve|twenty[\s-]four)[\s-]*words?\b|"
        r"助记词|助記詞|恢复短语|恢復短語|恢复词|种子短语|种子词"
    ),
    GuardReason.ASKS_FOR_PRIVATE_KEY: compile_mixed(
        r"\bpriv(?:ate)?[\s-]*keys?\b|\bprivkey\b|\bkeystore\b|\bxprv\b|私钥|私鑰|密钥文件"
    ),
    GuardReason.ASKS_FOR_OTP: compile_mixed(
        r"\b(?:2fa|mfa|otp|two[\s-]*factor|one[\s-]*time|verification|sms|text|email|"
        r"authenticator|google(?:\s*auth(?:enticator)?)?|security|6[\s-]*digit|login)"
        r"[\s-]*(?:codes?|pins?|passwords?)\b|"
        # A bare "2FA" names the code only when no other noun follows ("2FA device").
        r"\b(?:2fa|otp)\b(?![\s-]*(?:device|app|settings?|reset|enabled|disabled|binding|method|"
        r"recovery|backup|setup|is|on|off|verification|authenticator))|"
        r"验证码|動態碼|动态码|动态口令|安全码|2fa码"
    ),
    GuardReason.ASKS_FOR_PASSWORD: compile_mixed(
        r"\b(?:pass(?:word|code)|pwd)s?\b(?![\s-]*(?:reset|change|manager|polic|requirement|"
        r"link|strength|rule|hint|update))|(?<![验证动态])密码(?!重置|修改|找回|规则|强度)"
    ),
    GuardReason.ASKS_FOR_REMOTE_ACCESS: compile_mixed(
        r"\b(?:anydesk|teamviewer|sunlogin|todesk|rustdesk|quick\s*support|ultraviewer|"
        r"splashtop|chrome\s+remote\s+desktop|remote[\s-]*(?:access|control|desktop|"
        r"assistance|support\s+app)|screen[\s-]*shar(?:e|ing))\b|向日葵|远程控制|远程协助|"
        r"远程桌面|屏幕共享|远程软件"
    ),
}
_HAND_OVER = compile_mixed(
    r"\b(?:send|sending|provide|share|give|tell|forward|submit|reply\s+with|paste|read\s+out|"
    r"confirm|disclose|reveal|show|dm|message|need|require|ask(?:ing)?\s+(?:you\s+)?for|"
    r"what(?:'s|\s+is|\s+are)\s+your|can\s+i\s+(?:have|get)|let\s+(?:me|us)\s+know|"
    r"type\s+(?:it|them)\s+here)\b|"
    r"提供|发送|发给|发我|发一下|发过来|告诉|告知|透露|给我|给我们|报给|报一下|说一下|"
    r"截图|拍照|上传|是多少|是什么|需要您的|需要你的|回复"
)
# Typing a seed or a key anywhere is already the theft; typing a code into the app is not.
_ENTER = compile_mixed(r"\b(?:enter|input|type|fill\s+in|import)\b|输入|填写|导入")
_ENTER_MATTERS = frozenset({GuardReason.ASKS_FOR_SEED_PHRASE, GuardReason.ASKS_FOR_PRIVATE_KEY})
_INSTALL = compile_mixed(
    r"\b(?:install|download|open|run|use|launch|connect|accept|allow|grant|enable)\b|"
    r"下载|安装|打开|使用|用|连接|接受|允许"
)
_NEGATION = compile_mixed(
    r"\b(?:never|not|no|don't|dont|won't|doesn't|cannot|can't|shouldn't|mustn't|avoid|"
    r"beware|nobody|no\s+one|anyone|someone|scam\w*|fraud\w*|impersonat\w*|phishing|fake|"
    r"without)\b|"
    r"不会|不要|请勿|切勿|勿|绝不|从不|从来不|不得|禁止|千万别|别|不可|不能|谨防|警惕|不应|避免|"
    r"并非|任何人|他人|陌生人|骗子|诈骗|冒充|假冒|钓鱼"
)
_SCOPE_RESET = compile_mixed(r"\b(?:please|but|however|instead|just|now)\b|请(?![勿不别])|但是|但|不过|而是|现在")
_SENTENCE_RE = re.compile(r"[^.!?。！？;；\n]+[.!?。！？;；\n]*")
_VERB_DISTANCE = 60
_CLAUSE_BREAK = compile_mixed(r"[,，、:：]|\b(?:but|and|or|so)\b|但|而")


def check_agent_reply(text: str) -> list[GuardFinding]:
    """Requests for a secret or for remote access in an outgoing reply, one per sentence."""
    findings: list[GuardFinding] = []
    for sentence in _SENTENCE_RE.finditer(text):
        for reason in _requests(sentence.group()):
            excerpt = sentence.group().strip()
            findings.append(GuardFinding(sentence.start(), sentence.end(), reason, excerpt))
    return findings


def _requests(sentence: str) -> list[GuardReason]:
    negated = _negated_spans(sentence)
    reasons: list[GuardReason] = []
    for reason, pattern in _OBJECTS.items():
        verbs = _verbs_for(reason)
        for obj in pattern.finditer(sentence):
            if any(
                _near(sentence, verb.span(), obj.span()) and not _inside(verb.start(), negated)
                for verb_pattern in verbs
                for verb in verb_pattern.finditer(sentence)
            ):
                reasons.append(reason)
                break
    return reasons


def _verbs_for(reason: GuardReason) -> tuple[re.Pattern[str], ...]:
    if reason is GuardReason.ASKS_FOR_REMOTE_ACCESS:
        return (_INSTALL, _HAND_OVER)
    if reason in _ENTER_MATTERS:
        return (_HAND_OVER, _ENTER)
    return (_HAND_OVER,)


def _near(sentence: str, verb: tuple[int, int], obj: tuple[int, int]) -> bool:
    """Verb before the object, or right after it in the same clause ("验证码发给我")."""
    if verb[1] <= obj[0] + 1:
        return obj[0] - verb[1] <= _VERB_DISTANCE
    between = sentence[obj[1] : verb[0]]
    return len(between) <= _VERB_DISTANCE // 2 and not _CLAUSE_BREAK.search(between)


def _negated_spans(sentence: str) -> list[tuple[int, int]]:
    """From each negation or warning word to the next fresh request, or the end."""
    resets = [m.start() for m in _SCOPE_RESET.finditer(sentence)]
    spans: list[tuple[int, int]] = []
    for negation in _NEGATION.finditer(sentence):
        end = next((r for r in resets if r >= negation.end()), len(sentence))
        spans.append((negation.start(), end))
    return spans


def _inside(position: int, spans: list[tuple[int, int]]) -> bool:
    return any(start <= position < end for start, end in spans)
