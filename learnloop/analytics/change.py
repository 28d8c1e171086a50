# Docstrings carry the formulas in mathematical notation.
# ruff: noqa: RUF002
"""Change between rounds (SPEC section 3).

Independent rounds (anonymous, or different people) compare two histograms. Paired rounds (the
same named people) use the K×K transition table ``T[level in round 1, level in round 2]`` built
from people with valid answers in both rounds.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt
from scipy import stats

from learnloop.analytics.classify import Thresholds
from learnloop.analytics.distribution import (
    FloatArray,
    IntArray,
    as_counts,
    median_bounds,
)
from learnloop.analytics.gaps import (
    Magnitude,
    TestKind,
    compare_pairs,
    magnitude_from_code,
    romano_magnitude,
)

#: Bootstrap intervals are given only when every resampled group has at least this many answers.
MIN_N_BOOTSTRAP = 10

ZeroMethod = Literal["pratt", "zsplit", "wilcox"]


def wilson_interval(
    successes: npt.ArrayLike, n: npt.ArrayLike, confidence: float = 0.95
) -> tuple[FloatArray, FloatArray]:
    """Wilson score interval for a proportion (Wilson 1927; Newcombe 1998, method 3).

    ``statsmodels.stats.proportion.proportion_confint(method='wilson')``, vectorised; equals
    ``scipy.stats.binomtest(x, n).proportion_ci(method='wilson')`` (case C06). NaN where n = 0.
    """
    from statsmodels.stats.proportion import proportion_confint

    x = np.asarray(successes, dtype=np.float64)
    total = np.asarray(n, dtype=np.float64)
    safe = np.where(total > 0, total, 1.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        low, high = proportion_confint(x, safe, alpha=1 - confidence, method="wilson")
    return np.where(total > 0, low, np.nan), np.where(total > 0, high, np.nan)


def newcombe_difference_interval(
    x2: npt.ArrayLike,
    n2: npt.ArrayLike,
    x1: npt.ArrayLike,
    n1: npt.ArrayLike,
    confidence: float = 0.95,
) -> tuple[FloatArray, FloatArray]:
    """Newcombe hybrid-score interval for ``x2/n2 − x1/n1`` (Newcombe 1998, method 10).

    ``statsmodels.stats.proportion.confint_proportions_2indep(x2, n2, x1, n1,
    method='newcomb', compare='diff')``, vectorised (cases C05, C07). NaN where a round is empty.
    """
    from statsmodels.stats.proportion import confint_proportions_2indep

    a2, m2, a1, m1 = (np.asarray(v, dtype=np.float64) for v in (x2, n2, x1, n1))
    valid = (m2 > 0) & (m1 > 0)
    low, high = confint_proportions_2indep(
        a2,
        np.where(valid, m2, 1.0),
        a1,
        np.where(valid, m1, 1.0),
        method="newcomb",
        compare="diff",
        alpha=1 - confidence,
    )
    return np.where(valid, low, np.nan), np.where(valid, high, np.nan)


# ---------------------------------------------------------------------------------------------
# Independent rounds


@dataclass(frozen=True)
class IndependentChange:
    """Change of one proof point between two independent rounds (SPEC section 3.1)."""

    n_before: int
    n_after: int
    delta: float | None
    magnitude: Magnitude | None
    test: TestKind
    p_value: float | None
    share_met_before: float | None
    share_met_after: float | None
    share_met_change: float | None
    share_met_change_low: float | None
    share_met_change_high: float | None
    median_before: tuple[int, int] | None
    median_after: tuple[int, int] | None
    mean_change: float | None


def independent_change(
    before: npt.ArrayLike,
    after: npt.ArrayLike,
    thresholds: Thresholds | None = None,
    *,
    seed: int = 0,
) -> IndependentChange:
    """Effect, test and Δ share met between two independent rounds of one proof point.

    δ(after, before) with Romano labels (> 0 = improvement); Brunner–Munzel under the small-n
    rules of SPEC section 2.2; Δ share met with the Newcombe hybrid-score 95% CI; both medians
    (lower median and, at an exact split, the next level) — the category median is never
    bootstrapped; Δ mean (secondary).
    """
    c1, c2 = as_counts(before), as_counts(after)
    if c1.ndim != 1 or c1.shape != c2.shape:
        raise ValueError("Give two histograms on the same levels.")
    t = thresholds or Thresholds.for_scale(c1.shape[0])
    t.check_scale(c1.shape[0])
    pair = compare_pairs(c2, c1, t, seed=seed)
    n1, n2 = int(c1.sum()), int(c2.sum())
    met1 = int(c1[t.met_level - 1 :].sum())
    met2 = int(c2[t.met_level - 1 :].sum())
    low, high = newcombe_difference_interval(met2, n2, met1, n1)
    levels = np.arange(1, c1.shape[0] + 1)
    both = n1 > 0 and n2 > 0
    return IndependentChange(
        n_before=n1,
        n_after=n2,
        delta=_maybe(pair.delta),
        magnitude=magnitude_from_code(int(pair.magnitude)),
        test=TestKind(int(pair.test)),
        p_value=_maybe(pair.p_value),
        share_met_before=met1 / n1 if n1 else None,
        share_met_after=met2 / n2 if n2 else None,
        share_met_change=met2 / n2 - met1 / n1 if both else None,
        share_met_change_low=_maybe(low),
        share_met_change_high=_maybe(high),
        median_before=_median_pair(c1),
        median_after=_median_pair(c2),
        mean_change=float((c2 * levels).sum() / n2 - (c1 * levels).sum() / n1) if both else None,
    )


def bootstrap_independent(
    before: npt.ArrayLike,
    after: npt.ArrayLike,
    *,
    met_level: int = 4,
    resamples: int = 2_000,
    seed: int = 0,
    confidence: float = 0.95,
) -> dict[str, tuple[float, float]] | None:
    """Percentile bootstrap CIs for Δ share met and Δ mean between independent rounds.

    Resampling respondents within each round is drawing ``multinomial(n, p̂)`` per round
    (SPEC section 3.3). Returns None when a round has fewer than ``MIN_N_BOOTSTRAP`` answers
    (use the Newcombe interval instead). Seed it from the report id for reproducibility.
    """
    c1, c2 = as_counts(before), as_counts(after)
    n1, n2 = int(c1.sum()), int(c2.sum())
    if min(n1, n2) < MIN_N_BOOTSTRAP:
        return None
    rng = np.random.default_rng(seed)
    draws1 = rng.multinomial(n1, c1 / n1, size=resamples)
    draws2 = rng.multinomial(n2, c2 / n2, size=resamples)
    levels = np.arange(1, c1.shape[0] + 1)
    share = draws2[:, met_level - 1 :].sum(1) / n2 - draws1[:, met_level - 1 :].sum(1) / n1
    mean = (draws2 * levels).sum(1) / n2 - (draws1 * levels).sum(1) / n1
    return {
        "share_met_change": _percentile(share, confidence),
        "mean_change": _percentile(mean, confidence),
    }


# ---------------------------------------------------------------------------------------------
# Paired rounds


@dataclass(frozen=True)
class PairedChange:
    """Change of one proof point for the same people in two rounds (SPEC section 3.2)."""

    n_pairs: int
    n_up: int
    n_down: int
    n_same: int
    net_improvement: float | None
    magnitude: Magnitude | None
    sign_test_p: float | None
    rank_sum_positive: float
    rank_sum_negative: float
    rank_biserial: float | None
    wilcoxon_statistic: float | None
    wilcoxon_p: float | None
    met_table: tuple[tuple[int, int], tuple[int, int]]
    mcnemar_p: float | None


def transition_table(pairs: npt.ArrayLike, levels: int) -> IntArray:
    """``T[r1−1, r2−1]`` from (round-1 level, round-2 level) pairs; for tests and imports."""
    data = np.asarray(pairs, dtype=np.int64).reshape(-1, 2)
    if data.size and (data.min() < 1 or data.max() > levels):
        raise ValueError(f"Paired levels must lie between 1 and {levels}.")
    table = np.zeros((levels, levels), dtype=np.int64)
    np.add.at(table, (data[:, 0] - 1, data[:, 1] - 1), 1)
    return table


def sign_test_p_values(n_up: npt.ArrayLike, n_down: npt.ArrayLike) -> FloatArray:
    """Two-sided exact sign test, vectorised: ``min(1, 2·Binom(n, ½).cdf(min(up, down)))``.

    Identical to ``scipy.stats.binomtest(n_up, n_up + n_down, 0.5).pvalue`` (the null is
    symmetric) and to statsmodels' exact McNemar on the discordant cells. 1 where n = 0.
    """
    up = np.asarray(n_up, dtype=np.int64)
    down = np.asarray(n_down, dtype=np.int64)
    n = up + down
    p = 2 * stats.binom.cdf(np.minimum(up, down), np.maximum(n, 1), 0.5)
    return np.where(n > 0, np.minimum(p, 1.0), 1.0)


def mcnemar_exact(table: npt.ArrayLike) -> tuple[float, float] | None:
    """Exact McNemar test of a 2×2 table ``[[a, b], [c, d]]`` (McNemar 1947).

    ``statsmodels.stats.contingency_tables.mcnemar(table, exact=True)``: statistic min(b, c),
    binomial p on the discordant cells (case C03). None when there is no discordant pair.
    """
    from statsmodels.stats.contingency_tables import mcnemar

    cells = as_counts(table)
    if cells.shape != (2, 2):
        raise ValueError("McNemar's test needs a 2 by 2 table.")
    if cells[0, 1] + cells[1, 0] == 0:
        return None
    result = mcnemar(cells, exact=True)
    return float(result.statistic), float(result.pvalue)


def wilcoxon_signed_rank(
    differences: npt.ArrayLike,
    *,
    zero_method: ZeroMethod = "pratt",
    method: str | None = None,
    alternative: Literal["two-sided", "less", "greater"] = "two-sided",
) -> tuple[float, float] | None:
    """Wilcoxon signed-rank test of paired differences (Wilcoxon 1945; Pratt 1959 for zeros).

    The method is always explicit (SPEC section 3.2), as SciPy 1.17 chooses it: without ties
    or zeros, ``scipy.stats.wilcoxon(method='exact')``; with ties or zeros and at most 13
    differences, every sign permutation ("permutation"); otherwise 'asymptotic'. The
    permutation p-value is computed exactly from the distribution of R+ over all 2^n sign
    flips (a convolution over the ranks, so it costs microseconds, not SciPy's seconds) and
    equals ``scipy.stats.wilcoxon(method=PermutationMethod(n_resamples=inf))``, two-sided
    ``min(1, 2·min(P(R+ ≤ r), P(R+ ≥ r)))``. The statistic is SciPy's (min(R+, R−) when
    two-sided, R+ otherwise). Returns None when every difference is 0.
    """
    d = np.asarray(differences, dtype=np.float64)
    if d.size == 0 or not d.any():
        return None
    if method is None:
        magnitudes = np.abs(d[d != 0])
        clean = (d != 0).all() and len(np.unique(magnitudes)) == len(magnitudes)
        method = "exact" if clean else "permutation" if d.size <= 13 else "asymptotic"
    if method != "permutation":
        result = stats.wilcoxon(d, zero_method=zero_method, method=method, alternative=alternative)
        return float(result.statistic), float(result.pvalue)
    statistic = stats.wilcoxon(
        d, zero_method=zero_method, method="asymptotic", alternative=alternative
    ).statistic
    return float(statistic), _signed_rank_permutation_p(d, zero_method, alternative)


def _signed_rank_permutation_p(d: FloatArray, zero_method: ZeroMethod, alternative: str) -> float:
    """Exact sign-flip p-value of R+ by convolution over the doubled (integer) midranks."""
    ranked = d[d != 0] if zero_method == "wilcox" else d
    ranks = stats.rankdata(np.abs(ranked))
    nonzero = ranked != 0
    doubled = np.rint(2 * ranks[nonzero]).astype(np.int64)
    observed = int(doubled[ranked[nonzero] > 0].sum())
    ways = np.zeros(int(doubled.sum()) + 1)
    ways[0] = 1.0
    for rank in doubled.tolist():
        shifted = np.zeros_like(ways)
        shifted[rank:] = ways[: len(ways) - rank]
        ways = (ways + shifted) / 2
    less = float(ways[: observed + 1].sum())
    greater = float(ways[observed:].sum())
    if alternative == "less":
        return less
    if alternative == "greater":
        return greater
    return min(1.0, 2 * min(less, greater))


def paired_change(table: npt.ArrayLike, thresholds: Thresholds | None = None) -> PairedChange:
    """Paired change from the transition table ``T[r1, r2]`` (rows round 1, columns round 2).

    n_up / n_down / n_same = cells above / below / on the diagonal. Net improvement
    ``(n_up − n_down)/n_pairs`` (within-person dominance; Romano labels by convention). Sign
    test ``binomtest(n_up, n_up + n_down)``. Wilcoxon signed-rank (Pratt) with the matched-pairs
    rank-biserial ``r = (R+ − R−)/(R+ + R−)`` over non-zero differences (Kerby 2014). McNemar
    exact on met status ``[[met→met, met→not], [not→met, not→not]]``.
    """
    tab = as_counts(table)
    if tab.ndim != 2 or tab.shape[0] != tab.shape[1]:
        raise ValueError("The transition table must be K by K.")
    k = tab.shape[0]
    t = thresholds or Thresholds.for_scale(k)
    t.check_scale(k)
    n_pairs = int(tab.sum())
    n_up = int(np.triu(tab, 1).sum())
    n_down = int(np.tril(tab, -1).sum())
    rows, cols = np.indices(tab.shape)
    differences = np.repeat((cols - rows).ravel(), tab.ravel())
    nonzero = differences[differences != 0]
    ranks = stats.rankdata(np.abs(nonzero))
    r_plus = float(ranks[nonzero > 0].sum())
    r_minus = float(ranks[nonzero < 0].sum())
    wilcoxon = wilcoxon_signed_rank(differences) if n_pairs else None
    met = t.met_level - 1
    met_table = (
        (int(tab[met:, met:].sum()), int(tab[met:, :met].sum())),
        (int(tab[:met, met:].sum()), int(tab[:met, :met].sum())),
    )
    mcnemar_result = mcnemar_exact(met_table)
    net = (n_up - n_down) / n_pairs if n_pairs else None
    return PairedChange(
        n_pairs=n_pairs,
        n_up=n_up,
        n_down=n_down,
        n_same=n_pairs - n_up - n_down,
        net_improvement=net,
        magnitude=None if net is None else romano_magnitude(net),
        sign_test_p=(
            float(stats.binomtest(n_up, n_up + n_down, 0.5).pvalue) if n_up + n_down else None
        ),
        rank_sum_positive=r_plus,
        rank_sum_negative=r_minus,
        rank_biserial=(r_plus - r_minus) / (r_plus + r_minus) if nonzero.size else None,
        wilcoxon_statistic=None if wilcoxon is None else wilcoxon[0],
        wilcoxon_p=None if wilcoxon is None else wilcoxon[1],
        met_table=met_table,
        mcnemar_p=None if mcnemar_result is None else mcnemar_result[1],
    )


def bootstrap_paired(
    table: npt.ArrayLike,
    *,
    met_level: int = 4,
    resamples: int = 2_000,
    seed: int = 0,
    confidence: float = 0.95,
) -> dict[str, tuple[float, float]] | None:
    """Paired percentile bootstrap CIs for Δ share met and Δ mean (resampling people).

    Drawing people with replacement is a multinomial over the K² transition cells (SPEC
    section 3.3). None when fewer than ``MIN_N_BOOTSTRAP`` pairs.
    """
    tab = as_counts(table)
    n = int(tab.sum())
    if n < MIN_N_BOOTSTRAP:
        return None
    k = tab.shape[0]
    rng = np.random.default_rng(seed)
    draws = rng.multinomial(n, tab.ravel() / n, size=resamples).reshape(resamples, k, k)
    before = draws.sum(axis=2)
    after = draws.sum(axis=1)
    levels = np.arange(1, k + 1)
    share = (after[:, met_level - 1 :].sum(1) - before[:, met_level - 1 :].sum(1)) / n
    mean = ((after - before) * levels).sum(1) / n
    return {
        "share_met_change": _percentile(share, confidence),
        "mean_change": _percentile(mean, confidence),
    }


# ---------------------------------------------------------------------------------------------


def _percentile(values: FloatArray, confidence: float) -> tuple[float, float]:
    tail = (1 - confidence) / 2 * 100
    low, high = np.percentile(values, [tail, 100 - tail])
    return float(low), float(high)


def _median_pair(counts: IntArray) -> tuple[int, int] | None:
    if counts.sum() == 0:
        return None
    low, high, _ = median_bounds(counts)
    return int(low), int(high)


def _maybe(value: npt.ArrayLike) -> float | None:
    number = float(np.asarray(value))
    return number if np.isfinite(number) else None
