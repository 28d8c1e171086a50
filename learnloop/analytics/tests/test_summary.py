"""summarize(): the whole report from H[proof_point, group, code]."""

from __future__ import annotations

import numpy as np
import pytest

from learnloop.analytics import (
    ConsensusLabel,
    Direction,
    GapVerdict,
    ItemClass,
    Magnitude,
    TestKind,
    Thresholds,
    consensus,
    gaps,
    reliability,
    summarize,
)

BOARD = [0, 0, 1, 3, 3]
EXEC = [0, 1, 2, 3, 1]
MANAGERS = [1, 3, 5, 6, 2]
STAFF = [4, 8, 12, 10, 6]


def histogram(*groups: list[int], dont_know: list[int] | None = None) -> np.ndarray:
    """One proof point: a row [n_DK, c_1..c_K] per group."""
    dk = dont_know or [0] * len(groups)
    return np.array([[d, *g] for d, g in zip(dk, groups, strict=True)], dtype=np.int64)


def worked_example() -> np.ndarray:
    return np.stack([histogram(BOARD, EXEC, MANAGERS, STAFF, dont_know=[1, 0, 2, 3])])


def test_all_respondents_is_the_sum_of_the_groups() -> None:
    report = summarize(worked_example(), levels=5)
    overall = report.overall[0]
    assert overall.group is None
    assert overall.counts == (5, 12, 20, 22, 12)
    assert overall.n == 71
    assert overall.n_dont_know == 6
    assert overall.share_dont_know == pytest.approx(6 / 77)


def test_group_cell_carries_distribution_consensus_and_class() -> None:
    report = summarize(worked_example(), levels=5)
    board = report.cells[0][0]
    assert board.counts == tuple(BOARD)
    assert board.n == 7
    assert board.median == 4
    assert board.share_met == pytest.approx(6 / 7)
    assert board.leik_consensus == pytest.approx(float(consensus.leik_consensus(BOARD)))
    assert board.consensus == ConsensusLabel.MODERATE
    assert board.item_class == ItemClass.MET
    assert board.small_group is False


def test_group_gaps_follow_the_worked_example() -> None:
    report = summarize(worked_example(), levels=5)
    assert report.pairs == ((0, 1), (0, 2), (0, 3), (1, 2), (1, 3), (2, 3))
    board_staff = report.gaps[0][2]
    assert (board_staff.group_a, board_staff.group_b) == (0, 3)
    assert board_staff.delta == pytest.approx(0.5428571428571428)
    assert board_staff.magnitude == Magnitude.LARGE
    assert board_staff.direction == Direction.A_HIGHER
    assert board_staff.gap is True
    # Board n = 7 < 10: a permutation p-value, then BH within the section.
    assert board_staff.test == TestKind.PERMUTATION
    assert board_staff.p_value == pytest.approx(0.0226, abs=0.005)
    assert board_staff.q_value is not None
    assert board_staff.p_value is not None
    assert board_staff.q_value >= board_staff.p_value
    misalignment = report.misalignment[0]
    assert misalignment is not None
    assert (misalignment.group_a, misalignment.group_b) == (0, 3)
    assert misalignment.value == pytest.approx(0.5428571428571428)


def test_kruskal_wallis_over_groups_of_at_least_five() -> None:
    report = summarize(worked_example(), levels=5)
    kruskal = report.kruskal[0]
    assert kruskal is not None
    assert kruskal.groups == (0, 1, 2, 3)
    assert kruskal.statistic == pytest.approx(6.226016429414771, abs=1e-12)
    assert kruskal.epsilon_squared == pytest.approx(0.08894309184878244, abs=1e-12)


def test_a_group_below_the_minimum_size_shows_nothing() -> None:
    data = np.stack([histogram([0, 0, 0, 1, 1], STAFF, MANAGERS, dont_know=[4, 0, 0])])
    report = summarize(data, levels=5, min_group_size=3)
    hidden = report.cells[0][0]
    assert hidden.suppressed is True
    assert hidden.n is None
    assert hidden.counts is None
    assert hidden.n_dont_know is None
    assert hidden.item_class is None
    assert hidden.consensus is None
    for gap in report.gaps[0][:2]:
        assert gap.compared is False
        assert gap.n_a is None
        assert gap.delta is None
    # The other groups are still compared, and all respondents include the hidden answers.
    assert report.gaps[0][2].compared is True
    assert report.overall[0].n == 2 + 40 + 17


def test_minimum_group_size_is_configurable() -> None:
    data = np.stack([histogram([0, 0, 1, 1, 2], STAFF, MANAGERS)])
    assert summarize(data, levels=5, min_group_size=5).cells[0][0].suppressed is True
    assert summarize(data, levels=5, min_group_size=3).cells[0][0].suppressed is False


def test_fewer_answers_than_min_n_stats_give_the_distribution_only() -> None:
    data = np.stack([histogram([1, 0, 0, 0, 1], STAFF)])
    report = summarize(data, levels=5, min_group_size=1)
    cell = report.cells[0][0]
    assert cell.suppressed is False
    assert cell.counts == (1, 0, 0, 0, 1)
    assert cell.insufficient_data is True
    assert cell.item_class == ItemClass.INSUFFICIENT_DATA
    assert cell.leik_consensus is None
    assert cell.consensus is None
    assert cell.split is False
    assert report.gaps[0][0].compared is False


def test_small_groups_get_effect_sizes_but_no_p_values() -> None:
    data = np.stack([histogram([0, 0, 0, 2, 2], STAFF)])
    gap = summarize(data, levels=5).gaps[0][0]
    assert gap.compared is True
    assert gap.delta is not None
    assert gap.delta > 0.33
    assert gap.test == TestKind.NONE
    assert gap.p_value is None
    assert gap.verdict == GapVerdict.INDICATIVE
    assert summarize(data, levels=5).cells[0][0].small_group is True


def test_large_groups_use_brunner_munzel_and_the_verdict_follows_q() -> None:
    data = np.stack([histogram([0, 0, 2, 10, 20], [10, 10, 8, 3, 1])])
    gap = summarize(data, levels=5).gaps[0][0]
    expected = gaps.brunner_munzel([0, 0, 2, 10, 20], [10, 10, 8, 3, 1])
    assert gap.test == TestKind.BRUNNER_MUNZEL
    assert gap.statistic == pytest.approx(float(expected.statistic))
    assert gap.p_value == pytest.approx(float(expected.p_value))
    assert gap.verdict == GapVerdict.SUPPORTED


def test_each_section_is_its_own_benjamini_hochberg_family() -> None:
    rows = [
        histogram([0, 0, 2, 10, 20], [10, 10, 8, 3, 1]),
        histogram([2, 4, 8, 10, 8], [3, 5, 8, 9, 7]),
        histogram([1, 3, 9, 12, 7], [4, 6, 8, 8, 6]),
    ]
    data = np.stack(rows)
    one_family = summarize(data, levels=5)
    per_point = summarize(data, levels=5, sections=["a", "b", "c"])
    p_values = [one_family.gaps[p][0].p_value for p in range(3)]
    expected = gaps.benjamini_hochberg(np.array(p_values, dtype=float))
    for p in range(3):
        assert one_family.gaps[p][0].q_value == pytest.approx(expected[p])
        assert per_point.gaps[p][0].q_value == pytest.approx(p_values[p])


def test_thresholds_of_the_session_change_the_class() -> None:
    data = np.stack([histogram([1, 2, 5, 12, 10], STAFF)])
    assert summarize(data, levels=5).cells[0][0].item_class == ItemClass.NEEDS_ATTENTION
    relaxed = Thresholds.from_settings(met_share=0.7)
    assert summarize(data, levels=5, thresholds=relaxed).cells[0][0].item_class == ItemClass.MET


@pytest.mark.parametrize(
    ("levels", "met_level", "low_level"),
    [(2, 2, 1), (3, 3, 1), (4, 3, 2), (5, 4, 2), (6, 5, 2), (7, 6, 2), (10, 8, 3), (11, 9, 3)],
)
def test_met_and_low_levels_are_placed_on_any_scale(levels, met_level, low_level) -> None:
    t = Thresholds.for_scale(levels)
    assert (t.met_level, t.low_level) == (met_level, low_level)


def test_the_five_level_placement_is_the_spec_default() -> None:
    assert Thresholds.for_scale(5) == Thresholds()
    assert Thresholds.for_scale(5, met_share=0.7) == Thresholds.from_settings(met_share=0.7)


def test_a_three_level_scale_is_reported_without_settings() -> None:
    # No / Partly / Yes: everyone says yes is met; most say no requires improvement.
    data = np.stack([[[0, 0, 0, 6]], [[0, 5, 1, 0]]])
    report = summarize(data, levels=3)
    assert report.cells[0][0].item_class == ItemClass.MET
    assert report.cells[1][0].item_class == ItemClass.REQUIRES_IMPROVEMENT


def test_on_a_ten_level_scale_a_middle_rating_is_not_met() -> None:
    fours = np.zeros((1, 1, 11), dtype=np.int64)
    fours[0, 0, 4] = 6
    nines = np.zeros((1, 1, 11), dtype=np.int64)
    nines[0, 0, 9] = 6
    assert summarize(fours, levels=10).cells[0][0].item_class == ItemClass.NEEDS_ATTENTION
    assert summarize(nines, levels=10).cells[0][0].item_class == ItemClass.MET


def test_alpha_covers_the_whole_instrument_and_each_group() -> None:
    rng = np.random.default_rng(2)
    data = np.zeros((12, 2, 6), dtype=np.int64)
    for p in range(12):
        for g in range(2):
            data[p, g, 1:] = rng.multinomial(15, rng.dirichlet(np.ones(5)))
    report = summarize(data, levels=5)
    assert report.alpha == pytest.approx(reliability.krippendorff_alpha(data[..., 1:].sum(1)))
    assert report.alpha_by_group[1] == pytest.approx(reliability.krippendorff_alpha(data[:, 1, 1:]))


def test_one_group_has_no_pairs_and_no_kruskal() -> None:
    report = summarize(np.stack([histogram(STAFF)]), levels=5)
    assert report.pairs == ()
    assert report.gaps == ((),)
    assert report.misalignment == (None,)
    assert report.kruskal == (None,)


def test_array_measures_equal_the_cells() -> None:
    report = summarize(worked_example(), levels=5)
    assert report.measures.leik_consensus.shape == (1, 5)
    assert report.measures.leik_consensus[0, 3] == pytest.approx(report.cells[0][3].leik_consensus)
    assert report.measures.n[0, 4] == report.overall[0].n
    assert report.dont_know[0].tolist() == [1, 0, 2, 3, 6]


@pytest.mark.parametrize(
    ("data", "levels", "message"),
    [
        (np.zeros((2, 3), dtype=int), 5, "shape"),
        (np.zeros((1, 2, 5), dtype=int), 5, "level columns"),
        (-np.ones((1, 2, 6), dtype=int), 5, "negative"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(
    data: np.ndarray, levels: int, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        summarize(data, levels=levels)


def test_sections_must_match_the_proof_points() -> None:
    with pytest.raises(ValueError, match="one section per proof point"):
        summarize(worked_example(), levels=5, sections=["a", "b"])


def test_a_full_report_is_built_from_counts_of_many_respondents() -> None:
    rng = np.random.default_rng(7)
    probabilities = rng.dirichlet(np.ones(6), size=(150, 4))
    data = np.array(
        [[rng.multinomial(250, probabilities[p, g]) for g in range(4)] for p in range(150)]
    )
    report = summarize(data, levels=5)
    assert len(report.cells) == 150
    assert all(len(row) == 6 for row in report.gaps)
    assert all(gap.test == TestKind.BRUNNER_MUNZEL for row in report.gaps for gap in row)
    assert all(k is not None for k in report.kruskal)
    assert report.alpha is not None
