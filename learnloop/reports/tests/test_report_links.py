"""Every member can find a session's report from the list of learning sessions."""

from conftest import client_for
from learnloop.learning_sessions.models import State


def test_viewer_finds_the_report_link_on_the_session_list(viewer, learning_session):
    response = client_for(viewer).get("/o/riverside/sessions/")
    report_url = f"/o/riverside/sessions/{learning_session.pk}/report/"
    assert report_url.encode() in response.content
    assert client_for(viewer).get(report_url).status_code == 200


def test_draft_sessions_have_no_report_link(viewer, learning_session):
    learning_session.state = State.DRAFT
    learning_session.save(update_fields=["state"])
    response = client_for(viewer).get("/o/riverside/sessions/")
    assert b"/report/" not in response.content
