"""HTML mail → sanitised HTML and readable text.

Scripts, styles, event handlers, forms and remote resources are removed: an <img> keeps its source
only when it points at a part of the same mail (cid:), so tracking pixels and remote images never
load. Quoted history (<blockquote>, Gmail's and Outlook's quote containers) is rendered with "> "
prefixes so that the plain-text quote stripper treats both kinds of mail the same way.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import nh3

ALLOWED_TAGS = {
    "a",
    "b",
    "blockquote",
    "br",
    "code",
    "div",
    "em",
    "h1",
    "h2",
    "h3",
    "h4",
    "hr",
    "i",
    "img",
    "li",
    "ol",
    "p",
    "pre",
    "s",
    "span",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "u",
    "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan"},
    "div": {"class", "id"},
    "blockquote": {"class", "type"},
}
_QUOTE_CLASSES = {"gmail_quote", "yahoo_quoted", "moz-cite-prefix", "protonmail_quote", "qt"}
_QUOTE_IDS = {"divrplyfwdmsg", "appendonsend", "isforwardcontent", "isreplycontent", "origbody", "reply-content"}
_BLOCK = {
    "p",
    "div",
    "br",
    "tr",
    "table",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "pre",
    "blockquote",
    "hr",
    "dd",
    "dt",
}
_SKIP = {"script", "style", "head", "title", "noscript", "template", "object", "iframe", "svg"}


def _keep_attribute(tag: str, attr: str, value: str) -> str | None:
    if tag == "img" and attr == "src":
        return value if value.lower().startswith("cid:") else None
    if attr == "class":
        kept = [name for name in value.split() if name in _QUOTE_CLASSES]
        return " ".join(kept) or None
    if attr == "id":
        return value if value.lower() in _QUOTE_IDS else None
    return value


def sanitize_html(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags=_SKIP,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_keep_attribute,
        url_schemes={"http", "https", "mailto", "cid"},
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


class _TextRenderer(HTMLParser):
    def __init__(self, image_names: dict[str, str]) -> None:
        super().__init__(convert_charrefs=True)
        self.image_names = image_names
        self.lines: list[str] = []
        self.current: list[str] = []
        self.quote_depth = 0
        self.quote_stack: list[bool] = []
        self.skip = 0
        self.pre = 0
        self.link: str | None = None
        self.link_text: list[str] = []

    def _newline(self) -> None:
        text = "".join(self.current).strip()
        prefix = "> " * self.quote_depth
        if text or (self.lines and self.lines[-1].strip(">").strip()):
            self.lines.append(f"{prefix}{text}" if text else prefix.rstrip())
        self.current = []

    def _opens_quote(self, tag: str, attrs: dict[str, str | None]) -> bool:
        if tag == "blockquote":
            return True
        classes = set((attrs.get("class") or "").split())
        return tag == "div" and (
            bool(classes & {"gmail_quote", "yahoo_quoted", "protonmail_quote"})
            or (attrs.get("id") or "").lower() in _QUOTE_IDS
        )

    def handle_starttag(self, tag: str, attrs_list: list[tuple[str, str | None]]) -> None:
        attrs = dict(attrs_list)
        if tag in _SKIP:
            self.skip += 1
            return
        if tag in _BLOCK:
            self._newline()
        if tag in {"div", "blockquote"}:
            opens = self._opens_quote(tag, attrs)
            self.quote_stack.append(opens)
            if opens:
                self.quote_depth += 1
        if tag == "pre":
            self.pre += 1
        elif tag == "li":
            self.current.append("- ")
        elif tag == "a":
            self.link = attrs.get("href")
            self.link_text = []
        elif tag == "img":
            src = (attrs.get("src") or "").lower()
            if src.startswith("cid:"):
                name = self.image_names.get(src[4:]) or attrs.get("alt") or "image"
                self.current.append(f"[{name}]")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
            return
        if tag == "a" and self.link is not None:
            text = "".join(self.link_text).strip()
            href = self.link
            if href.startswith(("http://", "https://")) and href.rstrip("/") != text.rstrip("/"):
                self.current.append(f" ({href})")
            self.link = None
        if tag == "pre":
            self.pre = max(0, self.pre - 1)
        if tag in _BLOCK:
            self._newline()
        if tag in {"div", "blockquote"} and self.quote_stack and self.quote_stack.pop():
            self.quote_depth = max(0, self.quote_depth - 1)

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        data = data.replace("\xa0", " ")
        if self.pre:
            parts = data.split("\n")
            for part in parts[:-1]:
                self.current.append(part)
                self._newline()
            self.current.append(parts[-1])
        else:
            data = re.sub(r"\s+", " ", data)
            self.current.append(data)
        if self.link is not None:
            self.link_text.append(data)

    def text(self) -> str:
        self._newline()
        out: list[str] = []
        for line in self.lines:
            if not line.strip(">").strip() and out and not out[-1].strip(">").strip():
                continue
            out.append(line.rstrip())
        return "\n".join(out).strip("\n")


def html_to_text(html: str, image_names: dict[str, str] | None = None) -> str:
    """Readable text of an HTML mail: block elements become lines, links keep their address,
    inline images become [name], quoted history gets "> " prefixes."""
    renderer = _TextRenderer({k.lower(): v for k, v in (image_names or {}).items()})
    renderer.feed(html)
    renderer.close()
    return renderer.text()


_ATTRIBUTE_VALUE = re.compile(r'\s(?:href|title|alt)="([^"]*)"')


def html_scan_text(html: str) -> str:
    """What a secret scan of sanitised HTML must read: its text (links included) and the values of
    the attributes a reader can see (titles, alt texts)."""
    values = " ".join(_ATTRIBUTE_VALUE.findall(html))
    return f"{html_to_text(html)}\n{values}" if values else html_to_text(html)


def display_html(html: str, image_urls: dict[str, str]) -> str:
    """Sanitised mail HTML made ready to show in a sandboxed frame: inline images (cid:) point at the
    stored attachments in `image_urls` (content-id → URL) or lose their source; every other image
    source was already removed; links open in a new tab without telling the site where from."""
    urls = {cid.lower(): url for cid, url in image_urls.items()}

    def keep(tag: str, attr: str, value: str) -> str | None:
        is_cid = value.lower().startswith("cid:")
        if tag == "img" and attr == "src":
            return urls.get(value[4:].lower()) if is_cid else None
        if attr in {"class", "id"} or is_cid:
            return None
        return value

    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags=_SKIP,
        attributes={**ALLOWED_ATTRIBUTES, "a": {"href", "title", "target"}},
        attribute_filter=keep,
        url_schemes={"http", "https", "mailto", "cid"},  # cid: reaches `keep`, which rewrites or drops it
        link_rel="noopener noreferrer nofollow",
        set_tag_attribute_values={"a": {"target": "_blank"}},
        strip_comments=True,
    )
