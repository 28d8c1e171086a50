"""Suggested themes: comments grouped by what they talk about. Django-free.

The engine, in order:

1. **Canonical order.** Comments are sorted by their text before anything else, so the same
   comments in any order give the same themes; identical comments always land together.
2. **Words.** Lower-cased words of two or more letters, without English stop words and a short
   list of words every learning-session comment uses ("proof point", "organization" ...),
   plurals folded ("budgets" -> "budget", "policies" -> "policy"); single words and pairs of
   neighbouring words (bigrams) are the terms.
3. **TF-IDF** (scikit-learn ``TfidfVectorizer``): sublinear term frequency, terms used by at
   least two comments and by at most half of them (on ten comments or more), each comment
   scaled to unit length.
4. **Latent semantic analysis**: ``TruncatedSVD`` to at most 100 dimensions (fixed random
   state), rows scaled to unit length again, so that comments sharing related words are close.
5. **k-means** (``KMeans``, k-means++ with a fixed random state, 4 starts). The number of
   themes ``k`` is the one given, or chosen from 2 .. min(12, round(sqrt(n / 2))) by the best
   mean silhouette (cosine) on a fixed sample of at most 1,000 comments.
6. **Description** of each group in TF-IDF space: its key terms are the largest weights of the
   group's centroid (a single word is skipped when a pair containing it ranks higher, and the
   reverse); each member's score is its cosine similarity to the centroid; representative
   quotes are the members closest to the centroid (distinct texts).

Groups of fewer than two comments and comments with no term at all (such as "Agreed.") are
left without a theme. Themes come largest first; ties by key terms.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise

import numpy as np
from scipy import sparse
from sklearn.cluster import KMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer
from sklearn.metrics import silhouette_score
from sklearn.preprocessing import normalize
from threadpoolctl import threadpool_limits

MIN_COMMENTS = 6  # fewer comments than this are not grouped
MIN_THEME_SIZE = 2
MAX_AUTO_THEMES = 12
MAX_THEMES = 30
KEY_TERMS = 8
REPRESENTATIVES = 3
SVD_DIMENSIONS = 100
SILHOUETTE_SAMPLE = 1000
KMEANS_STARTS = 4

# Reasons a call gave no theme (the caller words them for people).
TOO_FEW_COMMENTS = "too_few_comments"
NO_SHARED_WORDS = "no_shared_words"

# Words that appear in comments on any proof point and say nothing about the topic.
_DOMAIN_WORDS = """
    proof point points principle principles module modules organization organisation
    organizations organisations org rating ratings rate rated score scored think thinks
    thought feel feels felt believe really just like also bit lot lots way ways thing things
    know don doesn didn isn aren wasn weren won wouldn shouldn couldn ve ll re make makes made
    need needs needed want wants use used using does did doing yes ok okay sure maybe
    probably quite somewhat generally overall good better best great bad area areas
    currently current time times year years comment comments answer answers say says said
    applicable
"""
DOMAIN_STOP_WORDS = frozenset(_DOMAIN_WORDS.split())
STOP_WORDS = frozenset(ENGLISH_STOP_WORDS) | DOMAIN_STOP_WORDS
WORD = re.compile(r"[^\W\d_]{2,}")


@dataclass(frozen=True)
class ThemeSuggestion:
    """One suggested theme; indexes refer to the list of comments given.

    ``member_indices`` are ordered by ``scores`` (closest to the centroid first, ties by text
    then index); ``representative_indices`` are the first members with distinct texts.
    """

    key_terms: list[str]
    member_indices: list[int]
    representative_indices: list[int]
    scores: list[float]

    @property
    def size(self) -> int:
        return len(self.member_indices)


@dataclass(frozen=True)
class ThemeResult:
    """Themes found, the comments left without one, and why there are none (when none)."""

    themes: list[ThemeSuggestion]
    unthemed_indices: list[int] = field(default_factory=list)
    reason: str | None = None
    k: int = 0


def fold(word: str) -> str:
    """A light plural fold: policies -> policy, budgets -> budget, reaches -> reach;
    "process", "status", "analysis" and short words stay as they are."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("ches", "shes", "xes", "sses")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def analyze(text: str) -> list[str]:
    """The terms of one comment: folded words outside the stop lists, and neighbouring pairs."""
    words = [fold(w) for w in WORD.findall(text.lower()) if w not in STOP_WORDS]
    words = [w for w in words if w not in STOP_WORDS]
    return words + [f"{a} {b}" for a, b in pairwise(words)]


def _vectorize(texts: Sequence[str]) -> tuple[sparse.csr_matrix, np.ndarray]:
    """TF-IDF rows (unit length) and the vocabulary in column order; raises ValueError when
    no term is left."""
    n = len(texts)
    vectorizer = TfidfVectorizer(
        analyzer=analyze,
        sublinear_tf=True,
        min_df=2 if n >= 10 else 1,
        max_df=0.5 if n >= 10 else 1.0,
        dtype=np.float64,
    )
    matrix = vectorizer.fit_transform(texts)
    return sparse.csr_matrix(matrix), vectorizer.get_feature_names_out()


def _canonical(comments: Sequence[str]) -> tuple[list[int], list[str]]:
    """Original indexes of the non-empty comments, sorted by text (then index), and the texts."""
    order = sorted(
        (i for i, text in enumerate(comments) if text and text.strip()),
        key=lambda i: (comments[i].strip(), i),
    )
    return order, [comments[i].strip() for i in order]


def _reduce(matrix: sparse.csr_matrix, seed: int) -> np.ndarray:
    """LSA: at most SVD_DIMENSIONS dimensions, rows scaled to unit length."""
    dimensions = min(SVD_DIMENSIONS, matrix.shape[1] - 1, matrix.shape[0] - 1)
    if dimensions < 2:
        return normalize(matrix.toarray())
    svd = TruncatedSVD(n_components=dimensions, random_state=seed, n_iter=5)
    return normalize(svd.fit_transform(matrix))


def _kmeans(points: np.ndarray, k: int, seed: int) -> np.ndarray:
    model = KMeans(n_clusters=k, n_init=KMEANS_STARTS, random_state=seed)
    return model.fit_predict(points)


def _choose_k(points: np.ndarray, seed: int) -> tuple[int, np.ndarray]:
    """The k in 2 .. min(12, round(sqrt(n/2))) with the best silhouette, both k-means and
    silhouette on a fixed sample of at most 1,000 comments (the smaller k on a tie); then
    k-means with that k on every comment."""
    n = points.shape[0]
    distinct = len(np.unique(points.round(12), axis=0))
    top = max(2, min(MAX_AUTO_THEMES, round(math.sqrt(n / 2)), distinct - 1))
    rng = np.random.default_rng(seed)
    sample = np.sort(rng.choice(n, size=min(n, SILHOUETTE_SAMPLE), replace=False))
    best: tuple[float, int, np.ndarray] | None = None
    for k in range(2, top + 1):
        labels = _kmeans(points[sample], k, seed)
        if len(np.unique(labels)) < 2:
            continue
        score = float(silhouette_score(points[sample], labels, metric="cosine"))
        if best is None or score > best[0] + 1e-12:
            best = (score, k, labels)
    k = 2 if best is None else best[1]
    if best is not None and len(sample) == n:
        return k, best[2]
    return k, _kmeans(points, k, seed)


def _key_terms(centroid: np.ndarray, vocabulary: np.ndarray) -> list[str]:
    """The largest centroid weights, skipping a word already inside a chosen pair and a pair
    whose words were both chosen; ties by term."""
    order = sorted(np.flatnonzero(centroid > 0), key=lambda j: (-centroid[j], vocabulary[j]))
    chosen: list[str] = []
    for j in order:
        term = str(vocabulary[j])
        parts = term.split()
        if len(parts) == 1 and any(term in c.split() for c in chosen):
            continue
        if len(parts) == 2 and all(p in chosen for p in parts):
            continue
        chosen.append(term)
        if len(chosen) == KEY_TERMS:
            break
    return chosen


def _describe(
    matrix: sparse.csr_matrix,
    vocabulary: np.ndarray,
    texts: list[str],
    members: list[int],
    original: list[int],
) -> ThemeSuggestion:
    """Key terms, members by closeness to the centroid, and representatives of one group.

    ``members`` are rows of ``matrix``; ``original`` maps a row to the caller's index.
    """
    rows = matrix[members]
    centroid = np.asarray(rows.mean(axis=0)).ravel()
    length = float(np.linalg.norm(centroid))
    scores = rows @ (centroid / length) if length > 0 else np.zeros(len(members))
    scores = np.asarray(scores).ravel()
    ranked = sorted(
        range(len(members)),
        key=lambda m: (-round(float(scores[m]), 9), texts[members[m]], original[members[m]]),
    )
    representatives: list[int] = []
    seen: set[str] = set()
    for m in ranked:
        text = texts[members[m]]
        if text.casefold() not in seen:
            seen.add(text.casefold())
            representatives.append(original[members[m]])
        if len(representatives) == REPRESENTATIVES:
            break
    return ThemeSuggestion(
        key_terms=_key_terms(centroid, vocabulary),
        member_indices=[original[members[m]] for m in ranked],
        representative_indices=representatives,
        scores=[round(float(scores[m]), 4) for m in ranked],
    )


def _themes_from_labels(
    matrix: sparse.csr_matrix,
    vocabulary: np.ndarray,
    texts: list[str],
    rows: list[int],
    labels: np.ndarray,
    original: list[int],
) -> tuple[list[ThemeSuggestion], list[int]]:
    """Themes for each label (largest first), and the rows' original indexes left over."""
    themes: list[ThemeSuggestion] = []
    leftover: list[int] = []
    for label in sorted(set(labels.tolist())):
        members = [rows[i] for i in np.flatnonzero(labels == label)]
        if len(members) < MIN_THEME_SIZE:
            leftover.extend(original[m] for m in members)
            continue
        themes.append(_describe(matrix, vocabulary, texts, members, original))
    themes.sort(key=lambda t: (-t.size, t.key_terms, t.member_indices))
    return themes, leftover


def suggest_themes(
    comments: Sequence[str], *, max_themes: int | None = None, seed: int = 0
) -> ThemeResult:
    """Group comments by what they talk about.

    ``max_themes`` fixes the number of groups k (bounded by the number of distinct comments);
    without it k is chosen by silhouette as described in the module docstring. The result is
    the same for the same comments in any order and the same ``seed``.
    """
    if max_themes is not None and not 2 <= max_themes <= MAX_THEMES:
        raise ValueError(f"max_themes must be between 2 and {MAX_THEMES}.")
    order, texts = _canonical(comments)
    if len(order) < MIN_COMMENTS:
        return ThemeResult([], sorted(order), TOO_FEW_COMMENTS)
    try:
        matrix, vocabulary = _vectorize(texts)
    except ValueError:  # no term survives the stop lists and document frequency limits
        return ThemeResult([], sorted(order), NO_SHARED_WORDS)
    has_terms = np.flatnonzero(matrix.getnnz(axis=1) > 0).tolist()
    empty = [order[i] for i in range(len(order)) if matrix.getnnz(axis=1)[i] == 0]
    distinct = len({texts[i].casefold() for i in has_terms})
    if len(has_terms) < MIN_COMMENTS or distinct < 2:
        return ThemeResult([], sorted(order), NO_SHARED_WORDS)
    # One thread: the same result on any machine, and no time lost to threads spinning
    # against each other on a busy 2-core server.
    with threadpool_limits(limits=1):
        points = _reduce(matrix[has_terms], seed)
        if max_themes is None:
            k, labels = _choose_k(points, seed)
        else:
            k = max(2, min(max_themes, distinct))
            labels = _kmeans(points, k, seed)
    themes, leftover = _themes_from_labels(matrix, vocabulary, texts, has_terms, labels, order)
    unthemed = sorted(empty + leftover)
    return ThemeResult(themes, unthemed, None if themes else NO_SHARED_WORDS, k)


def split_theme(comments: Sequence[str], *, seed: int = 0) -> ThemeResult:
    """The comments of one theme in two sub-themes (the same engine with k = 2)."""
    return suggest_themes(comments, max_themes=2, seed=seed)


def describe_themes(
    comments: Sequence[str], groups: Sequence[Sequence[int]]
) -> list[ThemeSuggestion | None]:
    """Key terms, member order and representatives of groups an analyst has formed.

    ``comments`` are all the comments of the scope (the TF-IDF weights are fitted on them);
    each group lists indexes into ``comments``. A group with no term gets its members in text
    order and no key term; an empty group gives None.
    """
    order, texts = _canonical(comments)
    position = {original: row for row, original in enumerate(order)}
    try:
        matrix, vocabulary = _vectorize(texts)
    except ValueError:
        matrix = sparse.csr_matrix((len(texts), 0))
        vocabulary = np.array([], dtype=object)
    described: list[ThemeSuggestion | None] = []
    for group in groups:
        rows = sorted({position[i] for i in group if i in position})
        if not rows:
            described.append(None)
            continue
        described.append(_describe(matrix, vocabulary, texts, rows, order))
    return described
