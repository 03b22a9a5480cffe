"""A trained triage classifier: features → linear scores → calibrated confidence → answer.

The model is linear over four feature blocks: word TF-IDF, character TF-IDF, the sentence embedding,
and random Fourier features of the embedding (an RBF kernel on the embedding, approximated so the
model stays linear and prediction stays a few small matrix products). Scores become probabilities
with a softmax at a temperature fitted on held-out training data. The answer is "out of scope" when
that probability is below `threshold`, or when the text's embedding is far from every category (its
cosine similarity to the nearest category centroid is below `similarity_threshold`): a question about
something else can still land confidently in one category, but it is not near any of them. See
`training.py` for how the temperature and both thresholds are chosen.

Persistence is a compressed npz of plain arrays (no pickle: loading a model never runs code), with
the metadata as JSON inside; `to_bytes()`/`from_bytes()` round-trip it exactly.
"""

from __future__ import annotations

import functools
import io
import json
import zipfile
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from threadpoolctl import ThreadpoolController

from beacon.bot.classifier.embeddings import embed
from beacon.bot.classifier.features import TfidfBlock, prepare

FORMAT = "beacon-triage/1"
ALTERNATIVES = 3


class ModelFormatError(ValueError):
    """The bytes are not a triage model this version of Beacon can read."""


@dataclass(frozen=True)
class Prediction:
    """What the classifier thinks. `category` is None when it is out of scope (not confident)."""

    category: str | None
    confidence: float
    alternatives: list[tuple[str, float]]
    out_of_scope: bool


@dataclass
class DenseMap:
    """The dense block: the embedding (scaled) followed by random Fourier features of it."""

    embedding_weight: float
    rff_matrix: np.ndarray  # (512, D), stored as float16 and used as float32
    rff_offset: np.ndarray  # (D,)
    rff_weight: float

    @property
    def size(self) -> int:
        return int(self.rff_matrix.shape[0] + self.rff_matrix.shape[1])

    def transform(self, embeddings: np.ndarray) -> np.ndarray:
        """(n, 512) → (n, 512 + D)."""
        d = self.rff_matrix.shape[1]
        rff = np.cos(embeddings @ self.rff_matrix + self.rff_offset) * np.float32(np.sqrt(2.0 / d) * self.rff_weight)
        return np.hstack([embeddings * np.float32(self.embedding_weight), rff]).astype(np.float32, copy=False)


@dataclass
class Classifier:
    classes: list[str]
    word: TfidfBlock
    char: TfidfBlock
    dense: DenseMap
    weights: np.ndarray  # (n_features, n_classes): word block, char block, dense block
    bias: np.ndarray  # (n_classes,)
    centroids: np.ndarray  # (n_classes, 512): each category's mean embedding, L2-normalised
    temperature: float
    threshold: float
    similarity_threshold: float
    meta: dict[str, Any] = field(default_factory=dict)

    # --- prediction ---------------------------------------------------------------------------
    def scores(self, text: str) -> np.ndarray:
        """The linear score of every class for one text."""
        return self.evaluate(text)[0]

    def evaluate(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """The linear score of every class, and the cosine similarity to every class centroid."""
        prepared = prepare(text)
        # One BLAS thread: these products are small, and a second thread waiting for a busy core
        # costs more than it saves (p95 doubles on a loaded machine).
        with _blas().limit(limits=1, user_api="blas"):
            embedding = embed(prepared)
            return self.scores_of(prepared, embedding), self.centroids @ embedding

    def scores_of(self, prepared: str, embedding: np.ndarray) -> np.ndarray:
        scores = self.bias.copy()
        offset = 0
        for block in (self.word, self.char):
            index, values = block.transform_one(prepared)
            if index.size:
                scores += values @ self.weights[index + offset]
            offset += block.size
        dense = self.dense.transform(embedding[None, :])[0]
        return scores + dense @ self.weights[offset:]

    def probabilities(self, scores: np.ndarray, allowed: Collection[str] | None = None) -> np.ndarray:
        """Softmax at the calibrated temperature, over the `allowed` classes only (others get 0)."""
        logits = np.where(self._mask(allowed), scores / self.temperature, -np.inf)
        if not np.isfinite(logits).any():
            return np.zeros_like(logits)
        logits = logits - logits.max()
        exp = np.exp(logits)
        return exp / exp.sum()

    def _mask(self, allowed: Collection[str] | None) -> np.ndarray:
        return np.array([allowed is None or c in allowed for c in self.classes], dtype=bool)

    def predict(self, text: str, allowed: Collection[str] | None = None) -> Prediction:
        """Classify one text. `allowed` restricts the answer to some classes (e.g. active categories)."""
        scores, similarities = self.evaluate(text)
        probs = self.probabilities(scores, allowed)
        order = [int(i) for i in np.argsort(-probs, kind="stable") if probs[i] > 0][:ALTERNATIVES]
        alternatives = [(self.classes[i], round(float(probs[i]), 4)) for i in order]
        if not order:
            return Prediction(None, 0.0, [], True)
        best, confidence = alternatives[0]
        nearest = float(similarities[self._mask(allowed)].max())
        out_of_scope = float(probs[order[0]]) < self.threshold or nearest < self.similarity_threshold
        return Prediction(None if out_of_scope else best, confidence, alternatives, out_of_scope)

    # --- persistence --------------------------------------------------------------------------
    def to_bytes(self) -> bytes:
        meta = {
            **self.meta,
            "format": FORMAT,
            "classes": self.classes,
            "temperature": self.temperature,
            "threshold": self.threshold,
            "similarity_threshold": self.similarity_threshold,
            "embedding_weight": self.dense.embedding_weight,
            "rff_weight": self.dense.rff_weight,
        }
        buffer = io.BytesIO()
        np.savez_compressed(
            buffer,
            meta=_text_array(json.dumps(meta, ensure_ascii=False)),
            word_terms=_text_array("\n".join(_terms(self.word))),
            word_idf=self.word.idf,
            char_terms=_text_array("\n".join(_terms(self.char))),
            char_idf=self.char.idf,
            rff_matrix=self.dense.rff_matrix.astype(np.float16),
            rff_offset=self.dense.rff_offset,
            weights=self.weights,
            bias=self.bias,
            centroids=self.centroids,
        )
        return buffer.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes) -> Classifier:
        try:
            with np.load(io.BytesIO(data), allow_pickle=False) as arrays:
                meta = json.loads(bytes(arrays["meta"]).decode())
                if meta.get("format") != FORMAT:
                    raise ModelFormatError(f"unknown model format {meta.get('format')!r}")
                word = _block("word", arrays["word_terms"], arrays["word_idf"])
                char = _block("char", arrays["char_terms"], arrays["char_idf"])
                dense = DenseMap(
                    embedding_weight=float(meta["embedding_weight"]),
                    rff_matrix=arrays["rff_matrix"].astype(np.float32),
                    rff_offset=arrays["rff_offset"].astype(np.float32),
                    rff_weight=float(meta["rff_weight"]),
                )
                weights = arrays["weights"].astype(np.float32)
                bias = arrays["bias"].astype(np.float32)
                centroids = arrays["centroids"].astype(np.float32)
        except (OSError, KeyError, ValueError, zipfile.BadZipFile) as exc:
            raise ModelFormatError(str(exc)) from exc
        classes = list(meta.pop("classes"))
        if weights.shape != (word.size + char.size + dense.size, len(classes)) or len(centroids) != len(classes):
            raise ModelFormatError("weights do not match the features")
        return cls(
            classes=classes,
            word=word,
            char=char,
            dense=dense,
            weights=weights,
            bias=bias,
            centroids=centroids,
            temperature=float(meta.pop("temperature")),
            threshold=float(meta.pop("threshold")),
            similarity_threshold=float(meta.pop("similarity_threshold")),
            meta=meta,
        )


@functools.cache
def _blas() -> ThreadpoolController:
    return ThreadpoolController()  # finds the BLAS libraries once; limiting is then cheap


def _text_array(text: str) -> np.ndarray:
    return np.frombuffer(text.encode(), dtype=np.uint8)


def _terms(block: TfidfBlock) -> list[str]:
    return sorted(block.vocabulary, key=block.vocabulary.__getitem__)


def _block(analyzer: str, terms: np.ndarray, idf: np.ndarray) -> TfidfBlock:
    text = bytes(terms).decode()
    words = text.split("\n") if text else []
    if len(words) != len(idf):
        raise ModelFormatError(f"{analyzer} vocabulary and IDF differ in length")
    return TfidfBlock(analyzer, {term: i for i, term in enumerate(words)}, idf.astype(np.float32))
