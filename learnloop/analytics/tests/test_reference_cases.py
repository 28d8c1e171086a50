"""Every case of shared/stats/reference_cases.json, each within its own tolerance.

The file lives beside the repository (``<work>/shared/stats``); in CI the repository is cloned to
``<tmp>/main`` with ``shared`` beside it. Each case is dispatched on its ``measure``; a separate
test fails if the file holds a measure this module does not check.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from math import comb
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from learnloop.analytics import change, classify, consensus, distribution, gaps, reliability
from learnloop.analytics.summary import measure_histograms

REFERENCE = Path(__file__).resolve().parents[3].parent / "shared" / "stats" / "reference_cases.json"


def _load_cases() -> list[dict[str, Any]]:
    if not REFERENCE.exists():
        return []
    cases: list[dict[str, Any]] = json.loads(REFERENCE.read_text(encoding="utf-8"))["cases"]
    return cases


CASES = _load_cases()
Case = dict[str, Any]


def close(actual: Any, expected: Any, tolerance: float) -> None:
    """Assert numbers (or nested lists of numbers) agree within ``tolerance``; None means NaN."""
    if expected is None:
        assert actual is None or np.isnan(actual), f"expected undefined, got {actual}"
        return
    if isinstance(expected, list):
        assert len(actual) == len(expected)
        for got, want in zip(actual, expected, strict=True):
            close(got, want, tolerance)
        return
    assert abs(float(actual) - float(expected)) <= tolerance, f"{actual} != {expected}"


def counts_of(ratings: list[int], levels: int) -> np.ndarray:
    return np.bincount(np.asarray(ratings), minlength=levels + 1)[1:]


# ---------------------------------------------------------------------------------------------
# One checker per measure. Each returns the set of expected keys it checked.


def check_all_measures(case: Case) -> set[str]:
    data, expected, tol = case["input"], case["expected"], case["tolerance_abs"]
    counts = np.asarray(data["counts"])
    k = data["K"]
    thresholds = classify.Thresholds(met_level=data["met_level"], low_level=data["low_level"])
    numbers = {
        "n": distribution.totals(counts),
        "cns": consensus.tastle_wierman_consensus(counts),
        "leik_D": consensus.leik_dispersion(counts),
        "leik_consensus": consensus.leik_consensus(counts),
        "ad_median": consensus.ad_median(counts),
        "rwg": consensus.rwg(counts),
        "iqr_invcdf": distribution.interquartile_range(counts),
        "norm_entropy": distribution.normalised_entropy(counts),
        "median_lower": distribution.lower_median(counts),
        "median_interpolated": distribution.interpolated_median(counts),
        "mean": distribution.mean_level(counts),
        "vde_A": consensus.van_der_eijk_agreement(counts),
        "scns_target_5": consensus.strength_of_consensus(counts, 5),
        "share_met_ge4": distribution.share_met(counts, data["met_level"]),
        "share_low_le2": distribution.share_low(counts, data["low_level"]),
    }
    for key, value in numbers.items():
        close(None if np.isnan(value) else float(value), expected[key], tol)
    result = classify.classify(counts, thresholds)
    assert result.item_class() == expected["classification"]
    assert bool(result.split) is expected["split_flag"]
    assert consensus.leik_label(counts) == expected["label_leik"]
    cns_label = consensus.label_from_code(int(consensus.cns_label_codes(numbers["cns"], k)))
    assert cns_label == expected["label_cns"]
    rwg_value = float(numbers["rwg"])
    assert consensus.rwg_band(None if np.isnan(rwg_value) else rwg_value) == expected["label_rwg"]
    # The vectorised path used by reports gives the same numbers.
    measures = measure_histograms(counts[None, :], thresholds)
    close(float(measures.leik_consensus[0]), expected["leik_consensus"], tol)
    close(float(measures.interpolated_median[0]), expected["median_interpolated"], tol)
    assert int(measures.median[0]) == expected["median_lower"]
    return set(numbers) | {"classification", "split_flag", "label_leik", "label_cns", "label_rwg"}


def check_vde(case: Case) -> set[str]:
    data = case["input"]
    values = data.get("counts", data.get("percentages"))
    close(
        consensus.van_der_eijk_agreement(values), case["expected"]["vde_A"], case["tolerance_abs"]
    )
    return {"vde_A"}


def check_vde_layers(case: Case) -> set[str]:
    expected, tol = case["expected"], case["tolerance_abs"]
    layers = consensus.van_der_eijk_layers(case["input"]["counts"])
    assert ",".join(layer.pattern for layer in layers) == expected["patterns"]
    close([layer.weight for layer in layers], expected["weights"], tol)
    close([layer.agreement for layer in layers], expected["layer_A"], tol)
    return {"patterns", "weights", "layer_A"}


def check_cns(case: Case) -> set[str]:
    counts, tol = case["input"]["counts"], case["tolerance_abs"]
    close(consensus.tastle_wierman_consensus(counts), case["expected"]["cns"], tol)
    close(distribution.mean_level(counts), case["expected"]["mean"], tol)
    return {"cns", "mean"}


def check_dissention(case: Case) -> set[str]:
    counts, tol = case["input"]["counts"], case["tolerance_abs"]
    expected = case["expected"]
    close(consensus.tastle_wierman_dissention(counts), expected["dnt_scale_width"], tol)
    # The pitfall: counting only the observed levels a..c makes d = 2 instead of the scale's 3.
    observed_only = counts[:3]
    close(
        consensus.tastle_wierman_dissention(observed_only),
        expected["dnt_observed_range_PITFALL"],
        tol,
    )
    return {"dnt_scale_width", "dnt_observed_range_PITFALL"}


def check_by_levels(case: Case) -> set[str]:
    tol = case["tolerance_abs"]
    for k in case["input"]["K"]:
        expected = case["expected"][str(k)]
        uniform = np.ones(k, dtype=int)
        adjacent = np.zeros(k, dtype=int)
        adjacent[[0, 1]] = 1
        two_apart = np.zeros(k, dtype=int)
        two_apart[[0, 2]] = 1
        close(consensus.tastle_wierman_consensus(uniform), expected["uniform_cns"], tol)
        close(consensus.leik_consensus(uniform), expected["uniform_leik_consensus"], tol)
        close(consensus.van_der_eijk_agreement(uniform), expected["uniform_vde_A"], tol)
        close(distribution.normalised_entropy(uniform), expected["uniform_norm_entropy"], tol)
        close(consensus.tastle_wierman_consensus(adjacent), expected["adjacent_split_cns"], tol)
        close(consensus.tastle_wierman_consensus(two_apart), expected["two_apart_split_cns"], tol)
        close(consensus.leik_consensus(adjacent), expected["adjacent_split_leik"], tol)
        close(consensus.leik_consensus(two_apart), expected["two_apart_split_leik"], tol)
        assert len(expected) == 8
    return {str(k) for k in case["input"]["K"]}


def check_rwg(case: Case) -> set[str]:
    counts = counts_of(case["input"]["ratings"], case["input"]["K"])
    value = float(consensus.rwg(counts))
    close(None if np.isnan(value) else value, case["expected"]["rwg"], case["tolerance_abs"])
    return {"rwg"}


def check_rwg_j(case: Case) -> set[str]:
    items, tol = case["input"]["item_counts"], case["tolerance_abs"]
    assert len(items) == case["input"]["J"]
    close(list(consensus.item_variance(items)), case["expected"]["item_variances"], tol)
    close(consensus.rwg_j(items), case["expected"]["rwg_j"], tol)
    return {"item_variances", "rwg_j"}


def check_iqr(case: Case) -> set[str]:
    ratings = case["input"]["ratings"]
    counts = counts_of(ratings, case["input"].get("K", max(ratings)))
    expected, tol = case["expected"], case["tolerance_abs"]
    checked = set()
    if "iqr_inverted_cdf" in expected:
        close(distribution.interquartile_range(counts), expected["iqr_inverted_cdf"], tol)
        linear = np.quantile(ratings, 0.75) - np.quantile(ratings, 0.25)
        close(linear, expected["iqr_numpy_linear_default"], tol)
        checked |= {"iqr_inverted_cdf", "iqr_numpy_linear_default"}
    if "q1" in expected:
        close(distribution.quantile_level(counts, 0.25), expected["q1"], tol)
        close(distribution.quantile_level(counts, 0.75), expected["q3"], tol)
        assert np.quantile(ratings, 0.25, method="inverted_cdf") == expected["q1"]
        checked |= {"q1", "q3"}
    return checked


def check_entropy_bits(case: Case) -> set[str]:
    # On two levels, the normalised entropy is the entropy in bits.
    tol = case["tolerance_abs"]
    close(distribution.normalised_entropy([5, 5]), case["expected"]["fair_bits"], tol)
    assert case["input"]["pk_biased"] == [0.9, 0.1]
    close(distribution.normalised_entropy([9, 1]), case["expected"]["biased_bits"], tol)
    return {"fair_bits", "biased_bits"}


def check_leik_identity(case: Case) -> set[str]:
    data = case["input"]
    k = data["K"]
    rng = np.random.default_rng(data["seed"])
    counts = rng.multinomial(
        rng.integers(1, 200, size=data["random_histograms"]),
        rng.dirichlet(np.full(k, 0.7), size=data["random_histograms"]),
    )
    levels = np.arange(1, k + 1)
    median = distribution.lower_median(counts)
    direct_ad = (counts * np.abs(levels - median[:, None])).sum(axis=1) / counts.sum(axis=1)
    difference = consensus.leik_dispersion(counts) - 2 * direct_ad / (k - 1)
    close(np.abs(difference).max(), case["expected"]["max_abs_diff"], case["tolerance_abs"])
    return {"max_abs_diff"}


def check_scns(case: Case) -> set[str]:
    for key, counts in case["input"].items():
        value = consensus.strength_of_consensus(counts, 5)
        close(value, case["expected"][key], case["tolerance_abs"])
    return set(case["input"])


def check_cliff_interval(case: Case) -> set[str]:
    expected, tol = case["expected"], case["tolerance_abs"]
    a, b, _ = gaps.counts_from_samples(case["input"]["treatment"], case["input"]["control"])
    result = gaps.cliffs_delta_interval(a, b)
    close(result.delta, expected["delta"], tol)
    assert gaps.romano_magnitude(result.delta) == expected["magnitude"]
    close([result.low, result.high], expected["ci_unbiased_t"], tol)
    close([result.s_i, result.s_j, result.s_ij], expected["var_components_Si_Sj_Sij"], tol)
    consistent = gaps.cliffs_delta_interval(a, b, unbiased=False, normal=True)
    close([consistent.low, consistent.high], case["computed_here"]["ci_consistent_normal"], tol)
    return {"delta", "magnitude", "ci_unbiased_t", "var_components_Si_Sj_Sij"}


def check_cliff(case: Case) -> set[str]:
    data, expected, tol = case["input"], case["expected"], case["tolerance_abs"]
    if "counts_G1" in data:
        a, b = data["counts_G1"], data["counts_G2"]
        # The counts follow the factor levels A < B < C of the raw data.
        raw = [dict(zip("ABC", range(3), strict=True))[v] for v in data["G1"].split(",")]
        assert list(np.bincount(raw, minlength=3)) == a
    else:
        a, b, _ = gaps.counts_from_samples(data["x1"], data["x2"])
    delta = float(gaps.cliffs_delta(a, b))
    close(delta, expected["delta"], tol)
    if "magnitude" in expected:
        assert gaps.romano_magnitude(delta) == expected["magnitude"]
    return set(expected)


def check_romano(case: Case) -> set[str]:
    assert gaps.romano_magnitude(case["input"]["delta"]) == case["expected"]["label"]
    return {"label"}


def check_brunner_munzel(case: Case) -> set[str]:
    data, expected, tol = case["input"], case["expected"], case["tolerance_abs"]
    result = gaps.brunner_munzel(data["counts_x"], data["counts_y"])
    close(result.statistic, expected["W"], tol)
    close(result.p_value, expected["p"], tol)
    close(result.df, case["computed_here"]["df"], 1e-9)
    a, b, _ = gaps.counts_from_samples(data["x"], data["y"])
    close(gaps.brunner_munzel(a, b).statistic, expected["W"], tol)
    return {"W", "p"}


def check_mann_whitney(case: Case) -> set[str]:
    data, expected, tol = case["input"], case["expected"], case["tolerance_abs"]
    a, b, _ = gaps.counts_from_samples(data["males"], data["females"])
    result = gaps.mann_whitney(a, b)
    close(result.statistic, expected["U1"], tol)
    close(result.p_value, expected["p_asymptotic"], tol)
    # Without ties, the exact permutation distribution is the exact null distribution of U.
    close(gaps.permutation_p_value(a, b), expected["p_exact"], tol)
    return {"U1", "p_exact", "p_asymptotic"}


def check_mann_whitney_counts(case: Case) -> set[str]:
    expected, tol = case["expected"], case["tolerance_abs"]
    a, b, _ = gaps.counts_from_samples(case["input"]["x"], case["input"]["y"])
    result = gaps.mann_whitney(a, b)
    close(result.statistic, expected["U1"], tol)
    close(result.p_value, expected["p_asymptotic_tie_corrected"], tol)
    return {"U1", "p_asymptotic_tie_corrected"}


def check_kruskal(case: Case) -> set[str]:
    data, expected, tol = case["input"], case["expected"], case["tolerance_abs"]
    if "counts" in data:
        table = np.asarray(data["counts"])
        values = sorted({v for group in data["groups"] for v in group})
        for group, row in zip(data["groups"], table, strict=True):
            assert [group.count(v) for v in values] == list(row)
    else:
        a, b, _ = gaps.counts_from_samples(data["x"], data["y"])
        table = np.stack([a, b])
    result = gaps.kruskal_wallis(table)
    close(result.statistic, expected["H"], tol)
    close(result.p_value, expected["p"], tol)
    if "epsilon_sq" in case["computed_here"]:
        close(result.epsilon_squared, case["computed_here"]["epsilon_sq"], tol)
    return {"H", "p"}


def check_group_example(case: Case) -> set[str]:
    data, expected, tol = case["input"], case["expected"], case["tolerance_abs"]
    computed = case["computed_here"]
    groups = {name: np.asarray(data[name]) for name in ("board", "exec", "managers", "staff")}
    result = gaps.kruskal_wallis(np.stack(list(groups.values())))
    close(result.statistic, expected["kruskal_H"], tol)
    close(result.p_value, expected["kruskal_p"], tol)
    close(result.epsilon_squared, computed["epsilon_sq"], tol)
    board, staff = groups["board"], groups["staff"]
    close(gaps.cliffs_delta(board, staff), computed["board_vs_staff"], tol)
    close(gaps.cliffs_delta(groups["exec"], staff), computed["exec_vs_staff"], tol)
    close(gaps.cliffs_delta(groups["managers"], staff), computed["mgr_vs_staff"], tol)
    close(gaps.cliffs_delta(board, groups["managers"]), computed["board_vs_mgr"], tol)
    assert gaps.romano_magnitude(float(gaps.cliffs_delta(board, staff))) == "large"
    bm = gaps.brunner_munzel(board, staff)
    close(bm.statistic, computed["bm_board_staff_W(scipy,+ means staff higher)"], tol)
    close(bm.p_value, computed["bm_board_staff_p"], tol)
    # Board n = 7 < 10: the policy uses the permutation p (RNG-dependent reference, ±0.005).
    pair = gaps.compare_pairs(board, staff)
    assert pair.test == gaps.TestKind.PERMUTATION
    close(pair.p_value, computed["mwu_perm_p_seed12345_9999"], 0.005)
    return {"kruskal_H", "kruskal_p"}


def check_bh(case: Case) -> set[str]:
    expected, tol = case["expected"], case["tolerance_abs"]
    q = gaps.benjamini_hochberg(case["input"]["p"])
    close(list(q), expected["p_adj"], tol)
    if "n_rejected_at_0.05" in expected:
        assert int((q <= 0.05).sum()) == expected["n_rejected_at_0.05"]
    return set(expected)


def check_wilcoxon(case: Case) -> set[str]:
    d, expected, tol = case["input"]["d"], case["expected"], case["tolerance_abs"]
    statistic, p = change.wilcoxon_signed_rank(d) or (np.nan, np.nan)
    close(statistic, expected["T_two_sided"], tol)
    close(p, expected["p_exact"], tol)
    greater = change.wilcoxon_signed_rank(d, alternative="greater")
    assert greater is not None
    close(list(greater), [expected["T_greater"], expected["p_greater"]], tol)
    asymptotic = change.wilcoxon_signed_rank(d, method="asymptotic")
    assert asymptotic is not None
    close(asymptotic[1], expected["p_asymptotic"], tol)
    return set(expected)


def check_paired(case: Case) -> set[str]:
    data, expected, tol = case["input"], case["expected"], case["tolerance_abs"]
    table = change.transition_table(data["pairs_round1_round2"], 5)
    assert table.tolist() == data["transition_table_rows_r1_cols_r2"]
    result = change.paired_change(table, classify.Thresholds(met_level=data["met_level"]))
    assert (result.n_up, result.n_down, result.n_same) == (
        expected["n_up"],
        expected["n_down"],
        expected["n_tied"],
    )
    close(result.net_improvement, expected["net_improvement"], tol)
    close(result.rank_sum_positive, expected["R_plus"], tol)
    close(result.rank_sum_negative, expected["R_minus"], tol)
    close(result.rank_biserial, expected["matched_pairs_rank_biserial"], tol)
    close(result.sign_test_p, expected["sign_test_p"], tol)
    assert [list(row) for row in result.met_table] == expected["mcnemar_met_table"]
    close(result.mcnemar_p, expected["mcnemar_exact_p"], tol)
    computed = case["computed_here"]
    close([result.wilcoxon_statistic, result.wilcoxon_p], computed["wilcoxon_pratt_T,p"], tol)
    close(list(change.sign_test_p_values(6, 2)[None]), [expected["sign_test_p"]], tol)
    boot = change.bootstrap_paired(table, seed=2024, resamples=9999)
    assert boot is not None
    # RNG-dependent references: compare with tolerance 0.05, never exactly.
    close(list(boot["share_met_change"]), computed["boot_pct_ci_delta_share_met_seed2024"], 0.05)
    close(list(boot["mean_change"]), computed["boot_pct_ci_delta_mean_seed2024"], 0.05)
    return set(expected)


def check_mcnemar(case: Case) -> set[str]:
    result = change.mcnemar_exact(case["input"]["table"])
    assert result is not None
    close(
        list(result), [case["expected"]["statistic"], case["expected"]["p"]], case["tolerance_abs"]
    )
    return {"statistic", "p"}


def check_newcombe(case: Case) -> set[str]:
    data = case["input"]
    low, high = change.newcombe_difference_interval(data["x1"], data["n1"], data["x2"], data["n2"])
    close([low, high], case["expected"]["ci"], case["tolerance_abs"])
    return {"ci"}


def check_wilson(case: Case) -> set[str]:
    low, high = change.wilson_interval(case["input"]["x"], case["input"]["n"])
    close([low, high], case["expected"]["ci"], case["tolerance_abs"])
    return {"ci"}


def check_independent_change(case: Case) -> set[str]:
    data, expected, tol = case["input"], case["expected"], case["tolerance_abs"]
    computed = case["computed_here"]
    thresholds = classify.Thresholds(met_level=data["met_level"])
    result = change.independent_change(data["round1"], data["round2"], thresholds)
    close(result.share_met_change, expected["delta_share_met"], tol)
    close(result.delta, expected["cliffs_delta_r2_vs_r1"], tol)
    assert result.magnitude == computed["romano_label"]
    assert result.test == gaps.TestKind.BRUNNER_MUNZEL
    close(result.p_value, computed["bm_p"], tol)
    bm = gaps.brunner_munzel(data["round1"], data["round2"])
    close(bm.statistic, computed["bm_W"], tol)
    close(
        [result.share_met_change_low, result.share_met_change_high],
        computed["newcombe_ci_delta_share"],
        tol,
    )
    close(result.mean_change, computed["delta_mean"], tol)
    boot = change.bootstrap_independent(data["round1"], data["round2"], seed=99, resamples=20_000)
    assert boot is not None
    reference = computed["multinomial_boot_percentile_ci_delta_share_seed99_B20000"]
    close(list(boot["share_met_change"]), reference, 0.05)
    return set(expected)


def check_alpha(case: Case) -> set[str]:
    data = np.array(case["input"]["reliability_data"], dtype=float)
    table = reliability.value_counts_from_ratings(data, [1, 2, 3, 4])
    tol = case["tolerance_abs"]
    close(reliability.krippendorff_alpha(table, "nominal"), case["expected"]["nominal"], tol)
    close(reliability.krippendorff_alpha(table, "interval"), case["expected"]["interval"], tol)
    return {"nominal", "interval"}


def check_histogram(case: Case) -> set[str]:
    data, expected, tol = case["input"], case["expected"], case["tolerance_abs"]
    full = distribution.histogram_from_codes(data["raw_codes_0_is_dont_know"], data["K"])
    dont_know, counts = distribution.split_dont_know(full)
    assert int(dont_know) == expected["dont_know"]
    assert counts.tolist() == expected["valid_counts_levels_1_to_5"]
    assert int(distribution.totals(counts)) == expected["n_valid"]
    close(int(dont_know) / int(full.sum()), expected["share_dont_know_of_all"], tol)
    close(distribution.share_met(counts), expected["share_met_ge4_of_valid"], tol)
    assert classify.classify_one(counts) == expected["classification"]
    return set(expected)


def check_classify_label(case: Case) -> set[str]:
    counts, expected, tol = case["input"]["counts"], case["expected"], case["tolerance_abs"]
    assert classify.classify_one(counts) == expected["class"]
    assert consensus.leik_label(counts) == expected["label_leik"]
    close(consensus.ad_median(counts), expected["ad_median"], tol)
    close(consensus.leik_consensus(counts), expected["leik_consensus"], tol)
    assert bool(classify.classify(counts).low_consensus) is True
    return set(expected)


def check_monotonicity(case: Case) -> set[str]:
    expected, tol = case["expected"], case["tolerance_abs"]
    sequence = np.asarray(case["input"]["sequence_each_moves_one_answer_4_to_5"])
    result = classify.classify(sequence)
    assert [result.item_class((i,)) for i in range(len(sequence))] == expected["classes"]
    close(list(consensus.ad_median(sequence)), expected["ad_median"], tol)
    labels = [consensus.leik_label(row) for row in sequence]
    assert labels == expected["label_leik"]
    return set(expected)


def check_classify(case: Case) -> set[str]:
    counts = case["input"]["counts"]
    result = classify.classify(counts)
    assert result.item_class() == case["expected"]["class"]
    assert bool(result.split) is case["expected"]["split"]
    return {"class", "split"}


CHECKERS: dict[str, Callable[[Case], set[str]]] = {
    "all distribution-level measures": check_all_measures,
    "vde_A": check_vde,
    "vde_A layer decomposition": check_vde_layers,
    "cns": check_cns,
    "dnt = 1 - cns": check_dissention,
    "cns, leik, A, entropy vs number of levels K": check_by_levels,
    "rwg": check_rwg,
    "rwg(J)": check_rwg_j,
    "iqr": check_iqr,
    "entropy (bits)": check_entropy_bits,
    "identity D = 2*AD_Md/(K-1)": check_leik_identity,
    "tastle_wierman_strength (target 5)": check_scns,
    "cliffs_delta (+CI)": check_cliff_interval,
    "cliffs_delta": check_cliff,
    "romano_label": check_romano,
    "brunner_munzel": check_brunner_munzel,
    "mann_whitney": check_mann_whitney,
    "mann_whitney from counts": check_mann_whitney_counts,
    "kruskal": check_kruskal,
    "kruskal from counts": check_kruskal,
    "cliffs_delta, kruskal, BM, MWU-permutation": check_group_example,
    "BH adjusted p (q-values)": check_bh,
    "BH adjusted p": check_bh,
    "wilcoxon signed-rank": check_wilcoxon,
    "paired change (same named people)": check_paired,
    "mcnemar exact": check_mcnemar,
    "Newcombe hybrid score CI": check_newcombe,
    "Wilson score CI single proportion": check_wilson,
    "independent-sample change": check_independent_change,
    "krippendorff alpha": check_alpha,
    "histogram construction": check_histogram,
    "classify + leik label": check_classify_label,
    "monotonicity": check_monotonicity,
    "classify": check_classify,
}


def test_reference_file_is_present() -> None:
    if CASES:
        return
    message = f"reference cases not found at {REFERENCE}"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


def test_every_measure_in_the_reference_file_has_a_checker() -> None:
    if not CASES:
        pytest.skip(f"reference cases not found at {REFERENCE}")
    unknown = {case["measure"] for case in CASES} - set(CHECKERS)
    assert not unknown, f"measures without a checker: {sorted(unknown)}"


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_reference_case(case: Case) -> None:
    assert case["agrees"] is True
    checker = CHECKERS[case["measure"]]
    checked = checker(case)
    unchecked = set(case["expected"]) - checked
    assert not unchecked, f"expected values not checked: {sorted(unchecked)}"


def test_exact_permutation_table_count_matches_stars_and_bars() -> None:
    # Guards the enumeration the permutation p-values rely on.
    tables = gaps._compositions(7, 5)
    assert len(tables) == comb(11, 4)
    assert (tables.sum(axis=1) == 7).all()
    assert len({tuple(row) for row in tables.tolist()}) == len(tables)
