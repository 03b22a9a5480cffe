from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from beacon.core.errors import ValidationFailed
from beacon.helpcenter import selectors, transfer
from beacon.helpcenter.models import Article, Category
from beacon.helpcenter.services.transfer import import_bundle
from beacon.helpcenter.tests.factories import HelpCategoryFactory, article, committed

CSV = """key,language,kind,category,category_name_en,category_name_zh,slug,title,status,position,phrasings,body
dep-1,en,article,deposits,Deposits,充币,deposit-missing,Deposit missing,published,1,"deposit not arrived
where is my deposit",Check the **TXID**.
dep-1,zh-hans,article,deposits,Deposits,充币,deposit-missing,充币未到账,published,1,充值没到,请检查交易哈希。
faq-7,en,faq,api,API,API 接口,,What is recvWindow?,draft,2,,The time window of a request.
"""


def test_csv_import_creates_categories_linked_translations_and_indexes_them(db: None) -> None:
    with committed():
        report = import_bundle(None, transfer.parse_csv(CSV.encode()))
    assert (report.created, report.categories_created) == (3, 2)
    en = Article.objects.get(language="en", slug="deposit-missing")
    zh = Article.objects.get(language="zh-hans", slug="deposit-missing")
    assert en.translation_key == zh.translation_key
    assert en.phrasings == ["deposit not arrived", "where is my deposit"]
    assert Category.objects.get(slug="api").name_zh == "API 接口"
    assert [hit.title for hit in selectors.search("没到", "zh-hans")] == ["充币未到账"]
    assert selectors.search("recvWindow") == []  # a draft


def test_importing_again_updates_only_what_changed(db: None) -> None:
    with committed():
        import_bundle(None, transfer.parse_csv(CSV.encode()))
        report = import_bundle(
            None, transfer.parse_csv(CSV.replace("Check the **TXID**.", "Check the TXID now.").encode())
        )
    assert (report.created, report.updated, report.unchanged) == (0, 1, 2)
    assert Article.objects.get(language="en", slug="deposit-missing").version == 2


def test_json_round_trip_keeps_everything(db: None) -> None:
    parent = HelpCategoryFactory(slug="security", name_zh="账户安全")
    child = HelpCategoryFactory(slug="two-factor", parent=parent)
    en = article("Reset 2FA", "Use **Reset 2FA**.", category=child, kind="faq", phrasings=["lost authenticator"])
    article("重置双重验证", "使用重置功能。", language="zh-hans", translation_of=en, category=child)
    exported = transfer.to_json(selectors.export_bundle())
    Article.objects.all().delete()
    Category.objects.filter(parent__isnull=False).delete()
    Category.objects.all().delete()
    with committed():
        import_bundle(None, transfer.parse_json(exported.encode()))
    assert json.loads(transfer.to_json(selectors.export_bundle())) == json.loads(exported)
    assert Category.objects.get(slug="two-factor").parent == Category.objects.get(slug="security")


def test_one_bad_row_cancels_the_whole_import(db: None) -> None:
    bad = CSV + "x,fr,article,deposits,,,,Bonjour,draft,1,,Texte\nx,en,article,deposits,,,,,draft,1,,No title\n"
    with pytest.raises(ValidationFailed) as error:
        import_bundle(None, transfer.parse_csv(bad.encode()))
    assert set(error.value.errors) == {"article 4", "article 5"}
    assert Article.objects.count() == 0


@pytest.mark.parametrize("data", [b"", b"{", b"[1, 2]", b"\xff\xfe\x00garbage", b'{"articles": "x"}'])
def test_unreadable_files_are_refused_with_a_message(db: None, data: bytes) -> None:
    with pytest.raises(ValidationFailed):
        transfer.parse_json(data)


def test_commands_export_and_import(db: None, tmp_path: Path) -> None:
    article("Deposit missing", "Check the TXID.")
    path = tmp_path / "help.csv"
    call_command("export_helpcenter", "-o", str(path), stderr=StringIO())
    Article.objects.all().delete()
    out = StringIO()
    call_command("import_helpcenter", str(path), stdout=out)
    assert "1 created" in out.getvalue()
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_helpcenter", str(tmp_path / "missing.json"))
    path.write_text("language,category,title,body\nfr,deposits,Bonjour,Texte\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_helpcenter", str(path))


def test_reindex_command_rebuilds_the_index_with_progress(db: None) -> None:
    for number in range(3):
        article(f"Deposit guide {number}", "Deposit help.")
    out = StringIO()
    with committed():
        call_command("reindex_search", "--batch", "2", stdout=out)
    assert "2/3 documents" in out.getvalue()
    assert "Indexed 3 documents" in out.getvalue()
    assert len(selectors.search("deposit")) == 3
