# Docstrings carry the formulas in mathematical notation.
# ruff: noqa: RUF002
"""The report engine: every statistic of ``shared/stats/SPEC.md``, from count arrays.

Pure numpy / scipy / statsmodels / krippendorff. Never imports Django: the report queries build
the count arrays with one ``GROUP BY`` and hand them here (SPEC section 7).

How to call it
==============

A whole report (SPEC sections 1, 2, 4, 5)::

    from learnloop.analytics import Thresholds, summarize

    H = np.zeros((n_proof_points, n_groups, K + 1), dtype=np.int64)
    np.add.at(H, (proof_point_index, group_index, answer_code), count)  # rows of the GROUP BY
    report = summarize(H, levels=K, thresholds=Thresholds(), min_group_size=3,
                       sections=module_index_of_each_proof_point, seed=report_id)

* ``H[p, g, 0]`` counts "don't know" (and any other non-ordinal answer) for proof point ``p``
  and reporting group ``g``; ``H[p, g, 1..K]`` count the levels, lowest first. Index proof
  points and groups by position; keep your own lists of their ids and names.
* ``report.overall[p]`` and ``report.cells[p][g]`` are :class:`GroupSummary` objects: counts,
  n_DK, lower median (``median``; at an exact split show "between level ``median`` and level
  ``median_upper``"), interpolated median (sort by it), shares met and low, Leik consensus
  (primary) with its label, Cns (secondary) with its label, sCns, van der Eijk's A, r_wg with
  its band, IQR, entropy, the class (met / needs attention / requires improvement /
  insufficient data) and the flags split, met-but-dissent, low consensus, small group.
  ``suppressed`` means fewer valid answers than ``min_group_size``: show only "fewer than N
  respondents" (every value, even n, is None).
* ``report.gaps[p]`` lists :class:`GroupGap` for every pair in ``report.pairs`` (``(a, b)`` with
  a < b): Cliff's δ(a, b) (> 0 means group a rates higher), Romano magnitude, whether it is a
  gap (|δ| ≥ 0.33), the test the small-n policy allowed, p, the Benjamini–Hochberg q within the
  proof point's section, and the verdict (supported / not statistically supported / indicative).
* ``report.misalignment[p]``: the largest |δ| and its pair. ``report.kruskal[p]``: Kruskal–Wallis
  and ε² over groups with at least 5 answers (when 3 or more such groups). ``report.alpha`` and
  ``report.alpha_by_group``: Krippendorff's ordinal α for the whole instrument.
* ``report.measures`` holds the same numbers as numpy arrays of shape (P, G + 1) (last column =
  all respondents) for exports; they are raw, before the small-n policy hides anything.

Thresholds come from the learning session: ``Thresholds.from_settings(met_share="0.7", ...)``.
Labels are ``StrEnum`` members whose values are stable keys (``"needs_attention"``); translate
them in the report layer. docs/statistics.md explains every measure in plain language.

Single histograms and building blocks
=====================================

Every function in :mod:`.distribution`, :mod:`.consensus` and :mod:`.classify` takes counts with
shape ``(..., K)`` and works over all leading axes. :mod:`.gaps` takes two such arrays (or a
``(..., G, K)`` table). :mod:`.change` compares rounds: :func:`independent_change` for two
histograms, :func:`paired_change` for the K×K transition table ``T[level in round 1, level in
round 2]`` of people who answered both rounds. :mod:`.reliability` wraps Krippendorff's α.
"""

from learnloop.analytics.change import (
    IndependentChange,
    PairedChange,
    bootstrap_independent,
    bootstrap_paired,
    independent_change,
    mcnemar_exact,
    newcombe_difference_interval,
    paired_change,
    sign_test_p_values,
    transition_table,
    wilcoxon_signed_rank,
    wilson_interval,
)
from learnloop.analytics.classify import Classification, ItemClass, Thresholds
from learnloop.analytics.consensus import AgreementBand, ConsensusLabel
from learnloop.analytics.gaps import (
    Magnitude,
    TestKind,
    benjamini_hochberg,
    cliffs_delta,
    compare_pairs,
    kruskal_wallis,
)
from learnloop.analytics.reliability import krippendorff_alpha
from learnloop.analytics.summary import (
    Direction,
    GapVerdict,
    GroupGap,
    GroupSummary,
    HistogramMeasures,
    KruskalSummary,
    Misalignment,
    Summary,
    measure_histograms,
    summarize,
)

__all__ = [
    "AgreementBand",
    "Classification",
    "ConsensusLabel",
    "Direction",
    "GapVerdict",
    "GroupGap",
    "GroupSummary",
    "HistogramMeasures",
    "IndependentChange",
    "ItemClass",
    "KruskalSummary",
    "Magnitude",
    "Misalignment",
    "PairedChange",
    "Summary",
    "TestKind",
    "Thresholds",
    "benjamini_hochberg",
    "bootstrap_independent",
    "bootstrap_paired",
    "cliffs_delta",
    "compare_pairs",
    "independent_change",
    "krippendorff_alpha",
    "kruskal_wallis",
    "mcnemar_exact",
    "measure_histograms",
    "newcombe_difference_interval",
    "paired_change",
    "sign_test_p_values",
    "summarize",
    "transition_table",
    "wilcoxon_signed_rank",
    "wilson_interval",
]
