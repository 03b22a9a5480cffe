"""Import/export formats for articles and FAQs: JSON (whole tree) and CSV (one row per article).
Pure: bytes in, plain data out, and back. The import itself is `services.transfer.import_bundle`.

JSON  {"format": "beacon-helpcenter", "version": 1,
       "categories": [{"slug", "parent", "name_en", "name_zh", "description_en", "description_zh", "position"}],
       "articles":   [{"key", "language", "kind", "category", "slug", "title", "body", "phrasings", "status",
                       "position"}]}
CSV   columns ARTICLE_COLUMNS; phrasings one per line inside the cell; categories are created from
      the category, category_name_en and category_name_zh columns.

`key` links translations: rows with the same key are the same article in different languages. It
may be any text (an id from the old help desk); Beacon turns it into its own translation key.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any, TypedDict

from django.utils.translation import gettext as _

from beacon.core.errors import ValidationFailed

FORMAT_NAME = "beacon-helpcenter"
FORMAT_VERSION = 1
ARTICLE_COLUMNS = [
    "key",
    "language",
    "kind",
    "category",
    "category_name_en",
    "category_name_zh",
    "slug",
    "title",
    "status",
    "position",
    "phrasings",
    "body",
]
MAX_IMPORT_BYTES = 20 * 1024 * 1024


class CategoryData(TypedDict, total=False):
    slug: str
    parent: str
    name_en: str
    name_zh: str
    description_en: str
    description_zh: str
    position: int


class ArticleData(TypedDict, total=False):
    key: str
    language: str
    kind: str
    category: str
    slug: str
    title: str
    body: str
    phrasings: list[str]
    status: str
    position: int


class Bundle(TypedDict):
    categories: list[CategoryData]
    articles: list[ArticleData]


def to_json(bundle: Bundle) -> str:
    return json.dumps(
        {"format": FORMAT_NAME, "version": FORMAT_VERSION, **bundle}, ensure_ascii=False, indent=2, sort_keys=False
    )


def to_csv(bundle: Bundle) -> str:
    names = {c["slug"]: c for c in bundle["categories"]}
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=ARTICLE_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for article in bundle["articles"]:
        category = names.get(article.get("category", ""), {})
        writer.writerow(
            {
                **{column: article.get(column, "") for column in ARTICLE_COLUMNS},
                "category_name_en": category.get("name_en", ""),
                "category_name_zh": category.get("name_zh", ""),
                "phrasings": "\n".join(article.get("phrasings", [])),
            }
        )
    return out.getvalue()


def _decode(data: bytes) -> str:
    if len(data) > MAX_IMPORT_BYTES:
        raise ValidationFailed({"file": [_("The file is too large (at most 20 MB).")]})
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValidationFailed({"file": [_("The file is not UTF-8 text.")]})


def _int(value: Any, default: int = 100) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _article(raw: dict[str, Any]) -> ArticleData:
    phrasings = raw.get("phrasings") or []
    if isinstance(phrasings, str):
        phrasings = phrasings.splitlines()
    return {
        "key": _text(raw.get("key")).strip(),
        "language": _text(raw.get("language")).strip().lower() or "en",
        "kind": _text(raw.get("kind")).strip().lower() or "article",
        "category": _text(raw.get("category")).strip(),
        "slug": _text(raw.get("slug")).strip(),
        "title": _text(raw.get("title")),
        "body": _text(raw.get("body")),
        "phrasings": [_text(p) for p in phrasings if _text(p).strip()],
        "status": _text(raw.get("status")).strip().lower() or "draft",
        "position": _int(raw.get("position")),
    }


def _category(raw: dict[str, Any]) -> CategoryData:
    slug = _text(raw.get("slug")).strip()
    return {
        "slug": slug,
        "parent": _text(raw.get("parent")).strip(),
        "name_en": _text(raw.get("name_en")).strip() or slug,
        "name_zh": _text(raw.get("name_zh")).strip() or _text(raw.get("name_en")).strip() or slug,
        "description_en": _text(raw.get("description_en")).strip(),
        "description_zh": _text(raw.get("description_zh")).strip(),
        "position": _int(raw.get("position")),
    }


def parse_json(data: bytes) -> Bundle:
    try:
        raw = json.loads(_decode(data))
    except json.JSONDecodeError as exc:
        raise ValidationFailed({"file": [_("The file is not valid JSON (%(error)s).") % {"error": exc.msg}]}) from exc
    if not isinstance(raw, dict) or not isinstance(raw.get("articles", []), list):
        raise ValidationFailed({"file": [_("Expected an object with an “articles” list.")]})
    categories = raw.get("categories") or []
    return {
        "categories": [_category(c) for c in categories if isinstance(c, dict)],
        "articles": [_article(a) for a in raw.get("articles", []) if isinstance(a, dict)],
    }


def parse_csv(data: bytes) -> Bundle:
    reader = csv.DictReader(io.StringIO(_decode(data)))
    missing = {"language", "category", "title", "body"} - set(reader.fieldnames or [])
    if missing:
        raise ValidationFailed(
            {"file": [_("The CSV file lacks the column(s): %(columns)s.") % {"columns": ", ".join(sorted(missing))}]}
        )
    articles: list[ArticleData] = []
    categories: dict[str, CategoryData] = {}
    for row in reader:
        article = _article(row)
        articles.append(article)
        slug = article["category"]
        if slug and slug not in categories:
            categories[slug] = _category(
                {"slug": slug, "name_en": row.get("category_name_en"), "name_zh": row.get("category_name_zh")}
            )
    return {"categories": list(categories.values()), "articles": articles}


def parse(data: bytes, fmt: str) -> Bundle:
    if fmt == "csv":
        return parse_csv(data)
    if fmt == "json":
        return parse_json(data)
    raise ValidationFailed({"format": [_("Choose json or csv.")]})
