"""Account credentials typed into chat: API secrets, TOTP setup keys, passwords, 2FA codes.

None of these has a shape of its own (a password can be anything, a 2FA code is six
digits like an order number), so every detector here starts from the words people
put next to them and only then looks at the value. The value patterns stay strict
enough that an order number, a TXID or an address next to the same words is left
alone.
"""

from __future__ import annotations

import re

from beacon.trust.scanners.findings import Finding, SecretKind, make_finding
from beacon.trust.scanners.patterns import compile_mixed
from beacon.trust.scanners.proximity import cue_within

# --- exchange API key + secret -----------------------------------------------------

_API_CUES = ("api", "secret", "passphrase", "密钥", "秘钥", "access")  # lower case
_API_CUE_RE = compile_mixed(r"api|secret|passphrase|密钥|秘钥|access[\s_-]?key", re.IGNORECASE)
# Base64/hex/alphanumeric values; "=" only as base64 padding, so "secret=VALUE" splits.
_CREDENTIAL_RE = re.compile(r"(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{16,128}={0,2}(?![A-Za-z0-9+/=_-])")
_PRIVATE_HALF_LABEL = (
    r"(?:api[\s_-]?)?secret(?:[\s_-]?key)?|secretkey|api_secret|private[\s_-]?key|"
    r"pass[\s_-]?phrase|密钥|秘钥|私钥"
)
_PUBLIC_LABEL = r"api[\s_-]?key|apikey|access[\s_-]?key(?:[\s_-]?id)?|key[\s_-]?id|\bkey|公钥"
_OTHER_LABEL = (
    r"tx[\s_-]?(?:id|hash)|hash|address|addr|地址|哈希|order|订单|uid|memo|tag|\bid|"
    r"uuid|invoice|reference|ref"
)
_LABEL_RE = compile_mixed(
    rf"(?:(?P<secret>{_PRIVATE_HALF_LABEL})|(?P<public>{_PUBLIC_LABEL})|(?P<other>{_OTHER_LABEL}))"
    r"\s*(?:is|=|:|：|是|为|-)?\s*[\"'`“]?\s*\Z",
    re.IGNORECASE,
)
_ADDRESS_RE = re.compile(
    r"0x[0-9a-fA-F]{40}|T[1-9A-HJ-NP-Za-km-z]{33}|[13][1-9A-HJ-NP-Za-km-z]{25,34}|"
    r"(?:bc|tb|ltc)1[0-9a-z]{20,90}"
)
_LABEL_LOOKBEHIND = 40

# --- TOTP setup keys ----------------------------------------------------------------

_TOTP_CUES = (
    "otpauth", "2fa", "factor", "authenticator", "setup", "set-up", "set up", "otp", "google",
    "backup", "recovery", "digit", "谷歌", "验证器", "密钥",
)  # fmt: skip
_OTPAUTH_RE = re.compile(r"otpauth(?:-migration)?://[^\s\"'<>]+", re.IGNORECASE)
# Ungrouped 16/26/32 characters, or 16/32 in groups of four as authenticator apps show
# them ("jbsw y3dp ehpk 3pxp"). Two plain patterns rather than one with alternatives:
# the engine can skip ahead on a leading character class. Boundaries are checked in Python.
_BASE32_RUN_RE = re.compile(r"[A-Za-z2-7]{16,}")
_BASE32_GROUPED_RE = re.compile(r"(?:[A-Za-z2-7]{4} ){3}[A-Za-z2-7]{4}(?:(?: [A-Za-z2-7]{4}){4})?")
_BASE32_LENGTHS = (16, 26, 32)
_BASE32_VALUE_RE = re.compile(r"[A-Za-z2-7]{16}|[A-Za-z2-7]{26}|[A-Za-z2-7]{32}")
_TOTP_CUE_RE = compile_mixed(
    r"2fa|two[\s-]?factor|authenticator|set[\s-]?up[\s-]?key|\botp|totp|google[\s-]?auth|"
    r"backup[\s-]?key|recovery[\s-]?key|16[\s-]?digit[\s-]?key|谷歌验证|身份验证器|验证器|"
    r"2fa密钥|备份密钥|安全密钥|恢复密钥|密钥",
    re.IGNORECASE,
)

# --- passwords ----------------------------------------------------------------------

_PASSWORD_CUES = ("pass", "pwd", "pw", "密码")
# Starts with a plain alternation (no look-behind) so the regex engine can skip ahead to
# the letter "p"; the word boundary before it is checked in Python.
_PASSWORD_RE = compile_mixed(
    r"(?:password|passcode|passwd|pwd|pw)\b(?P<sep>\s*(?:is|was)?\s*[:=：-]?)\s*"
    r"(?P<value>\"[^\"\n]{1,64}\"|'[^'\n]{1,64}'|“[^”\n]{1,64}”|\S{1,64})",
    re.IGNORECASE,
)
_CHINESE_PASSWORD_RE = compile_mixed(r"密码\s*(?:是|为|：|:|=)*\s*(?P<value>[\x21-\x7e]{4,64})")
# fmt: off
_NOT_A_PASSWORD = frozenset((
    "a", "about", "above", "accepted", "again", "also", "an", "and", "any", "are", "as", "at", "bad",
    "be", "because", "been", "being", "below", "blank", "but", "by", "can", "cannot", "case", "change",
    "changed", "characters", "chars", "compromised", "correct", "did", "different", "do", "does",
    "doesn't", "empty", "entered", "expired", "field", "fine", "for", "forgot", "forgotten", "from",
    "good", "hacked", "had", "has", "have", "help", "here", "hidden", "hint", "i", "if", "in",
    "incorrect", "invalid", "is", "isn't", "it", "its", "just", "known", "leaked", "length", "locked",
    "log", "login", "long", "lost", "manager", "missing", "must", "my", "needed", "never", "new", "no",
    "not", "now", "ok", "okay", "old", "on", "or", "our", "please", "policy", "protected", "recovery",
    "rejected", "required", "requirements", "reset", "right", "rules", "safe", "same", "saved",
    "secure", "sensitive", "sent", "set", "short", "should", "sign", "so", "still", "stolen",
    "strength", "strong", "than", "that", "the", "their", "then", "there", "this", "to", "too", "typed",
    "unknown", "updated", "valid", "very", "was", "wasn't", "weak", "when", "will", "with", "without",
    "won't", "working", "wrong", "you", "your",
))
# fmt: on
_ASCII_PUNCTUATION = ".,;:!?)]}>"
_CJK_PUNCTUATION = "。，；：！？）」』】"
_MASK_CHARS = frozenset("*•·●x")

# --- one-time codes -----------------------------------------------------------------

# Codes are found first (digits are rare in chat) and only then is the text just
# before or after them checked for the words that make them a one-time code.
_CODE_RE = re.compile(r"[0-9]{3}[ -]?[0-9]{3}[0-9]{0,2}")  # shape and boundaries checked in Python
_CODE_LOOKBEHIND = 40
_CODE_NEIGHBOURS = frozenset("0123456789-")
_OTP_CUE_BEFORE_RE = compile_mixed(
    r"(?:\b(?:2fa|mfa|otp|totp|two[\s-]?factor|one[\s-]?time)(?:\s*(?:code|pin|token|password)s?)?"
    r"|\b(?:google|ga|authenticator|sms|text|e-?mail|verification|security|auth|login|"
    r"withdrawal|phone)(?:\s*authenticator)?\s*(?:code|pin)"
    r"|验证码|2fa\s*码|动态码|动态口令|谷歌码)"
    r"\s*(?:is|was|now|=|:|：|-|#|是|为)?\s*:?\s*\Z",
    re.IGNORECASE,
)
_OTP_CUE_AFTER_RE = compile_mixed(
    r"\s+(?:is|was)\s+(?:my|the)\s+(?:2fa|otp|google|authenticator|sms|verification)\s*code",
    re.IGNORECASE,
)


def find_credentials(text: str) -> list[Finding]:
    """API secrets, TOTP setup keys, passwords and one-time codes in ``text``.

    One pass over the lower-cased text tells which detectors' cue words occur at all;
    most messages have none, and the detectors' own regexes are far costlier.
    """
    cues = _present_cue_families(text.lower())
    findings: list[Finding] = []
    if "api" in cues:
        findings += _api_secrets(text)
    if "totp" in cues:
        findings += _totp_secrets(text)
    if "password" in cues:
        findings += _passwords(text)
    findings += _otp_codes(text)
    return findings


_CUE_FAMILY = {
    **dict.fromkeys(_TOTP_CUES, "totp"),
    **dict.fromkeys(_API_CUES, "api"),
    **dict.fromkeys(_PASSWORD_CUES, "password"),
}
# "密钥" (secret key) labels both API secrets and 2FA setup keys.
_SHARED_CUES = {"密钥": ("api", "totp")}
_ALL_CUES_RE = re.compile("|".join(re.escape(c) for c in sorted(_CUE_FAMILY, key=len, reverse=True)))


def _present_cue_families(lowered: str) -> set[str]:
    found = {_CUE_FAMILY[cue] for cue in _ALL_CUES_RE.findall(lowered)}
    for cue, families in _SHARED_CUES.items():
        if cue in lowered:
            found.update(families)
    return found


def _api_secrets(text: str) -> list[Finding]:
    labelled: list[tuple[re.Match[str], str | None]] = []
    for match in _CREDENTIAL_RE.finditer(text):
        value = match.group()
        if not _looks_random(value) or _ADDRESS_RE.fullmatch(value):
            continue
        if _BASE32_VALUE_RE.fullmatch(value) and cue_within(text, match.start(), match.end(), _TOTP_CUE_RE):
            continue  # an authenticator setup key, reported by _totp_secrets
        label = _label_before(text, match.start())
        if label != "other":
            labelled.append((match, label))
    findings = [
        make_finding(*m.span(), SecretKind.EXCHANGE_API_SECRET, 0.9, "labelled API secret")
        for m, label in labelled
        if label == "secret"
    ]
    unlabelled = [m for m, label in labelled if label is None]
    has_public = any(label == "public" for _, label in labelled)
    # Exchanges show the key first and the secret second; a bare pair is read that way.
    candidates = unlabelled if has_public else unlabelled[1:]
    if len(labelled) >= 2:
        findings.extend(
            make_finding(*m.span(), SecretKind.EXCHANGE_API_SECRET, 0.7, "API key/secret pair")
            for m in candidates
            if cue_within(text, m.start(), m.end(), _API_CUE_RE, radius=200)
        )
    return findings


def _looks_random(value: str) -> bool:
    """Credentials mix letters and digits; words, numbers and paths do not."""
    has_digit = any(c.isdigit() for c in value)
    has_letter = any(c.isalpha() for c in value)
    return has_digit and has_letter and "//" not in value and not value.startswith("/")


def _label_before(text: str, start: int) -> str | None:
    window = text[max(0, start - _LABEL_LOOKBEHIND) : start]
    match = _LABEL_RE.search(window)
    if match is None:
        return None
    return match.lastgroup


def _totp_secrets(text: str) -> list[Finding]:
    findings: list[Finding] = []
    if "otpauth" in text.lower():
        findings += [
            make_finding(*m.span(), SecretKind.TOTP_SECRET, 0.99, "otpauth:// URI with its secret")
            for m in _OTPAUTH_RE.finditer(text)
        ]
    for match in [*_BASE32_RUN_RE.finditer(text), *_BASE32_GROUPED_RE.finditer(text)]:
        start, end = match.span()
        value = match.group().replace(" ", "")
        if len(value) not in _BASE32_LENGTHS or _glued_to_alphanumerics(text, start, end):
            continue
        plausible = any(c in "234567" for c in value) or value.isupper()
        if plausible and cue_within(text, start, end, _TOTP_CUE_RE):
            detail = f"{len(value)}-character base32 authenticator setup key"
            findings.append(make_finding(start, end, SecretKind.TOTP_SECRET, 0.85, detail))
    return findings


def _glued_to_alphanumerics(text: str, start: int, end: int) -> bool:
    return (start > 0 and _is_ascii_word_char(text[start - 1])) or (end < len(text) and _is_ascii_word_char(text[end]))


def _passwords(text: str) -> list[Finding]:
    findings: list[Finding] = []
    for match in _PASSWORD_RE.finditer(text):
        if match.start() and _is_ascii_word_char(text[match.start() - 1]):
            continue
        span = _password_value_span(match, explicit=bool(match.group("sep").strip()))
        if span is not None:
            findings.append(make_finding(*span, SecretKind.PASSWORD, 0.8, "password typed in chat"))
    if "密码" in text:
        for match in _CHINESE_PASSWORD_RE.finditer(text):
            span = _password_value_span(match, explicit=True)
            if span is not None:
                findings.append(make_finding(*span, SecretKind.PASSWORD, 0.8, "password typed in chat"))
    return findings


def _is_ascii_word_char(char: str) -> bool:
    return char.isascii() and (char.isalnum() or char == "_")


def _password_value_span(match: re.Match[str], explicit: bool) -> tuple[int, int] | None:
    """Where the password value is, unless the "value" is really the next word.

    Trailing ASCII punctuation stays inside the span: "Abc123!" may end with "!", and
    redacting a full stop too costs nothing.
    """
    value = match.group("value")
    start, end = match.span("value")
    if value[0] in "\"'“" and len(value) > 2:
        return (start + 1, end - 1) if value[1:-1].strip() else None
    without_cjk = value.rstrip(_CJK_PUNCTUATION)
    end -= len(value) - len(without_cjk)
    bare = without_cjk.rstrip(_ASCII_PUNCTUATION)
    if not bare or set(bare) <= _MASK_CHARS or bare.lower() in _NOT_A_PASSWORD:
        return None
    if not any(c.isascii() and c.isalnum() for c in bare):
        return None
    if explicit or _looks_like_password(bare):
        return start, end
    return None


def _looks_like_password(value: str) -> bool:
    """Without "is" or ":" only a value that no sentence would contain counts."""
    has_digit = any(c.isdigit() for c in value)
    has_letter = any(c.isalpha() for c in value)
    has_symbol = any(not c.isalnum() for c in value)
    return len(value) >= 6 and (has_digit or (has_symbol and has_letter))


def _otp_codes(text: str) -> list[Finding]:
    findings: list[Finding] = []
    for match in _CODE_RE.finditer(text):
        start, end = match.span()
        if (start and text[start - 1] in _CODE_NEIGHBOURS) or (end < len(text) and text[end] in _CODE_NEIGHBOURS):
            continue
        if not match.group().isdigit() and len(match.group()) != 7:
            continue  # "123 456" only: a separated group of three and three
        before = text[max(0, start - _CODE_LOOKBEHIND) : start]
        if _OTP_CUE_BEFORE_RE.search(before) or _OTP_CUE_AFTER_RE.match(text, end):
            findings.append(make_finding(start, end, SecretKind.OTP_CODE, 0.8, "one-time 2FA/SMS code"))
    return findings
