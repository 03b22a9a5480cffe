"""Lexical features: TF-IDF over words (jieba-segmented Chinese, stemmed English) and characters.

Training and prediction share these functions, so a model always sees text the way it was trained.
Pure: no Django, no database. A vocabulary is a plain dict and the IDF a numpy array, both stored in
the model artifact (see `model.py`).

* Words: the search tokenizer of `beacon.core.text` (NFKC, case folding, jieba for Chinese, Snowball
  stems for English), stopwords kept — "how do I" and "why did" are different intents — as
  unigrams and bigrams.
* Characters: 2–5-grams inside each Latin word (with the word's boundaries, robust to typos) and
  1–3-grams over runs of Chinese characters (robust to segmentation mistakes).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise

import numpy as np

from beacon.core.text import normalize, tokenize

MAX_TEXT_CHARS = 2_000  # a long e-mail says what it is about early; the rest is cut, never refused

_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_LATIN_WORD = re.compile(r"[0-9a-z\u00c0-\u024f]+")

Analyzer = Callable[[str], list[str]]


def word_features(text: str) -> list[str]:
    """Word unigrams and bigrams of already normalised text."""
    words = [token.term for token in tokenize(text, normalized=True)]
    return words + [f"{a} {b}" for a, b in pairwise(words)]


def char_features(text: str) -> list[str]:
    """Character n-grams of already normalised text: 2–5 within Latin words, 1–3 over Chinese runs."""
    grams: list[str] = []
    for match in _LATIN_WORD.finditer(text):
        word = f" {match.group()} "
        for n in range(2, 6):
            grams.extend(word[i : i + n] for i in range(len(word) - n + 1))
    for match in _HAN_RUN.finditer(text):
        run = match.group()
        for n in range(1, 4):
            grams.extend(run[i : i + n] for i in range(len(run) - n + 1))
    return grams


ANALYZERS: dict[str, Analyzer] = {"word": word_features, "char": char_features}


def prepare(text: str) -> str:
    return normalize((text or "")[:MAX_TEXT_CHARS])


@dataclass
class TfidfBlock:
    """One block of TF-IDF features: sublinear term frequency × smoothed IDF, L2-normalised."""

    analyzer: str
    vocabulary: dict[str, int]
    idf: np.ndarray

    @property
    def size(self) -> int:
        return len(self.vocabulary)

    @classmethod
    def fit(cls, analyzer: str, texts: Sequence[str], *, min_df: int = 1, max_features: int = 200_000) -> TfidfBlock:
        """Learn the vocabulary (terms in at least `min_df` texts, the most frequent first) and IDF."""
        analyze = ANALYZERS[analyzer]
        df: Counter[str] = Counter()
        for text in texts:
            df.update(set(analyze(text)))
        kept = sorted((term for term, count in df.items() if count >= min_df), key=lambda t: (-df[t], t))
        kept = sorted(kept[:max_features])
        vocabulary = {term: i for i, term in enumerate(kept)}
        n = len(texts)
        idf = np.array([math.log((1 + n) / (1 + df[term])) + 1.0 for term in kept], dtype=np.float32)
        return cls(analyzer, vocabulary, idf)

    def transform_one(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """Column indices and values of one prepared text (a sparse row)."""
        counts = Counter(term for term in ANALYZERS[self.analyzer](text) if term in self.vocabulary)
        if not counts:
            return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float32)
        index = np.fromiter((self.vocabulary[term] for term in counts), dtype=np.int64, count=len(counts))
        tf = np.fromiter(counts.values(), dtype=np.float32, count=len(counts))
        values = (1.0 + np.log(tf)) * self.idf[index]
        values /= np.linalg.norm(values)
        return index, values

    def transform(self, texts: Iterable[str]) -> list[tuple[np.ndarray, np.ndarray]]:
        return [self.transform_one(text) for text in texts]
