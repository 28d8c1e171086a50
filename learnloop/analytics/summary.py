# Docstrings carry the formulas in mathematical notation.
# ruff: noqa: RUF002
"""One entry point for a report: every statistic of SPEC sections 1, 2, 4 and 5 from counts.

``summarize(H, levels)`` takes ``H[proof_point, group, code]`` (code 0 = don't know, 1..K =
levels) and returns a :class:`Summary` of frozen dataclasses, computed with vectorised numpy over
all proof points and groups at once, plus the raw arrays for exports.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, fields
from enum import StrEnum
from functools import cached_property
from itertools import combinations
from typing import Any

import numpy as np
import numpy.typing as npt

from learnloop.analytics.classify import CLASS_CODES, ItemClass, Thresholds, classify
from learnloop.analytics.consensus import (
    AgreementBand,
    ConsensusLabel,
    cns_label_codes,
    leik_label_codes,
    leik_sum,
    rwg,
    rwg_bands,
    strength_of_consensus,
    tastle_wierman_consensus,
    van_der_eijk_agreement,
)
from learnloop.analytics.distribution import (
    BoolArray,
    FloatArray,
    IntArray,
    as_counts,
    interpolated_median,
    interquartile_range,
    median_bounds,
    normalised_entropy,
)
from learnloop.analytics.gaps import (
    Magnitude,
    TestKind,
    benjamini_hochberg,
    cliffs_delta_numerator,
    compare_pairs,
    kruskal_wallis,
)
from learnloop.analytics.reliability import krippendorff_alpha

#: Default anonymity floor: groups with fewer valid answers show nothing but their size class.
DEFAULT_MIN_GROUP_SIZE = 3


class Direction(StrEnum):
    """Which group of a pair rates higher (δ(A, B) > 0 means A)."""

    A_HIGHER = "a_higher"
    B_HIGHER = "b_higher"
    NO_DIFFERENCE = "no_difference"


class GapVerdict(StrEnum):
    """Qualification of a gap (|δ| ≥ 0.33), SPEC section 2.5."""

    SUPPORTED = "supported"
    NOT_SUPPORTED = "not_statistically_supported"
    INDICATIVE = "indicative_small_group"


# ---------------------------------------------------------------------------------------------
# Vectorised measures of many histograms


@dataclass(frozen=True)
class HistogramMeasures:
    """Every one-histogram measure of SPEC section 1 for histograms of shape ``(..., K)``.

    Arrays have the leading shape of the input. Float measures are NaN where undefined (n = 0,
    or n < 2 for r_wg); integer levels are 0 where n = 0; label codes are −1 where undefined.
    These are the raw values: the small-n policy is applied by :func:`summarize`.
    """

    n: IntArray
    median: IntArray
    median_upper: IntArray
    exact_split: BoolArray
    interpolated_median: FloatArray
    mean: FloatArray
    n_met: IntArray
    n_low: IntArray
    share_met: FloatArray
    share_low: FloatArray
    leik_sum: IntArray
    leik_consensus: FloatArray
    ad_median: FloatArray
    leik_label: npt.NDArray[np.int8]
    cns: FloatArray
    cns_label: npt.NDArray[np.int8]
    rwg: FloatArray
    iqr: IntArray
    item_class: npt.NDArray[np.int8]
    split: BoolArray
    met_but_dissent: BoolArray
    low_consensus: BoolArray
    small_group: BoolArray
    insufficient_data: BoolArray
    counts: IntArray = field(repr=False)

    # The secondary measures no report shows by default, computed when first read: a report
    # of 150 proof points x 5 columns saves about a tenth of its engine time.

    @cached_property
    def scns(self) -> FloatArray:
        return strength_of_consensus(self.counts)

    @cached_property
    def vde_agreement(self) -> FloatArray:
        if self.counts.shape[-1] < 3:
            return np.full(self.n.shape, np.nan, dtype=np.float64)
        return van_der_eijk_agreement(self.counts)

    @cached_property
    def entropy(self) -> FloatArray:
        return normalised_entropy(self.counts)


def measure_histograms(
    counts: npt.ArrayLike, thresholds: Thresholds | None = None
) -> HistogramMeasures:
    """All SPEC section 1 measures and the section 5 class of valid-answer histograms."""
    c = as_counts(counts)
    k = c.shape[-1]
    t = thresholds or Thresholds.for_scale(k)
    n = c.sum(axis=-1)
    safe_n = np.where(n > 0, n, 1)
    median, upper, split_median = median_bounds(c)
    s = leik_sum(c)
    classes = classify(c, t)
    cns = tastle_wierman_consensus(c)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(n > 0, (c * np.arange(1, k + 1)).sum(axis=-1) / safe_n, np.nan)
        share_met = np.where(n > 0, classes.n_met / safe_n, np.nan)
        share_low = np.where(n > 0, classes.n_low / safe_n, np.nan)
        ad = np.where(n > 0, s / safe_n, np.nan)
        leik = np.where(n > 0, 1.0 - 2.0 * s / (safe_n * (k - 1)), np.nan)
    return HistogramMeasures(
        n=n,
        median=median,
        median_upper=upper,
        exact_split=split_median,
        interpolated_median=interpolated_median(c),
        mean=mean,
        n_met=classes.n_met,
        n_low=classes.n_low,
        share_met=share_met,
        share_low=share_low,
        leik_sum=s,
        leik_consensus=leik,
        ad_median=ad,
        leik_label=leik_label_codes(c),
        cns=cns,
        cns_label=cns_label_codes(cns, k) if k >= 3 else np.full(n.shape, -1, dtype=np.int8),
        rwg=rwg(c),
        iqr=interquartile_range(c),
        item_class=classes.code,
        split=classes.split,
        met_but_dissent=classes.met_but_dissent,
        low_consensus=classes.low_consensus,
        small_group=classes.small_group,
        insufficient_data=classes.insufficient_data,
        counts=c,
    )


# ---------------------------------------------------------------------------------------------
# Report objects


@dataclass(slots=True)
class GroupSummary:
    """One proof point for one group (``group`` is None for all respondents).

    ``suppressed``: fewer valid answers than the minimum group size, so nothing but that fact
    may be shown and every other field, even ``n``, is None (flags are False, except
    ``small_group`` and ``insufficient_data``). ``insufficient_data``: fewer than
    ``min_n_stats`` answers, so only the distribution, medians and shares are given; consensus
    measures are None and the class is ``insufficient_data``. ``small_group`` marks n < 5.
    ``median`` is the lower median; at an exact split show "between level ``median`` and level
    ``median_upper``".
    """

    proof_point: int
    group: int | None
    n: int | None
    suppressed: bool
    n_dont_know: int | None
    share_dont_know: float | None
    counts: tuple[int, ...] | None
    median: int | None
    median_upper: int | None
    exact_split: bool
    interpolated_median: float | None
    mean: float | None
    n_met: int | None
    n_low: int | None
    share_met: float | None
    share_low: float | None
    leik_consensus: float | None
    ad_median: float | None
    consensus: ConsensusLabel | None
    cns: float | None
    cns_label: ConsensusLabel | None
    scns: float | None
    vde_agreement: float | None
    rwg: float | None
    rwg_band: AgreementBand | None
    iqr: int | None
    entropy: float | None
    item_class: ItemClass | None
    split: bool
    met_but_dissent: bool
    low_consensus: bool
    small_group: bool
    insufficient_data: bool


@dataclass(slots=True)
class GroupGap:
    """δ(A, B) and its test for one proof point and one ordered group pair (A before B).

    ``compared`` is False when either group has fewer than ``min_n_stats`` valid answers (or is
    suppressed): then nothing else is given, and a suppressed group's n is None. ``test`` says
    which p-value the small-n policy allowed; ``statistic``/``df`` are Brunner–Munzel's
    (SciPy sign: W > 0 when B is higher).
    ``q_value`` is the Benjamini–Hochberg adjusted p within the report section. ``verdict`` is
    given only for gaps (|δ| ≥ gap_delta).
    """

    proof_point: int
    group_a: int
    group_b: int
    n_a: int | None
    n_b: int | None
    compared: bool
    delta: float | None
    magnitude: Magnitude | None
    direction: Direction | None
    gap: bool
    test: TestKind
    statistic: float | None
    df: float | None
    p_value: float | None
    q_value: float | None
    verdict: GapVerdict | None


@dataclass(frozen=True)
class Misalignment:
    """Largest |δ| over the compared group pairs of one proof point, and the pair attaining it."""

    proof_point: int
    value: float
    group_a: int
    group_b: int
    delta: float


@dataclass(frozen=True)
class KruskalSummary:
    """Kruskal–Wallis over the groups with at least ``min_n_tests`` answers (≥ 3 such groups)."""

    proof_point: int
    groups: tuple[int, ...]
    statistic: float
    df: int
    p_value: float
    q_value: float
    epsilon_squared: float


@dataclass(frozen=True)
class _TestInputs:
    counts: IntArray  # (P, G + 1, K) valid answers, all respondents last
    suppressed: BoolArray
    sections: npt.NDArray[np.int64]
    seed: int
    full: IntArray  # (P, G, K + 1) as given
    everyone: IntArray  # (P, K + 1)


@dataclass(frozen=True)
class Summary:
    """Everything a report shows, indexed by proof point position and group position.

    ``cells[p][g]`` is proof point p for group g; ``overall[p]`` is all respondents;
    ``gaps[p]`` lists :class:`GroupGap` in the order of ``pairs``; ``alpha`` is ordinal
    Krippendorff α over all respondents and ``alpha_by_group[g]`` per group (None where
    undefined or the group is smaller than the minimum group size). ``measures`` holds the raw
    vectorised arrays with shape (P, G + 1), the last column being all respondents, and
    ``dont_know`` the don't-know counts with the same shape.

    ``cell_columns`` holds the fields of every :class:`GroupSummary` as flat lists of Python
    values (field name to list, cell ``(p, g)`` at ``p * (G + 1) + g``, g = G for all
    respondents), and ``gap_columns`` those of every :class:`GroupGap` (gap ``(p, i)`` at
    ``p * len(pairs) + i``): what a renderer reads in bulk. ``cells``, ``overall`` and ``gaps``
    are built from them when first read.
    """

    levels: int
    thresholds: Thresholds
    min_group_size: int
    pairs: tuple[tuple[int, int], ...]
    misalignment: tuple[Misalignment | None, ...]
    measures: HistogramMeasures
    dont_know: IntArray
    cell_columns: Mapping[str, list[Any]] = field(repr=False)
    # What the tests between groups and the reliability are computed from, when first read: a
    # summary page shows neither and never pays for them.
    _inputs: _TestInputs = field(repr=False)

    @property
    def n_groups(self) -> int:
        return int(self.dont_know.shape[1]) - 1

    @cached_property
    def gap_columns(self) -> dict[str, list[Any]]:
        i = self._inputs
        return _group_gaps(i.counts, i.suppressed, self.pairs, i.sections, self.thresholds, i.seed)

    @cached_property
    def kruskal(self) -> tuple[KruskalSummary | None, ...]:
        i = self._inputs
        groups = self.n_groups
        return _kruskal(i.counts[:, :groups], i.suppressed[:, :groups], i.sections, self.thresholds)

    @cached_property
    def _alphas(self) -> tuple[float | None, tuple[float | None, ...]]:
        i = self._inputs
        return _alphas(i.full, self.min_group_size, i.everyone)

    @property
    def alpha(self) -> float | None:
        return self._alphas[0]

    @property
    def alpha_by_group(self) -> tuple[float | None, ...]:
        return self._alphas[1]

    @cached_property
    def _cell_rows(self) -> list[list[GroupSummary]]:
        width = self.n_groups + 1
        names = [item.name for item in fields(GroupSummary)]
        values = [self.cell_columns[name] for name in names]
        flat = [GroupSummary(*row) for row in zip(*values, strict=True)]
        return [flat[start : start + width] for start in range(0, len(flat), width)]

    @cached_property
    def cells(self) -> tuple[tuple[GroupSummary, ...], ...]:
        """``cells[p][g]``: proof point p for group g."""
        return tuple(tuple(row[: self.n_groups]) for row in self._cell_rows)

    @cached_property
    def overall(self) -> tuple[GroupSummary, ...]:
        """``overall[p]``: proof point p for all respondents."""
        return tuple(row[self.n_groups] for row in self._cell_rows)

    @cached_property
    def gaps(self) -> tuple[tuple[GroupGap, ...], ...]:
        """``gaps[p][i]``: proof point p for the pair ``pairs[i]``."""
        n_points, width = self.dont_know.shape[0], len(self.pairs)
        if not width:
            return tuple(() for _ in range(n_points))
        names = [item.name for item in fields(GroupGap)]
        values = [self.gap_columns[name] for name in names]
        flat = [GroupGap(*row) for row in zip(*values, strict=True)]
        return tuple(tuple(flat[p * width : (p + 1) * width]) for p in range(n_points))


# ---------------------------------------------------------------------------------------------


def summarize(
    histogram: npt.ArrayLike,
    levels: int,
    thresholds: Thresholds | None = None,
    min_group_size: int = DEFAULT_MIN_GROUP_SIZE,
    *,
    sections: npt.ArrayLike | None = None,
    seed: int = 0,
    total: npt.ArrayLike | None = None,
) -> Summary:
    """Compute a whole report from ``H[proof_point, group, code]``.

    ``histogram`` is an int array of shape (P, G, K + 1): code 0 = don't know, 1..K = levels
    (``levels`` = K, checked against the array). ``thresholds`` are the session's; defaults are
    SPEC's, with the met and low levels placed on K levels (``Thresholds.for_scale``).
    ``min_group_size`` is the anonymity floor on valid answers (SPEC ``min_n_report``).
    ``sections`` (length P, any labels) groups proof points into report sections, each a
    Benjamini–Hochberg family for gap tests and, separately, for Kruskal–Wallis tests; default
    one section. ``seed`` (derive it from the report id) is used only by the Monte Carlo
    permutation fallback for large groups that do not overlap at all.
    ``total`` (shape (P, K + 1)) gives the all-respondents counts when they hold more than the
    groups (answers of people in no group, or in groups left out); ``overall`` and ``alpha``
    are then computed from it. Default: the sum over the groups.
    """
    t = thresholds or Thresholds.for_scale(levels)
    full = as_counts(histogram)
    if full.ndim != 3:
        raise ValueError("The histogram must have shape (proof points, groups, K + 1).")
    if full.shape[-1] != levels + 1:
        raise ValueError(
            f"The histogram has {full.shape[-1] - 1} level columns but the scale has {levels}."
        )
    if min_group_size < 1:
        raise ValueError("The minimum group size must be at least 1.")
    t.check_scale(levels)
    n_points, n_groups = full.shape[0], full.shape[1]
    section_labels = _sections(sections, n_points)

    everyone = full.sum(axis=1, keepdims=True) if total is None else as_counts(total)[:, None]
    if everyone.shape != (n_points, 1, levels + 1):
        raise ValueError("The total must have shape (proof points, K + 1).")
    with_total = np.concatenate([full, everyone], axis=1)
    dont_know = with_total[..., 0]
    counts = with_total[..., 1:]
    measures = measure_histograms(counts, t)
    suppressed = measures.n < min_group_size

    cell_columns = _group_summaries(counts, dont_know, measures, suppressed)
    pairs = tuple(combinations(range(n_groups), 2))
    return Summary(
        levels=levels,
        thresholds=t,
        min_group_size=min_group_size,
        pairs=pairs,
        misalignment=(
            _misalignment(_pair_deltas(counts, suppressed, pairs, t), pairs)
            if pairs
            else tuple(None for _ in range(n_points))
        ),
        measures=measures,
        dont_know=dont_know,
        cell_columns=cell_columns,
        _inputs=_TestInputs(counts, suppressed, section_labels, seed, full, everyone[:, 0]),
    )


def _sections(sections: npt.ArrayLike | None, n_points: int) -> npt.NDArray[np.int64]:
    if sections is None:
        return np.zeros(n_points, dtype=np.int64)
    labels = np.asarray(sections)
    if labels.shape != (n_points,):
        raise ValueError(f"Give one section per proof point ({n_points}).")
    return np.unique(labels, return_inverse=True)[1].astype(np.int64)


def _column(values: npt.ArrayLike, show: BoolArray) -> list[object]:
    """Flat list of Python values, None where ``show`` is False or the value is NaN."""
    array = np.asarray(values)
    boxed = array.astype(object).ravel()
    hide = ~show.ravel()
    if array.dtype.kind == "f":
        hide = hide | np.isnan(array).ravel()
    boxed[hide] = None
    result: list[object] = boxed.tolist()
    return result


def _labels(codes: npt.ArrayLike, table: tuple[object, ...], show: BoolArray) -> list[object]:
    """Flat list of enum members looked up by integer code (−1 = None), None where hidden."""
    lookup = np.array((None, *table), dtype=object)
    boxed = lookup[np.asarray(codes).ravel() + 1]
    boxed[~show.ravel()] = None
    result: list[object] = boxed.tolist()
    return result


_CONSENSUS = (ConsensusLabel.LOW, ConsensusLabel.MODERATE, ConsensusLabel.HIGH)
_CLASSES = tuple(CLASS_CODES[code] for code in (0, 1, 2))


class LazyColumns(Mapping[str, list[Any]]):
    """Named columns, each computed when first read and then kept.

    A renderer reads the few columns it shows; the others (the secondary consensus measures,
    say) are never built.
    """

    def __init__(self, makers: dict[str, Callable[[], list[Any]]]) -> None:
        self._makers = makers
        self._made: dict[str, list[Any]] = {}

    def __getitem__(self, name: str) -> list[Any]:
        if name not in self._made:
            self._made[name] = self._makers[name]()
        return self._made[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._makers)

    def __len__(self) -> int:
        return len(self._makers)


def _group_summaries(
    counts: IntArray,
    dont_know: IntArray,
    m: HistogramMeasures,
    suppressed: BoolArray,
) -> LazyColumns:
    """Every :class:`GroupSummary` field as a flat list, cell (p, g) at p * columns + g."""
    n_points, n_columns = counts.shape[0], counts.shape[1]
    shown = ~suppressed
    enough = shown & ~m.insufficient_data

    def share_dont_know() -> list[object]:
        answers = m.n + dont_know
        with np.errstate(invalid="ignore", divide="ignore"):
            share = np.where(answers > 0, dont_know / np.maximum(answers, 1), np.nan)
        return _column(share, shown)

    def count_rows() -> list[object]:
        rows = counts.reshape(-1, counts.shape[-1]).tolist()
        return [
            tuple(row) if show else None
            for row, show in zip(rows, shown.ravel().tolist(), strict=True)
        ]

    def bands() -> list[object]:
        values = rwg_bands(m.rwg.ravel())
        values[~enough.ravel()] = None
        result: list[object] = values.tolist()
        return result

    def classes() -> list[object]:
        item_class = np.where(m.insufficient_data, -1, m.item_class)
        lookup = np.array([ItemClass.INSUFFICIENT_DATA, *_CLASSES], dtype=object)
        values = lookup[item_class.ravel() + 1]
        values[suppressed.ravel()] = None
        result: list[object] = values.tolist()
        return result

    def flag(values: BoolArray) -> Callable[[], list[Any]]:
        return lambda: values.ravel().tolist()

    def shown_column(values: npt.ArrayLike) -> Callable[[], list[Any]]:
        return lambda: _column(values, shown)

    def enough_column(name: str) -> Callable[[], list[Any]]:
        return lambda: _column(getattr(m, name), enough)

    makers: list[Callable[[], list[Any]]] = [
        lambda: np.repeat(np.arange(n_points), n_columns).tolist(),
        lambda: [g if g < n_columns - 1 else None for g in range(n_columns)] * n_points,
        shown_column(m.n),
        flag(suppressed),
        shown_column(dont_know),
        share_dont_know,
        count_rows,
        shown_column(m.median),
        shown_column(m.median_upper),
        flag(m.exact_split & shown),
        shown_column(m.interpolated_median),
        shown_column(m.mean),
        shown_column(m.n_met),
        shown_column(m.n_low),
        shown_column(m.share_met),
        shown_column(m.share_low),
        enough_column("leik_consensus"),
        enough_column("ad_median"),
        lambda: _labels(m.leik_label, _CONSENSUS, enough),
        enough_column("cns"),
        lambda: _labels(m.cns_label, _CONSENSUS, enough),
        enough_column("scns"),
        enough_column("vde_agreement"),
        enough_column("rwg"),
        bands,
        enough_column("iqr"),
        enough_column("entropy"),
        classes,
        flag(m.split & enough),
        flag(m.met_but_dissent & enough),
        flag(m.low_consensus & enough),
        flag(m.small_group | suppressed),
        flag(~enough),
    ]
    names = (item.name for item in fields(GroupSummary))
    return LazyColumns(dict(zip(names, makers, strict=True)))


def _pair_deltas(
    counts: IntArray, suppressed: BoolArray, pairs: tuple[tuple[int, int], ...], t: Thresholds
) -> FloatArray:
    """Cliff's δ of every compared pair (NaN where not compared), shape (P, len(pairs)): the
    same values as :func:`_group_gaps` gives, without the tests."""
    first = np.array([a for a, _ in pairs])
    second = np.array([b for _, b in pairs])
    ca, cb = counts[:, first], counts[:, second]
    na, nb = ca.sum(axis=-1), cb.sum(axis=-1)
    compared = (np.minimum(na, nb) >= t.min_n_stats) & ~(
        suppressed[:, first] | suppressed[:, second]
    )
    with np.errstate(invalid="ignore", divide="ignore"):
        delta = cliffs_delta_numerator(ca, cb) / (na * nb)
    return np.where(compared, delta, np.nan)


def _group_gaps(
    counts: IntArray,
    suppressed: BoolArray,
    pairs: tuple[tuple[int, int], ...],
    sections: npt.NDArray[np.int64],
    t: Thresholds,
    seed: int,
) -> dict[str, list[Any]]:
    """Every :class:`GroupGap` field as a flat list (gap (p, i) at p * len(pairs) + i)."""
    n_points = counts.shape[0]
    if not pairs:
        return {item.name: [] for item in fields(GroupGap)}
    first = np.array([a for a, _ in pairs])
    second = np.array([b for _, b in pairs])
    result = compare_pairs(counts[:, first], counts[:, second], t, seed=seed)
    compared = result.compared & ~(suppressed[:, first] | suppressed[:, second])
    p_values = np.where(compared, result.p_value, np.nan)
    families = np.broadcast_to(sections[:, None], p_values.shape)
    q_values = benjamini_hochberg(p_values, families)
    delta = np.where(compared, result.delta, np.nan)
    test = np.where(compared, result.test, TestKind.NONE)
    asymptotic = test == TestKind.BRUNNER_MUNZEL
    gap = result.gap & compared
    tested = np.isfinite(p_values)
    supported = tested & (q_values <= float(t.fdr_q) + 1e-9)
    verdict = np.select([gap & ~tested, gap & supported, gap], [0, 1, 2], -1)
    direction = np.where(compared, np.sign(result.delta_numerator) + 1, -1)
    shape = delta.shape
    columns: list[list[Any]] = [
        np.repeat(np.arange(n_points), len(pairs)).tolist(),
        np.tile(first, n_points).tolist(),
        np.tile(second, n_points).tolist(),
        _column(np.broadcast_to(result.n_a, shape), ~suppressed[:, first]),
        _column(np.broadcast_to(result.n_b, shape), ~suppressed[:, second]),
        compared.ravel().tolist(),
        _column(delta, compared),
        _labels(result.magnitude, _MAGNITUDES, compared),
        _labels(direction, _DIRECTIONS, compared),
        gap.ravel().tolist(),
        _labels(test, _TESTS, np.ones(shape, dtype=bool)),
        _column(result.statistic, asymptotic),
        _column(result.df, asymptotic),
        _column(p_values, compared),
        _column(q_values, compared),
        _labels(verdict, _VERDICTS, gap),
    ]
    names = (item.name for item in fields(GroupGap))
    return dict(zip(names, columns, strict=True))


_MAGNITUDES = (Magnitude.NEGLIGIBLE, Magnitude.SMALL, Magnitude.MEDIUM, Magnitude.LARGE)
_DIRECTIONS = (Direction.B_HIGHER, Direction.NO_DIFFERENCE, Direction.A_HIGHER)
_TESTS = (TestKind.NONE, TestKind.PERMUTATION, TestKind.BRUNNER_MUNZEL)
_VERDICTS = (GapVerdict.INDICATIVE, GapVerdict.SUPPORTED, GapVerdict.NOT_SUPPORTED)


def _misalignment(
    delta: FloatArray, pairs: tuple[tuple[int, int], ...]
) -> tuple[Misalignment | None, ...]:
    """Largest |δ| per proof point over compared pairs (the first pair wins a tie)."""
    size = np.abs(delta)
    finite = np.isfinite(size)
    best = np.argmax(np.where(finite, size, -1.0), axis=1)
    rows = np.arange(delta.shape[0])
    chosen = zip(
        best.tolist(), finite[rows, best].tolist(), delta[rows, best].tolist(), strict=True
    )
    return tuple(
        Misalignment(p, abs(value), pairs[index][0], pairs[index][1], value) if found else None
        for p, (index, found, value) in enumerate(chosen)
    )


def _kruskal(
    counts: IntArray,
    suppressed: BoolArray,
    sections: npt.NDArray[np.int64],
    t: Thresholds,
) -> tuple[KruskalSummary | None, ...]:
    n_points, n_groups = counts.shape[0], counts.shape[1]
    if n_groups < 3:
        return tuple(None for _ in range(n_points))
    included = (counts.sum(axis=-1) >= t.min_n_tests) & ~suppressed
    table = np.where(included[..., None], counts, 0)
    result = kruskal_wallis(table)
    eligible = (included.sum(axis=1) >= 3) & np.isfinite(result.p_value)
    p_values = np.where(eligible, result.p_value, np.nan)
    q_values = benjamini_hochberg(p_values, sections)
    columns = zip(
        eligible.tolist(),
        included.tolist(),
        np.asarray(result.statistic, dtype=np.float64).tolist(),
        np.asarray(result.df).astype(np.int64).tolist(),
        p_values.tolist(),
        q_values.tolist(),
        np.asarray(result.epsilon_squared, dtype=np.float64).tolist(),
        strict=True,
    )
    return tuple(
        KruskalSummary(
            proof_point=p,
            groups=tuple(g for g, member in enumerate(members) if member),
            statistic=statistic,
            df=df,
            p_value=p_value,
            q_value=q_value,
            epsilon_squared=epsilon_squared,
        )
        if shown
        else None
        for p, (shown, members, statistic, df, p_value, q_value, epsilon_squared) in enumerate(
            columns
        )
    )


def _alphas(
    full: IntArray, min_group_size: int, total: IntArray
) -> tuple[float | None, tuple[float | None, ...]]:
    levels = full[..., 1:]
    overall = krippendorff_alpha(total[..., 1:]) if levels.shape[0] else None
    by_group: list[float | None] = []
    for g in range(full.shape[1]):
        answers = full[:, g].sum(axis=-1)
        if answers.size == 0 or answers.max() < min_group_size:
            by_group.append(None)
        else:
            by_group.append(krippendorff_alpha(levels[:, g]))
    return overall, tuple(by_group)
