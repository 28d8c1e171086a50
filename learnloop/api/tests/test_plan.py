"""The improvement plan endpoint: the organization's actions, filtered, read-only; outsiders
get 404 and no token 401."""

import pytest

from conftest import make_framework
from learnloop.api.tests.conftest import API, api_get, token_for
from learnloop.learning_sessions.models import LearningSession
from learnloop.organizations.models import Person
from learnloop.plan.models import ActionStatus, ProgressNote
from learnloop.plan.tests.conftest import (
    days_from_today,
    make_action,
    make_other_session,
    make_problem,
    ordered_proof_points,
)

URL = f"{API}/organizations/riverside/actions"


@pytest.fixture
def other_session(learning_session):
    return make_other_session(learning_session)


@pytest.fixture
def proof_points(learning_session):
    return ordered_proof_points(learning_session)


@pytest.fixture
def plan(learning_session, other_session, people, proof_points, other_organization):
    problem = make_problem(learning_session)
    late = make_action(
        learning_session,
        "Late briefing",
        owner=people[0],
        due_on=days_from_today(-2),
        problem=problem,
        proof_points=[proof_points[2]],
    )
    ProgressNote.objects.create(action=late, text="Started")
    make_action(
        learning_session,
        "Done budget",
        owner=people[1],
        due_on=days_from_today(5),
        status=ActionStatus.DONE,
        proof_points=[proof_points[0]],
    )
    make_action(other_session, "Undated retreat", owner=people[0])
    framework = make_framework(other_organization, key="theirs")
    theirs = LearningSession.objects.create(
        organization=other_organization,
        title="Theirs",
        framework=framework,
        scale=framework.default_scale,
    )
    stranger = Person.objects.create(organization=other_organization, name="Stranger")
    make_action(theirs, "Their action", owner=stranger)
    return {"late": late, "problem": problem, "theirs": theirs, "stranger": stranger}


def titles(response) -> list[str]:
    return [item["title"] for item in response.json()["items"]]


def test_outsiders_token_gets_404(plan, outsider):
    response = api_get(URL, token_for(outsider))
    assert response.status_code == 404
    assert response.json() == {"detail": "Not Found"}


def test_no_token_gets_401(plan):
    assert api_get(URL).status_code == 401


def test_a_viewer_lists_every_action_of_the_organization(plan, viewer, learning_session):
    response = api_get(URL, token_for(viewer))
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 3
    assert titles(response) == ["Late briefing", "Done budget", "Undated retreat"]
    late = body["items"][0]
    assert late == {
        "id": plan["late"].pk,
        "title": "Late briefing",
        "description": "",
        "status": "planned",
        "due_on": str(plan["late"].due_on),
        "overdue": True,
        "owner": {"id": plan["late"].owner_id, "name": "Person 1"},
        "session": {"id": learning_session.pk, "title": "Spring review"},
        "problem": {"id": plan["problem"].pk, "title": "Staff hear about risks last"},
        "proof_points": [
            {
                "id": late["proof_points"][0]["id"],
                "key": "pp-1",
                "text": "Proof point 2.1",
                "module": {"key": "module-2", "title": "Module 2"},
            }
        ],
        "progress_note_count": 1,
        "created_at": late["created_at"],
        "updated_at": late["updated_at"],
    }
    assert "email" not in str(body)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"status": "open"}, ["Late briefing", "Undated retreat"]),
        ({"status": "overdue"}, ["Late briefing"]),
        ({"status": "done"}, ["Done budget"]),
        ({"owner": "first"}, ["Late briefing", "Undated retreat"]),
        ({"session": "other"}, ["Undated retreat"]),
        ({"owner": "first", "status": "open", "session": "spring"}, ["Late briefing"]),
    ],
)
def test_filters(plan, viewer, people, learning_session, other_session, params, expected):
    values = {
        "first": people[0].pk,
        "other": other_session.pk,
        "spring": learning_session.pk,
    }
    query = {name: values.get(value, value) for name, value in params.items()}
    response = api_get(URL, token_for(viewer), **query)
    assert titles(response) == expected


def test_module_filter(plan, viewer, framework):
    second = framework.modules.get(position=1)
    assert titles(api_get(URL, token_for(viewer), module=second.pk)) == ["Late briefing"]


def test_ids_of_another_organization_find_nothing(plan, viewer):
    token = token_for(viewer)
    assert titles(api_get(URL, token, owner=plan["stranger"].pk)) == []
    assert titles(api_get(URL, token, session=plan["theirs"].pk)) == []


def test_an_unknown_status_is_422(plan, viewer):
    assert api_get(URL, token_for(viewer), status="finished").status_code == 422


def test_query_count_does_not_grow_with_actions(
    learning_session, people, proof_points, viewer, django_assert_max_num_queries
):
    for i in range(20):
        make_action(
            learning_session, f"Action {i}", owner=people[i % 6], proof_points=proof_points[:2]
        )
    token = token_for(viewer)
    # token, user, membership, count, page, proof points (and the token's last-used stamp)
    with django_assert_max_num_queries(8):
        response = api_get(URL, token)
    assert response.json()["count"] == 20
