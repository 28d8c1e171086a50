"""Round comparison (analytics.rounds) against SPEC section 3 and its reference cases.

The reference cases C02 (paired) and C07 (independent) are run through the whole comparison,
so the numbers a round comparison shows are the ones SPEC.md gives; test_reference_cases.py
checks the building blocks in analytics.change on the same cases.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from learnloop.analytics import change
from learnloop.analytics.classify import ItemClass, Thresholds
from learnloop.analytics.rounds import (
    ChangeTest,
    Design,
    Reason,
    Verdict,
    choose_design,
    compare_rounds,
    rollup,
    rollup_cells,
    round_cells,
)
from learnloop.analytics.tests.test_reference_cases import CASES, close

BY_ID = {case["id"]: case for case in CASES}
T5 = Thresholds.for_scale(5)
needs_reference = pytest.mark.skipif(not CASES, reason="shared/stats/reference_cases.json missing")


def with_dont_know(counts, dont_know=0) -> list[int]:
    return [dont_know, *counts]


def compare(before, after, transitions=None, minimum=3, **options):
    return compare_rounds(
        np.asarray(before),
        np.asarray(after),
        T5,
        min_group_size_before=minimum,
        min_group_size_after=minimum,
        transitions=None if transitions is None else np.asarray(transitions),
        **options,
    )


# ---------------------------------------------------------------------------------------------
# Reference cases through the comparison


@needs_reference
def test_independent_rounds_match_reference_case_c07():
    case = BY_ID["C07_independent_rounds_worked_example"]
    data, computed = case["input"], case["computed_here"]
    before = [with_dont_know([int(c) for c in data["round1"]], 2)]
    after = [with_dont_know([int(c) for c in data["round2"]])]
    result = compare(before, after)
    row = result.changes[0]
    assert result.design is Design.INDEPENDENT
    assert row.test is ChangeTest.BRUNNER_MUNZEL
    close(row.effect, case["expected"]["cliffs_delta_r2_vs_r1"], 1e-12)
    assert row.magnitude == computed["romano_label"]
    close(row.p_value, computed["bm_p"], 1e-9)
    close(row.share_met_change, case["expected"]["delta_share_met"], 1e-12)
    close(
        [row.share_met_change_low, row.share_met_change_high],
        computed["newcombe_ci_delta_share"],
        1e-9,
    )
    # One tested proof point: its q-value is its p-value, and p = 0.07 is not significant.
    close(row.q_value, computed["bm_p"], 1e-12)
    assert row.verdict is Verdict.NOT_SIGNIFICANT
    # Don't know answers are counted but never enter a statistic (SPEC section 0).
    assert result.before[0].dont_know == 2
    assert result.before[0].n == 30


@needs_reference
def test_paired_rounds_match_reference_case_c02():
    case = BY_ID["C02_paired_change_worked_example"]
    expected, computed = case["expected"], case["computed_here"]
    table = np.asarray(case["input"]["transition_table_rows_r1_cols_r2"])
    before = [with_dont_know(table.sum(axis=1).tolist())]
    after = [with_dont_know(table.sum(axis=0).tolist())]
    result = compare(before, after, [table], seed=2024, resamples=9_999)
    row = result.changes[0]
    assert result.design is Design.PAIRED
    assert row.test is ChangeTest.SIGN_TEST
    assert (row.n_pairs, row.n_up, row.n_down, row.n_same) == (12, 6, 2, expected["n_tied"])
    close(row.effect, expected["net_improvement"], 1e-12)
    close(row.p_value, expected["sign_test_p"], 1e-12)
    close(row.mcnemar_p, expected["mcnemar_exact_p"], 1e-12)
    close(row.wilcoxon_p, computed["wilcoxon_pratt_T,p"][1], 1e-12)
    (_kept, lost), (gained, _never) = expected["mcnemar_met_table"]
    assert (row.met_gained, row.met_lost) == (gained, lost)
    close(row.pairs_share_met_change, (gained - lost) / 12, 1e-12)
    close(
        [row.pairs_share_met_change_low, row.pairs_share_met_change_high],
        computed["boot_pct_ci_delta_share_met_seed2024"],
        0.05,
    )
    # Everyone answered both rounds: the rounds' own change in share met is the pairs'.
    close(row.share_met_change, row.pairs_share_met_change, 1e-12)
    assert row.verdict is Verdict.NOT_SIGNIFICANT


@needs_reference
def test_q_values_are_benjamini_hochberg_over_the_whole_comparison():
    case = BY_ID["C07_independent_rounds_worked_example"]
    r1 = [int(c) for c in case["input"]["round1"]]
    r2 = [int(c) for c in case["input"]["round2"]]
    before = [
        with_dont_know(r1),
        with_dont_know([12, 10, 5, 2, 1]),
        with_dont_know([2, 3, 5, 10, 10]),
    ]
    after = [
        with_dont_know(r2),
        with_dont_know([1, 2, 5, 10, 12]),
        with_dont_know([2, 3, 5, 10, 10]),
    ]
    result = compare(before, after)
    p = np.array([row.p_value for row in result.changes])
    q = np.array([row.q_value for row in result.changes])
    np.testing.assert_allclose(q, stats.false_discovery_control(p, method="bh"), rtol=0, atol=1e-12)
    # C07 alone gives p = 0.070; within three tests its q is larger still.
    assert q[0] > p[0]
    assert result.changes[1].verdict is Verdict.IMPROVED
    assert result.changes[2].verdict is Verdict.NOT_SIGNIFICANT


@pytest.mark.parametrize("seed", range(8))
def test_independent_figures_equal_change_independent_change(seed):
    """The vectorised comparison gives, row by row, what analytics.change computes alone."""
    rng = np.random.default_rng(seed)
    before = rng.integers(0, 9, size=(6, 6))
    after = rng.integers(0, 9, size=(6, 6))
    result = compare(before, after, seed=seed)
    for p, row in enumerate(result.changes):
        if not row.compared:
            continue
        alone = change.independent_change(before[p, 1:], after[p, 1:], T5, seed=seed)
        assert row.effect == pytest.approx(alone.delta, nan_ok=True) or (
            row.effect is None and alone.delta is None
        )
        assert row.p_value == pytest.approx(alone.p_value) or row.p_value is alone.p_value
        assert row.share_met_change == pytest.approx(alone.share_met_change)
        assert row.share_met_change_low == pytest.approx(alone.share_met_change_low)
        assert row.share_met_change_high == pytest.approx(alone.share_met_change_high)


# ---------------------------------------------------------------------------------------------
# Small numbers and privacy


@pytest.mark.parametrize(
    ("n", "test", "reason"),
    [
        (4, ChangeTest.NONE, Reason.SMALL_SAMPLE),  # 3 <= n < 5: effect, no p-value
        (7, ChangeTest.PERMUTATION, None),  # 5 <= n < 10: permutation
        (12, ChangeTest.BRUNNER_MUNZEL, None),  # n >= 10: Brunner-Munzel
    ],
)
def test_independent_test_follows_the_small_n_policy(n, test, reason):
    before = [with_dont_know([n - n // 2 - 1, n // 2, 1, 0, 0])]
    after = [with_dont_know([0, 0, 1, n // 2, n - n // 2 - 1])]
    row = compare(before, after).changes[0]
    assert row.test is test
    assert row.reason is reason
    assert row.effect > 0.9
    assert (row.p_value is None) == (test is ChangeTest.NONE)


def test_rounds_that_do_not_overlap_get_the_permutation_p_value_even_when_large():
    """Brunner-Munzel's variances vanish without overlap; SPEC 2.2 falls back to permutation."""
    before = [with_dont_know([6, 6, 0, 0, 0])]
    after = [with_dont_know([0, 0, 0, 6, 6])]
    row = compare(before, after).changes[0]
    assert row.test is ChangeTest.PERMUTATION
    assert row.effect == 1.0
    assert row.p_value < 0.001


def test_a_round_below_the_minimum_group_size_is_not_shown_or_compared():
    before = [with_dont_know([1, 1, 0, 0, 0], 5)]  # 2 ratings (and 5 don't know)
    after = [with_dont_know([0, 0, 1, 2, 3])]
    result = compare(before, after, minimum=3)
    assert result.before[0].shown is False
    assert result.before[0].counts is None
    assert result.before[0].n is None
    assert result.after[0].shown is True
    row = result.changes[0]
    assert (row.compared, row.reason, row.verdict) == (
        False,
        Reason.TOO_FEW_ANSWERS,
        Verdict.NOT_COMPARED,
    )
    assert row.share_met_change is None
    assert row.effect is None
    assert row.p_value is None


def test_each_round_keeps_its_own_minimum_group_size():
    before = [with_dont_know([0, 1, 1, 1, 1])]
    after = [with_dont_know([0, 0, 1, 1, 2])]
    result = compare_rounds(
        np.asarray(before),
        np.asarray(after),
        T5,
        min_group_size_before=5,
        min_group_size_after=3,
    )
    assert not result.before[0].shown
    assert result.after[0].shown


def test_paired_figures_need_as_many_people_in_both_rounds_as_the_minimum():
    table = np.zeros((5, 5), dtype=int)
    table[1, 3] = 2  # two people in both rounds
    before = [with_dont_know([0, 4, 0, 0, 0])]
    after = [with_dont_know([0, 0, 0, 4, 0])]
    row = compare(before, after, [table]).changes[0]
    assert row.compared  # both rounds have four answers: their change is shown
    assert row.reason is Reason.TOO_FEW_PAIRS
    assert row.n_pairs == 2
    assert row.n_up is None
    assert row.effect is None
    assert row.p_value is None
    assert row.verdict is Verdict.UNTESTED


def test_paired_rounds_with_three_or_four_people_give_an_effect_but_no_p_value():
    table = np.zeros((5, 5), dtype=int)
    table[1, 3] = 4
    before = [with_dont_know([0, 4, 0, 0, 0])]
    after = [with_dont_know([0, 0, 0, 4, 0])]
    row = compare(before, after, [table]).changes[0]
    assert row.effect == 1.0
    assert row.n_up == 4
    assert row.test is ChangeTest.NONE
    assert row.p_value is None
    assert row.reason is Reason.SMALL_SAMPLE


def test_nobody_moving_gives_a_sign_test_p_of_one():
    table = np.diag([0, 2, 2, 2, 0])
    counts = [with_dont_know([0, 2, 2, 2, 0])]
    row = compare(counts, counts, [table]).changes[0]
    assert row.p_value == 1.0
    assert row.effect == 0.0
    assert row.verdict is Verdict.NOT_SIGNIFICANT


# ---------------------------------------------------------------------------------------------
# Order


def test_significant_improvements_come_first_then_declines_then_the_rest():
    flat = with_dont_know([3, 3, 4, 3, 3])
    low = with_dont_know([10, 8, 2, 0, 0])
    high = with_dont_know([0, 0, 2, 8, 10])
    higher = with_dont_know([0, 0, 0, 5, 15])
    before = [flat, low, high, low, flat]
    after = [flat, high, low, higher, [1, 0, 0, 0, 0, 0]]
    result = compare(before, after)
    verdicts = [result.changes[p].verdict for p in result.order]
    assert verdicts[:2] == [Verdict.IMPROVED, Verdict.IMPROVED]
    assert verdicts[2] is Verdict.DECLINED
    assert result.order[:3] == [3, 1, 2]  # the larger improvement first
    assert result.order[3:] == [0, 4]  # the rest in framework order
    assert result.changes[4].verdict is Verdict.NOT_COMPARED


# ---------------------------------------------------------------------------------------------
# One round, roll-ups, the design


@needs_reference
def test_round_cells_match_the_reference_distribution_r13():
    case = BY_ID["A08_ref_R13_typical_n30"]
    counts = case["input"]["counts"]
    cell = round_cells(np.asarray([with_dont_know(counts, 1)]), T5, 3)[0]
    assert cell.shown
    assert cell.n == 30
    assert cell.dont_know == 1
    assert (cell.median, cell.median_upper) == (4, 4)
    close(cell.leik, 0.6333333333333333, 1e-12)
    assert cell.consensus == "moderate"
    close(cell.share_met, 22 / 30, 1e-12)
    close(cell.interpolated_median, 4.083333333333333, 1e-9)
    assert cell.item_class is ItemClass.NEEDS_ATTENTION


def test_a_split_median_carries_both_levels():
    cell = round_cells(np.asarray([with_dont_know([0, 0, 5, 5, 0])]), T5, 3)[0]
    assert (cell.median, cell.median_upper) == (3, 4)


def test_consensus_and_class_need_three_answers_even_when_smaller_groups_may_be_shown():
    cell = round_cells(np.asarray([with_dont_know([0, 0, 0, 2, 0])]), T5, 1)[0]
    assert cell.shown
    assert cell.n == 2
    assert cell.consensus is None
    assert cell.item_class is None


def test_rollup_sums_a_modules_proof_points_and_hides_small_modules():
    histograms = np.asarray(
        [
            with_dont_know([0, 0, 1, 1, 1]),
            with_dont_know([0, 1, 1, 0, 0], 1),
            with_dont_know([0, 0, 0, 1, 1]),
            with_dont_know([0, 0, 0, 0, 1]),
        ]
    )
    summed, most = rollup(histograms, [0, 0, 1, 1], 2)
    assert summed.tolist() == [[1, 0, 1, 2, 1, 1], [0, 0, 0, 0, 1, 2]]
    assert most.tolist() == [3, 2]
    cells = rollup_cells(histograms, [0, 0, 1, 1], 2, T5, 3)
    assert cells[0].shown
    assert cells[0].n == 5
    # Three answers in all, but never more than two people on one proof point: hidden.
    assert not cells[1].shown


@pytest.mark.parametrize(
    ("identified", "in_both", "people", "design"),
    [
        ((True, True), 10, (10, 10), Design.PAIRED),
        ((True, True), 6, (10, 12), Design.PAIRED),  # half of each round or more
        ((True, True), 5, (10, 12), Design.INDEPENDENT),  # under half of the later round
        ((True, True), 0, (10, 10), Design.INDEPENDENT),
        ((True, False), 10, (10, 10), Design.INDEPENDENT),  # an anonymous round never pairs
        ((False, True), 10, (10, 10), Design.INDEPENDENT),
    ],
)
def test_the_design_is_paired_only_for_mostly_the_same_identified_people(
    identified, in_both, people, design
):
    assert choose_design(*identified, in_both, people) is design


def test_histograms_must_line_up():
    with pytest.raises(ValueError):
        compare([with_dont_know([1, 2, 3, 4, 5])], [[0, 1, 2, 3]])
    with pytest.raises(ValueError):
        compare([with_dont_know([1, 2, 3, 4, 5])], [with_dont_know([1, 2, 3, 4, 5])], [np.eye(4)])
