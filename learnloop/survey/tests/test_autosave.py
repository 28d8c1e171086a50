"""The htmx autosave endpoint: one upsert, strict checks, nothing changed on bad input."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import add_participant, make_framework
from learnloop.learning_sessions.actions import do_issue_link, do_revoke_link
from learnloop.learning_sessions.models import (
    Answer,
    LearningSession,
    LinkKind,
    ParticipantLink,
    State,
)
from learnloop.lib.tokens import hash_token
from learnloop.survey.actions import do_autosave_answer
from learnloop.survey.tests.conftest import answers_of


def save_url(token: str, proof_point_id: int) -> str:
    return reverse("survey-save-answer", args=[token, proof_point_id])


def csrf_post(client: Client, url: str, data: dict):
    """POST as the browser does: the CSRF cookie plus the X-CSRFToken header htmx sends."""
    client.cookies["csrftoken"] = "autosavecsrftokenautosavecsrf123"
    return client.post(
        url, data, HTTP_X_CSRFTOKEN="autosavecsrftokenautosavecsrf123", HTTP_HX_REQUEST="true"
    )


def test_autosave_creates_then_updates_one_answer(
    csrf_client, participant, token, proof_points, django_assert_num_queries
):
    url = save_url(token, proof_points[0].pk)
    # The checked upsert, then recording started_at.
    with django_assert_num_queries(2):
        response = csrf_post(csrf_client, url, {"code": "3", "comment": "Board rarely sees it"})
    assert response.status_code == 200
    assert b"Saved" in response.content
    # Afterwards one statement: the access checks are folded into the upsert.
    with django_assert_num_queries(1):
        response = csrf_post(csrf_client, url, {"code": "4", "comment": "Better since May"})
    assert response.status_code == 200
    answer = Answer.objects.get(participant=participant)
    assert (answer.code, answer.comment) == (4, "Better since May")
    assert answer.session_id == participant.session_id
    assert answer.group_id == participant.group_id


def test_first_autosave_records_when_the_participant_started(
    client, participant, token, proof_points
):
    client.post(save_url(token, proof_points[0].pk), {"code": "2", "comment": ""})
    participant.refresh_from_db()
    assert participant.started_at is not None
    started = participant.started_at
    client.post(save_url(token, proof_points[0].pk), {"code": "3", "comment": ""})
    participant.refresh_from_db()
    assert participant.started_at == started


def test_autosave_without_csrf_token_is_refused(csrf_client, participant, token, proof_points):
    response = csrf_client.post(save_url(token, proof_points[0].pk), {"code": "3"})
    assert response.status_code == 403
    assert not Answer.objects.exists()


def test_dont_know_and_comment_only_are_saved(client, participant, token, proof_points):
    client.post(save_url(token, proof_points[0].pk), {"code": "0", "comment": ""})
    client.post(save_url(token, proof_points[1].pk), {"code": "", "comment": "Not sure yet"})
    assert answers_of(participant) == {
        proof_points[0].pk: (0, ""),
        proof_points[1].pk: (None, "Not sure yet"),
    }


def test_clearing_a_comment_only_answer_removes_it(client, participant, token, proof_points):
    url = save_url(token, proof_points[0].pk)
    client.post(url, {"code": "", "comment": "draft"})
    response = client.post(url, {"code": "", "comment": ""})
    assert response.status_code == 200
    assert not Answer.objects.exists()


@pytest.mark.parametrize("code", ["7", "-3", "abc", "1.5"])
def test_invalid_code_is_refused_and_changes_nothing(
    client, participant, token, proof_points, code
):
    url = save_url(token, proof_points[0].pk)
    client.post(url, {"code": "2", "comment": "kept"})
    response = client.post(url, {"code": code, "comment": "lost"})
    assert response.status_code == 400
    assert b"Pick a rating from the scale" in response.content
    assert answers_of(participant) == {proof_points[0].pk: (2, "kept")}


def test_comment_over_the_limit_is_refused_and_changes_nothing(
    client, participant, token, proof_points, settings
):
    settings.MAX_COMMENT_LENGTH = 20
    url = save_url(token, proof_points[0].pk)
    client.post(url, {"code": "2", "comment": "short"})
    response = client.post(url, {"code": "3", "comment": "x" * 21})
    assert response.status_code == 400
    assert b"21 characters; the limit is 20" in response.content
    assert answers_of(participant) == {proof_points[0].pk: (2, "short")}


def test_line_breaks_count_as_one_character(client, participant, token, proof_points, settings):
    settings.MAX_COMMENT_LENGTH = 5
    response = client.post(save_url(token, proof_points[0].pk), {"comment": "ab\r\ncd"})
    assert response.status_code == 200
    assert answers_of(participant) == {proof_points[0].pk: (None, "ab\ncd")}


def test_proof_point_of_another_session_is_not_found(
    client, participant, token, organization, admin
):
    other = make_framework(organization, key="other-framework")
    foreign = other.modules.first().proof_points.first()
    response = client.post(save_url(token, foreign.pk), {"code": "3"})
    assert response.status_code == 404
    assert not Answer.objects.exists()


def test_proof_point_of_a_module_not_assigned_is_not_found(
    client, participant, token, proof_points, modules
):
    participant.modules.set([modules[0]])
    outside = next(pp for pp in proof_points if pp.module_id == modules[1].pk)
    response = client.post(save_url(token, outside.pk), {"code": "3"})
    assert response.status_code == 404
    assert not Answer.objects.exists()


def test_one_participant_cannot_touch_anothers_answers(
    client, learning_session, participant, token, people, groups, proof_points
):
    other, other_token = add_participant(learning_session, people[3], groups["Staff"])
    client.post(save_url(other_token, proof_points[0].pk), {"code": "5", "comment": "mine"})
    client.post(save_url(token, proof_points[0].pk), {"code": "1", "comment": "theirs"})
    assert answers_of(other) == {proof_points[0].pk: (5, "mine")}
    assert answers_of(participant) == {proof_points[0].pk: (1, "theirs")}


def test_autosave_refused_once_the_session_closes(client, participant, token, proof_points):
    LearningSession.objects.filter(pk=participant.session_id).update(state=State.CLOSED)
    response = client.post(
        save_url(token, proof_points[0].pk), {"code": "3"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 410
    assert b"closed" in response.content
    assert not Answer.objects.exists()


def test_autosave_refused_after_the_closing_date(client, participant, token, proof_points):
    LearningSession.objects.filter(pk=participant.session_id).update(
        closes_at=timezone.now() - timezone.timedelta(minutes=1)
    )
    response = client.post(save_url(token, proof_points[0].pk), {"code": "3"})
    assert response.status_code == 410
    assert not Answer.objects.exists()


def test_bad_input_on_a_closed_session_is_refused_as_closed(
    client, participant, token, proof_points
):
    LearningSession.objects.filter(pk=participant.session_id).update(state=State.CLOSED)
    response = client.post(save_url(token, proof_points[0].pk), {"code": "x", "comment": ""})
    assert response.status_code == 410


def test_autosave_in_a_draft_session_is_refused(client, participant, token, proof_points):
    LearningSession.objects.filter(pk=participant.session_id).update(state=State.DRAFT)
    response = client.post(save_url(token, proof_points[0].pk), {"code": "3"})
    assert response.status_code == 403
    assert not Answer.objects.exists()


def test_autosave_refused_for_a_revoked_link(client, participant, token, proof_points):
    do_revoke_link(participant)
    response = client.post(save_url(token, proof_points[0].pk), {"code": "3"})
    assert response.status_code == 410
    assert "withdrawn" in response.content.decode()
    assert not Answer.objects.exists()


def test_autosave_through_any_of_a_participants_links_saves_the_same_answer(
    client, participant, token, proof_points
):
    reminder = do_issue_link(participant, LinkKind.REMINDER)
    client.post(save_url(token, proof_points[0].pk), {"code": "2", "comment": "First tab"})
    response = client.post(save_url(reminder, proof_points[0].pk), {"code": "4", "comment": ""})
    assert response.status_code == 200
    assert answers_of(participant) == {proof_points[0].pk: (4, "")}


def test_autosave_checks_the_link_used_not_the_participants_other_links(
    client, participant, token, proof_points
):
    """One statement reads the link: a revoked link is refused even while the participant
    holds a working one, and the working one still saves."""
    working = do_issue_link(participant, LinkKind.REMINDER)
    ParticipantLink.objects.filter(token_hash=hash_token(token)).update(revoked_at=timezone.now())
    assert client.post(save_url(token, proof_points[0].pk), {"code": "3"}).status_code == 410
    assert not Answer.objects.exists()
    assert client.post(save_url(working, proof_points[0].pk), {"code": "3"}).status_code == 200
    assert answers_of(participant) == {proof_points[0].pk: (3, "")}


def test_autosave_with_unknown_token_is_not_found(client, participant, proof_points):
    response = client.post(save_url("not-a-real-token", proof_points[0].pk), {"code": "3"})
    assert response.status_code == 404
    assert not Answer.objects.exists()


def test_autosave_refuses_get(client, participant, token, proof_points):
    assert client.get(save_url(token, proof_points[0].pk)).status_code == 405


def test_autosave_accepted_before_the_closing_date(client, participant, token, proof_points):
    LearningSession.objects.filter(pk=participant.session_id).update(
        closes_at=timezone.now() + timezone.timedelta(minutes=1)
    )
    response = client.post(save_url(token, proof_points[0].pk), {"code": "3"})
    assert response.status_code == 200
    assert answers_of(participant) == {proof_points[0].pk: (3, "")}


@pytest.mark.parametrize(
    "change",
    ["revoke", "close", "draft", "past closing date", "module not theirs", "code off scale"],
)
def test_the_checked_upsert_writes_nothing_when_any_check_fails(
    participant, token, proof_points, change
):
    proof_point, code = proof_points[0], 3
    session = participant.session
    if change == "revoke":
        ParticipantLink.objects.filter(participant=participant).update(revoked_at=timezone.now())
    elif change == "close":
        LearningSession.objects.filter(pk=session.pk).update(state=State.CLOSED)
    elif change == "draft":
        LearningSession.objects.filter(pk=session.pk).update(state=State.DRAFT)
    elif change == "past closing date":
        past = timezone.now() - timezone.timedelta(minutes=1)
        LearningSession.objects.filter(pk=session.pk).update(closes_at=past)
    elif change == "module not theirs":
        participant.modules.remove(proof_point.module)
    else:
        code = 99
    assert do_autosave_answer(token, proof_point.pk, code, "kept?") is None
    assert not Answer.objects.exists()
    participant.refresh_from_db()
    assert participant.started_at is None


def test_the_checked_upsert_saves_when_every_check_passes(participant, token, proof_points):
    future = timezone.now() + timezone.timedelta(days=1)
    LearningSession.objects.filter(pk=participant.session_id).update(closes_at=future)
    assert do_autosave_answer(token, proof_points[0].pk, None, "only a comment") is not None
    answer = Answer.objects.get()
    assert (answer.participant_id, answer.code, answer.comment) == (
        participant.pk,
        None,
        "only a comment",
    )


def test_a_findings_email_link_neither_opens_nor_answers_the_survey(
    client, participant, proof_points
):
    findings_token = do_issue_link(participant, LinkKind.FINDINGS)
    page = client.get(reverse("survey-show-introduction", args=[findings_token]))
    assert page.status_code == 403
    assert b"This link is for reading the findings" in page.content
    response = client.post(
        save_url(findings_token, proof_points[0].pk), {"code": "3"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 404
    assert not Answer.objects.exists()
    assert do_autosave_answer(findings_token, proof_points[0].pk, 3, "") is None
    assert not Answer.objects.exists()
