"""Sharing back in the API: the releases and the responses to one, for facilitators and
above; a responder's name only in named sessions, as on the page."""

import pytest

from learnloop.api.tests.conftest import API, api_get, token_for
from learnloop.learning_sessions.models import Anonymity
from learnloop.plan.tests.conftest import make_other_session
from learnloop.sharing import actions
from learnloop.sharing.tests.conftest import NAMES
from learnloop.sharing.tests.test_participants import respond_all


def releases_url(session, tail: str = "") -> str:
    return f"{API}/organizations/{session.organization.slug}/sessions/{session.pk}/releases{tail}"


def test_the_releases_with_their_state_and_emails_sent(published, sharing_session, facilitator):
    actions.do_notify_participants(published)
    response = api_get(releases_url(sharing_session), token_for(facilitator))
    assert response.status_code == 200
    (release,) = response.json()
    assert (release["id"], release["title"], release["state"]) == (
        published.pk,
        "What we heard",
        "published",
    )
    assert release["participants_emailed"] == len(NAMES)
    assert release["published_at"] is not None
    assert release["withdrawn_at"] is None


def test_the_responses_are_tallied_per_finding(published, sharing_session, facilitator):
    first, second = respond_all(published, sharing_session)
    url = releases_url(sharing_session, f"/{published.pk}/responses")
    body = api_get(url, token_for(facilitator)).json()
    tallies = {item["id"]: item["tally"] for item in body["findings"]}
    assert tallies == {
        first.pk: {"agree": 2, "disagree": 1, "not_sure": 0},
        second.pk: {"agree": 0, "disagree": 0, "not_sure": 1},
    }
    comments = {c["comment"] for item in body["findings"] for c in item["comments"]}
    assert comments == {"Spot on.", "Not in my team."}
    assert [c["text"] for c in body["contributions"]] == ["When is the next round?"]


@pytest.mark.parametrize("mode", [Anonymity.CONFIDENTIAL, Anonymity.ANONYMOUS, Anonymity.NAMED])
def test_names_only_in_named_sessions(published, sharing_session, facilitator, mode):
    respond_all(published, sharing_session)
    sharing_session.anonymity = mode
    sharing_session.save(update_fields=["anonymity"])
    url = releases_url(sharing_session, f"/{published.pk}/responses")
    text = api_get(url, token_for(facilitator)).content.decode()
    named = [name for name in NAMES if name in text]
    if mode == Anonymity.NAMED:
        assert "Ottoline Brackenbury" in named
    else:
        assert named == []
        for group in ("Board", "Staff", "Finance"):
            assert group not in text


def test_only_facilitators_and_above_with_a_token(published, sharing_session, viewer, outsider):
    for url in (
        releases_url(sharing_session),
        releases_url(sharing_session, f"/{published.pk}/responses"),
    ):
        assert api_get(url).status_code == 401
        assert api_get(url, token_for(viewer)).status_code == 404
        assert api_get(url, token_for(outsider)).status_code == 404


def test_a_release_of_another_session_is_404(published, sharing_session, facilitator):
    other = make_other_session(sharing_session)
    url = releases_url(other, f"/{published.pk}/responses")
    assert api_get(url, token_for(facilitator)).status_code == 404
