"""Writes of the triage classifier: storing a newly trained model (audited) as the active one."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

from django.db import transaction
from django.db.models import Max

from beacon.bot.classifier.training import Example, Hyperparameters, Progress, train
from beacon.bot.models import TriageModel
from beacon.core.audit import record_event


def train_triage_model(
    actor: Any,
    examples: Sequence[Example],
    sources: dict[str, int],
    *,
    params: Hyperparameters | None = None,
    progress: Progress | None = None,
) -> TriageModel:
    """Train a classifier on `examples` and make it the active model.

    Preconditions: every example's category is an active category (the callers check). Raises
    TrainingDataError for too little data, before anything is written. Training runs outside the
    transaction (it takes seconds to minutes); the new row, the previous model's deactivation and the
    audit event commit together. Other processes pick the new model up on their next classification.
    """
    classifier, report = train(examples, params, progress)
    artifact = classifier.to_bytes()
    with transaction.atomic():
        previous = TriageModel.objects.select_for_update().filter(is_active=True)
        replaced = list(previous.values_list("version", flat=True))
        previous.update(is_active=False)
        version = (TriageModel.objects.aggregate(last=Max("version"))["last"] or 0) + 1
        model = TriageModel.objects.create(
            version=version,
            created_by=actor if actor is not None and actor.pk else None,
            sources=sources,
            categories=sorted(report.categories),
            report=asdict(report),
            encoder=str(classifier.meta["encoder"]),
            artifact=artifact,
            artifact_sha256=hashlib.sha256(artifact).hexdigest(),
        )
        record_event(
            actor,
            "triage.model_trained",
            model,
            {
                "version": version,
                "replaces": replaced,
                "sources": sources,
                "examples": report.examples,
                "threshold": round(report.threshold, 4),
                "calibration_accuracy": round(report.calibration_accuracy, 4),
            },
        )
    return model
