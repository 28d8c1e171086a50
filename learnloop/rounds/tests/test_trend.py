"""The trend across rounds: per module and per proof point, following mappings."""

from __future__ import annotations

import pytest

from learnloop.frameworks.actions import do_edit_proof_point
from learnloop.rounds.charts import sparkline
from learnloop.rounds.tests.conftest import (
    AFTER,
    BEFORE,
    answer,
    join,
    make_round,
    ordered_proof_points,
    rounds_url,
)

TREND = "rounds-show-trend"


def add_rounds(previous, ten_people, count, codes=AFTER, **options):
    people, groups_of = ten_people
    for number in range(count):
        previous = make_round(previous, title=f"Round {number + 3}", **options)
        participants = join(previous, people, groups_of)
        answer(previous, participants, ordered_proof_points(previous), codes)
    return previous


def trend_json(client, session):
    response = client.get(rounds_url(TREND, session, format="json"))
    assert response.status_code == 200
    return response.json()


def test_three_rounds_give_median_and_share_met_per_round(
    admin_client, first_round, second_round, ten_people
):
    third = add_rounds(second_round, ten_people, 1, codes=BEFORE)
    page = trend_json(admin_client, third)
    assert [r["id"] for r in page["rounds"]] == [first_round.pk, second_round.pk, third.pk]
    rising = page["proof_points"][0]
    assert rising["text"] == "Proof point 1.1"
    assert [c["share_met"] for c in rising["rounds"]] == [0.0, 1.0, 0.0]
    assert [c["median_label"] for c in rising["rounds"]] == [
        "between Not started and Beginning",
        "between Substantially meets and Fully meets",
        "between Not started and Beginning",
    ]
    module = page["modules"][0]
    assert module["title"] == "Module 1"
    assert [c["n"] for c in module["rounds"]] == [20, 20, 20]
    assert module["rounds"][1]["share_met"] == 0.5  # 1.1 all met, 1.2 none


def test_the_page_draws_a_line_per_row_with_its_values_in_words(
    admin_client, first_round, second_round, ten_people
):
    third = add_rounds(second_round, ten_people, 1)
    text = admin_client.get(rounds_url(TREND, third)).content.decode()
    assert text.count('<svg class="sparkline"') == 2 + 4  # two modules, four proof points
    assert "Spring review: 0%; Autumn review: 100%; Round 3: 100%" in text


def test_a_round_with_too_few_answers_shows_only_that(
    admin_client, first_round, second_round, ten_people
):
    third = make_round(second_round, title="Round 3")
    people, groups_of = ten_people
    participants = join(third, people[:2], groups_of[:2])
    answer(third, participants, ordered_proof_points(third), [c[:2] for c in AFTER])
    page = trend_json(admin_client, third)
    assert page["proof_points"][0]["rounds"][2]["suppressed"] is True
    assert "share_met" not in page["proof_points"][0]["rounds"][2]
    assert page["modules"][0]["rounds"][2]["suppressed"] is True
    assert "too few answers" in admin_client.get(rounds_url(TREND, third)).content.decode()


def test_the_trend_follows_proof_points_across_framework_versions(
    admin_client, first_round, second_round, ten_people, django_assert_max_num_queries
):
    point = ordered_proof_points(second_round)[0]
    reworded = do_edit_proof_point(point, text="Proof point 1.1, reworded", guidance="")
    third = add_rounds(second_round, ten_people, 1, framework=reworded.module.framework)
    with django_assert_max_num_queries(12):  # nine, and the mapping: saved ones, keys
        page = trend_json(admin_client, third)
    row = page["proof_points"][0]
    assert row["text"] == "Proof point 1.1, reworded"
    assert row["ids"] == [point.pk, point.pk, reworded.pk]
    assert [c["share_met"] for c in row["rounds"]] == [0.0, 1.0, 1.0]
    assert page["mappings"] == [{"earlier": second_round.pk, "later": third.pk, "reviewed": False}]


def test_a_proof_point_asked_in_only_some_rounds_keeps_its_row(
    admin_client, first_round, second_round, ten_people
):
    third = make_round(second_round, title="Round 3")
    third.modules.set(third.framework.modules.filter(key="module-1"))
    people, groups_of = ten_people
    answer(third, join(third, people, groups_of), ordered_proof_points(third), AFTER[:2])
    page = trend_json(admin_client, third)
    assert len(page["proof_points"]) == 4
    dropped = next(row for row in page["proof_points"] if row["text"] == "Proof point 2.1")
    assert dropped["rounds"][2] == {
        "round_id": third.pk,
        "round_title": "Round 3",
        "asked": False,
        "suppressed": False,
    }
    assert page["modules"][1]["rounds"][2]["asked"] is False


def test_a_single_round_has_no_trend_yet(admin_client, first_round):
    response = admin_client.get(rounds_url(TREND, first_round))
    assert response.status_code == 200
    assert "at least two rounds" in response.content.decode()


@pytest.mark.parametrize("extra_rounds", [1, 4])
def test_the_trend_reads_the_same_number_of_queries_however_many_rounds(
    admin_client, first_round, second_round, ten_people, extra_rounds, django_assert_max_num_queries
):
    latest = add_rounds(second_round, ten_people, extra_rounds)
    # Session and user, membership, session, chain (2), scales, proof points, counts.
    with django_assert_max_num_queries(9):
        response = admin_client.get(rounds_url(TREND, latest))
    assert response.status_code == 200


def test_a_sparkline_breaks_where_a_round_has_no_figure():
    svg = sparkline([0.2, None, 0.5, 0.7], title="Line", description="Values")
    assert svg.count("<polyline") == 1  # 0.5 to 0.7
    assert svg.count("<circle") == 3
    assert "<desc>Values</desc>" in svg
    assert "<title>&lt;b&gt;</title>" in sparkline([1.0], title="<b>", description="")
