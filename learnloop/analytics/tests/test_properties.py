"""Properties the SPEC requires of the engine, checked over many histograms.

Monotone classifier, Leik's invariance, vectorised equals scalar, and agreement of every
count-based fast path with the SciPy / statsmodels reference implementation.
"""

from __future__ import annotations

from fractions import Fraction
from itertools import product

import numpy as np
import pytest
from scipy import stats

from learnloop.analytics import change, classify, consensus, distribution, gaps, reliability
from learnloop.analytics.classify import ItemClass, Thresholds

RANK = {
    ItemClass.REQUIRES_IMPROVEMENT: 0,
    ItemClass.NEEDS_ATTENTION: 1,
    ItemClass.MET: 2,
}


def all_histograms(n: int, levels: int = 5) -> np.ndarray:
    """Every histogram of n answers on ``levels`` levels."""
    rows = [c for c in product(range(n + 1), repeat=levels) if sum(c) == n]
    return np.array(rows, dtype=np.int64)


def random_histograms(seed: int, count: int = 500, levels: int = 5) -> np.ndarray:
    rng = np.random.default_rng(seed)
    sizes = rng.integers(0, 40, size=count)
    return rng.multinomial(sizes, rng.dirichlet(np.full(levels, 0.6), size=count))


@pytest.mark.parametrize(
    "thresholds",
    [
        Thresholds(),
        Thresholds.from_settings(
            met_share=0.7, dissent_share="0.2", requires_improvement_share=0.4
        ),
        Thresholds(met_level=5, low_level=1),
    ],
    ids=["defaults", "custom-shares", "custom-levels"],
)
def test_moving_one_respondent_up_a_level_never_worsens_the_class(
    thresholds: Thresholds,
) -> None:
    for n in range(3, 9):
        counts = all_histograms(n)
        before = classify.classify(counts, thresholds).code
        for level in range(4):
            movable = counts[:, level] > 0
            moved = counts[movable].copy()
            moved[:, level] -= 1
            moved[:, level + 1] += 1
            after = classify.classify(moved, thresholds).code
            assert (after >= before[movable]).all(), f"n={n}, level {level + 1} up"


def test_class_is_a_pure_function_of_n_met_n_low_and_n() -> None:
    counts = all_histograms(6)
    result = classify.classify(counts)
    for row, code in zip(counts, result.code.tolist(), strict=True):
        n_met, n_low, n = row[3:].sum(), row[:2].sum(), row.sum()
        if 4 * n_met >= 3 * n and 20 * n_low <= 3 * n:
            expected = 2
        elif 2 * n_low > n:
            expected = 0
        else:
            expected = 1
        assert code == expected, row


def test_thresholds_are_compared_exactly_at_three_quarters() -> None:
    # 3 of 4 is exactly 75%: met. 74 of 99 (74.7%) is not.
    assert classify.classify_one([0, 0, 1, 3, 0]) == ItemClass.MET
    assert classify.classify_one([0, 0, 25, 74, 0]) == ItemClass.NEEDS_ATTENTION
    # Exactly half low is needs attention, one more is requires improvement.
    assert classify.classify_one([2, 3, 5, 0, 0]) == ItemClass.NEEDS_ATTENTION
    assert classify.classify_one([2, 4, 4, 0, 0]) == ItemClass.REQUIRES_IMPROVEMENT


def test_thresholds_from_settings_keep_decimal_values_exact() -> None:
    thresholds = Thresholds.from_settings(dissent_share=0.15, met_share="0.7")
    assert thresholds.dissent_share == Fraction(3, 20)
    assert thresholds.met_share == Fraction(7, 10)


@pytest.mark.parametrize(
    "settings",
    [
        {"met_level": 2, "low_level": 2},
        {"met_share": 1.5},
        {"min_n_tests": 12},
        {"low_level": 0},
    ],
)
def test_thresholds_refuse_inconsistent_settings(settings: dict[str, float]) -> None:
    with pytest.raises(ValueError):
        Thresholds.from_settings(**settings)


def test_thresholds_refuse_unknown_settings() -> None:
    with pytest.raises(TypeError, match="met_treshold"):
        Thresholds.from_settings(met_treshold=0.75)


def test_met_level_above_the_scale_is_refused() -> None:
    with pytest.raises(ValueError, match="above the top level"):
        classify.classify([1, 2, 3], Thresholds())


def test_leik_is_unchanged_by_any_order_keeping_relabelling() -> None:
    rng = np.random.default_rng(11)
    for _ in range(200):
        ratings = rng.integers(1, 6, size=rng.integers(1, 30))
        codes = np.sort(rng.choice(np.arange(1, 100), size=5, replace=False))
        relabelled = codes[ratings - 1]
        # Histogram of the relabelled answers over their ordered codes.
        counts = np.array([(relabelled == code).sum() for code in codes])
        assert counts.tolist() == np.bincount(ratings, minlength=6)[1:].tolist()
        assert consensus.leik_consensus(counts) == consensus.leik_consensus(
            np.bincount(ratings, minlength=6)[1:]
        )
    # ...while Tastle-Wierman Cns, which uses the codes' values, changes with spacing.
    assert consensus.leik_consensus([1, 0, 0, 0, 4]) == consensus.leik_consensus([4, 0, 0, 0, 1])


def test_leik_does_not_depend_on_group_size_only_on_shares() -> None:
    counts = random_histograms(3)
    counts = counts[counts.sum(axis=1) > 0]
    np.testing.assert_allclose(
        consensus.leik_consensus(counts), consensus.leik_consensus(3 * counts), atol=1e-12
    )


VECTOR_FUNCTIONS = {
    "lower_median": distribution.lower_median,
    "interpolated_median": distribution.interpolated_median,
    "iqr": distribution.interquartile_range,
    "entropy": distribution.normalised_entropy,
    "mean": distribution.mean_level,
    "leik": consensus.leik_consensus,
    "ad": consensus.ad_median,
    "cns": consensus.tastle_wierman_consensus,
    "scns": consensus.strength_of_consensus,
    "vde": consensus.van_der_eijk_agreement,
    "rwg": consensus.rwg,
    "class": lambda c: classify.classify(c).code,
}


@pytest.mark.parametrize("name", sorted(VECTOR_FUNCTIONS))
def test_vectorised_results_equal_the_one_histogram_results(name: str) -> None:
    function = VECTOR_FUNCTIONS[name]
    counts = random_histograms(5, count=120).reshape(4, 30, 5)
    together = np.asarray(function(counts))
    assert together.shape == (4, 30)
    for index in np.ndindex(4, 30):
        alone = np.asarray(function(counts[index]))
        np.testing.assert_allclose(together[index], alone, atol=1e-12, equal_nan=True)


def test_summary_measures_equal_the_single_functions() -> None:
    from learnloop.analytics.summary import measure_histograms

    counts = random_histograms(9, count=300)
    measures = measure_histograms(counts)
    np.testing.assert_allclose(
        measures.leik_consensus, consensus.leik_consensus(counts), atol=1e-12, equal_nan=True
    )
    np.testing.assert_array_equal(measures.iqr, distribution.interquartile_range(counts))
    np.testing.assert_array_equal(measures.item_class, classify.classify(counts).code)


def test_quantiles_match_numpy_inverted_cdf() -> None:
    rng = np.random.default_rng(21)
    for _ in range(300):
        ratings = rng.integers(1, 6, size=rng.integers(1, 25))
        counts = np.bincount(ratings, minlength=6)[1:]
        for q in (0.25, 0.5, 0.75):
            expected = np.quantile(ratings, q, method="inverted_cdf")
            assert distribution.quantile_level(counts, q) == expected


def test_median_at_an_exact_split_names_both_levels() -> None:
    low, high, split = distribution.median_bounds([5, 0, 0, 0, 5])
    assert (int(low), int(high), bool(split)) == (1, 5, True)
    low, high, split = distribution.median_bounds([1, 2, 5, 12, 10])
    assert (int(low), int(high), bool(split)) == (4, 4, False)


def test_interpolated_median_examples_from_the_spec() -> None:
    values = distribution.interpolated_median([[5, 0, 0, 0, 5], [0, 0, 5, 5, 0], [1, 2, 5, 12, 10]])
    np.testing.assert_allclose(values, [3.0, 3.5, 4.0833333333], atol=1e-9)


def test_empty_histograms_give_undefined_values_not_errors() -> None:
    empty = np.zeros(5, dtype=int)
    assert np.isnan(consensus.leik_consensus(empty))
    assert np.isnan(consensus.tastle_wierman_consensus(empty))
    assert np.isnan(distribution.interpolated_median(empty))
    assert int(distribution.lower_median(empty)) == 0
    assert consensus.leik_label(empty) is None


def test_negative_or_fractional_counts_are_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        consensus.leik_consensus([1, -1, 2])
    with pytest.raises(ValueError, match="whole numbers"):
        consensus.leik_consensus([1.5, 1, 2])


# ---------------------------------------------------------------------------------------------
# Count-based fast paths agree with the libraries


def expand(counts: np.ndarray) -> np.ndarray:
    return np.repeat(np.arange(1, len(counts) + 1), counts)


def overlapping_pairs(seed: int, count: int) -> list[tuple[np.ndarray, np.ndarray]]:
    rng = np.random.default_rng(seed)
    pairs: list[tuple[np.ndarray, np.ndarray]] = []
    while len(pairs) < count:
        a = rng.multinomial(rng.integers(2, 30), rng.dirichlet(np.ones(5)))
        b = rng.multinomial(rng.integers(2, 30), rng.dirichlet(np.ones(5)))
        if np.isfinite(gaps.brunner_munzel(a, b).p_value):
            pairs.append((a, b))
    return pairs


def test_brunner_munzel_from_counts_equals_scipy() -> None:
    for a, b in overlapping_pairs(1, 60):
        ours = gaps.brunner_munzel(a, b)
        theirs = stats.brunnermunzel(expand(a), expand(b))
        assert ours.statistic == pytest.approx(theirs.statistic, abs=1e-10)
        assert ours.p_value == pytest.approx(theirs.pvalue, abs=1e-10)


def test_brunner_munzel_is_undefined_without_overlap() -> None:
    result = gaps.brunner_munzel([3, 2, 0, 0, 0], [0, 0, 0, 4, 4])
    assert np.isnan(result.p_value)


def test_mann_whitney_and_delta_from_counts_equal_scipy() -> None:
    for a, b in overlapping_pairs(2, 60):
        ours = gaps.mann_whitney(a, b)
        theirs = stats.mannwhitneyu(expand(a), expand(b), method="asymptotic")
        assert ours.statistic == pytest.approx(theirs.statistic, abs=1e-10)
        assert ours.p_value == pytest.approx(theirs.pvalue, abs=1e-10)
        delta = 2 * theirs.statistic / (a.sum() * b.sum()) - 1
        assert gaps.cliffs_delta(a, b) == pytest.approx(delta, abs=1e-12)


def test_exact_permutation_p_equals_scipy_with_every_permutation() -> None:
    rng = np.random.default_rng(4)
    for _ in range(8):
        a = rng.multinomial(5, rng.dirichlet(np.ones(5)))
        b = rng.multinomial(rng.integers(5, 8), rng.dirichlet(np.ones(5)))
        method = stats.PermutationMethod(n_resamples=np.inf)
        theirs = stats.mannwhitneyu(expand(a), expand(b), method=method).pvalue
        assert gaps.permutation_p_value(a, b) == pytest.approx(theirs, abs=1e-12)
        assert gaps.permutation_p_value(b, a) == pytest.approx(theirs, abs=1e-12)


def test_sampled_permutation_p_is_close_to_the_exact_one() -> None:
    pooled = np.array([[12, 20, 30, 25, 13]])
    observed = np.array([[1, 3, 5, 6, 5]])
    exact = gaps._exact_permutation(pooled, observed, 20)
    sampled = gaps._sampled_permutation(pooled, observed, 20, seed=1, n_resamples=20_000)
    assert sampled[0] == pytest.approx(exact[0], abs=0.01)


def test_kruskal_from_counts_equals_scipy() -> None:
    rng = np.random.default_rng(8)
    for _ in range(40):
        table = rng.multinomial(rng.integers(3, 30, size=4), rng.dirichlet(np.ones(5), size=4))
        theirs = stats.kruskal(*(expand(row) for row in table))
        ours = gaps.kruskal_wallis(table)
        assert ours.statistic == pytest.approx(theirs.statistic, abs=1e-10)
        assert ours.p_value == pytest.approx(theirs.pvalue, abs=1e-10)


def test_kruskal_is_undefined_when_everyone_gives_the_same_answer() -> None:
    result = gaps.kruskal_wallis([[0, 5, 0], [0, 7, 0], [0, 6, 0]])
    assert np.isnan(result.p_value)


def test_benjamini_hochberg_keeps_families_apart_and_skips_untested() -> None:
    p = np.array([0.01, 0.02, np.nan, 0.04, 0.01])
    families = np.array([0, 0, 0, 1, 1])
    q = gaps.benjamini_hochberg(p, families)
    np.testing.assert_allclose(q[[0, 1]], stats.false_discovery_control([0.01, 0.02]))
    np.testing.assert_allclose(q[[3, 4]], stats.false_discovery_control([0.04, 0.01]))
    assert np.isnan(q[2])


def test_romano_labels_from_integers_match_the_float_labels() -> None:
    for a, b in overlapping_pairs(6, 80):
        numerator = gaps.cliffs_delta_numerator(a, b)
        code = int(gaps.romano_codes(numerator, a.sum() * b.sum()))
        assert gaps.magnitude_from_code(code) == gaps.romano_magnitude(
            float(gaps.cliffs_delta(a, b))
        )


def test_small_n_policy_for_pairs() -> None:
    stacked_a = np.array([[1, 1, 0, 0, 0], [0, 1, 2, 1, 0], [1, 1, 2, 2, 1], [2, 3, 4, 3, 2]])
    stacked_b = np.array([[0, 0, 1, 5, 4]] * 4)
    result = gaps.compare_pairs(stacked_a, stacked_b)
    # n = 2: not compared; n = 4: delta only; n = 7: permutation; n = 14: Brunner-Munzel.
    assert result.compared.tolist() == [False, True, True, True]
    assert result.test.tolist() == [0, 0, 1, 2]
    assert np.isnan(result.p_value[:2]).all()
    assert np.isfinite(result.p_value[2:]).all()


def test_two_identical_constant_groups_have_no_difference_and_p_one() -> None:
    result = gaps.compare_pairs([0, 0, 12, 0, 0], [0, 0, 15, 0, 0])
    assert float(result.delta) == 0.0
    assert float(result.p_value) == 1.0


def test_groups_without_overlap_get_a_permutation_p_value() -> None:
    result = gaps.compare_pairs([12, 3, 0, 0, 0], [0, 0, 0, 4, 11])
    assert float(result.delta) == -1.0
    assert int(result.test) == gaps.TestKind.PERMUTATION
    assert float(result.p_value) < 0.001


def test_sign_test_vectorised_equals_binomtest() -> None:
    for up, down in [(6, 2), (0, 5), (10, 10), (3, 17)]:
        theirs = stats.binomtest(up, up + down, 0.5).pvalue
        assert change.sign_test_p_values(up, down) == pytest.approx(theirs, abs=1e-12)


def test_signed_rank_permutation_equals_scipy() -> None:
    rng = np.random.default_rng(12)
    method = stats.PermutationMethod(n_resamples=np.inf)
    for _ in range(5):
        d = rng.integers(-2, 4, size=7)
        if not d.any():
            continue
        for zero_method in ("pratt", "wilcox"):
            theirs = stats.wilcoxon(d, zero_method=zero_method, method=method)
            ours = change.wilcoxon_signed_rank(d, zero_method=zero_method, method="permutation")
            assert ours == pytest.approx((theirs.statistic, theirs.pvalue), abs=1e-12)


def test_paired_change_with_nobody_moving() -> None:
    result = change.paired_change(np.diag([2, 3, 0, 1, 4]))
    assert (result.n_up, result.n_down, result.n_same) == (0, 0, 10)
    assert result.net_improvement == 0.0
    assert result.sign_test_p is None
    assert result.wilcoxon_p is None
    assert result.mcnemar_p is None


def test_bootstrap_is_refused_for_small_rounds() -> None:
    assert change.bootstrap_independent([1, 2, 3, 0, 0], [0, 0, 5, 10, 5]) is None
    assert change.bootstrap_paired(np.diag([1, 1, 1, 1, 1])) is None


def test_independent_change_of_small_rounds_gives_no_p_value() -> None:
    result = change.independent_change([1, 1, 1, 0, 0], [0, 0, 1, 1, 1])
    # 8 of the 9 after/before pairs improve, one ties at level 3.
    assert result.delta == pytest.approx(8 / 9)
    assert result.p_value is None
    assert result.test == gaps.TestKind.NONE


def test_krippendorff_alpha_from_counts_equals_raw_data() -> None:
    import krippendorff

    rng = np.random.default_rng(14)
    raters = rng.integers(1, 6, size=(12, 20)).astype(float)
    raters[rng.random(raters.shape) < 0.2] = np.nan
    table = reliability.value_counts_from_ratings(raters, [1, 2, 3, 4, 5])
    expected = krippendorff.alpha(
        reliability_data=raters, value_domain=[1, 2, 3, 4, 5], level_of_measurement="ordinal"
    )
    assert reliability.krippendorff_alpha(table) == pytest.approx(expected, abs=1e-12)


def test_krippendorff_alpha_is_undefined_without_variation() -> None:
    assert reliability.krippendorff_alpha([[0, 4, 0], [0, 3, 0]]) is None
    assert reliability.krippendorff_alpha([[0, 1, 0], [1, 0, 0]]) is None
