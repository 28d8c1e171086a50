"""Every endpoint: outsiders get 404, no token 401, and each role sees what its pages show."""

import pytest
from django.utils import timezone

from conftest import make_framework
from learnloop.api.tests.conftest import API, api_get, session_url, token_for
from learnloop.learning_sessions.models import (
    Anonymity,
    LearningSession,
    Participant,
    ParticipantLink,
    State,
)
from learnloop.organizations.models import Person

ORG = f"{API}/organizations/riverside"


def endpoints(session) -> list[str]:
    return [
        f"{ORG}/frameworks",
        f"{ORG}/frameworks/test-framework/versions/1",
        f"{ORG}/sessions",
        session_url(session),
        session_url(session, "/progress"),
        session_url(session, "/report"),
        session_url(session, "/report/summary"),
        session_url(session, "/report/conversation-starters"),
        session_url(session, "/report/groups"),
        session_url(session, f"/report/proof-points/{first_proof_point(session)}"),
        session_url(session, "/report/respondents/1"),
        f"{ORG}/actions",
    ]


def first_proof_point(session) -> int:
    return session.framework.modules.order_by("position").first().proof_points.first().pk


def test_every_endpoint_is_404_for_an_outsiders_token(learning_session, outsider):
    token = token_for(outsider)
    for url in endpoints(learning_session):
        response = api_get(url, token)
        assert response.status_code == 404, url
        assert response.json() == {"detail": "Not Found"}, url


def test_every_endpoint_is_401_without_a_token(learning_session):
    for url in [f"{API}/organizations", *endpoints(learning_session)]:
        assert api_get(url).status_code == 401, url


def test_an_unknown_organization_is_404_like_a_foreign_one(admin, organization):
    assert api_get(f"{API}/organizations/nowhere/sessions", token_for(admin)).status_code == 404


def test_organizations_lists_only_the_users_own_with_their_role(
    viewer, organization, other_organization, outsider
):
    body = api_get(f"{API}/organizations", token_for(viewer)).json()
    assert body == {
        "items": [{"slug": "riverside", "name": "Riverside Trust", "role": "viewer"}],
        "count": 1,
    }


def test_frameworks_lists_each_framework_with_its_latest_version(viewer, framework):
    body = api_get(f"{ORG}/frameworks", token_for(viewer)).json()
    assert body["count"] == 1
    assert body["items"] == [
        {
            "key": "test-framework",
            "title": "Test framework",
            "latest_version": 1,
            "version_count": 1,
            "session_count": 0,
            "module_count": 2,
            "proof_point_count": 4,
        }
    ]


def test_a_framework_version_has_modules_principles_proof_points_and_scale(viewer, framework):
    body = api_get(f"{ORG}/frameworks/test-framework/versions/1", token_for(viewer)).json()
    assert (body["key"], body["version"], body["previous_version"]) == ("test-framework", 1, None)
    assert [m["key"] for m in body["modules"]] == ["module-1", "module-2"]
    first = body["modules"][0]
    assert [p["title"] for p in first["principles"]] == ["Principle 1.1", "Principle 1.2"]
    assert first["principles"][1]["proof_points"] == [
        {"key": "pp-1", "text": "Proof point 1.2", "guidance": ""}
    ]
    assert [c["code"] for c in body["scale"]["levels"]] == [1, 2, 3, 4, 5]
    assert body["scale"]["levels"][-1]["label"] == "Fully meets"
    assert body["scale"]["non_ordinal"] == [{"code": 0, "label": "Don't know", "description": ""}]


def test_a_missing_framework_version_is_404(viewer, framework):
    token = token_for(viewer)
    assert api_get(f"{ORG}/frameworks/test-framework/versions/2", token).status_code == 404
    assert api_get(f"{ORG}/frameworks/nothing/versions/1", token).status_code == 404


def test_another_organizations_framework_is_404_under_our_slug(admin, other_organization):
    make_framework(other_organization, key="theirs")
    url = f"{ORG}/frameworks/theirs/versions/1"
    assert api_get(url, token_for(admin)).status_code == 404


def test_sessions_lists_the_organizations_sessions_for_a_viewer(viewer, learning_session):
    body = api_get(f"{ORG}/sessions", token_for(viewer)).json()
    assert body["count"] == 1
    [row] = body["items"]
    assert row["id"] == learning_session.pk
    assert row["title"] == "Spring review"
    assert (row["state"], row["anonymity"]) == ("open", "confidential")
    assert row["framework"] == {"key": "test-framework", "version": 1, "title": "Test framework"}


def test_sessions_are_paginated(admin, learning_session, framework, organization):
    for i in range(3):
        LearningSession.objects.create(
            organization=organization,
            title=f"Round {i}",
            framework=framework,
            scale=framework.default_scale,
        )
    token = token_for(admin)
    first = api_get(f"{ORG}/sessions", token, page_size=2).json()
    second = api_get(f"{ORG}/sessions", token, page_size=2, page=2).json()
    assert first["count"] == second["count"] == 4
    assert len(first["items"]) == 2
    assert len(second["items"]) == 2
    assert {r["id"] for r in first["items"]}.isdisjoint({r["id"] for r in second["items"]})


def test_a_session_shows_its_settings(viewer, learning_session):
    body = api_get(session_url(learning_session), token_for(viewer)).json()
    assert body["id"] == learning_session.pk
    assert body["state"] == "open"
    assert body["anonymity"] == "confidential"
    assert body["min_group_size"] == 3
    assert body["accepts_answers"] is True
    assert [m["key"] for m in body["modules"]] == ["module-1", "module-2"]
    assert body["introduction"]["process"] == "We rate each proof point and say why."
    assert "never shown" in body["privacy_statement"]
    assert body["scale"]["name"] == "Default scale"
    assert body["opens_at"] is None


def test_a_session_of_another_organization_is_404_under_our_slug(admin, organization, outsider):
    theirs_framework = make_framework(outsider.memberships.get().organization, key="theirs")
    theirs = LearningSession.objects.create(
        organization=theirs_framework.organization,
        title="Theirs",
        framework=theirs_framework,
        scale=theirs_framework.default_scale,
    )
    url = f"{ORG}/sessions/{theirs.pk}"
    assert api_get(url, token_for(admin)).status_code == 404
    assert api_get(url + "/progress", token_for(admin)).status_code == 404


# Progress: like the dashboard, facilitators and above; names only where the page shows them.


def test_a_viewer_cannot_see_progress(viewer, progressed):
    assert api_get(session_url(progressed, "/progress"), token_for(viewer)).status_code == 404


def test_progress_gives_the_response_rate_overall_and_by_module(facilitator, progressed):
    body = api_get(session_url(progressed, "/progress"), token_for(facilitator)).json()
    assert body["overall"] == {
        "participants": 7,
        "started": 2,
        "submitted": 1,
        "started_percent": 29,
        "submitted_percent": 14,
    }
    assert [(m["key"], m["participants"], m["expected"]) for m in body["modules"]] == [
        ("module-1", 7, 14),
        ("module-2", 7, 14),
    ]


def test_groups_under_the_minimum_size_are_left_out(facilitator, progressed):
    response = api_get(session_url(progressed, "/progress"), token_for(facilitator))
    body = response.json()
    assert [g["name"] for g in body["groups"]] == ["Board", "Staff"]
    assert body["groups"][0]["submitted"] == 1
    assert body["groups"][1]["started"] == 1
    assert "Finance" not in response.content.decode()


def test_a_larger_minimum_hides_every_group(facilitator, progressed):
    progressed.min_group_size = 4
    progressed.save(update_fields=["min_group_size"])
    body = api_get(session_url(progressed, "/progress"), token_for(facilitator)).json()
    assert body["groups"] == []
    assert body["min_group_size"] == 4


def test_confidential_mode_names_who_has_not_finished_only_to_administrators(
    facilitator, admin, progressed
):
    url = session_url(progressed, "/progress")
    assert api_get(url, token_for(facilitator)).json()["not_finished"] is None
    not_finished = api_get(url, token_for(admin)).json()["not_finished"]
    assert [p["name"] for p in not_finished] == [
        "Person 2",
        "Person 3",
        "Person 4",
        "Person 5",
        "Person 6",
        "Tessa Treasurer",
    ]
    person_4 = not_finished[2]
    assert (person_4["group"], person_4["status"]) == ("Staff", "started")
    assert not_finished[0]["status"] == "not_started"
    assert not_finished[0]["email"] == "person2@example.org"


def test_named_mode_names_who_has_not_finished_to_facilitators(facilitator, progressed):
    progressed.anonymity = Anonymity.NAMED
    progressed.save(update_fields=["anonymity"])
    body = api_get(session_url(progressed, "/progress"), token_for(facilitator)).json()
    assert len(body["not_finished"]) == 6


@pytest.mark.parametrize("role", ["owner", "admin", "facilitator"])
def test_anonymous_mode_progress_never_lists_people(request, role, progressed):
    progressed.anonymity = Anonymity.ANONYMOUS
    progressed.save(update_fields=["anonymity"])
    user = request.getfixturevalue(role)
    response = api_get(session_url(progressed, "/progress"), token_for(user))
    assert response.status_code == 200
    assert response.json()["not_finished"] is None
    text = response.content.decode()
    assert "Person " not in text
    assert "Treasurer" not in text
    assert "@example.org" not in text


def test_progress_of_a_draft_session_with_nobody_is_empty_not_an_error(admin, learning_session):
    learning_session.state = State.DRAFT
    learning_session.save(update_fields=["state"])
    body = api_get(session_url(learning_session, "/progress"), token_for(admin)).json()
    assert body["overall"]["participants"] == 0
    assert body["groups"] == []
    assert body["not_finished"] == []


def test_not_finished_says_whose_link_was_revoked_and_who_was_never_invited(
    admin, progressed, organization
):
    person_3 = progressed.participants.get(person__name="Person 3")
    ParticipantLink.objects.filter(participant=person_3).update(revoked_at=timezone.now())
    never = Person.objects.create(organization=organization, name="Nora Never")
    Participant.objects.create(session=progressed, person=never)
    not_finished = api_get(session_url(progressed, "/progress"), token_for(admin)).json()[
        "not_finished"
    ]
    status = {row["name"]: row["status"] for row in not_finished}
    assert status["Person 3"] == "link_revoked"
    assert status["Nora Never"] == "not_invited"
    assert status["Person 2"] == "not_started"
