"""Met / needs attention / requires improvement, with its flags (SPEC section 5).

The decision uses only the counts n, n_met (≥ met_level) and n_low (≤ low_level), compared by
integer cross-multiplication against thresholds held as exact fractions, so 0.75, 0.5 and 1/3
boundaries are never blurred by floating point. The rule is monotone: moving any respondent
up one level can never worsen the class.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

import numpy as np
import numpy.typing as npt

from learnloop.analytics.consensus import leik_label_codes
from learnloop.analytics.distribution import BoolArray, IntArray, as_counts

FractionLike = Fraction | float | int | str | Decimal

_MAX_DENOMINATOR = 10_000


class ItemClass(StrEnum):
    """The class of a proof point (SPEC section 5)."""

    MET = "met"
    NEEDS_ATTENTION = "needs_attention"
    REQUIRES_IMPROVEMENT = "requires_improvement"
    INSUFFICIENT_DATA = "insufficient_data"


# Integer codes used by the vectorised classifier; higher is better among the three classes.
CLASS_CODES: dict[int, ItemClass] = {
    -1: ItemClass.INSUFFICIENT_DATA,
    0: ItemClass.REQUIRES_IMPROVEMENT,
    1: ItemClass.NEEDS_ATTENTION,
    2: ItemClass.MET,
}


def to_fraction(value: FractionLike) -> Fraction:
    """An exact fraction from a setting: ``0.15`` becomes 3/20 (via its decimal text), not the
    binary expansion of the float."""
    if isinstance(value, Fraction):
        result = value
    elif isinstance(value, float):
        result = Fraction(repr(value))
    else:
        result = Fraction(value)
    return result.limit_denominator(_MAX_DENOMINATOR)


@dataclass(frozen=True)
class Thresholds:
    """Every threshold of the report, configurable per learning session.

    Defaults are those of SPEC sections 0, 2 and 5. Shares are exact fractions of the valid
    answers (floats, strings and Decimals are converted through their decimal text).
    """

    met_level: int = 4
    low_level: int = 2
    met_share: Fraction = Fraction(3, 4)
    dissent_share: Fraction = Fraction(3, 20)
    requires_improvement_share: Fraction = Fraction(1, 2)
    split_share: Fraction = Fraction(1, 4)
    gap_delta: Fraction = Fraction(33, 100)
    fdr_q: Fraction = Fraction(1, 20)
    min_n_stats: int = 3
    small_group_n: int = 5
    min_n_tests: int = 5
    min_n_asymptotic: int = 10

    def __post_init__(self) -> None:
        for item in fields(self):
            value = getattr(self, item.name)
            if item.type in ("Fraction", Fraction):
                object.__setattr__(self, item.name, to_fraction(value))
                if not 0 <= getattr(self, item.name) <= 1:
                    raise ValueError(f"Threshold {item.name} must lie between 0 and 1.")
            elif not isinstance(value, int) or isinstance(value, bool):
                raise ValueError(f"Threshold {item.name} must be a whole number.")
        if not 1 <= self.low_level < self.met_level:
            raise ValueError("The low level must be at least 1 and below the met level.")
        if self.min_n_stats < 1 or self.small_group_n < 1:
            raise ValueError("Minimum group sizes must be at least 1.")
        if not 2 <= self.min_n_tests <= self.min_n_asymptotic:
            raise ValueError(
                "The smallest group for a test must be at least 2 and no larger than the "
                "smallest group for asymptotic tests."
            )

    @classmethod
    def from_settings(cls, **values: FractionLike) -> Thresholds:
        """Build thresholds from session settings; shares may be floats, strings or Decimals.

        Unknown names raise ``TypeError``; bad values raise ``ValueError`` naming the setting.
        """
        names = {item.name for item in fields(cls)}
        unknown = sorted(set(values) - names)
        if unknown:
            raise TypeError(f"Unknown threshold settings: {', '.join(unknown)}.")
        return cls(**values)  # type: ignore[arg-type]

    @classmethod
    def for_scale(cls, levels: int, **values: FractionLike) -> Thresholds:
        """The defaults with the met and low levels placed on a scale of ``levels`` levels.

        SPEC's met level 4 and low level 2 are those of the five-level scale, three quarters
        and one quarter of the way up. On K levels the met level is that point rounded half up,
        ``met_level = 1 + ⌊(3K - 1)/4⌋``, and the low level its mirror, ``K + 1 - met_level``:
        2 levels: met 2, low 1; 3: 3, 1; 4: 3, 2; 5: 4, 2 (SPEC); 7: 6, 2; 10: 8, 3; 11: 9, 3.
        ``values`` override any threshold, as in :meth:`from_settings`.
        """
        if levels < 2:
            raise ValueError("A scale needs at least two levels.")
        met_level = 1 + (3 * levels - 1) // 4
        placed: dict[str, FractionLike] = {
            "met_level": met_level,
            "low_level": levels + 1 - met_level,
        }
        return cls.from_settings(**{**placed, **values})

    def check_scale(self, levels: int) -> None:
        """Raise ValueError unless the met level lies on a scale of ``levels`` levels."""
        if self.met_level > levels:
            raise ValueError(f"The met level {self.met_level} is above the top level {levels}.")


def at_least(count: npt.ArrayLike, n: npt.ArrayLike, share: Fraction) -> BoolArray:
    """Exact test ``count / n ≥ share`` as ``count·den ≥ num·n``."""
    return np.asarray(count) * share.denominator >= share.numerator * np.asarray(n)


def above(count: npt.ArrayLike, n: npt.ArrayLike, share: Fraction) -> BoolArray:
    """Exact test ``count / n > share`` as ``count·den > num·n``."""
    return np.asarray(count) * share.denominator > share.numerator * np.asarray(n)


@dataclass(frozen=True)
class Classification:
    """Vectorised classifier output; every array has the leading shape of the input."""

    code: npt.NDArray[np.int8]
    n: IntArray
    n_met: IntArray
    n_low: IntArray
    split: BoolArray
    met_but_dissent: BoolArray
    low_consensus: BoolArray
    small_group: BoolArray
    insufficient_data: BoolArray

    def item_class(self, index: tuple[int, ...] = ()) -> ItemClass:
        """The class at ``index`` (``()`` for a single histogram)."""
        return CLASS_CODES[int(self.code[index])]


def classify(counts: npt.ArrayLike, thresholds: Thresholds | None = None) -> Classification:
    """Classify histograms of valid answers (SPEC section 5), vectorised over leading axes.

    Order (first that applies): insufficient data if ``n < min_n_stats``; **met** if
    ``n_met·den ≥ num·n`` for τ_met (default ``4·n_met ≥ 3n``) and ``n_low/n ≤ τ_dissent``
    (default ``20·n_low ≤ 3n``); **requires improvement** if ``n_low/n > τ_red`` (default
    ``2·n_low > n``); otherwise **needs attention**. Flags: split (``S_met ≥ ¼`` and
    ``S_low ≥ ¼``), met-but-dissent (``S_met ≥ τ_met`` but ``S_low > τ_dissent``), low
    consensus (Leik label low), small group (``n < 5``), insufficient data.
    Consensus is reported next to the class, never used as a gate (case F02).
    """
    c = as_counts(counts)
    t = thresholds or Thresholds.for_scale(c.shape[-1])
    t.check_scale(c.shape[-1])
    n = c.sum(axis=-1)
    n_met = c[..., t.met_level - 1 :].sum(axis=-1)
    n_low = c[..., : t.low_level].sum(axis=-1)
    supermajority = at_least(n_met, n, t.met_share)
    dissent = above(n_low, n, t.dissent_share)
    met = supermajority & ~dissent
    requires = above(n_low, n, t.requires_improvement_share)
    insufficient = n < t.min_n_stats
    code = np.where(met, 2, np.where(requires, 0, 1))
    code = np.where(insufficient, -1, code).astype(np.int8)
    split = at_least(n_met, n, t.split_share) & at_least(n_low, n, t.split_share) & (n > 0)
    return Classification(
        code=code,
        n=n,
        n_met=n_met,
        n_low=n_low,
        split=split,
        met_but_dissent=supermajority & dissent & (n > 0),
        low_consensus=leik_label_codes(c) == 0,
        small_group=n < t.small_group_n,
        insufficient_data=insufficient,
    )


def classify_one(counts: npt.ArrayLike, thresholds: Thresholds | None = None) -> ItemClass:
    """The class of one histogram."""
    c = as_counts(counts)
    if c.ndim != 1:
        raise ValueError("classify_one takes one histogram; use classify for arrays.")
    return classify(c, thresholds).item_class()
