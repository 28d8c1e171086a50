# Docstrings carry the formulas in mathematical notation.
# ruff: noqa: RUF002
"""Gaps between groups (SPEC section 2), computed from histograms.

Two groups are given as count arrays ``a`` and ``b`` with shape ``(..., K)`` on the same levels.
Pairs are directional: δ(A, B) > 0 means "A rates higher than B". Several groups are a table
``(..., G, K)``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import IntEnum, StrEnum
from fractions import Fraction
from functools import lru_cache
from itertools import combinations

import numpy as np
import numpy.typing as npt
from scipy import special, stats

from learnloop.analytics.classify import Thresholds
from learnloop.analytics.distribution import BoolArray, FloatArray, IntArray, as_counts

#: Exact enumeration of the smaller group's tables is used up to this many tables; beyond it a
#: seeded Monte Carlo permutation test with ``PERMUTATION_RESAMPLES`` draws.
EXACT_TABLE_LIMIT = 200_000
PERMUTATION_RESAMPLES = 9_999


class Magnitude(StrEnum):
    """Romano et al. (2006) magnitude of Cliff's δ."""

    NEGLIGIBLE = "negligible"
    SMALL = "small"
    MEDIUM = "medium"
    LARGE = "large"


_ROMANO = (Fraction(147, 1000), Fraction(33, 100), Fraction(474, 1000))
_MAGNITUDES = (Magnitude.NEGLIGIBLE, Magnitude.SMALL, Magnitude.MEDIUM, Magnitude.LARGE)


class TestKind(IntEnum):
    """Which test produced a gap's p-value (SPEC section 0 small-n policy)."""

    NONE = 0
    PERMUTATION = 1
    BRUNNER_MUNZEL = 2

    # pytest must not collect this enum as a test class.
    __test__ = False


# ---------------------------------------------------------------------------------------------
# Cliff's delta


def counts_from_samples(
    x: npt.ArrayLike, y: npt.ArrayLike
) -> tuple[IntArray, IntArray, FloatArray]:
    """Histograms of two raw samples over the sorted union of their values.

    Returns (counts of x, counts of y, the values). Lets published raw-data examples be checked
    against the count-based functions.
    """
    xs = np.asarray(x)
    ys = np.asarray(y)
    values = np.unique(np.concatenate([xs.ravel(), ys.ravel()]))
    a = np.array([(xs == v).sum() for v in values], dtype=np.int64)
    b = np.array([(ys == v).sum() for v in values], dtype=np.int64)
    return a, b, values.astype(np.float64)


def _below_above(b: IntArray) -> tuple[IntArray, IntArray]:
    cum = np.cumsum(b, axis=-1)
    return cum - b, cum[..., -1:] - cum


def cliffs_delta_numerator(a: npt.ArrayLike, b: npt.ArrayLike) -> IntArray:
    """Integer ``Σ_i a_i·(#B below i − #B above i)``; δ = this / (n_a n_b)."""
    ca, cb = _pair(a, b)
    below, above = _below_above(cb)
    return (ca * (below - above)).sum(axis=-1)


def cliffs_delta(a: npt.ArrayLike, b: npt.ArrayLike) -> FloatArray:
    """Cliff's δ(A, B) = P(A > B) − P(A < B) from two histograms (Cliff 1996).

    ``P(A>B) = Σ_i a_i Σ_{j<i} b_j / (n_a n_b)``, ``P(A<B) = Σ_i a_i Σ_{j>i} b_j / (n_a n_b)``.
    Equals ``2U_A/(n_a n_b) − 1`` (Mann–Whitney) and ``2p̂ − 1`` (Brunner–Munzel). NaN if a
    group is empty.
    """
    ca, cb = _pair(a, b)
    pairs = ca.sum(axis=-1) * cb.sum(axis=-1)
    return _divide(cliffs_delta_numerator(ca, cb), pairs)


def romano_magnitude(delta: float) -> Magnitude:
    """Romano et al. (2006) label of |δ|: < 0.147 negligible, < 0.33 small, < 0.474 medium,
    otherwise large. A value equal to a threshold belongs to the upper class (as R ``effsize``,
    case B05); compared with ε = 1e-9."""
    size = abs(delta) + 1e-9
    code = sum(size >= float(threshold) for threshold in _ROMANO)
    return _MAGNITUDES[code]


def romano_codes(numerator: npt.ArrayLike, pairs: npt.ArrayLike) -> npt.NDArray[np.int8]:
    """Exact Romano codes (0 negligible .. 3 large) of δ = numerator / pairs, −1 if pairs = 0."""
    num = np.abs(np.asarray(numerator, dtype=np.int64))
    den = np.asarray(pairs, dtype=np.int64)
    code = np.zeros(np.broadcast(num, den).shape, dtype=np.int8)
    for threshold in _ROMANO:
        code += (num * threshold.denominator >= threshold.numerator * den).astype(np.int8)
    return np.where(den > 0, code, -1).astype(np.int8)


def magnitude_from_code(code: int) -> Magnitude | None:
    """Translate a code from :func:`romano_codes`."""
    return _MAGNITUDES[code] if code >= 0 else None


@dataclass(frozen=True)
class CliffInterval:
    """Cliff's δ with the Feng–Cliff asymmetric interval, as R ``effsize::cliff.delta``."""

    delta: float
    low: float
    high: float
    variance: float
    s_i: float
    s_j: float
    s_ij: float


def cliffs_delta_interval(
    a: npt.ArrayLike,
    b: npt.ArrayLike,
    confidence: float = 0.95,
    *,
    unbiased: bool = True,
    normal: bool = False,
) -> CliffInterval:
    """Cliff's δ and its asymmetric CI ``(δ−δ³ ± z·s·√((1−δ²)² + z²s²)) / (1 − δ² + z²s²)``.

    Cliff (1996); Feng & Cliff (2004); variance terms as R ``effsize`` 0.8.1: consistent
    ``S_d = ((n_b−1)S_i + (n_a−1)S_j + S_ij)/(n_a n_b)`` or the unbiased estimate (default), with
    a Student t quantile on n_a + n_b − 2 df (default) or a normal quantile.
    """
    ca, cb = _pair(a, b)
    if ca.ndim != 1:
        raise ValueError("cliffs_delta_interval takes two single histograms.")
    na, nb = int(ca.sum()), int(cb.sum())
    if na < 2 or nb < 2:
        raise ValueError("Each group needs at least two answers for an interval.")
    d = float(cliffs_delta(ca, cb))
    below_b, above_b = _below_above(cb)
    below_a, above_a = _below_above(ca)
    d_row = (below_b - above_b) / nb
    d_col = (above_a - below_a) / na
    sum_row = float((ca * (d_row - d) ** 2).sum())
    sum_col = float((cb * (d_col - d) ** 2).sum())
    levels = np.arange(ca.shape[0])
    signs = np.sign(levels[:, None] - levels[None, :])
    ssr = float((np.outer(ca, cb) * (signs - d) ** 2).sum())
    s_i = sum_row / (na - 1)
    s_j = sum_col / (nb - 1)
    s_ij = ssr / ((na - 1) * (nb - 1))
    if unbiased:
        variance = (nb * nb * sum_row + na * na * sum_col - ssr) / (na * nb * (na - 1) * (nb - 1))
    else:
        variance = ((nb - 1) * s_i + (na - 1) * s_j + s_ij) / (na * nb)
    tail = (1 + confidence) / 2
    z = float(stats.norm.ppf(tail) if normal else stats.t.ppf(tail, na + nb - 2))
    variance = max(variance, 0.0)
    spread = z * math.sqrt(variance) * math.sqrt((1 - d * d) ** 2 + z * z * variance)
    denominator = 1 - d * d + z * z * variance
    if denominator <= 0:
        low = high = d
    else:
        low = (d - d**3 - spread) / denominator
        high = (d - d**3 + spread) / denominator
    return CliffInterval(d, low, high, variance, s_i, s_j, s_ij)


def delta_interval_brunner_munzel(
    a: npt.ArrayLike, b: npt.ArrayLike, confidence: float = 0.95
) -> tuple[float, float]:
    """CI for δ(A, B) from the Brunner–Munzel interval of p̂, transformed by δ = 2p − 1.

    ``statsmodels.stats.nonparametric.rank_compare_2ordinal(a, b).conf_int()`` (SPEC 2.1).
    """
    from statsmodels.stats.nonparametric import rank_compare_2ordinal

    ca, cb = _pair(a, b)
    result = rank_compare_2ordinal(ca, cb)
    low, high = result.conf_int(alpha=1 - confidence)
    return 2 * float(low) - 1, 2 * float(high) - 1


# ---------------------------------------------------------------------------------------------
# Two-group tests


@dataclass(frozen=True)
class TwoGroupTest:
    """Statistic, degrees of freedom and two-sided p-value (arrays over leading axes)."""

    statistic: FloatArray
    df: FloatArray
    p_value: FloatArray


def _midranks(total: IntArray) -> FloatArray:
    cum = np.cumsum(total, axis=-1)
    return (cum - total) + (total + 1) / 2.0


def brunner_munzel(a: npt.ArrayLike, b: npt.ArrayLike) -> TwoGroupTest:
    """Brunner–Munzel test from counts (Brunner & Munzel 2000), t-approximation, two-sided.

    ``W = (p̂ − ½)/√(v_A/n_A + v_B/n_B)`` with (n−1)-variances v of the placements, and
    Welch–Satterthwaite df. **Sign as SciPy**: ``scipy.stats.brunnermunzel(x, y)`` gives W > 0
    when **B** tends to be higher, and so does this function. Equals SciPy to ~1e-13 (case B06).
    NaN where a group has n < 2 or both placement variances are 0 (no overlap, or both groups
    constant): handle those with :func:`permutation_p_value`.
    """
    ca, cb = _pair(a, b)
    na = ca.sum(axis=-1).astype(np.float64)
    nb = cb.sum(axis=-1).astype(np.float64)
    pooled = _midranks(ca + cb)
    within_a = _midranks(ca)
    within_b = _midranks(cb)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_a = (ca * pooled).sum(axis=-1) / na
        mean_b = (cb * pooled).sum(axis=-1) / nb
        place_a = pooled - within_a
        place_b = pooled - within_b
        centre_a = (ca * place_a).sum(axis=-1) / na
        centre_b = (cb * place_b).sum(axis=-1) / nb
        var_a = (ca * (place_a - centre_a[..., None]) ** 2).sum(axis=-1) / (na - 1)
        var_b = (cb * (place_b - centre_b[..., None]) ** 2).sum(axis=-1) / (nb - 1)
        spread = na * var_a + nb * var_b
        valid = (na >= 2) & (nb >= 2) & (spread > 0)
        safe_spread = np.where(valid, spread, 1.0)
        statistic = na * nb * (mean_b - mean_a) / ((na + nb) * np.sqrt(safe_spread))
        df = spread**2 / ((na * var_a) ** 2 / (na - 1) + (nb * var_b) ** 2 / (nb - 1))
        df = np.where(valid, df, np.nan)
        p = 2.0 * special.stdtr(np.where(valid, df, 1.0), -np.abs(statistic))
    return TwoGroupTest(
        statistic=np.where(valid, statistic, np.nan),
        df=df,
        p_value=np.where(valid, np.minimum(p, 1.0), np.nan),
    )


def mann_whitney(a: npt.ArrayLike, b: npt.ArrayLike) -> TwoGroupTest:
    """Mann–Whitney U₁ of A and its asymptotic, tie-corrected two-sided p (with continuity).

    Midranks per level; equals ``scipy.stats.mannwhitneyu(method='asymptotic')`` (case B09).
    ``statistic`` is U₁ (δ = 2U₁/(n_a n_b) − 1); ``df`` is NaN. NaN p when all answers tie.
    """
    ca, cb = _pair(a, b)
    total = ca + cb
    na = ca.sum(axis=-1).astype(np.float64)
    nb = cb.sum(axis=-1).astype(np.float64)
    n = na + nb
    u1 = (ca * _midranks(total)).sum(axis=-1) - na * (na + 1) / 2
    u = np.maximum(u1, na * nb - u1)
    ties = (total.astype(np.float64) ** 3 - total).sum(axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        s = np.sqrt(na * nb / 12 * ((n + 1) - ties / (n * (n - 1))))
        z = (u - na * nb / 2 - 0.5) / s
        p = np.where(s > 0, np.clip(2 * special.ndtr(-z), 0.0, 1.0), np.nan)
    return TwoGroupTest(statistic=u1, df=np.full_like(u1, np.nan), p_value=p)


@lru_cache(maxsize=64)
def _compositions(total: int, parts: int) -> IntArray:
    """All vectors of ``parts`` non-negative integers summing to ``total`` (stars and bars)."""
    bars = np.array(list(combinations(range(total + parts - 1), parts - 1)), dtype=np.int64)
    bars = bars.reshape(-1, parts - 1)
    edges = np.concatenate(
        [np.full((len(bars), 1), -1), bars, np.full((len(bars), 1), total + parts - 1)], axis=1
    )
    return np.diff(edges, axis=1) - 1


def permutation_p_value(
    a: npt.ArrayLike,
    b: npt.ArrayLike,
    *,
    seed: int = 0,
    n_resamples: int = PERMUTATION_RESAMPLES,
) -> FloatArray:
    """Two-sided permutation p-value of the Mann–Whitney U, permuting group labels over the
    pooled histogram (SPEC section 2.2), vectorised over leading axes.

    Under the null, the smaller group's histogram is multivariate hypergeometric over the pooled
    counts, and U is linear in it (``U = Σ x_i·midrank_i − m(m+1)/2``). When there are at most
    ``EXACT_TABLE_LIMIT`` possible tables they are all enumerated with their exact probabilities,
    which equals running every permutation (deterministic, no RNG); otherwise ``n_resamples``
    seeded draws are used with the (count+1)/(B+1) convention. The two-sided p-value is
    ``min(1, 2·min(P(U ≤ u), P(U ≥ u)))``, the convention of
    ``scipy.stats.mannwhitneyu(method=PermutationMethod())``. NaN where a group is empty.
    """
    ca, cb = _pair(a, b)
    shape = np.broadcast_shapes(ca.shape, cb.shape)
    ca = np.broadcast_to(ca, shape).reshape(-1, shape[-1])
    cb = np.broadcast_to(cb, shape).reshape(-1, shape[-1])
    na, nb = ca.sum(axis=1), cb.sum(axis=1)
    smaller = np.where((nb < na)[:, None], cb, ca)
    m = np.minimum(na, nb)
    result = np.full(len(ca), np.nan)
    for size in np.unique(m[m > 0]):
        rows = np.flatnonzero(m == size)
        pooled = ca[rows] + cb[rows]
        observed = smaller[rows]
        tables = math.comb(int(size) + shape[-1] - 1, shape[-1] - 1)
        if tables <= EXACT_TABLE_LIMIT:
            result[rows] = _exact_permutation(pooled, observed, int(size))
        else:
            result[rows] = _sampled_permutation(pooled, observed, int(size), seed, n_resamples)
    return result.reshape(shape[:-1])


def _doubled_u(tables: IntArray, pooled: IntArray, size: int) -> IntArray:
    doubled_ranks = 2 * (np.cumsum(pooled, axis=-1) - pooled) + pooled + 1
    return (tables * doubled_ranks).sum(axis=-1) - size * (size + 1)


def _exact_permutation(pooled: IntArray, observed: IntArray, size: int) -> FloatArray:
    tables = _compositions(size, pooled.shape[-1])  # (M, K)
    k = pooled.shape[-1]
    n = pooled.sum(axis=-1)
    log_factorial = special.gammaln(np.arange(int(n.max()) + 1, dtype=np.float64) + 1)
    # log C(t_k, x) for x = 0..size per row and level; -inf where x > t_k (probability 0).
    x = np.arange(size + 1)
    t = pooled[:, :, None]
    feasible = x <= t
    remainder = np.where(feasible, t - x, 0)
    log_choose = np.where(
        feasible,
        log_factorial[t] - log_factorial[x] - log_factorial[remainder],
        -np.inf,
    )  # (P, K, size + 1)
    log_total = log_factorial[n] - log_factorial[size] - log_factorial[n - size]
    log_ways = log_choose[:, np.arange(k), tables].sum(axis=-1)  # (P, M)
    probability = np.exp(log_ways - log_total[:, None])
    doubled_ranks = 2 * (np.cumsum(pooled, axis=-1) - pooled) + pooled + 1  # (P, K)
    u_tables = doubled_ranks @ tables.T - size * (size + 1)  # (P, M), 2U of each table
    u_observed = _doubled_u(observed, pooled, size)[:, None]
    less = (probability * (u_tables <= u_observed)).sum(axis=-1)
    greater = (probability * (u_tables >= u_observed)).sum(axis=-1)
    return np.clip(2 * np.minimum(less, greater), 0.0, 1.0)


def _sampled_permutation(
    pooled: IntArray, observed: IntArray, size: int, seed: int, n_resamples: int
) -> FloatArray:
    rng = np.random.default_rng(seed)
    result = np.empty(len(pooled))
    for row in range(len(pooled)):
        draws = rng.multivariate_hypergeometric(pooled[row], size, size=n_resamples)
        u_draws = _doubled_u(draws, pooled[row], size)
        u_observed = _doubled_u(observed[row], pooled[row], size)
        less = ((u_draws <= u_observed).sum() + 1) / (n_resamples + 1)
        greater = ((u_draws >= u_observed).sum() + 1) / (n_resamples + 1)
        result[row] = min(1.0, 2 * min(less, greater))
    return result


# ---------------------------------------------------------------------------------------------
# Policy for one or many pairs


@dataclass(frozen=True)
class PairStatistics:
    """Vectorised comparison of group pairs under the small-n policy of SPEC sections 0 and 2.

    ``compared`` is False where either group has fewer than ``min_n_stats`` answers (nothing is
    shown). ``test`` holds :class:`TestKind` codes; ``p_value`` is NaN where no test is run.
    ``statistic`` and ``df`` are Brunner–Munzel's (SciPy sign: W > 0 when B is higher), NaN
    unless the asymptotic test was used.
    """

    n_a: IntArray
    n_b: IntArray
    delta: FloatArray
    delta_numerator: IntArray
    magnitude: npt.NDArray[np.int8]
    compared: BoolArray
    gap: BoolArray
    test: npt.NDArray[np.int8]
    statistic: FloatArray
    df: FloatArray
    p_value: FloatArray


def compare_pairs(
    a: npt.ArrayLike,
    b: npt.ArrayLike,
    thresholds: Thresholds | None = None,
    *,
    seed: int = 0,
) -> PairStatistics:
    """Cliff's δ with Romano labels and the test the small-n policy allows, for stacked pairs.

    Smaller group n < ``min_n_stats``: not compared. n < ``min_n_tests`` (5): δ and label only,
    no p-value. n < ``min_n_asymptotic`` (10): permutation p-value. Otherwise Brunner–Munzel's
    t-approximation, except when its variances vanish (no overlap, or both groups constant),
    where the permutation p-value is used; two equal constant groups give δ = 0 and p = 1.
    ``gap`` is ``|δ| ≥ gap_delta`` (default 0.33), tested exactly on integers.
    """
    t = thresholds or Thresholds()
    ca, cb = _pair(a, b)
    shape = np.broadcast_shapes(ca.shape, cb.shape)
    ca = np.broadcast_to(ca, shape)
    cb = np.broadcast_to(cb, shape)
    na, nb = ca.sum(axis=-1), cb.sum(axis=-1)
    smaller = np.minimum(na, nb)
    pairs = na * nb
    numerator = cliffs_delta_numerator(ca, cb)
    compared = smaller >= t.min_n_stats
    delta = np.where(compared, _divide(numerator, pairs), np.nan)
    magnitude = np.where(compared, romano_codes(numerator, pairs), -1).astype(np.int8)
    gap = compared & (np.abs(numerator) * t.gap_delta.denominator >= t.gap_delta.numerator * pairs)
    asymptotic = brunner_munzel(ca, cb)
    testable = compared & (smaller >= t.min_n_tests)
    use_bm = testable & (smaller >= t.min_n_asymptotic) & np.isfinite(asymptotic.p_value)
    use_permutation = testable & ~use_bm
    p_value = np.where(use_bm, asymptotic.p_value, np.nan)
    if use_permutation.any():
        p_value[use_permutation] = permutation_p_value(
            ca[use_permutation], cb[use_permutation], seed=seed
        )
    test = np.select(
        [use_bm, use_permutation], [TestKind.BRUNNER_MUNZEL, TestKind.PERMUTATION], 0
    ).astype(np.int8)
    return PairStatistics(
        n_a=na,
        n_b=nb,
        delta=delta,
        delta_numerator=numerator,
        magnitude=magnitude,
        compared=compared,
        gap=gap,
        test=test,
        statistic=np.where(use_bm, asymptotic.statistic, np.nan),
        df=np.where(use_bm, asymptotic.df, np.nan),
        p_value=p_value,
    )


# ---------------------------------------------------------------------------------------------
# k groups and multiple comparisons


@dataclass(frozen=True)
class KruskalWallis:
    """Kruskal–Wallis H, df, p and ε² (arrays over leading axes; NaN where undefined)."""

    statistic: FloatArray
    df: IntArray
    p_value: FloatArray
    epsilon_squared: FloatArray


def kruskal_wallis(table: npt.ArrayLike) -> KruskalWallis:
    """Tie-corrected Kruskal–Wallis from a ``(..., G, K)`` count table (Kruskal & Wallis 1952).

    ``H = [12/(N(N+1)) Σ_g R_g²/n_g − 3(N+1)] / [1 − Σ_i (t_i³ − t_i)/(N³ − N)]``, with
    ``R_g = Σ_i c_gi·midrank_i``; p from χ²(G−1) over the non-empty groups; effect size
    ``ε² = H/(N−1)`` (Tomczak & Tomczak 2014). Equals ``scipy.stats.kruskal`` (B10, B11).
    Callers exclude small groups (n < 5) by zeroing their rows. NaN when fewer than two groups
    have answers or every answer is the same level.
    """
    c = as_counts(table)
    if c.ndim < 2:
        raise ValueError("Kruskal-Wallis needs a table of groups by levels.")
    pooled = c.sum(axis=-2)
    ranks = _midranks(pooled)
    n_groups = c.sum(axis=-1)
    rank_sums = (c * ranks[..., None, :]).sum(axis=-1)
    n = pooled.sum(axis=-1).astype(np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        spread = np.where(n_groups > 0, rank_sums**2 / np.maximum(n_groups, 1), 0.0).sum(axis=-1)
        raw = 12.0 / (n * (n + 1)) * spread - 3 * (n + 1)
        ties = 1 - (pooled.astype(np.float64) ** 3 - pooled).sum(axis=-1) / (n**3 - n)
        df = (n_groups > 0).sum(axis=-1) - 1
        valid = (df >= 1) & (ties > 0) & (n > 1)
        h = np.where(valid, raw / np.where(valid, ties, 1.0), np.nan)
        p = np.where(valid, special.chdtrc(np.maximum(df, 1), np.where(valid, h, 0.0)), np.nan)
        epsilon = np.where(valid, h / (n - 1), np.nan)
    return KruskalWallis(statistic=h, df=df.astype(np.int64), p_value=p, epsilon_squared=epsilon)


def benjamini_hochberg(
    p_values: npt.ArrayLike, families: npt.ArrayLike | None = None
) -> FloatArray:
    """Benjamini–Hochberg adjusted p-values (q-values) within each family (BH 1995).

    Uses ``scipy.stats.false_discovery_control(method='bh')``. NaN entries are tests that were
    not run (small n) and are left out of their family, as SPEC section 2.4 requires. ``families``
    (same shape, any hashable labels such as report sections) defaults to one family.
    """
    p = np.asarray(p_values, dtype=np.float64)
    q = np.full(p.shape, np.nan)
    labels = np.zeros(p.shape, dtype=np.int64) if families is None else np.asarray(families)
    if labels.shape != p.shape:
        raise ValueError("Give one family label per p-value.")
    tested = np.isfinite(p)
    if ((p[tested] < 0) | (p[tested] > 1)).any():
        raise ValueError("p-values must lie between 0 and 1.")
    for label in np.unique(labels[tested]):
        members = tested & (labels == label)
        q[members] = _bh(p[members])
    return q


def _bh(ps: FloatArray) -> FloatArray:
    """``scipy.stats.false_discovery_control(ps, method="bh")`` for a 1-D array of valid
    p-values, step for step (so to the last bit), without its per-call checking overhead."""
    m = ps.shape[-1]
    order = np.argsort(ps, axis=-1)
    adjusted = np.take_along_axis(ps, order, axis=-1)
    i = np.arange(1, m + 1, dtype=adjusted.dtype)
    adjusted = adjusted * (m / i)
    np.minimum.accumulate(adjusted[..., ::-1], out=adjusted[..., ::-1], axis=-1)
    result = np.empty_like(adjusted)
    np.put_along_axis(result, order, adjusted, axis=-1)
    clipped: FloatArray = np.clip(result, 0.0, 1.0)
    return clipped


# ---------------------------------------------------------------------------------------------


def _pair(a: npt.ArrayLike, b: npt.ArrayLike) -> tuple[IntArray, IntArray]:
    ca, cb = as_counts(a), as_counts(b)
    if ca.shape[-1] != cb.shape[-1]:
        raise ValueError("Both groups must be counted on the same levels.")
    return ca, cb


def _divide(numerator: npt.ArrayLike, denominator: npt.ArrayLike) -> FloatArray:
    num = np.asarray(numerator, dtype=np.float64)
    den = np.asarray(denominator, dtype=np.float64)
    return np.where(den > 0, num / np.where(den > 0, den, 1.0), np.nan)
