# Docstrings carry the formulas in mathematical notation.
# ruff: noqa: RUF002
"""Instrument-level inter-rater reliability: Krippendorff's α (SPEC section 4).

Units are proof points, coders are respondents, values are levels; don't know is missing. α needs
only the units × levels count table, which is the proof-point histogram (all groups or one).
"""

from __future__ import annotations

from typing import Literal

import krippendorff
import numpy as np
import numpy.typing as npt

from learnloop.analytics.distribution import as_counts

Level = Literal["nominal", "ordinal", "interval", "ratio"]


def krippendorff_alpha(value_counts: npt.ArrayLike, level: Level = "ordinal") -> float | None:
    """Krippendorff's α from a ``(units, K)`` count table, columns in level order.

    ``krippendorff.alpha(value_counts=table, level_of_measurement=level)`` (Castro's PyPI
    package; Krippendorff 2011, *Computing Krippendorff's Alpha-Reliability*). Ordinal metric
    ``δ²_ck = (Σ_{g=c}^{k} n_g − (n_c + n_k)/2)²``. Units with fewer than two values carry no
    pairs. Returns None when α is undefined: fewer than two pairable values, or no variation
    at all among the pairable values (expected disagreement 0).
    Reading (Krippendorff 2004/2019, recalled): ≥ .800 reliable; .667–.800 tentative only.
    """
    table = as_counts(value_counts)
    if table.ndim != 2:
        raise ValueError("Give a table of units (proof points) by levels.")
    pairable = table[table.sum(axis=1) >= 2]
    if pairable.shape[1] < 2 or pairable.sum() < 2:
        return None
    if (pairable.sum(axis=0) > 0).sum() < 2:
        return None
    value = krippendorff.alpha(value_counts=pairable, level_of_measurement=level)
    result = float(value)
    return result if np.isfinite(result) else None


def value_counts_from_ratings(
    reliability_data: npt.ArrayLike, value_domain: npt.ArrayLike
) -> npt.NDArray[np.int64]:
    """Turn a coders × units matrix (NaN = missing) into the units × values count table."""
    data = np.asarray(reliability_data, dtype=np.float64)
    domain = np.asarray(value_domain, dtype=np.float64)
    if data.ndim != 2:
        raise ValueError("Give a matrix of coders by units.")
    present = ~np.isnan(data)
    if not np.isin(data[present], domain).all():
        raise ValueError("The ratings contain values outside the value domain.")
    return (data[:, :, None] == domain[None, None, :]).sum(axis=0).astype(np.int64)
