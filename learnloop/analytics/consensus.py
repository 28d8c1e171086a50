# Docstrings carry the formulas in mathematical notation.
# ruff: noqa: RUF002
"""Consensus and dispersion of one histogram (SPEC section 1.2 and the labels of section 1.4).

All functions take valid-answer counts with shape ``(..., K)`` and work over every leading axis.
Leik's ordinal consensus is the primary measure; Tastle–Wierman Cns, van der Eijk's A and
r_wg are secondary. Values where a measure is undefined are NaN.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

import numpy as np
import numpy.typing as npt

from learnloop.analytics.distribution import FloatArray, IntArray, as_counts

EPSILON = 1e-9


class ConsensusLabel(StrEnum):
    """Label of Leik's consensus (and of Tastle–Wierman Cns)."""

    HIGH = "high"
    MODERATE = "moderate"
    LOW = "low"


class AgreementBand(StrEnum):
    """LeBreton & Senter (2008, Table 3) bands for r_wg."""

    LACK = "lack of agreement"
    WEAK = "weak"
    MODERATE = "moderate"
    STRONG = "strong"
    VERY_STRONG = "very strong"
    UNDEFINED = "undefined"


# ---------------------------------------------------------------------------------------------
# Leik


def leik_sum(counts: npt.ArrayLike) -> IntArray:
    """Integer Leik sum ``S = Σ_{i=1}^{K−1} min(C_i, n − C_i)`` (Leik 1966).

    ``S / n`` is AD_Md, the mean absolute deviation from the median in scale steps (identity
    verified in case A14); ``D = 2S / (n(K−1))``. All threshold tests use S and n as integers.
    """
    c = as_counts(counts)
    cum = np.cumsum(c, axis=-1)
    n = cum[..., -1:]
    return np.minimum(cum[..., :-1], n - cum[..., :-1]).sum(axis=-1)


def ad_median(counts: npt.ArrayLike) -> FloatArray:
    """``AD_Md = E|X − median| = S / n``, in scale steps (Burke et al.'s AD about the median).

    Plain reading: "on average, respondents are AD_Md levels away from the median answer".
    """
    c = as_counts(counts)
    return _divide(leik_sum(c), c.sum(axis=-1))


def leik_dispersion(counts: npt.ArrayLike) -> FloatArray:
    """Leik's ordinal dispersion ``D = 2/(K−1) · Σ_{i<K} min(F_i, 1 − F_i) = 2S/(n(K−1))``.

    Leik RK (1966), Pacific Sociological Review 9(2):85–90. Range [0, 1]; NaN where n = 0.
    """
    c = as_counts(counts)
    k = c.shape[-1]
    if k < 2:
        raise ValueError("Leik's measure needs at least two levels.")
    return _divide(2 * leik_sum(c), c.sum(axis=-1) * (k - 1))


def leik_consensus(counts: npt.ArrayLike) -> FloatArray:
    """Leik's ordinal consensus ``L = 1 − D`` (primary measure, SPEC section 1.2(a)).

    1 = identical answers; 0 = a 50/50 split at the two ends; uniform gives
    ``1 − 2⌊K²/4⌋/(K(K−1))`` (0.4 for K = 5). Depends only on cumulative shares, so it is
    unchanged by any order-keeping relabelling of the levels. n = 1 gives 1.
    """
    return 1.0 - leik_dispersion(counts)


def leik_label_codes(counts: npt.ArrayLike) -> npt.NDArray[np.int8]:
    """Leik label as an integer code: 2 high, 1 moderate, 0 low, −1 undefined (n = 0).

    SPEC section 1.4, exact integer tests on S and n: high if ``2S ≤ n`` (AD ≤ 0.5),
    low if ``S ≥ n`` (AD ≥ 1), moderate otherwise.
    """
    c = as_counts(counts)
    s = leik_sum(c)
    n = c.sum(axis=-1)
    code = np.where(2 * s <= n, 2, np.where(s >= n, 0, 1))
    return np.where(n > 0, code, -1).astype(np.int8)


_LABELS = (ConsensusLabel.LOW, ConsensusLabel.MODERATE, ConsensusLabel.HIGH)


def label_from_code(code: int) -> ConsensusLabel | None:
    """Translate a code from :func:`leik_label_codes` or :func:`cns_label_codes`."""
    return _LABELS[code] if code >= 0 else None


def leik_label(counts: npt.ArrayLike) -> ConsensusLabel | None:
    """Leik label of a single histogram: high / moderate / low (None when n = 0)."""
    c = as_counts(counts)
    if c.ndim != 1:
        raise ValueError("leik_label takes one histogram; use leik_label_codes for arrays.")
    return label_from_code(int(leik_label_codes(c)))


# ---------------------------------------------------------------------------------------------
# Tastle & Wierman


def tastle_wierman_consensus(counts: npt.ArrayLike) -> FloatArray:
    """Tastle–Wierman consensus ``Cns = 1 + Σ_{p_i>0} p_i log2(1 − |x_i − μ| / d)``, d = K − 1.

    Tastle & Wierman (2007), Int. J. Approximate Reasoning 45(3):531–545. d is the declared
    scale width, never the observed range (case A07). Terms with p_i = 0 are skipped, so
    unanimity needs no special case. Uses the mean, so it is not purely ordinal; very sensitive
    to one far outlier in small groups. NaN where n = 0.
    """
    c = as_counts(counts)
    k = c.shape[-1]
    if k < 2:
        raise ValueError("Cns needs at least two levels.")
    p, mu = _proportions_and_mean(c)
    levels = np.arange(1, k + 1)
    inner = 1.0 - np.abs(levels - mu[..., None]) / (k - 1)
    return 1.0 + _weighted_log2(p, inner)


def tastle_wierman_dissention(counts: npt.ArrayLike) -> FloatArray:
    """Dissention ``Dnt = 1 − Cns`` (Tastle & Wierman 2007)."""
    return 1.0 - tastle_wierman_consensus(counts)


def strength_of_consensus(counts: npt.ArrayLike, target: int | None = None) -> FloatArray:
    """Targeted strength of consensus ``sCns = 1 + Σ_{p_i>0} p_i log2(1 − |x_i − t| / (2d))``.

    Tastle, Wierman & Dumdum (2005), Issues in Information Systems VI(2):96–102 (formula
    recalled, SPEC section 1.2(b)). ``target`` defaults to the top level K. The 2d denominator
    keeps the range [0, 1]: everyone at the target gives 1, everyone at the opposite end gives 0.
    """
    c = as_counts(counts)
    k = c.shape[-1]
    if k < 2:
        raise ValueError("sCns needs at least two levels.")
    t = k if target is None else target
    if not 1 <= t <= k:
        raise ValueError(f"The target level {t} is outside the scale 1..{k}.")
    p, _ = _proportions_and_mean(c)
    levels = np.arange(1, k + 1)
    inner = 1.0 - np.abs(levels - t) / (2 * (k - 1))
    return 1.0 + _weighted_log2(p, np.broadcast_to(inner, p.shape))


@lru_cache(maxsize=32)
def cns_label_thresholds(levels: int) -> tuple[float, float]:
    """(high ≥ this, low < this) thresholds for Cns on a K-level scale (SPEC section 1.4).

    K = 5 uses the published 0.80 and 0.60. Other K use the Cns of the calibrating reference
    splits: high ≥ Cns(50/50 on adjacent levels), low < Cns(50/50 two levels apart).
    """
    if levels == 5:
        return 0.80, 0.60
    if levels < 3:
        raise ValueError("Cns labels need at least three levels.")
    adjacent = np.zeros(levels, dtype=np.int64)
    adjacent[[0, 1]] = 1
    two_apart = np.zeros(levels, dtype=np.int64)
    two_apart[[0, 2]] = 1
    return (
        float(tastle_wierman_consensus(adjacent)),
        float(tastle_wierman_consensus(two_apart)),
    )


def cns_label_codes(cns: npt.ArrayLike, levels: int) -> npt.NDArray[np.int8]:
    """Cns label codes (2 high, 1 moderate, 0 low, −1 undefined) compared with ε = 1e-9."""
    high, low = cns_label_thresholds(levels)
    value = np.asarray(cns, dtype=np.float64)
    code = np.where(value >= high - EPSILON, 2, np.where(value < low - EPSILON, 0, 1))
    return np.where(np.isnan(value), -1, code).astype(np.int8)


# ---------------------------------------------------------------------------------------------
# van der Eijk


@lru_cache(maxsize=32)
def _triples(levels: int) -> tuple[IntArray, IntArray, IntArray]:
    idx = np.array(
        [
            (i, j, k)
            for i in range(levels)
            for j in range(i + 1, levels)
            for k in range(j + 1, levels)
        ],
        dtype=np.int64,
    ).reshape(-1, 3)
    return idx[:, 0], idx[:, 1], idx[:, 2]


def pattern_agreement(pattern: npt.ArrayLike) -> FloatArray:
    """Agreement of a 0/1 layer pattern (van der Eijk 2001, as in R ``agrmt::agreement``).

    ``U = ((K−2)·TU − (K−1)·TDU) / ((K−2)·(TU+TDU))`` with TDU = #triples (1,0,1) and
    TU = #triples (1,1,0) or (0,1,1); ``A = U·(1 − (S−1)/(K−1))``, S = non-empty categories;
    A = 0 if TU + TDU = 0 and A = 1 if S = 1.
    """
    p = np.asarray(pattern).astype(bool)
    k = p.shape[-1]
    if k < 3:
        raise ValueError("van der Eijk's A needs at least three levels.")
    i, j, m = _triples(k)
    a, b, c = p[..., i], p[..., j], p[..., m]
    tdu = (a & ~b & c).sum(axis=-1)
    tu = ((a & b & ~c) | (~a & b & c)).sum(axis=-1)
    s = p.sum(axis=-1)
    denominator = (k - 2) * (tu + tdu)
    with np.errstate(invalid="ignore", divide="ignore"):
        u = ((k - 2) * tu - (k - 1) * tdu) / np.where(denominator > 0, denominator, 1)
    value = np.where(denominator > 0, u * (1.0 - (s - 1) / (k - 1)), 0.0)
    return np.where(s == 1, 1.0, value)


def van_der_eijk_agreement(counts: npt.ArrayLike) -> FloatArray:
    """van der Eijk's agreement A in [−1, 1] (Quality & Quantity 35:325–341, 2001).

    Layer algorithm of R ``agrmt::agreement`` (default ``old=FALSE``): repeatedly take the
    pattern of non-empty cells, weight it by ``m·ΣP/N`` (m = smallest non-empty cell), add
    ``weight · A_pattern`` and subtract ``m·P``. Accepts counts or percentages; residues
    ≤ 1e-12·N are cleared between layers. Needs K ≥ 3; NaN where N = 0.
    """
    rest = np.array(counts, dtype=np.float64)
    if rest.ndim == 0 or rest.shape[-1] < 3:
        raise ValueError("van der Eijk's A needs at least three levels.")
    if (rest < 0).any():
        raise ValueError("Counts cannot be negative.")
    total = rest.sum(axis=-1)
    tolerance = 1e-12 * total[..., None]
    rest[rest <= tolerance] = 0.0
    agreement = np.zeros(total.shape, dtype=np.float64)
    safe_total = np.where(total > 0, total, 1.0)
    for _ in range(rest.shape[-1]):
        pattern = rest > 0
        if not pattern.any():
            break
        smallest = np.where(pattern, rest, np.inf).min(axis=-1)
        smallest = np.where(np.isfinite(smallest), smallest, 0.0)
        weight = smallest * pattern.sum(axis=-1) / safe_total
        agreement += weight * pattern_agreement(pattern)
        rest = rest - smallest[..., None] * pattern
        rest[rest <= tolerance] = 0.0
    return np.where(total > 0, agreement, np.nan)


@dataclass(frozen=True)
class Layer:
    """One layer of van der Eijk's decomposition: 0/1 pattern, weight and layer agreement."""

    pattern: str
    weight: float
    agreement: float


def van_der_eijk_layers(counts: npt.ArrayLike) -> list[Layer]:
    """The layers of one histogram, for explanation and for checking against agrmt (case A02)."""
    rest = np.array(counts, dtype=np.float64)
    if rest.ndim != 1 or rest.shape[0] < 3:
        raise ValueError("Give one histogram with at least three levels.")
    total = float(rest.sum())
    layers: list[Layer] = []
    while total > 0 and (rest > 1e-12 * total).any():
        pattern = rest > 1e-12 * total
        smallest = float(rest[pattern].min())
        layers.append(
            Layer(
                pattern="".join("1" if cell else "0" for cell in pattern),
                weight=smallest * int(pattern.sum()) / total,
                agreement=float(pattern_agreement(pattern)),
            )
        )
        rest = np.where(pattern, rest - smallest, 0.0)
    return layers


# ---------------------------------------------------------------------------------------------
# r_wg


def item_variance(counts: npt.ArrayLike) -> FloatArray:
    """Unbiased variance ``s² = Σ c_i (x_i − x̄)² / (n − 1)`` of the levels; NaN when n < 2."""
    c = as_counts(counts)
    levels = np.arange(1, c.shape[-1] + 1)
    n = c.sum(axis=-1)
    safe_n = np.maximum(n, 1)
    mean = (c * levels).sum(axis=-1) / safe_n
    squares = (c * (levels - mean[..., None]) ** 2).sum(axis=-1)
    return _divide(squares, n - 1)


def uniform_null_variance(levels: int) -> float:
    """``σ²_EU = (K² − 1)/12``, the variance of a uniform answer (2 for K = 5)."""
    return (levels * levels - 1) / 12.0


def rwg(counts: npt.ArrayLike) -> FloatArray:
    """Within-group agreement ``r_wg = 1 − min(s², σ²_EU)/σ²_EU`` (James, Demaree & Wolf 1984).

    J Appl Psychol 69:85–98; truncation as in R ``multilevel::rwg`` (s² > σ²_EU gives 0).
    Range [0, 1]; NaN when n < 2 (undefined).
    """
    c = as_counts(counts)
    null = uniform_null_variance(c.shape[-1])
    s2 = item_variance(c)
    return 1.0 - np.minimum(s2, null) / null


def rwg_j(item_counts: npt.ArrayLike) -> FloatArray:
    """Multi-item agreement ``r_wg(J) = J(1 − s̄²/σ²) / (J(1 − s̄²/σ²) + s̄²/σ²)``.

    James, Demaree & Wolf (1984); as R ``multilevel::rwg.j``. ``item_counts`` has shape
    ``(..., J, K)``; s̄² is the mean item variance, truncated at σ²_EU. NaN if an item has n < 2.
    """
    c = as_counts(item_counts)
    if c.ndim < 2:
        raise ValueError("r_wg(J) needs a table of J items by K levels.")
    j = c.shape[-2]
    null = uniform_null_variance(c.shape[-1])
    ratio = np.minimum(item_variance(c).mean(axis=-1), null) / null
    return j * (1 - ratio) / (j * (1 - ratio) + ratio)


_BANDS = (
    (0.30, AgreementBand.LACK),
    (0.50, AgreementBand.WEAK),
    (0.70, AgreementBand.MODERATE),
    (0.90, AgreementBand.STRONG),
)


def rwg_band(value: float | None) -> AgreementBand:
    """LeBreton & Senter (2008, ORM 11:815–852, Table 3) band of an r_wg value.

    .00–.30 lack of agreement, .31–.50 weak, .51–.70 moderate, .71–.90 strong, .91–1.00 very
    strong; each upper bound belongs to its band (with ε = 1e-9). None or NaN is "undefined".
    """
    if value is None or np.isnan(value):
        return AgreementBand.UNDEFINED
    for upper, band in _BANDS:
        if value <= upper + EPSILON:
            return band
    return AgreementBand.VERY_STRONG


def rwg_bands(values: npt.ArrayLike) -> npt.NDArray[np.object_]:
    """:func:`rwg_band` of every value of an array at once (same shape, AgreementBand items)."""
    v = np.asarray(values, dtype=np.float64)
    lookup = np.array(
        [band for _, band in _BANDS] + [AgreementBand.VERY_STRONG, AgreementBand.UNDEFINED],
        dtype=object,
    )
    with np.errstate(invalid="ignore"):
        code = np.select(
            [np.isnan(v), *(v <= upper + EPSILON for upper, _ in _BANDS)],
            [len(_BANDS) + 1, *range(len(_BANDS))],
            len(_BANDS),
        )
    result: npt.NDArray[np.object_] = lookup[code]
    return result


# ---------------------------------------------------------------------------------------------


def _proportions_and_mean(c: IntArray) -> tuple[FloatArray, FloatArray]:
    n = c.sum(axis=-1)
    safe_n = np.maximum(n, 1)[..., None]
    p = np.where(n[..., None] > 0, c / safe_n, np.nan)
    levels = np.arange(1, c.shape[-1] + 1)
    return p, (p * levels).sum(axis=-1)


def _weighted_log2(p: FloatArray, inner: FloatArray) -> FloatArray:
    present = p > 0
    safe_inner = np.where(present, inner, 1.0)
    with np.errstate(divide="ignore"):
        terms = np.where(present, p * np.log2(safe_inner), 0.0)
    total = terms.sum(axis=-1)
    return np.where(np.isnan(p).any(axis=-1), np.nan, total)


def _divide(numerator: npt.ArrayLike, denominator: npt.ArrayLike) -> FloatArray:
    num = np.asarray(numerator, dtype=np.float64)
    den = np.asarray(denominator, dtype=np.float64)
    return np.where(den > 0, num / np.where(den > 0, den, 1.0), np.nan)
