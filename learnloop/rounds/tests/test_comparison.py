"""The round comparison page, its JSON and its CSV."""

from __future__ import annotations

import csv
import io

import pytest

from conftest import add_participant
from learnloop.learning_sessions.models import Anonymity, LearningSession
from learnloop.organizations.models import Person
from learnloop.plan.models import Action, ActionStatus
from learnloop.rounds.templatetags.rounds import pvalue
from learnloop.rounds.tests.conftest import (
    AFTER,
    BEFORE,
    answer,
    join,
    make_round,
    ordered_proof_points,
    rounds_url,
)

COMPARE = "rounds-show-comparison"


def compare_json(client, session, **query):
    response = client.get(rounds_url(COMPARE, session, format="json", **query))
    assert response.status_code == 200
    return response.json()


def test_same_people_in_confidential_rounds_are_compared_person_by_person(
    admin_client, first_round, second_round
):
    page = compare_json(admin_client, second_round)
    assert page["earlier"]["id"] == first_round.pk
    assert page["design"] == "paired"
    assert page["people"] == {"before": 10, "after": 10, "both": 10, "new": 0, "dropped": 0}
    by_text = {row["text"]: row for row in page["proof_points"]}
    rising = by_text["Proof point 1.1"]["change"]
    assert rising["test"] == "sign_test"
    assert rising["pairs"]["up"] == 10
    assert rising["p_value"] == pytest.approx(2 / 1024)
    assert rising["verdict"] == "improved"
    assert rising["share_met_change"] == pytest.approx(1.0)
    assert by_text["Proof point 1.2"]["change"]["verdict"] == "declined"
    assert by_text["Proof point 2.1"]["change"]["verdict"] == "not_significant"
    assert by_text["Proof point 2.1"]["change"]["p_value"] == 1.0


def test_improvements_are_listed_first_then_declines_then_the_rest(
    admin_client, first_round, second_round
):
    page = compare_json(admin_client, second_round)
    texts = [row["text"] for row in page["proof_points"]]
    assert texts == ["Proof point 1.1", "Proof point 1.2", "Proof point 2.1", "Proof point 2.2"]
    verdicts = [row["change"]["verdict"] for row in page["proof_points"]]
    assert verdicts[:2] == ["improved", "declined"]
    assert page["summary"]["improved"] == 1
    assert page["summary"]["declined"] == 1


def test_each_round_shows_its_distribution_median_share_met_and_consensus(
    admin_client, first_round, second_round
):
    row = compare_json(admin_client, second_round)["proof_points"][0]
    assert row["before"]["counts"] == [5, 5, 0, 0, 0]
    assert row["after"]["counts"] == [0, 0, 0, 5, 5]
    assert row["before"]["median_label"] == "between Not started and Beginning"
    assert row["after"]["share_met"] == 1.0
    assert row["before"]["consensus"] == "high"
    assert row["after"]["status"] == "met"


def test_the_page_shows_the_bars_the_test_and_the_verdicts(admin_client, first_round, second_round):
    response = admin_client.get(rounds_url(COMPARE, second_round))
    text = response.content.decode()
    assert response.status_code == 200
    assert text.count('<svg class="distribution"') == 8
    assert "Sign test (paired)" in text
    assert "Significant improvement" in text
    assert "Significant decline" in text
    assert "10 people rated it in both rounds: 10 higher, 0 lower, 0 the same." in text


def test_anonymous_rounds_are_never_paired(admin_client, first_round, second_round):
    second_round.anonymity = Anonymity.ANONYMOUS
    second_round.save(update_fields=["anonymity"])
    page = compare_json(admin_client, second_round)
    assert page["design"] == "independent"
    assert page["people"] is None
    change = page["proof_points"][0]["change"]
    assert change["test"] in ("brunner_munzel", "permutation")
    assert change["effect_name"] == "cliffs_delta"
    assert change["pairs"] is None
    assert change["share_met_interval"]["method"] == "newcombe"


def test_mostly_new_people_are_compared_as_independent_rounds(
    admin_client, organization, first_round, groups
):
    later = make_round(first_round)
    people = [Person.objects.create(organization=organization, name=f"New {i}") for i in range(10)]
    participants = join(later, people, [groups["Staff"]] * 10)
    answer(later, participants, ordered_proof_points(later), AFTER)
    page = compare_json(admin_client, later)
    assert page["design"] == "independent"
    assert page["people"]["new"] == 10
    assert page["people"]["dropped"] == 10
    assert "fewer than half" in page["design_text"]


def test_a_proof_point_with_too_few_answers_in_a_round_shows_only_that(
    admin_client, first_round, ten_people
):
    later = make_round(first_round)
    people, groups_of = ten_people
    participants = join(later, people[:2], groups_of[:2])  # two people: below the minimum of 3
    answer(later, participants, ordered_proof_points(later), [c[:2] for c in AFTER])
    page = compare_json(admin_client, later)
    for row in page["proof_points"]:
        assert row["after"] == {"suppressed": True}
        assert row["change"]["verdict"] == "not_compared"
        assert row["change"]["p_value"] is None
        assert row["change"]["pairs"] is None
    text = admin_client.get(rounds_url(COMPARE, later)).content.decode()
    assert "too few answers (fewer than 3)" in text


def test_nothing_in_the_json_names_a_person(admin_client, first_round, second_round, ten_people):
    body = admin_client.get(rounds_url(COMPARE, second_round, format="json")).content.decode()
    for person in ten_people[0]:
        assert person.name not in body
    assert "Board" not in body
    assert "Staff" not in body


def test_actions_of_the_plan_are_listed_with_their_status(admin_client, first_round, second_round):
    points = ordered_proof_points(first_round)
    action = Action.objects.create(
        organization=first_round.organization,
        session=first_round,
        title="Train every new member",
        status=ActionStatus.DONE,
    )
    action.proof_points.set([points[0]])
    later_action = Action.objects.create(
        organization=second_round.organization, session=second_round, title="Decided afterwards"
    )
    later_action.proof_points.set([points[0]])
    row = compare_json(admin_client, second_round)["proof_points"][0]
    assert [a["title"] for a in row["actions"]] == ["Train every new member"]
    assert row["actions"][0]["status"] == "done"
    assert (
        "Train every new member"
        in admin_client.get(rounds_url(COMPARE, second_round)).content.decode()
    )


def test_an_earlier_round_of_the_chain_can_be_chosen(
    admin_client, first_round, second_round, ten_people
):
    third = make_round(second_round, title="Winter review")
    people, groups_of = ten_people
    participants = join(third, people, groups_of)
    answer(third, participants, ordered_proof_points(third), AFTER)
    default = compare_json(admin_client, third)
    assert default["earlier"]["id"] == second_round.pk
    assert [c["id"] for c in default["choices"]] == [second_round.pk, first_round.pk]
    chosen = compare_json(admin_client, third, against=first_round.pk)
    assert chosen["earlier"]["id"] == first_round.pk
    assert chosen["proof_points"][0]["change"]["verdict"] == "improved"


def test_a_session_without_an_earlier_round_says_so(admin_client, first_round):
    response = admin_client.get(rounds_url(COMPARE, first_round))
    assert response.status_code == 200
    assert "does not repeat an earlier one" in response.content.decode()
    assert compare_json(admin_client, first_round)["earlier"] is None


def test_rounds_on_scales_of_different_lengths_are_not_compared(
    admin_client, organization, first_round, second_round
):
    from learnloop.frameworks.models import RatingScale, ScaleChoice

    scale = RatingScale.objects.create(organization=organization, name="Three levels")
    for code, label in enumerate(["Low", "Middle", "High"], start=1):
        ScaleChoice.objects.create(scale=scale, code=code, label=label)
    second_round.scale = scale
    second_round.save(update_fields=["scale"])
    page = compare_json(admin_client, second_round)
    assert "different numbers of levels" in page["problem"]
    assert page["proof_points"] == []


def test_the_csv_has_one_row_per_proof_point_with_the_test_and_its_p_value(
    admin_client, first_round, second_round
):
    response = admin_client.get(rounds_url("rounds-download-comparison", second_round))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 4
    assert rows[0]["proof_point"] == "Proof point 1.1"
    assert rows[0]["test"] == "sign_test"
    assert float(rows[0]["p_value"]) == pytest.approx(2 / 1024, abs=1e-6)
    assert rows[0]["verdict"] == "improved"
    assert rows[0]["pairs_up"] == "10"


def test_csv_text_cannot_run_as_a_formula(admin_client, first_round, second_round):
    point = ordered_proof_points(second_round)[0]
    point.text = "=HYPERLINK(1)"
    point.save(update_fields=["text"])
    body = admin_client.get(rounds_url("rounds-download-comparison", second_round)).content
    assert "'=HYPERLINK(1)" in body.decode()


def test_the_comparison_reads_a_fixed_number_of_queries(
    admin_client, first_round, second_round, ten_people, django_assert_max_num_queries
):
    points = ordered_proof_points(first_round)
    for i in range(5):
        action = Action.objects.create(
            organization=first_round.organization, session=first_round, title=f"Action {i}"
        )
        action.proof_points.set(points)
    # Session and user, membership, session, chain (2), scales, proof points, counts, people,
    # the paired join, actions: twelve, however many proof points, answers or actions.
    with django_assert_max_num_queries(12):
        response = admin_client.get(rounds_url(COMPARE, second_round))
    assert response.status_code == 200
    with django_assert_max_num_queries(12):
        assert admin_client.get(rounds_url(COMPARE, second_round, format="json")).status_code == 200


def test_new_people_and_people_who_left_are_counted(
    admin_client, organization, first_round, ten_people, groups
):
    later = make_round(first_round)
    people, groups_of = ten_people
    newcomer = Person.objects.create(organization=organization, name="Newcomer")
    participants = join(later, [*people[:8], newcomer], [*groups_of[:8], groups["Staff"]])
    answer(later, participants, ordered_proof_points(later), [[*c[:8], 3] for c in AFTER])
    page = compare_json(admin_client, later)
    assert page["design"] == "paired"
    assert page["people"] == {"before": 10, "after": 9, "both": 8, "new": 1, "dropped": 2}
    pairs = page["proof_points"][0]["change"]["pairs"]
    assert pairs["n"] == 8


def test_a_participant_without_answers_is_not_counted_as_a_respondent(
    admin_client, organization, first_round, second_round, groups
):
    silent = Person.objects.create(organization=organization, name="Silent")
    add_participant(second_round, silent, groups["Board"])
    assert compare_json(admin_client, second_round)["people"]["after"] == 10


def test_before_and_after_data_match_the_fixture(admin_client, first_round, second_round):
    """The fixture's story, as the JSON reads it (a guard for the tests above)."""
    rows = {row["text"]: row for row in compare_json(admin_client, second_round)["proof_points"]}
    for p, text in enumerate(["Proof point 1.1", "Proof point 1.2", "Proof point 2.1"]):
        assert sum(rows[text]["before"]["counts"]) == len(BEFORE[p])


@pytest.mark.parametrize(
    ("value", "written"),
    [
        (0.0123, "= 0.012"),
        (0.05, "= 0.050"),
        (0.001, "= 0.001"),
        (0.0004, "< 0.001"),
        (None, "= —"),
    ],
)
def test_p_values_are_written_with_their_own_comparison(value, written):
    assert pvalue(value) == written


def test_the_page_never_writes_p_equals_less_than(admin_client, first_round, second_round):
    text = admin_client.get(rounds_url(COMPARE, second_round)).content.decode()
    assert "p = 0.002, q = " in text  # ten people up, none down: the sign test's p is 0.00195
    assert "= &lt;" not in text
    assert "= <" not in text


def test_the_earlier_round_leads_to_the_comparison_on_its_next_round(
    admin_client, first_round, second_round, other_organization
):
    """The comparison lives on the later round; the earlier round's comparison page links
    there (and never to a round of another organization that claims to repeat it)."""
    foreign = make_round(None, organization=other_organization, framework=first_round.framework)
    LearningSession.objects.filter(pk=foreign.pk).update(previous_round=first_round)
    text = admin_client.get(rounds_url(COMPARE, first_round)).content.decode()
    assert "the comparison is on the next round" in text
    assert f'href="{rounds_url(COMPARE, second_round)}"' in text
    assert rounds_url(COMPARE, foreign) not in text


def test_comparison_and_trend_link_the_improvement_plan(admin_client, second_round):
    plan = rounds_url("plan-show-plan", second_round)
    for name in (COMPARE, "rounds-show-trend"):
        assert f'href="{plan}"' in admin_client.get(rounds_url(name, second_round)).content.decode()
