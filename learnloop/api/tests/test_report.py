"""The report endpoint returns the report's JSON download, for the same reader, unchanged."""

import pytest
from django.urls import reverse

from conftest import client_for
from learnloop.api.tests.conftest import COMMENT, api_get, session_url, token_for
from learnloop.learning_sessions.models import Anonymity


def downloaded(user, session) -> dict:
    url = reverse(
        "reports-download-json",
        kwargs={"slug": session.organization.slug, "session_id": session.pk},
    )
    response = client_for(user).get(url)
    assert response.status_code == 200
    return response.json()


def without_time(document: dict) -> dict:
    return {key: value for key, value in document.items() if key != "generated_at"}


@pytest.mark.parametrize("mode", [Anonymity.NAMED, Anonymity.CONFIDENTIAL, Anonymity.ANONYMOUS])
@pytest.mark.parametrize("role", ["viewer", "facilitator", "admin"])
def test_the_report_is_the_json_download_for_the_same_reader(request, answered, role, mode):
    answered.anonymity = mode
    answered.save(update_fields=["anonymity"])
    user = request.getfixturevalue(role)
    response = api_get(session_url(answered, "/report"), token_for(user))
    assert response.status_code == 200
    assert without_time(response.json()) == without_time(downloaded(user, answered))


def test_a_viewer_gets_the_summary_without_comments(viewer, facilitator, answered):
    url = session_url(answered, "/report")
    assert COMMENT not in api_get(url, token_for(viewer)).content.decode()
    assert COMMENT in api_get(url, token_for(facilitator)).content.decode()


def test_a_group_under_the_minimum_size_is_never_broken_out(admin, answered):
    document = api_get(session_url(answered, "/report"), token_for(admin)).json()
    names = [group["name"] for group in document["groups"]]
    assert "Board" in names
    assert "Finance" not in names


@pytest.mark.parametrize("mode", [Anonymity.CONFIDENTIAL, Anonymity.ANONYMOUS])
def test_no_names_outside_named_mode_even_for_owners(owner, answered, mode):
    answered.anonymity = mode
    answered.save(update_fields=["anonymity"])
    text = api_get(session_url(answered, "/report"), token_for(owner)).content.decode()
    assert "Person " not in text
    assert "Tessa" not in text


def test_named_mode_shows_names_to_facilitators_not_viewers(facilitator, viewer, answered):
    answered.anonymity = Anonymity.NAMED
    answered.save(update_fields=["anonymity"])
    url = session_url(answered, "/report")
    assert "Person 1" in api_get(url, token_for(facilitator)).content.decode()
    assert "Person 1" not in api_get(url, token_for(viewer)).content.decode()
