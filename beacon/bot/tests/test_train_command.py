"""`manage.py train_triage`: progress, the model it stores, and clear errors for bad data."""

from __future__ import annotations

from dataclasses import asdict
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from beacon.bot import selectors
from beacon.bot.classifier.datasets import SEED_MODEL_FILE, seed_digest
from beacon.bot.classifier.model import Classifier
from beacon.bot.classifier.training import Hyperparameters
from beacon.bot.models import TriageModel
from beacon.bot.tests.conftest import SYNTHETIC, synthetic_csv
from beacon.core.models import AuditEvent
from beacon.tickets.enums import Status
from beacon.tickets.models import Category
from beacon.tickets.tests.factories import MessageFactory, TicketFactory

pytestmark = pytest.mark.django_db


def train_triage(*args: str) -> str:
    out = StringIO()
    call_command("train_triage", *args, stdout=out)
    return out.getvalue()


def error_of(*args: str) -> str:
    with pytest.raises(CommandError) as error:
        train_triage(*args)
    return str(error.value)


@pytest.fixture
def labelled_csv(tmp_path: Path, demo_categories: dict[str, Category]) -> Path:
    path = tmp_path / "labelled.csv"
    path.write_bytes(synthetic_csv())
    return path


def test_training_from_a_csv_stores_an_active_audited_model(labelled_csv: Path) -> None:
    output = train_triage("--csv", str(labelled_csv), "--no-seed")
    model = TriageModel.objects.get()
    assert (model.version, model.is_active, model.categories) == (1, True, ["deposit", "futures", "kyc"])
    assert model.sources == {"csv:labelled.csv": 24}
    assert "embedding: 24/24" in output
    assert "calibrating: 5/5" in output
    assert "Model v1 is active: 24 examples, 3 categories" in output
    assert "No examples for account-security, general, withdrawal" in output
    event = AuditEvent.objects.get(verb="triage.model_trained")
    assert (event.target_id, event.data["examples"], event.data["replaces"]) == (model.pk, 24, [])
    assert selectors.classify("我的合约爆仓了").prediction.category == "futures"


def test_retraining_replaces_the_active_model(labelled_csv: Path) -> None:
    train_triage("--csv", str(labelled_csv), "--no-seed")
    train_triage("--csv", str(labelled_csv))  # with the seed examples of the categories that exist
    assert list(TriageModel.objects.values_list("version", "is_active")) == [(2, True), (1, False)]
    assert TriageModel.objects.get(version=2).sources == {"csv:labelled.csv": 24, "seed": 153}
    assert selectors.current_classifier()[0] == "v2"


def test_solved_tickets_are_a_source(demo_categories: dict[str, Category]) -> None:
    for category, texts in SYNTHETIC.items():
        for text in texts:
            ticket = TicketFactory(category=demo_categories[category], status=Status.SOLVED, subject=text[:20])
            MessageFactory(ticket=ticket, body=text)
    TicketFactory(category=demo_categories["deposit"], status=Status.OPEN)  # not solved: not learned from
    output = train_triage("--tickets", "--no-seed", "--dry-run")
    assert "Solved tickets: 24 examples" in output
    assert "Dry run: the data is usable; nothing was trained." in output
    assert TriageModel.objects.count() == 0


def test_a_source_must_be_named(demo_categories: dict[str, Category]) -> None:
    assert error_of() == "Name at least one source: --csv FILE and/or --tickets."


def test_too_little_data_is_a_clear_error(tmp_path: Path, demo_categories: dict[str, Category]) -> None:
    path = tmp_path / "tiny.csv"
    path.write_text("text,category\nmy deposit is missing,deposit\n充值没到账,deposit\n实名认证失败,kyc\n")
    assert error_of("--csv", str(path), "--no-seed") == (
        "Not enough data to train:\n"
        "  Category “deposit” has 2 examples; at least 5 are needed.\n"
        "  Category “kyc” has 1 examples; at least 5 are needed."
    )
    assert TriageModel.objects.count() == 0


def test_unknown_categories_are_a_clear_error(tmp_path: Path, demo_categories: dict[str, Category]) -> None:
    path = tmp_path / "cards.csv"
    path.write_text("text,category\nmy card is lost,cards\n")
    assert error_of("--csv", str(path)) == (
        f"{path}: nothing was trained.\n  Unknown category “cards” (lines 2): use the slug of an active category."
    )


def test_a_malformed_csv_is_a_clear_error(tmp_path: Path, demo_categories: dict[str, Category]) -> None:
    path = tmp_path / "broken.csv"
    path.write_text("question;label\nmy deposit;deposit\n")
    assert error_of("--csv", str(path)).endswith("The first line must name the columns: text,category.")


def test_a_missing_file_is_a_clear_error(demo_categories: dict[str, Category]) -> None:
    assert error_of("--csv", "/nonexistent/labelled.csv") == (
        "Cannot read /nonexistent/labelled.csv: No such file or directory"
    )


def test_the_shipped_seed_model_is_current() -> None:
    seed = Classifier.from_bytes(SEED_MODEL_FILE.read_bytes())
    # Else rebuild it: manage.py train_triage --build-seed-model
    assert (seed.meta["seed_sha256"], seed.meta["hyperparameters"]) == (seed_digest(), asdict(Hyperparameters()))
    assert seed.predict("提币一直在审核中").category == "withdrawal"
