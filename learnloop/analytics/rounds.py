# Docstrings carry the formulas in mathematical notation.
# ruff: noqa: RUF002
"""Round comparison and trends: what changed between rounds of a learning session.

Pure numpy/scipy, from count arrays; the database work (one ``GROUP BY`` per set of rounds, one
join of two rounds' answers on the person for paired data) is the rounds app's. The statistics
are those of SPEC section 3, computed by :mod:`learnloop.analytics.change` and
:mod:`learnloop.analytics.gaps`; this module decides which apply to each proof point, applies
the small-n and privacy policy, adjusts the p-values for the whole report and orders the rows.

Inputs, for ``P`` proof points aligned between two rounds (row p of each array is the same
proof point, or its mapped counterpart in another framework version):

* ``before`` and ``after``: ``H[p, code]`` with code 0 = don't know (and every other
  non-ordinal answer) and 1..K the levels, lowest first;
* ``transitions`` (paired designs only): ``T[p, r1 − 1, r2 − 1]``, the people with a valid
  answer in both rounds by their level in the earlier and in the later round.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import numpy.typing as npt

from learnloop.analytics.change import bootstrap_paired, newcombe_difference_interval, paired_change
from learnloop.analytics.classify import CLASS_CODES, ItemClass, Thresholds, classify
from learnloop.analytics.consensus import label_from_code, leik_consensus, leik_label_codes
from learnloop.analytics.distribution import (
    IntArray,
    as_counts,
    interpolated_median,
    median_bounds,
    split_dont_know,
)
from learnloop.analytics.gaps import (
    Magnitude,
    TestKind,
    benjamini_hochberg,
    compare_pairs,
    magnitude_from_code,
)

#: Bootstrap resamples for intervals on a page (SPEC section 3.3); exports may ask for 9,999.
SCREEN_RESAMPLES = 2_000
#: A paired bootstrap interval needs at least this many people in both rounds (SPEC 3.3).
MIN_PAIRS_BOOTSTRAP = 10


class Design(StrEnum):
    """Which kind of comparison SPEC section 3 prescribes for two rounds."""

    PAIRED = "paired"  # the same identified people answered both rounds (3.2)
    INDEPENDENT = "independent"  # anonymous rounds, or different people (3.1)


class ChangeTest(StrEnum):
    """The test behind a proof point's p-value."""

    SIGN_TEST = "sign_test"  # paired: exact binomial on the people who moved (3.2)
    BRUNNER_MUNZEL = "brunner_munzel"  # independent, smaller round n ≥ 10 (2.2, 3.1)
    PERMUTATION = "permutation"  # independent, smaller round 5 ≤ n < 10 (2.2, 3.1)
    NONE = "none"  # too few answers for a p-value


class Verdict(StrEnum):
    """Where a proof point is listed in the comparison."""

    IMPROVED = "improved"  # tested, BH q ≤ q threshold, effect > 0
    DECLINED = "declined"  # tested, BH q ≤ q threshold, effect < 0
    NOT_SIGNIFICANT = "not_significant"  # tested, q above the threshold
    UNTESTED = "untested"  # compared, but too few answers (or pairs) for a test
    NOT_COMPARED = "not_compared"  # too few answers in a round to show it at all


class Reason(StrEnum):
    """Why a proof point has no change figures or no test."""

    TOO_FEW_ANSWERS = "too_few_answers"  # a round has fewer valid answers than it may show
    TOO_FEW_PAIRS = "too_few_pairs"  # paired: too few people rated it in both rounds
    SMALL_SAMPLE = "small_sample"  # compared, but below the smallest n for a p-value


_TESTS = {
    TestKind.NONE: ChangeTest.NONE,
    TestKind.PERMUTATION: ChangeTest.PERMUTATION,
    TestKind.BRUNNER_MUNZEL: ChangeTest.BRUNNER_MUNZEL,
}


@dataclass(frozen=True)
class RoundCell:
    """One proof point (or module roll-up) in one round, as it may be shown.

    ``shown`` is False when the round has fewer valid answers than its minimum group size:
    then every other field is None and a page says only "too few answers". ``consensus`` (the
    Leik label) and ``item_class`` are None below ``min_n_stats`` answers (SPEC section 0).
    ``median``/``median_upper`` are the lower median and, at an exact split, the next
    non-empty level (equal otherwise).
    """

    shown: bool
    counts: tuple[int, ...] | None = None
    n: int | None = None
    dont_know: int | None = None
    median: int | None = None
    median_upper: int | None = None
    interpolated_median: float | None = None
    share_met: float | None = None
    consensus: str | None = None
    leik: float | None = None
    item_class: ItemClass | None = None


@dataclass(frozen=True)
class ProofPointChange:
    """The change of one proof point between two rounds.

    Descriptive change (both rounds shown): ``median_change`` is the difference of the
    interpolated medians (SPEC 1.1; the two medians themselves are in the round cells) and
    ``share_met_change`` the difference of the rounds' shares met, over everyone who rated
    the proof point in each round. Independent design: ``effect`` is Cliff's δ(after, before)
    with Romano's label, the test Brunner–Munzel or its permutation version, and the interval
    of ``share_met_change`` Newcombe's hybrid score (SPEC 3.1). Paired design: ``effect`` is the
    net improvement ``(n_up − n_down)/n_pairs`` of the people who rated it in both rounds, the
    test the exact sign test, with Wilcoxon's signed-rank and McNemar's exact test on met
    status as secondary tests, and ``pairs_share_met_change`` (those people's change in share
    met) with a paired bootstrap interval when there are at least 10 of them (SPEC 3.2, 3.3).
    ``q_value`` is the Benjamini–Hochberg adjustment over every tested proof point of the
    comparison (SPEC 2.4, 3.1).
    """

    design: Design
    compared: bool
    reason: Reason | None
    verdict: Verdict
    test: ChangeTest = ChangeTest.NONE
    effect: float | None = None
    magnitude: Magnitude | None = None
    p_value: float | None = None
    q_value: float | None = None
    median_change: float | None = None
    share_met_change: float | None = None
    share_met_change_low: float | None = None
    share_met_change_high: float | None = None
    n_pairs: int | None = None
    n_up: int | None = None
    n_down: int | None = None
    n_same: int | None = None
    met_gained: int | None = None
    met_lost: int | None = None
    pairs_share_met_change: float | None = None
    pairs_share_met_change_low: float | None = None
    pairs_share_met_change_high: float | None = None
    wilcoxon_p: float | None = None
    mcnemar_p: float | None = None

    @property
    def significant(self) -> bool:
        return self.verdict in (Verdict.IMPROVED, Verdict.DECLINED)


@dataclass(frozen=True)
class RoundComparison:
    """Cells of both rounds, the change per proof point, and the order to list them in."""

    design: Design
    before: list[RoundCell]
    after: list[RoundCell]
    changes: list[ProofPointChange]
    order: list[int]


# ---------------------------------------------------------------------------------------------
# One round


def round_cells(
    histograms: npt.ArrayLike, thresholds: Thresholds, min_group_size: int
) -> list[RoundCell]:
    """What may be shown of each histogram ``H[p, code]`` of one round.

    A histogram with fewer valid answers than ``min_group_size`` (or none) is not shown. The
    others carry their counts, n, n_DK, median, interpolated median, share met
    ``P(X ≥ met_level)``, Leik's consensus with its label (SPEC 1.2a, 1.4) and the class
    (SPEC 5); label and class need ``min_n_stats`` answers.
    """
    full = as_counts(histograms)
    if full.ndim != 2:
        raise ValueError("Give one histogram per proof point: shape (P, K + 1).")
    dont_know, counts = split_dont_know(full)
    levels = counts.shape[-1]
    thresholds.check_scale(levels)
    n = counts.sum(axis=-1)
    shown = (n > 0) & (n >= min_group_size)
    median, upper, _split = median_bounds(counts)
    interpolated = interpolated_median(counts)
    with np.errstate(invalid="ignore", divide="ignore"):
        met = counts[:, thresholds.met_level - 1 :].sum(axis=-1) / n
    leik = leik_consensus(counts)
    labels = leik_label_codes(counts)
    classes = classify(counts, thresholds).code
    cells = []
    for p in range(full.shape[0]):
        if not shown[p]:
            cells.append(RoundCell(shown=False))
            continue
        stats = int(n[p]) >= thresholds.min_n_stats
        label = label_from_code(int(labels[p])) if stats else None
        cells.append(
            RoundCell(
                shown=True,
                counts=tuple(int(c) for c in counts[p]),
                n=int(n[p]),
                dont_know=int(dont_know[p]),
                median=int(median[p]),
                median_upper=int(upper[p]),
                interpolated_median=float(interpolated[p]),
                share_met=float(met[p]),
                consensus=None if label is None else str(label),
                leik=float(leik[p]),
                item_class=CLASS_CODES[int(classes[p])] if stats else None,
            )
        )
    return cells


def rollup(
    histograms: npt.ArrayLike, sections: npt.ArrayLike, section_count: int
) -> tuple[IntArray, IntArray]:
    """Histograms of sections (modules): the sum of their proof points' histograms.

    Returns ``(R[s, code], most[s])`` where ``most[s]`` is the largest number of valid answers
    any one proof point of the section has. At least that many people answered the section, so
    showing the roll-up only when ``most ≥ min_group_size`` never reveals a smaller group.
    """
    full = as_counts(histograms)
    index = np.asarray(sections, dtype=np.int64)
    if full.ndim != 2 or index.shape != (full.shape[0],):
        raise ValueError("Give one section index per histogram.")
    summed = np.zeros((section_count, full.shape[1]), dtype=np.int64)
    np.add.at(summed, index, full)
    most = np.zeros(section_count, dtype=np.int64)
    np.maximum.at(most, index, full[:, 1:].sum(axis=-1))
    return summed, most


def rollup_cells(
    histograms: npt.ArrayLike,
    sections: npt.ArrayLike,
    section_count: int,
    thresholds: Thresholds,
    min_group_size: int,
) -> list[RoundCell]:
    """:func:`round_cells` of the section roll-ups, hidden where :func:`rollup` says so."""
    summed, most = rollup(histograms, sections, section_count)
    cells = round_cells(summed, thresholds, min_group_size)
    return [
        cell if most[s] >= min_group_size else RoundCell(shown=False)
        for s, cell in enumerate(cells)
    ]


# ---------------------------------------------------------------------------------------------
# Two rounds


def choose_design(
    identified_before: bool, identified_after: bool, people_in_both: int, people: tuple[int, int]
) -> Design:
    """Paired when both rounds know who answered (named or confidential, never anonymous) and
    the people who answered both are at least half of each round's respondents; independent
    otherwise (SPEC 3.1, 3.2).

    With mostly different people a paired test would use a minority of the answers and an
    independent test would treat the same people as strangers; the half rule picks the design
    that describes most of the data. ``people`` = (respondents before, respondents after).
    """
    if not (identified_before and identified_after) or people_in_both == 0:
        return Design.INDEPENDENT
    before, after = people
    if 2 * people_in_both >= before and 2 * people_in_both >= after:
        return Design.PAIRED
    return Design.INDEPENDENT


def compare_rounds(
    before: npt.ArrayLike,
    after: npt.ArrayLike,
    thresholds: Thresholds,
    *,
    min_group_size_before: int,
    min_group_size_after: int,
    transitions: npt.ArrayLike | None = None,
    seed: int = 0,
    resamples: int = SCREEN_RESAMPLES,
) -> RoundComparison:
    """Compare two rounds proof point by proof point (SPEC section 3).

    Without ``transitions`` the design is independent; with them, paired. Each round's cells
    follow :func:`round_cells` with its own minimum group size; a proof point is compared only
    when both rounds may show it. Paired figures need at least ``max(minimum group sizes,
    min_n_stats)`` people in both rounds; a p-value needs ``min_n_tests`` (5) of them, or in
    the independent design a smaller round of at least 5 answers (permutation test below 10,
    Brunner–Munzel from 10). Every p-value of the comparison is one Benjamini–Hochberg family;
    a proof point is a significant improvement (decline) when ``q ≤ fdr_q`` and its effect is
    positive (negative). ``order`` lists significant improvements (largest effect first), then
    significant declines (largest first), then the rest in the given order.
    """
    b_full, a_full = as_counts(before), as_counts(after)
    if b_full.shape != a_full.shape or b_full.ndim != 2:
        raise ValueError("Give both rounds' histograms on the same proof points and levels.")
    levels = b_full.shape[1] - 1
    cells_before = round_cells(b_full, thresholds, min_group_size_before)
    cells_after = round_cells(a_full, thresholds, min_group_size_after)
    c_before, c_after = b_full[:, 1:], a_full[:, 1:]
    both = np.array([b.shown and a.shown for b, a in zip(cells_before, cells_after, strict=True)])
    if transitions is None:
        design = Design.INDEPENDENT
        changes = _independent(c_before, c_after, both, thresholds, seed)
    else:
        design = Design.PAIRED
        table = as_counts(transitions)
        if table.shape != (b_full.shape[0], levels, levels):
            raise ValueError("Give one K by K transition table per proof point.")
        smallest = max(min_group_size_before, min_group_size_after, thresholds.min_n_stats)
        changes = [
            _paired(table[p], smallest, thresholds, seed + p, resamples) if both[p] else None
            for p in range(b_full.shape[0])
        ]
    rows = _finish(changes, both, design, c_before, c_after, cells_before, cells_after, thresholds)
    return RoundComparison(design, cells_before, cells_after, rows, _order(rows))


def _independent(
    c_before: IntArray, c_after: IntArray, both: npt.NDArray[np.bool_], t: Thresholds, seed: int
) -> list[dict | None]:
    """Cliff's δ(after, before), its test and Newcombe's interval, vectorised over proof points
    (the same computation as ``change.independent_change``, for every row at once)."""
    if not len(both):
        return []
    pairs = compare_pairs(c_after, c_before, t, seed=seed)
    n_before, n_after = c_before.sum(axis=-1), c_after.sum(axis=-1)
    met_before = c_before[:, t.met_level - 1 :].sum(axis=-1)
    met_after = c_after[:, t.met_level - 1 :].sum(axis=-1)
    # Rows not compared get empty rounds, so the interval is NaN there and nothing warns.
    n_before, n_after = np.where(both, n_before, 0), np.where(both, n_after, 0)
    met_before, met_after = np.where(both, met_before, 0), np.where(both, met_after, 0)
    low, high = newcombe_difference_interval(met_after, n_after, met_before, n_before)
    rows: list[dict | None] = []
    for p in range(len(both)):
        if not both[p]:
            rows.append(None)
            continue
        test = _TESTS[TestKind(int(pairs.test[p]))]
        rows.append(
            {
                "effect": _number(pairs.delta[p]),
                "magnitude": magnitude_from_code(int(pairs.magnitude[p])),
                "test": test,
                "p_value": _number(pairs.p_value[p]),
                "share_met_change_low": _number(low[p]),
                "share_met_change_high": _number(high[p]),
                "reason": Reason.SMALL_SAMPLE if test is ChangeTest.NONE else None,
            }
        )
    return rows


def _paired(
    table: IntArray, smallest: int, t: Thresholds, seed: int, resamples: int
) -> dict | None:
    """Net improvement, sign test, Wilcoxon and McNemar of the people in both rounds."""
    n_pairs = int(table.sum())
    if n_pairs < smallest:
        return {"reason": Reason.TOO_FEW_PAIRS, "n_pairs": n_pairs, "test": ChangeTest.NONE}
    change = paired_change(table, t)
    testable = n_pairs >= t.min_n_tests
    (_kept, lost), (gained, _never) = change.met_table
    row: dict = {
        "effect": change.net_improvement,
        "magnitude": change.magnitude,
        "test": ChangeTest.SIGN_TEST if testable else ChangeTest.NONE,
        "p_value": (1.0 if change.sign_test_p is None else change.sign_test_p)
        if testable
        else None,
        "reason": None if testable else Reason.SMALL_SAMPLE,
        "n_pairs": n_pairs,
        "n_up": change.n_up,
        "n_down": change.n_down,
        "n_same": change.n_same,
        "met_gained": gained,
        "met_lost": lost,
        "pairs_share_met_change": (gained - lost) / n_pairs,
        "wilcoxon_p": change.wilcoxon_p if testable else None,
        "mcnemar_p": (1.0 if change.mcnemar_p is None else change.mcnemar_p) if testable else None,
    }
    if n_pairs >= MIN_PAIRS_BOOTSTRAP:
        interval = bootstrap_paired(table, met_level=t.met_level, resamples=resamples, seed=seed)
        if interval is not None:
            low, high = interval["share_met_change"]
            row["pairs_share_met_change_low"] = low
            row["pairs_share_met_change_high"] = high
    return row


def _finish(
    rows: list[dict | None],
    both: npt.NDArray[np.bool_],
    design: Design,
    c_before: IntArray,
    c_after: IntArray,
    cells_before: list[RoundCell],
    cells_after: list[RoundCell],
    t: Thresholds,
) -> list[ProofPointChange]:
    """Add the descriptive change, the BH q-values and the verdict to each row."""
    p_values = np.array(
        [np.nan if r is None or r.get("p_value") is None else r["p_value"] for r in rows]
    )
    q_values = benjamini_hochberg(p_values) if len(rows) else p_values
    q_limit = float(t.fdr_q)
    result = []
    for p, row in enumerate(rows):
        if not both[p] or row is None:
            result.append(
                ProofPointChange(design, False, Reason.TOO_FEW_ANSWERS, Verdict.NOT_COMPARED)
            )
            continue
        before, after = cells_before[p], cells_after[p]
        q = _number(q_values[p])
        effect = row.get("effect")
        if q is None:
            verdict = Verdict.UNTESTED
        elif q <= q_limit + 1e-12 and effect:
            verdict = Verdict.IMPROVED if effect > 0 else Verdict.DECLINED
        else:
            verdict = Verdict.NOT_SIGNIFICANT
        fields = {k: v for k, v in row.items() if k != "reason"}
        result.append(
            ProofPointChange(
                design=design,
                compared=True,
                reason=row.get("reason"),
                verdict=verdict,
                q_value=q,
                median_change=after.interpolated_median - before.interpolated_median,  # type: ignore[operator]
                share_met_change=after.share_met - before.share_met,  # type: ignore[operator]
                **fields,
            )
        )
    return result


def _order(changes: list[ProofPointChange]) -> list[int]:
    """Significant improvements (largest effect first), declines (largest first), the rest."""
    improved = [p for p, c in enumerate(changes) if c.verdict is Verdict.IMPROVED]
    declined = [p for p, c in enumerate(changes) if c.verdict is Verdict.DECLINED]
    rest = [p for p, c in enumerate(changes) if not c.significant]
    improved.sort(key=lambda p: (-(changes[p].effect or 0), changes[p].q_value or 0, p))
    declined.sort(key=lambda p: ((changes[p].effect or 0), changes[p].q_value or 0, p))
    return improved + declined + rest


def _number(value: object) -> float | None:
    number = float(np.asarray(value))
    return number if np.isfinite(number) else None


__all__ = [
    "ChangeTest",
    "Design",
    "ProofPointChange",
    "Reason",
    "RoundCell",
    "RoundComparison",
    "Verdict",
    "choose_design",
    "compare_rounds",
    "rollup",
    "rollup_cells",
    "round_cells",
]
