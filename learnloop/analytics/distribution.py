# Docstrings carry the formulas in mathematical notation.
# ruff: noqa: RUF002
"""Distribution-level reads of one histogram: counts, quantiles, medians and shares.

Every function takes valid-answer counts ``c`` with shape ``(..., K)`` (level 1 first) and works
over all leading axes at once. Don't-know answers never enter these functions: split them off
first with :func:`split_dont_know`. Source for every convention here: ``shared/stats/SPEC.md``
sections 0 and 1.1.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy import special

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]


def as_counts(counts: npt.ArrayLike) -> IntArray:
    """Return ``counts`` as an int64 array with at least one axis, refusing negative cells."""
    array = np.asarray(counts)
    if array.ndim == 0:
        raise ValueError("A histogram needs at least one level (an axis of length K).")
    if not np.issubdtype(array.dtype, np.integer):
        rounded = np.rint(array)
        if not np.array_equal(rounded, array):
            raise ValueError("Histogram counts must be whole numbers.")
        array = rounded
    result = array.astype(np.int64, copy=False)
    if (result < 0).any():
        raise ValueError("Histogram counts cannot be negative.")
    return result


def split_dont_know(histogram: npt.ArrayLike) -> tuple[IntArray, IntArray]:
    """Split ``H[..., code]`` (code 0 = don't know, 1..K = levels) into (n_DK, level counts).

    SPEC section 0: don't-know answers are counted and reported but excluded from every statistic.
    """
    full = as_counts(histogram)
    if full.shape[-1] < 2:
        raise ValueError("The histogram needs a don't-know column and at least one level.")
    return full[..., 0], full[..., 1:]


def histogram_from_codes(codes: npt.ArrayLike, levels: int) -> IntArray:
    """Count answer codes (0 = don't know, 1..K = levels) into ``[n_DK, c_1, ..., c_K]``.

    A convenience for tests and small imports; reports build the histogram with one SQL
    ``GROUP BY`` (SPEC section 7).
    """
    values = np.asarray(codes, dtype=np.int64)
    if values.size and (values.min() < 0 or values.max() > levels):
        raise ValueError(f"Answer codes must lie between 0 (don't know) and {levels}.")
    return np.bincount(values.ravel(), minlength=levels + 1).astype(np.int64)


def totals(counts: npt.ArrayLike) -> IntArray:
    """``n = Σ c_i``, the number of valid answers."""
    return as_counts(counts).sum(axis=-1)


def cumulative(counts: npt.ArrayLike) -> IntArray:
    """Cumulative counts ``C_i = Σ_{j≤i} c_j`` (same shape as ``counts``)."""
    return np.cumsum(as_counts(counts), axis=-1)


def proportions(counts: npt.ArrayLike) -> FloatArray:
    """``p_i = c_i / n``; NaN where n = 0."""
    c = as_counts(counts)
    n = c.sum(axis=-1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(n > 0, c / np.maximum(n, 1), np.nan)


def quantile_level(counts: npt.ArrayLike, q: float) -> IntArray:
    """Inverse-CDF quantile ``Q(q)`` = smallest level x with ``F_x ≥ q`` (1-based level).

    This is numpy ``method='inverted_cdf'`` and R quantile type 1 (SPEC section 0, case A12).
    The test ``C_x ≥ q·n`` is done with ε = 1e-9 so that q = 0.25, 0.5, 0.75 are exact.
    Returns 0 where n = 0 (no level).
    """
    if not 0.0 < q <= 1.0:
        raise ValueError("A quantile must lie in (0, 1].")
    cum = cumulative(counts)
    n = cum[..., -1:]
    reached = cum >= q * n - 1e-9
    level = np.argmax(reached, axis=-1) + 1
    return np.where(n[..., 0] > 0, level, 0).astype(np.int64)


def lower_median(counts: npt.ArrayLike) -> IntArray:
    """Lower median ``m = Q(0.5)``, the primary central value (SPEC section 1.1)."""
    return quantile_level(counts, 0.5)


def median_bounds(counts: npt.ArrayLike) -> tuple[IntArray, IntArray, BoolArray]:
    """Return (lower median m, upper bound m′, exact split) for display.

    At an exact split (``F_m = 0.5``, tested as ``2·C_m = n``) the median is shown as
    "between level m and level m′", where m′ is the next non-empty level; otherwise m′ = m.
    Returns zeros where n = 0.
    """
    c = as_counts(counts)
    cum = np.cumsum(c, axis=-1)
    n = cum[..., -1]
    m = lower_median(c)
    index = np.clip(m - 1, 0, None)
    cum_at_m = np.take_along_axis(cum, index[..., None], axis=-1)[..., 0]
    split = (n > 0) & (2 * cum_at_m == n) & (cum_at_m < n)
    levels = np.arange(1, c.shape[-1] + 1)
    above = (levels > m[..., None]) & (c > 0)
    next_level = np.argmax(above, axis=-1) + 1
    upper = np.where(split, next_level, m).astype(np.int64)
    return m, upper, split


def interpolated_median(counts: npt.ArrayLike) -> FloatArray:
    """Interpolated median for sorting and ranking (SPEC section 1.1).

    Each level x is the interval [x−½, x+½): ``Md(m) = m − ½ + (½ − F_{m−1}) / p_m``, evaluated
    at m = first level with F ≥ ½ and at m = first level with F > ½, then averaged (the two
    differ only at an exact split, where the average is the midpoint of the gap).
    Examples: [5,0,0,0,5] → 3.0; [0,0,5,5,0] → 3.5; [1,2,5,12,10] → 4.0833. NaN where n = 0.
    """
    c = as_counts(counts)
    cum = np.cumsum(c, axis=-1)
    n = cum[..., -1:]
    safe_n = np.maximum(n, 1)

    def md(first: IntArray) -> FloatArray:
        index = first[..., None]
        c_m = np.take_along_axis(c, index, axis=-1)[..., 0]
        below = np.take_along_axis(cum, index, axis=-1)[..., 0] - c_m
        n0 = safe_n[..., 0]
        with np.errstate(invalid="ignore", divide="ignore"):
            return (first + 1) - 0.5 + (0.5 - below / n0) / (c_m / n0)

    at_least = np.argmax(2 * cum >= n, axis=-1)
    beyond = np.argmax(2 * cum > n, axis=-1)
    result = (md(at_least) + md(beyond)) / 2
    return np.where(n[..., 0] > 0, result, np.nan)


def interquartile_range(counts: npt.ArrayLike) -> IntArray:
    """``IQR = Q(0.75) − Q(0.25)`` with inverse-CDF quantiles, a whole number of steps 0..K−1.

    SPEC section 1.2(e); the Delphi criterion "IQR ≤ 1" (von der Gracht 2012). 0 where n = 0.
    """
    return quantile_level(counts, 0.75) - quantile_level(counts, 0.25)


def count_at_least(counts: npt.ArrayLike, level: int) -> IntArray:
    """``#{X ≥ level}``: ``n_met`` for level = met_level (SPEC section 1.1)."""
    c = as_counts(counts)
    _check_level(level, c.shape[-1])
    return c[..., level - 1 :].sum(axis=-1)


def count_at_most(counts: npt.ArrayLike, level: int) -> IntArray:
    """``#{X ≤ level}``: ``n_low`` for level = low_level (SPEC section 1.1)."""
    c = as_counts(counts)
    _check_level(level, c.shape[-1])
    return c[..., :level].sum(axis=-1)


def share_met(counts: npt.ArrayLike, met_level: int = 4) -> FloatArray:
    """``S_met = P(X ≥ met_level)`` among valid answers; NaN where n = 0."""
    return _ratio(count_at_least(counts, met_level), totals(counts))


def share_low(counts: npt.ArrayLike, low_level: int = 2) -> FloatArray:
    """``S_low = P(X ≤ low_level)`` among valid answers; NaN where n = 0."""
    return _ratio(count_at_most(counts, low_level), totals(counts))


def mean_level(counts: npt.ArrayLike) -> FloatArray:
    """Mean score ``Σ p_i·i`` (optional, secondary; assumes equal spacing). NaN where n = 0."""
    c = as_counts(counts)
    levels = np.arange(1, c.shape[-1] + 1)
    return _ratio((c * levels).sum(axis=-1), c.sum(axis=-1))


def normalised_entropy(counts: npt.ArrayLike) -> FloatArray:
    """Normalised entropy ``H = −Σ p_i ln p_i / ln K`` in [0, 1] (SPEC section 1.2(f)).

    Computed as ``scipy.stats.entropy(p, base=K)`` does, step for step (so to the last bit),
    without its per-call overhead. Nominal (ignores order): show it only as
    "spread over categories", never as consensus. NaN where n = 0.
    """
    c = as_counts(counts)
    k = c.shape[-1]
    if k < 2:
        raise ValueError("Normalised entropy needs at least two levels.")
    n = c.sum(axis=-1)
    safe = np.where(n[..., None] > 0, c, 1)
    p = safe / safe.sum(axis=-1, keepdims=True)
    value = np.asarray(special.entr(p).sum(axis=-1), dtype=np.float64)
    value /= math.log(k)
    return np.where(n > 0, value, np.nan)


def _ratio(numerator: Any, denominator: Any) -> FloatArray:
    num = np.asarray(numerator, dtype=np.float64)
    den = np.asarray(denominator, dtype=np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(den > 0, num / np.where(den > 0, den, 1.0), np.nan)


def _check_level(level: int, levels: int) -> None:
    if not 1 <= level <= levels:
        raise ValueError(f"Level {level} is outside the scale 1..{levels}.")
