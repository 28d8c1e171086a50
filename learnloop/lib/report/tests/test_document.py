"""The report document: fields, numbers equal to the engine, privacy rules, roll-ups, starters."""

import json

import numpy as np
import pytest

from learnloop.analytics import summarize
from learnloop.lib.report import ProofPointInfo, ReportInput, build_report
from learnloop.lib.report.document import visible_respondents
from learnloop.lib.report.tests.conftest import LEVELS, make_input

POINT = ProofPointInfo(
    "gov.plan.written", "Governance", "Planning", "We have a plan", "gov", "plan"
)


def single_point_input(counts: list[int], dont_know: int = 0) -> ReportInput:
    table = np.array([[[dont_know, *counts]]], dtype=np.int64)
    return ReportInput(
        title="R13",
        levels=LEVELS,
        non_ordinal={0: "Don't know"},
        proof_points=[POINT],
        groups=["Everyone"],
        counts=table,
        anonymity="confidential",
    )


def test_spec_r13_figures_equal_the_engine_and_the_spec():
    doc = build_report(single_point_input([1, 2, 5, 12, 10], dont_know=2))
    point = doc["proof_points"][0]
    engine = summarize(np.array([[[2, 1, 2, 5, 12, 10]]]), 5).overall[0]
    assert point["counts"] == [1, 2, 5, 12, 10]
    assert point["n"] == engine.n == 30
    assert point["dont_know"] == 2
    assert point["median"] == engine.median == 4
    assert point["median_label"] == "Substantially meets"
    assert point["interpolated_median"] == pytest.approx(engine.interpolated_median)
    assert point["interpolated_median"] == pytest.approx(4.083, abs=1e-3)
    assert point["leik"] == pytest.approx(engine.leik_consensus)
    assert point["leik"] == pytest.approx(0.6333, abs=1e-4)
    assert point["leik_label"] == "moderate"
    assert point["cns"] == pytest.approx(0.6502, abs=1e-4)
    assert point["r_wg"] == pytest.approx(0.4506, abs=1e-4)
    assert point["share_met"] == pytest.approx(22 / 30)
    assert point["status"] == "needs_attention"
    assert point["flags"] == []


GERMAN = {
    "between %(lower)s and %(upper)s": "zwischen %(lower)s und %(upper)s",
    "Typical answer %(median)s; %(share)s at the low end": "Typisch %(median)s; %(share)s unten",
    "%(consensus)s consensus (Leik %(leik)s)": "%(consensus)s Konsens (Leik %(leik)s)",
    "Low": "Niedrig",
    "Respondent %(number)s": "Person %(number)s",
}


def test_the_reports_own_sentences_are_translated_with_the_inputs_translate():
    data = single_point_input([0, 5, 0, 5, 0])
    data.translate = lambda message: GERMAN.get(message, message)
    doc = build_report(data)
    assert doc["proof_points"][0]["median_label"] == "zwischen Beginning und Substantially meets"
    reasons = [item["reason"] for items in doc["conversation_starters"].values() for item in items]
    assert "Typisch zwischen Beginning und Substantially meets; 50% unten" in reasons
    assert "Niedrig Konsens (Leik 0.50)" in reasons


def test_without_translate_the_report_speaks_english():
    doc = build_report(single_point_input([0, 5, 0, 5, 0]))
    reasons = [item["reason"] for items in doc["conversation_starters"].values() for item in items]
    assert "Low consensus (Leik 0.50)" in reasons


def test_document_carries_every_documented_field():
    doc = build_report(single_point_input([1, 2, 5, 12, 10]))
    for name in (
        "schema_version",
        "title",
        "generated_at",
        "scale",
        "anonymity",
        "min_group_size",
        "thresholds",
        "privacy",
        "groups",
        "modules",
        "proof_points",
        "group_gaps",
        "conversation_starters",
        "krippendorff_alpha",
    ):
        assert name in doc
    for name in (
        "key",
        "module",
        "principle",
        "proof_point",
        "text",
        "counts",
        "n",
        "dont_know",
        "median",
        "median_label",
        "interpolated_median",
        "share_met",
        "share_low",
        "leik",
        "leik_label",
        "cns",
        "cns_label",
        "r_wg",
        "status",
        "flags",
        "by_group",
    ):
        assert name in doc["proof_points"][0]
    assert doc["schema_version"] == 1
    json.dumps(doc, allow_nan=False)


def test_exact_split_median_reads_between_two_levels():
    doc = build_report(single_point_input([0, 5, 0, 5, 0]))
    assert doc["proof_points"][0]["median_label"] == "between Beginning and Substantially meets"


def test_too_few_answers_are_suppressed_with_null_numbers():
    doc = build_report(single_point_input([0, 0, 0, 1, 1]))
    point = doc["proof_points"][0]
    assert point["suppressed"] is True
    assert point["counts"] is None
    assert point["n"] is None
    assert point["leik"] is None
    assert doc["privacy"]["suppressed_cells"] >= 1


BOARD_STAFF = {
    **{f"board{i}": "Board" for i in range(7)},
    **{f"staff{i}": "Staff" for i in range(40)},
}


def spec_b12_ratings() -> dict[str, dict[str, int]]:
    """SPEC B12: board [0,0,1,3,3] and staff [4,8,12,10,6] on one proof point."""
    board = [3] + [4] * 3 + [5] * 3
    staff = [1] * 4 + [2] * 8 + [3] * 12 + [4] * 10 + [5] * 6
    ratings = {f"board{i}": {"gov.plan.a": code} for i, code in enumerate(board)}
    ratings.update({f"staff{i}": {"gov.plan.a": code} for i, code in enumerate(staff)})
    return ratings


def test_group_gap_is_positive_when_group_a_rates_higher_and_equals_the_engine():
    data = make_input(spec_b12_ratings(), BOARD_STAFF)
    doc = build_report(data)
    (gap,) = doc["group_gaps"]
    assert (gap["group_a"], gap["group_b"]) == ("Board", "Staff")
    assert gap["cliffs_delta"] == pytest.approx(0.5429, abs=1e-4)
    assert gap["magnitude"] == "large"
    engine = summarize(data.counts, 5, seed=0).gaps[0][0]
    assert gap["test"] == "permutation"
    assert gap["p_value"] is not None
    assert gap["q_value"] is not None
    assert gap["cliffs_delta"] == pytest.approx(engine.delta)
    assert {g["name"]: g["n_respondents"] for g in doc["groups"]} == {"Board": 7, "Staff": 40}


def test_small_group_is_never_named_but_counts_for_everyone():
    groups = {"a1": "Staff", "a2": "Staff", "a3": "Staff", "t1": "Trustees", "t2": "Trustees"}
    ratings = {person: {"gov.plan.a": 4} for person in groups}
    doc = build_report(make_input(ratings, groups))
    assert "Trustees" not in json.dumps(doc)
    assert doc["proof_points"][0]["n"] == 5
    assert doc["privacy"]["groups_hidden"] == 1
    assert [g["name"] for g in doc["groups"]] == ["Staff"]


def test_respondent_groups_are_dropped_when_the_hidden_ones_could_be_picked_out():
    groups = {"a1": "Staff", "a2": "Staff", "a3": "Staff", "t1": "Trustees", "t2": "Trustees"}
    data = make_input({person: {"gov.plan.a": 4} for person in groups}, groups)
    assert {view.group for view in visible_respondents(data)} == {""}


def test_respondent_groups_stay_when_the_unnamed_are_numerous_enough():
    groups = {f"s{i}": "Staff" for i in range(3)}
    groups.update({"t1": "Trustees", "t2": "Trustees", "n1": None, "n2": None})
    data = make_input({person: {"gov.plan.a": 4} for person in groups}, groups)
    views = [view.group for view in visible_respondents(data)]
    assert views == ["Staff"] * 3 + [""] * 4


@pytest.mark.parametrize("anonymity", ["confidential", "anonymous"])
def test_names_are_replaced_by_pseudonyms_unless_named(anonymity):
    data = make_input({"Alice Zebra": {"gov.plan.a": 4}}, anonymity=anonymity)
    assert [v.label for v in visible_respondents(data)] == ["Respondent 1"]
    named = make_input({"Alice Zebra": {"gov.plan.a": 4}}, anonymity="named")
    assert [v.label for v in visible_respondents(named)] == ["Alice Zebra"]


def test_module_rollup_counts_statuses_and_takes_the_median_of_medians():
    ratings = {f"p{i}": {"gov.plan.a": 5, "gov.plan.b": 1, "gov.other.c": 3} for i in range(4)}
    doc = build_report(make_input(ratings))
    (module,) = doc["modules"]
    assert module["proof_points"] == 3
    assert (module["met"], module["requires_improvement"], module["needs_attention"]) == (1, 1, 1)
    assert module["median_interpolated_median"] == pytest.approx(3.0)
    assert [p["key"] for p in module["principles"]] == ["plan", "other"]


def test_conversation_starters_quote_the_lowest_ratings_first():
    ratings = {f"p{i}": {"gov.plan.a": code} for i, code in enumerate([1, 1, 2, 5, 2])}
    comments = {("p0", "gov.plan.a"): "Never happens", ("p3", "gov.plan.a"): "Works well"}
    doc = build_report(make_input(ratings, comments=comments))
    (item,) = doc["conversation_starters"]["lowest_rated"]
    assert item["key"] == "gov.plan.a"
    assert [c["text"] for c in item["comments"]] == ["Never happens", "Works well"]
    assert item["comments"][0]["respondent"] == "Respondent 1"


def test_conversation_starters_have_no_comments_without_answers():
    doc = build_report(single_point_input([4, 3, 2, 1, 0]))
    (item,) = doc["conversation_starters"]["lowest_rated"]
    assert item["comments"] == []


def test_answers_given_as_a_generator_are_read_once_and_kept():
    data = make_input(
        {f"p{i}": {"gov.plan.a": 1} for i in range(3)},
        comments={("p0", "gov.plan.a"): "Only comment"},
    )
    rows = list(data.answers)
    data.answers = iter(rows)
    doc = build_report(data)
    assert doc["conversation_starters"]["lowest_rated"][0]["comments"][0]["text"] == "Only comment"
    assert list(data.answers) == rows


def test_counts_of_the_wrong_shape_are_refused():
    with pytest.raises(ValueError, match="shape"):
        ReportInput("x", LEVELS, {}, [POINT], [], np.zeros((1, 1, 6)), "confidential")
