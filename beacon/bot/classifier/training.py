"""Training: labelled texts → a calibrated `Classifier`.

1. Embed every text once (the slow part: about 2 ms a text on one core).
2. Calibrate on held-out training data: out-of-fold scores (5 folds for small sets, one stratified
   20% split for large ones) give the softmax temperature (least log-loss) and the two out-of-scope
   thresholds, on the calibrated confidence and on the similarity to the nearest category centroid.
   Both are chosen together from in-scope examples only (no "other" examples are needed): each
   example's two values are turned into ranks among the held-out examples, and one rank cut-off is
   chosen so that `max_in_scope_loss` of them fall below either threshold.
3. Fit the final model on everything.

The solver is scikit-learn's LinearSVC (liblinear, one-vs-rest): fast on sparse TF-IDF and at least
as accurate as logistic regression here; its scores become probabilities through the temperature.
Only this module imports scikit-learn and scipy; prediction is plain numpy.
"""

from __future__ import annotations

import warnings
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
from django.utils.translation import gettext as _

from beacon.bot.classifier.embeddings import DIMENSIONS, embed_many, encoder_version
from beacon.bot.classifier.features import TfidfBlock, prepare
from beacon.bot.classifier.model import Classifier, DenseMap

MIN_CATEGORIES = 2
MIN_EXAMPLES_PER_CATEGORY = 5
LARGE = 2_000  # from this many examples, one calibration split instead of 5 folds

Progress = Callable[[str, int, int], None]


class TrainingDataError(ValueError):
    """The examples cannot train a useful classifier; `problems` says why, one line each."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Example:
    text: str
    category: str


@dataclass(frozen=True)
class Hyperparameters:
    word_min_df: int = 1
    char_min_df: int = 2
    embedding_weight: float = 1.5
    rff_dimensions: int = 2048
    rff_gamma: float = 3.0
    rff_weight: float = 1.5
    svm_c: float = 0.5
    svm_tol: float = 1e-2  # as accurate as 1e-4 here, in a third fewer passes
    max_in_scope_loss: float = 0.04  # share of in-scope calibration examples allowed below the threshold
    seed: int = 20260


@dataclass
class TrainingReport:
    examples: int
    categories: dict[str, int]
    calibration: str  # "5-fold" or "20% split"
    calibration_accuracy: float
    temperature: float
    threshold: float
    similarity_threshold: float
    in_scope_loss: float
    hyperparameters: dict[str, Any] = field(default_factory=dict)


def check_examples(examples: Sequence[Example]) -> Counter[str]:
    """Raise TrainingDataError unless every category has enough examples; return the counts."""
    counts = Counter(example.category for example in examples)
    problems = []
    if len(counts) < MIN_CATEGORIES:
        problems.append(
            _("At least %(n)d categories are needed to train; the examples have %(found)d.")
            % {"n": MIN_CATEGORIES, "found": len(counts)}
        )
    for category, count in sorted(counts.items()):
        if count < MIN_EXAMPLES_PER_CATEGORY:
            problems.append(
                _("Category “%(category)s” has %(count)d examples; at least %(n)d are needed.")
                % {"category": category, "count": count, "n": MIN_EXAMPLES_PER_CATEGORY}
            )
    if problems:
        raise TrainingDataError(problems)
    return counts


def train(
    examples: Sequence[Example], params: Hyperparameters | None = None, progress: Progress | None = None
) -> tuple[Classifier, TrainingReport]:
    """Train and calibrate a classifier. Raises TrainingDataError for too little data."""
    params = params or Hyperparameters()
    counts = check_examples(examples)
    report = _report if progress is None else progress
    texts = [prepare(example.text) for example in examples]
    labels = np.array([example.category for example in examples])
    embeddings = embed_many(texts, lambda done, total: report("embedding", done, total))
    dense = _dense_map(params)
    features = dense.transform(embeddings)

    scores, similarities, truth, calibration = _held_out_scores(texts, embeddings, features, labels, params, report)
    classes = sorted(counts)
    truth_index = np.searchsorted(classes, truth)
    temperature = _fit_temperature(scores, truth_index)
    probabilities = _softmax(scores / temperature)
    confidence = probabilities.max(axis=1)
    threshold, similarity_threshold = _thresholds(confidence, similarities, params.max_in_scope_loss)
    rejected = (confidence < threshold) | (similarities < similarity_threshold)

    report("fitting", 0, 1)
    classifier = _fit(texts, embeddings, features, labels, params, dense)
    report("fitting", 1, 1)
    classifier.temperature = temperature
    classifier.threshold = threshold
    classifier.similarity_threshold = similarity_threshold
    classifier.meta = {"encoder": encoder_version(), "hyperparameters": asdict(params)}
    return classifier, TrainingReport(
        examples=len(examples),
        categories=dict(sorted(counts.items())),
        calibration=calibration,
        calibration_accuracy=float((probabilities.argmax(axis=1) == truth_index).mean()),
        temperature=temperature,
        threshold=threshold,
        similarity_threshold=similarity_threshold,
        in_scope_loss=float(rejected.mean()),
        hyperparameters=asdict(params),
    )


def _report(stage: str, done: int, total: int) -> None:
    return None


def _dense_map(params: Hyperparameters) -> DenseMap:
    rng = np.random.default_rng(params.seed)
    matrix = rng.normal(scale=np.sqrt(2 * params.rff_gamma), size=(DIMENSIONS, params.rff_dimensions))
    offset = rng.uniform(0, 2 * np.pi, params.rff_dimensions)
    return DenseMap(
        embedding_weight=params.embedding_weight,
        # Rounded to float16 now, as stored, so the trained weights match the loaded model exactly.
        rff_matrix=matrix.astype(np.float16).astype(np.float32),
        rff_offset=offset.astype(np.float32),
        rff_weight=params.rff_weight,
    )


def _held_out_scores(
    texts: list[str],
    embeddings: np.ndarray,
    features: np.ndarray,
    labels: np.ndarray,
    params: Hyperparameters,
    report: Progress,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, str]:
    """Scores of each calibration example by a model that did not see it, its similarity to the
    nearest centroid of that model, and the true labels."""
    from sklearn.model_selection import StratifiedKFold, train_test_split

    classes = sorted(set(labels))
    if len(texts) >= LARGE:
        fit_idx, held_idx = train_test_split(
            np.arange(len(texts)), test_size=0.2, random_state=params.seed, stratify=labels
        )
        splits = [(fit_idx, held_idx)]
        calibration = "20% split"
    else:
        folds = StratifiedKFold(n_splits=MIN_EXAMPLES_PER_CATEGORY, shuffle=True, random_state=params.seed)
        splits = list(folds.split(texts, labels))
        calibration = f"{len(splits)}-fold"
    all_scores, all_similarities, all_truth = [], [], []
    for number, (fit_idx, held_idx) in enumerate(splits):
        report("calibrating", number, len(splits))
        model = _fit([texts[i] for i in fit_idx], embeddings[fit_idx], features[fit_idx], labels[fit_idx], params, None)
        scores = np.vstack([_scores_of(model, texts[i], features[i]) for i in held_idx])
        all_similarities.append((embeddings[held_idx] @ model.centroids.T).max(axis=1))
        # A fold may lack a rare class: give it a score that never wins.
        full = np.full((len(held_idx), len(classes)), -1e3, dtype=np.float32)
        full[:, np.searchsorted(classes, model.classes)] = scores
        all_scores.append(full)
        all_truth.append(labels[held_idx])
    report("calibrating", len(splits), len(splits))
    return np.vstack(all_scores), np.concatenate(all_similarities), np.concatenate(all_truth), calibration


def _thresholds(confidence: np.ndarray, similarity: np.ndarray, loss: float) -> tuple[float, float]:
    """Confidence and similarity thresholds that together reject `loss` of the in-scope examples."""
    n = len(confidence)
    rank_confidence = np.argsort(np.argsort(confidence, kind="stable"), kind="stable")
    rank_similarity = np.argsort(np.argsort(similarity, kind="stable"), kind="stable")
    weakest = np.minimum(rank_confidence, rank_similarity)  # an example is as weak as its weaker value
    cut = int(np.sort(weakest)[min(int(loss * n), n - 1)])  # ranks below `cut` are rejected
    return float(np.sort(confidence)[cut]), float(np.sort(similarity)[cut])


def _scores_of(model: Classifier, text: str, dense_features: np.ndarray) -> np.ndarray:
    scores = model.bias.copy()
    offset = 0
    for block in (model.word, model.char):
        index, values = block.transform_one(text)
        if index.size:
            scores += values @ model.weights[index + offset]
        offset += block.size
    return scores + dense_features @ model.weights[offset:]


def _fit(
    texts: list[str],
    embeddings: np.ndarray,
    features: np.ndarray,
    labels: np.ndarray,
    params: Hyperparameters,
    dense: DenseMap | None,
) -> Classifier:
    import scipy.sparse as sp
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.svm import LinearSVC

    word = TfidfBlock.fit("word", texts, min_df=params.word_min_df)
    char = TfidfBlock.fit("char", texts, min_df=params.char_min_df)
    matrix = sp.hstack([_sparse(word, texts), _sparse(char, texts), sp.csr_matrix(features)]).tocsr()
    svm = LinearSVC(C=params.svm_c, tol=params.svm_tol, random_state=params.seed, max_iter=2_000)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        svm.fit(matrix, labels)
    weights = svm.coef_.astype(np.float32)
    bias = np.atleast_1d(svm.intercept_).astype(np.float32)
    if weights.shape[0] == 1:  # two classes: liblinear keeps one score, positive for classes_[1]
        weights = np.vstack([-weights, weights])
        bias = np.concatenate([-bias, bias])
    classes = [str(c) for c in svm.classes_]
    centroids = np.vstack([embeddings[labels == c].mean(axis=0) for c in classes])
    centroids /= np.linalg.norm(centroids, axis=1, keepdims=True)
    return Classifier(
        classes=classes,
        word=word,
        char=char,
        dense=dense or DenseMap(0.0, np.zeros((0, 0), np.float32), np.zeros(0, np.float32), 0.0),
        weights=np.ascontiguousarray(weights.T),
        bias=bias,
        centroids=centroids.astype(np.float32),
        temperature=1.0,
        threshold=0.0,
        similarity_threshold=-1.0,
    )


def _sparse(block: TfidfBlock, texts: list[str]) -> Any:
    import scipy.sparse as sp

    rows = block.transform(texts)
    indptr = np.cumsum([0] + [len(index) for index, _values in rows])
    index = np.concatenate([index for index, _values in rows]) if rows else np.empty(0, np.int64)
    values = np.concatenate([values for _index, values in rows]) if rows else np.empty(0, np.float32)
    return sp.csr_matrix((values, index, indptr), shape=(len(texts), block.size))


def _softmax(logits: np.ndarray) -> np.ndarray:
    logits = logits - logits.max(axis=1, keepdims=True)
    exp = np.exp(logits)
    return exp / exp.sum(axis=1, keepdims=True)


def _fit_temperature(scores: np.ndarray, truth: np.ndarray) -> float:
    """The softmax temperature with the least log-loss on held-out scores."""
    best, best_loss = 1.0, np.inf
    rows = np.arange(len(truth))
    for temperature in np.geomspace(0.01, 10.0, 61):
        probabilities = _softmax(scores / temperature)
        loss = -np.log(np.clip(probabilities[rows, truth], 1e-12, None)).mean()
        if loss < best_loss:
            best, best_loss = float(temperature), loss
    return best
