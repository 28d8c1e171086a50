"""Every address of reassessment, walked by people who may not use it, and a round chain that
never crosses organizations, whatever ids are tampered with."""

from __future__ import annotations

import pytest

from conftest import add_participant, client_for, make_framework
from learnloop.learning_sessions.models import LearningSession
from learnloop.organizations.models import Group, Person
from learnloop.rounds.tests.conftest import answer, make_round, ordered_proof_points, rounds_url

PAGES = [
    "rounds-show-comparison",
    "rounds-download-comparison",
    "rounds-show-trend",
    "rounds-edit-mapping",
    "rounds-create-round",
]
# The least role each page needs: viewers read figures, facilitators the mapping too.
READERS = {
    "rounds-show-comparison": "viewer",
    "rounds-download-comparison": "viewer",
    "rounds-show-trend": "viewer",
    "rounds-edit-mapping": "facilitator",
    "rounds-create-round": "admin",
}
RANK = ["viewer", "facilitator", "admin", "owner"]


@pytest.mark.parametrize("name", PAGES)
def test_outsider_gets_404_everywhere(name, outsider, first_round, second_round):
    client = client_for(outsider)
    assert client.get(rounds_url(name, second_round)).status_code == 404
    assert client.post(rounds_url(name, second_round), {}).status_code in (404, 405)


@pytest.mark.parametrize("name", PAGES)
def test_anonymous_visitors_are_sent_to_sign_in(name, client, first_round, second_round):
    response = client.get(rounds_url(name, second_round))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("role", RANK)
@pytest.mark.parametrize("name", PAGES)
def test_each_role_reaches_what_it_may(name, role, request, first_round, second_round):
    user = request.getfixturevalue(role)
    status = client_for(user).get(rounds_url(name, second_round)).status_code
    allowed = RANK.index(role) >= RANK.index(READERS[name])
    assert status == (200 if allowed else 404)


@pytest.fixture
def foreign_round(other_organization):
    """A closed round of another organization, answered by its own people all at "fully meets"."""
    framework = make_framework(other_organization)
    session = make_round(None, organization=other_organization, framework=framework)
    group = Group.objects.create(organization=other_organization, name="Foreign board")
    people = [
        Person.objects.create(organization=other_organization, name=f"Foreigner {i}")
        for i in range(10)
    ]
    participants = [add_participant(session, person, group)[0] for person in people]
    answer(session, participants, ordered_proof_points(session), [[5] * 10] * 4)
    return session


@pytest.mark.parametrize("name", ["rounds-show-comparison", "rounds-download-comparison"])
def test_a_round_of_another_organization_cannot_be_compared_by_id(
    name, admin_client, first_round, second_round, foreign_round
):
    url = rounds_url(name, second_round, against=foreign_round.pk)
    assert admin_client.get(url).status_code == 404


def test_a_session_of_another_organization_is_not_found_under_our_address(
    admin_client, organization, foreign_round
):
    from django.urls import reverse

    for name in PAGES:
        url = reverse(name, kwargs={"slug": organization.slug, "session_id": foreign_round.pk})
        assert admin_client.get(url).status_code == 404


def test_a_mapping_cannot_be_asked_against_another_organizations_round(
    admin_client, second_round, foreign_round
):
    url = rounds_url("rounds-edit-mapping", second_round, against=foreign_round.pk)
    assert admin_client.get(url).status_code == 404
    assert admin_client.post(url, {}).status_code == 404


def test_a_session_outside_the_chain_cannot_be_compared(
    admin_client, organization, framework, first_round, second_round
):
    unrelated = make_round(None, organization=organization, framework=framework, title="Other")
    url = rounds_url("rounds-show-comparison", second_round, against=unrelated.pk)
    assert admin_client.get(url).status_code == 404
    # A later round is not an earlier one either.
    url = rounds_url("rounds-show-comparison", first_round, against=second_round.pk)
    assert admin_client.get(url).status_code == 404
    assert (
        admin_client.get(
            rounds_url("rounds-show-comparison", second_round, against="x")
        ).status_code
        == 404
    )


def test_a_previous_round_of_another_organization_is_never_read(
    admin_client, first_round, second_round, foreign_round
):
    """Even a link that should never exist (set in the database) mixes nothing in: the chain
    stops at the organization's edge, so the foreign answers never reach a page."""
    LearningSession.objects.filter(pk=first_round.pk).update(previous_round=foreign_round)
    page = admin_client.get(rounds_url("rounds-show-comparison", first_round, format="json")).json()
    assert page["earlier"] is None
    assert page["choices"] == []
    trend = admin_client.get(rounds_url("rounds-show-trend", second_round, format="json")).json()
    assert [r["id"] for r in trend["rounds"]] == [first_round.pk, second_round.pk]
    compared = admin_client.get(
        rounds_url("rounds-show-comparison", second_round, format="json")
    ).json()
    assert compared["earlier"]["id"] == first_round.pk
    assert compared["people"]["before"] == 10
    before = compared["proof_points"]
    assert sum(sum(row["before"]["counts"]) for row in before) == 40
    # The foreign round rated everything "fully meets"; ours never did on proof point 1.1.
    assert all(
        row["before"]["counts"][4] == 0 for row in before if row["text"] == "Proof point 1.1"
    )
    body = admin_client.get(rounds_url("rounds-show-trend", second_round)).content.decode()
    assert "Foreign" not in body
