"""Semantic matching: each source is embedded as several sentences (title, alternative phrasings,
opening sentence); a question's score for a source is its best cosine similarity with them.

The index lives in the process and follows the help center: a cheap fingerprint query tells when
something changed, and only new or edited sources are embedded again.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass

import numpy as np

from beacon.bot.answering import sources as source_store
from beacon.bot.answering.embeddings import DIMENSIONS, embed
from beacon.bot.answering.sources import Source

_SENTENCE_END = re.compile(r"(?<=[.!?。！？])\s*")


def sentences_of(source: Source) -> list[str]:
    opening = _SENTENCE_END.split(source.text.strip(), maxsplit=1)[0][:200] if source.text.strip() else ""
    phrasings = [] if source.kind == "announcement" else list(source.phrasings)
    return [s for s in dict.fromkeys([source.title, *phrasings, opening]) if s]


@dataclass
class Index:
    sources: list[Source]
    vectors: np.ndarray  # (n_sentences, 512)
    owners: np.ndarray  # source position of each row

    def similarities(self, question_vector: np.ndarray) -> np.ndarray:
        """Best cosine similarity of the question with each source."""
        best = np.full(len(self.sources), -1.0, dtype=np.float32)
        if len(self.owners):
            np.maximum.at(best, self.owners, self.vectors @ question_vector)
        return best


class SemanticIndex:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._fingerprint: tuple[tuple[str, int, str], ...] | None = None
        self._index = Index([], np.zeros((0, DIMENSIONS), dtype=np.float32), np.zeros(0, dtype=np.int64))
        self._cache: dict[tuple[tuple[str, int, str], str], np.ndarray] = {}

    def current(self) -> Index:
        fingerprint = source_store.fingerprint()
        with self._lock:
            if fingerprint != self._fingerprint:
                self._index = self._build(source_store.load_sources())
                self._fingerprint = fingerprint
            return self._index

    def _build(self, sources: list[Source]) -> Index:
        missing = [s for s in sources if (s.key, s.version) not in self._cache]
        texts = [sentences_of(s) for s in missing]
        flat = embed([t for group in texts for t in group])
        cursor = 0
        for source, group in zip(missing, texts, strict=True):
            self._cache[(source.key, source.version)] = flat[cursor : cursor + len(group)]
            cursor += len(group)
        live = {(s.key, s.version) for s in sources}
        self._cache = {k: v for k, v in self._cache.items() if k in live}
        blocks = [self._cache[(s.key, s.version)] for s in sources]
        owners = np.concatenate([np.full(len(b), i, dtype=np.int64) for i, b in enumerate(blocks)]) if blocks else None
        return Index(
            sources=sources,
            vectors=np.concatenate(blocks) if blocks else np.zeros((0, DIMENSIONS), dtype=np.float32),
            owners=owners if owners is not None else np.zeros(0, dtype=np.int64),
        )


index = SemanticIndex()
