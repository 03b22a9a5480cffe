"""Text for search: normalisation, Chinese word segmentation and English stemming.

Index and queries go through the same `tokenize()`, so both sides agree on what a word is:

* NFKC + case folding first (full-width ＵＳＤＴ is usdt, Ⅱ is ii).
* Runs of Chinese characters are segmented with jieba in search mode (a long word also yields the
  dictionary words inside it: 双重验证 → 双重, 验证, 双重验证). jieba's own dictionary does not know the
  exchange vocabulary (it splits 到账 into 到 + 账, 充币 into 充 + 币), so `DOMAIN_WORDS` are added
  to a private tokenizer; the HMM guesser is off so the same text always gives the same words.
* Runs of Latin letters and digits are split into words; letters-only words are stemmed with the
  Snowball English stemmer (deposits, deposited → deposit) and kept whole when they mix in digits
  (2fa, trc20, erc20).

The module is pure: no database, no settings; jieba's dictionary loads once, on first use.
"""

from __future__ import annotations

import logging
import re
import threading
import unicodedata
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

import snowballstemmer

if TYPE_CHECKING:
    import jieba

# Words jieba's general dictionary lacks or splits; each is kept as one token (and, in search mode,
# the dictionary words inside it are emitted as well).
DOMAIN_WORDS: tuple[str, ...] = (
    # deposits and withdrawals
    "到账",
    "未到账",
    "充币",
    "提币",
    "充值",
    "提现",
    "充提",
    "入金",
    "出金",
    "划转",
    "内部转账",
    "链上",
    "交易哈希",
    "哈希值",
    "区块确认",
    "确认数",
    "最小充值",
    "最小提币",
    "提币地址",
    "充币地址",
    "地址簿",
    "提币白名单",
    "白名单",
    "主网",
    "公链",
    "侧链",
    "跨链",
    "错链",
    "转错网络",
    "标签",
    "备注",
    "代币合约",
    "合约地址",
    "手续费",
    "矿工费",
    "燃料费",
    "提币手续费",
    "暂停充提",
    "钱包维护",
    "找回",
    "退回",
    # account security
    "双重验证",
    "二次验证",
    "两步验证",
    "谷歌验证",
    "谷歌验证器",
    "身份验证器",
    "验证码",
    "短信验证",
    "邮箱验证",
    "防钓鱼码",
    "钓鱼网站",
    "钓鱼邮件",
    "助记词",
    "私钥",
    "公钥",
    "资金密码",
    "登录密码",
    "冻结账户",
    "解冻",
    "账户被盗",
    "异常登录",
    "安全设置",
    "设备管理",
    "安全密钥",
    "通行密钥",
    # verification
    "实名认证",
    "身份认证",
    "身份证",
    "护照",
    "驾照",
    "人脸识别",
    "活体检测",
    "地址证明",
    "高级认证",
    "认证失败",
    "审核中",
    # products
    "现货",
    "合约",
    "永续合约",
    "交割合约",
    "杠杆",
    "保证金",
    "逐仓",
    "全仓",
    "爆仓",
    "强平",
    "强制平仓",
    "强平价格",
    "标记价格",
    "最新价格",
    "资金费率",
    "止盈",
    "止损",
    "限价单",
    "市价单",
    "挂单",
    "吃单",
    "场外交易",
    "法币",
    "广告商",
    "商家",
    "放币",
    "付款",
    "申诉",
    "订单申诉",
    "收款方式",
    "子账户",
    "密钥",
    "接口",
    "限频",
    "签名错误",
    "时间戳",
    "白名单地址",
)
# Function words that carry no meaning for retrieval. Kept short on purpose: "not", 未 and 没 stay.
STOPWORDS: frozenset[str] = frozenset(
    {
        # English, after stemming
        "a", "an", "the", "i", "me", "my", "we", "our", "you", "your", "it", "its", "is", "are", "was",
        "were", "be", "been", "am", "do", "doe", "did", "to", "of", "in", "on", "for", "with", "at", "by",
        "from", "and", "or", "if", "so", "that", "this", "there", "what", "how", "why", "can", "could",
        "would", "should", "will", "have", "has", "had", "pleas", "pls", "hi", "hello", "get", "got",
        "about", "as", "into", "up", "just", "some", "any",
        # Chinese
        "的", "了", "吗", "呢", "吧", "啊", "呀", "我", "我的", "你", "您", "你们", "是", "在", "和", "与",
        "及", "就", "都", "也", "要", "请", "请问", "怎么", "怎么办", "怎样", "如何", "为什么", "什么", "一下",
        "这个", "那个", "还", "已经", "一直", "可以", "能", "会", "有", "把", "被", "给", "让",
    }
)  # fmt: skip
MAX_QUERY_CHARS = 256
MAX_QUERY_TERMS = 32
MAX_TERM_CHARS = 64  # longer "words" are noise (hashes, pasted keys): cut, never refused

_RUN = re.compile(
    r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+"  # Chinese: segmented by jieba
    r"|[0-9a-z\u00c0-\u024f]+(?:['’][a-z]+)?"  # Latin words and numbers
    r"|[^\W_]+"  # any other script, taken as whole words
)
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u2028-\u202f\u2060-\u206f\ufeff]")

_lock = threading.Lock()
_segmenter: jieba.Tokenizer | None = None
_stemmer = snowballstemmer.stemmer("english")


@dataclass(frozen=True, slots=True)
class Token:
    """A word: `term` is what is indexed and matched; `start`/`end` locate it in the normalised text."""

    term: str
    start: int
    end: int


def normalize(text: str) -> str:
    """NFKC, case-folded, control and zero-width characters removed. Keeps the length of ordinary
    text so offsets from `tokenize()` can be used to highlight it."""
    return _CONTROL.sub(" ", unicodedata.normalize("NFKC", text or "")).casefold()


def segmenter() -> jieba.Tokenizer:
    """The private jieba tokenizer with the domain dictionary (loaded once per process)."""
    global _segmenter
    if _segmenter is None:
        with _lock:
            if _segmenter is None:
                with warnings.catch_warnings():
                    # jieba 0.42 has invalid escape sequences that Python 3.12+ warns about on import.
                    warnings.simplefilter("ignore", SyntaxWarning)
                    import jieba
                logging.getLogger("jieba").setLevel(logging.WARNING)
                tokenizer = jieba.Tokenizer()
                tokenizer.initialize()
                for word in DOMAIN_WORDS:
                    tokenizer.add_word(word.casefold(), freq=50_000)
                _segmenter = tokenizer
    return _segmenter


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    """The search form of one Latin word: stemmed if it is letters only, else unchanged."""
    word = word.replace("’", "'").removesuffix("'s").replace("'", "")
    if not word.isalpha() or not word.isascii() or len(word) < 3:
        return word
    return str(_stemmer.stemWord(word))


def _segment(run: str) -> Iterator[tuple[str, int, int]]:
    yield from segmenter().tokenize(run, mode="search", HMM=False)


def tokenize(text: str, *, normalized: bool = False) -> list[Token]:
    """Every word of `text`, in order, including the sub-words of long Chinese words."""
    if not normalized:
        text = normalize(text)
    tokens: list[Token] = []
    for match in _RUN.finditer(text):
        run = match.group()
        offset = match.start()
        if _HAN.match(run):
            tokens.extend(Token(word, offset + start, offset + end) for word, start, end in _segment(run))
        else:
            tokens.append(Token(stem(run)[:MAX_TERM_CHARS], offset, match.end()))
    return tokens


def terms(text: str) -> list[str]:
    """The words of `text` as indexed: stemmed and segmented, stopwords dropped, in order."""
    return [token.term for token in tokenize(text) if token.term not in STOPWORDS]


def query_terms(query: str, *, keep_stopwords: bool = False) -> list[str]:
    """The distinct words of a search query, in order of first appearance.

    Over-long queries are cut; a query of only stopwords keeps them rather than becoming empty
    (someone searching for "what" still gets an answer); punctuation and operators disappear.
    """
    query = (query or "")[:MAX_QUERY_CHARS]
    words = [token.term for token in tokenize(query)]
    if not keep_stopwords:
        words = [word for word in words if word not in STOPWORDS] or words
    return list(dict.fromkeys(words))[:MAX_QUERY_TERMS]


def has_han(text: str) -> bool:
    return bool(_HAN.search(text or ""))
