from __future__ import annotations

import pytest

from beacon.helpcenter.rendering import plain_text, render_markdown
from beacon.helpcenter.tests.factories import article

MALICIOUS = [
    ("<script>alert(1)</script>Hello", "<script"),
    ('<img src="x.png" onerror="alert(1)">', "onerror"),
    ('<a href="/ok" onclick="steal()">x</a>', "onclick"),
    ("[click](javascript:alert(1))", 'href="javascript'),
    ('<a href="JaVaScRiPt:alert(1)">x</a>', "javascript:"),
    ('<a href="&#106;avascript:alert(1)">x</a>', "avascript:"),
    ('<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>', "data:"),
    ("<iframe src='https://evil.example'></iframe>", "<iframe"),
    ("<svg><script>alert(1)</script></svg>", "<svg"),
    ('<p style="background:url(javascript:alert(1))">x</p>', "style="),
    ("<object data='x.swf'></object><embed src='x.swf'>", "<object"),
    ('<form action="https://evil.example"><input name="seed"></form>', "<form"),
    ("<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>", "onerror"),
]


@pytest.mark.parametrize(("source", "forbidden"), MALICIOUS)
def test_malicious_markdown_and_html_is_neutralised(source: str, forbidden: str) -> None:
    assert forbidden.lower() not in render_markdown(source).lower()


def test_ordinary_markdown_survives_sanitising() -> None:
    html = render_markdown(
        "# Title\n\nSee **the guide** and [our site](https://example.com).\n\n"
        "| a | b |\n|---|---|\n| 1 | 2 |\n\n![shot](/help/images/abc/)\n\n"
        "<details><summary>More</summary>Hidden</details>"
    )
    assert "<h2>Title</h2>" in html
    assert "<strong>the guide</strong>" in html
    assert '<a href="https://example.com" rel="noopener noreferrer nofollow">our site</a>' in html
    assert "<td>1</td>" in html
    assert '<img src="/help/images/abc/" alt="shot">' in html
    assert "<details><summary>More</summary>Hidden</details>" in html


def test_plain_text_keeps_words_apart() -> None:
    assert plain_text(render_markdown("# 充币\n\n到账*时间*。\n\n- one\n- two")) == "充币\n到账时间。\none\ntwo"


def test_a_published_article_page_never_carries_a_script(db: None, client: object) -> None:
    item = article("Safe page", "Hi <script>alert('x')</script> <img src=x onerror=alert(1)> [a](javascript:alert(1))")
    page = client.get(item.get_absolute_url()).content.decode()  # type: ignore[attr-defined]
    body = page.split('<div class="article-body">')[1].split("</div>")[0]
    assert "<script" not in body
    assert "onerror" not in body
    assert "href=" not in body  # the javascript: link stays inert text
