"""Markdown → safe HTML and plain text. Editors may write some HTML; nh3 keeps only what is listed
here, so scripts, event handlers, styles, iframes and javascript:/data: links never reach a page."""

from __future__ import annotations

import html
import re

import nh3
from markdown_it import MarkdownIt

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "details", "div", "dl", "dt", "em",
    "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "kbd", "li", "mark", "ol", "p", "pre", "s", "small",
    "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "th", "thead", "tr", "u", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "td": {"align"},
    "th": {"align"},
    "ol": {"start"},
    "code": {"class"},
}
URL_SCHEMES = {"http", "https", "mailto"}

_markdown = MarkdownIt("commonmark", {"html": True, "linkify": False, "typographer": False}).enable(
    ["table", "strikethrough"]
)
_BLOCK_END = re.compile(r"</(?:p|h[1-6]|li|tr|td|th|pre|blockquote|div|dt|dd|summary)>|<br\s*/?>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")


def sanitize(raw_html: str) -> str:
    return nh3.clean(
        raw_html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


def render_markdown(source: str) -> str:
    """Sanitised HTML for a Markdown body. `# Title` becomes <h2>: the page already has an <h1>."""
    rendered = _markdown.render(source or "")
    rendered = re.sub(r"<(/?)h1>", r"<\1h2>", rendered)
    return sanitize(rendered)


def plain_text(safe_html: str) -> str:
    """Readable text of rendered HTML: one line per block, tags removed, entities decoded."""
    text = _TAG.sub("", _BLOCK_END.sub("\n", safe_html))
    lines = (" ".join(line.split()) for line in html.unescape(text).splitlines())
    return "\n".join(line for line in lines if line)
