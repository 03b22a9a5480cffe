"""Strip quoted history and signatures from a reply, keep forwarded mail.

Clients mark the start of the quoted history differently:
- Gmail / Apple Mail / Thunderbird: "On Fri, Nov 20, 2026 at 10:03 AM Alice <a@x> wrote:" (may wrap
  over two or three lines), in Chinese "在 2026年11月20日 … 写道:" or "Alice <a@x> 于2026年11月20日周五
  10:03写道：", in traditional Chinese "… 寫道：".
- Outlook: a "From: … Sent: … To: … Subject: …" block, often after a line of underscores; in
  Chinese Outlook/Foxmail "发件人: … 发送时间: …", in traditional Chinese "寄件者: … 寄件日期: …".
- QQ Mail: "------------------ 原始邮件 ------------------" (or "Original" in English).
- Everyone: "-----Original Message-----", and trailing "> " quoted lines.
Forwarded mail is different: the customer wants us to read it, so a forward keeps its content.
When stripping would leave nothing (bottom-posting), the full text is kept: losing a customer's
words is worse than showing a quote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_ATTRIBUTION = re.compile(r"(wrote|写道|寫道|a écrit|schrieb|escribió)\s*[:：]\s*$", re.IGNORECASE)
_ATTRIBUTION_START = re.compile(r"^(on|在|于|於|le|am|el)\b|\d", re.IGNORECASE)
_WRAPPED_START = re.compile(r"^\s*(on|在|于|於|le|am|el)\b.*\d", re.IGNORECASE)
_SEPARATOR = re.compile(
    r"^\s*(-{2,}|_{5,}|={5,})?\s*("
    r"original message|原始邮件|原始郵件|original|reply message|回复的原邮件|原邮件"
    r")\s*(-{2,}|_{5,}|={5,})?\s*$",
    re.IGNORECASE,
)
_UNDERSCORES = re.compile(r"^\s*_{8,}\s*$")
_HEADER_FROM = re.compile(r"^\s*\*?\s*(from|发件人|寄件者|寄件人|發件人)\s*\*?\s*[:：]", re.IGNORECASE)
_HEADER_NEXT = re.compile(
    r"^\s*\*?\s*(sent|date|to|subject|cc|发送时间|时间|日期|收件人|主题|寄件日期|傳送時間|傳送日期|收件者|主旨)\s*\*?\s*[:：]",
    re.IGNORECASE,
)
_FORWARD = re.compile(
    r"^\s*(-{2,}\s*(forwarded message|forwarded message follows|"
    r"转发邮件信息|转发的邮件|轉寄郵件|轉寄的郵件|已转发邮件)\s*-{2,}"
    r"|begin forwarded message\s*:|-{2,}\s*forwarded message\s*-{2,})\s*$",
    re.IGNORECASE,
)
_SIGNATURE_DELIMITER = re.compile(r"^--\s?$")
_DASH_RULE = re.compile(r"^\s*[-—_=]{6,}\s*$")
_MOBILE_FOOTER = re.compile(
    r"^\s*(sent from my |sent from (mail|outlook|yahoo)|get outlook for |sent with |"
    r"发自我的|發自我的|从我的 ?\S+ ?发送|從我的 ?\S+ ?傳送|来自我的|发自 ?(网易|QQ|iPhone|iPad|Android)|"
    r"來自我的|—— 来自|来自 ?QQ邮箱)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Reply:
    text: str
    forwarded: bool
    quote_removed: bool


def _joined(lines: list[str], i: int, count: int) -> str:
    return " ".join(line.strip() for line in lines[i : i + count])


def _is_attribution(lines: list[str], i: int) -> bool:
    line = lines[i].strip()
    if not line or len(line) > 300 or line.startswith(">"):
        return False
    if _ATTRIBUTION.search(line):
        return bool(_ATTRIBUTION_START.search(line))
    # Gmail wraps long attributions: "On Fri, … Alice <\nalice@example.com> wrote:".
    if not _WRAPPED_START.match(line):
        return False
    for count in (2, 3):
        block = lines[i : i + count]
        if len(block) < count or not all(part.strip() for part in block):
            return False
        text = _joined(lines, i, count)
        if _ATTRIBUTION.search(text) and len(text) < 400:
            return True
    return False


def _is_header_block(lines: list[str], i: int) -> bool:
    if not _HEADER_FROM.match(lines[i]):
        return False
    following = [line for line in lines[i + 1 : i + 6] if line.strip()]
    return sum(1 for line in following[:4] if _HEADER_NEXT.match(line)) >= 2


def _quote_start(lines: list[str]) -> int | None:
    for i, line in enumerate(lines):
        stripped = line.strip()
        if _SEPARATOR.match(stripped) and (stripped.startswith(("-", "_", "=")) or "原始" in stripped):
            return i
        if _is_header_block(lines, i):
            if i > 0 and _UNDERSCORES.match(lines[i - 1]):
                return i - 1
            return i
        if _is_attribution(lines, i):
            return i
    # Trailing block of "> " lines (and blank lines) at the end of the mail.
    end = len(lines)
    start = end
    for j in range(end - 1, -1, -1):
        stripped = lines[j].strip()
        if stripped.startswith(">") or not stripped:
            start = j
            continue
        break
    if start < end and any(line.strip().startswith(">") for line in lines[start:]):
        return start
    return None


def _strip_signature(lines: list[str]) -> list[str]:
    for i, line in enumerate(lines):
        if i > 0 and _SIGNATURE_DELIMITER.match(line):
            return lines[:i]
    tail = [i for i, line in enumerate(lines) if line.strip()][-4:]
    for i in tail:
        if i > 0 and (_MOBILE_FOOTER.match(lines[i]) or _is_rule_before_short_lines(lines, i)):
            return lines[:i]
    return lines


def _is_rule_before_short_lines(lines: list[str], i: int) -> bool:
    """Foxmail and many webmails put a line of dashes above the signature."""
    if not _DASH_RULE.match(lines[i]):
        return False
    after = [line for line in lines[i + 1 :] if line.strip()]
    return 0 < len(after) <= 3 and all(len(line.strip()) <= 60 for line in after)


def _trim(lines: list[str]) -> str:
    return "\n".join(lines).strip()


def extract_reply(text: str, *, forward_subject: bool = False) -> Reply:
    """The customer's own words in `text`, without the quoted history and signature."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\xa0", " ")
    lines = [line.rstrip() for line in text.split("\n")]
    forward_at = next((i for i, line in enumerate(lines) if _FORWARD.match(line)), None)
    if forward_at is not None or forward_subject:
        return Reply(_trim(lines), forwarded=True, quote_removed=False)
    cut = _quote_start(lines)
    own = lines if cut is None else lines[:cut]
    own = _strip_signature(own)
    result = _trim(own)
    if not result:
        return Reply(_trim(lines), forwarded=False, quote_removed=False)
    return Reply(result, forwarded=False, quote_removed=cut is not None)
