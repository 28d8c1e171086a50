"""The survey pages through a personal link: introduction, modules, review, refusals."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import add_participant
from learnloop.learning_sessions.actions import do_issue_link, do_revoke_link
from learnloop.learning_sessions.models import Answer, LearningSession, LinkKind, State
from learnloop.lib.tokens import hash_token
from learnloop.survey.tests.conftest import answers_of


def module_url(token, module):
    return reverse("survey-show-module", args=[token, module.pk])


def test_introduction_shows_the_process_and_the_privacy_statement(
    client, participant, token, learning_session
):
    learning_session.intro_why = "So the board hears from staff."
    learning_session.save(update_fields=["intro_why"])
    response = client.get(reverse("survey-show-introduction", args=[token]))
    assert response.status_code == 200
    content = response.content.decode()
    assert "We rate each proof point and say why." in content
    assert "So the board hears from staff." in content
    assert "your name is never shown in reports" in content
    assert "Module 1" in content
    assert "Module 2" in content
    assert "data-progress-count>0</strong> of 4 proof points rated" in content


def test_introduction_shows_progress_per_module(client, participant, token, proof_points):
    Answer.objects.create(
        participant=participant, session=participant.session, proof_point=proof_points[0], code=3
    )
    content = client.get(reverse("survey-show-introduction", args=[token])).content.decode()
    assert "data-progress-count>1</strong> of 4 proof points rated" in content
    assert "1 of 2 rated" in content
    assert "Continue" in content


def test_module_page_shows_principles_proof_points_and_scale(client, participant, token, modules):
    response = client.get(module_url(token, modules[0]))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Principle 1.1" in content
    assert "Proof point 1.2" in content
    assert "Proof point 2.1" not in content
    assert content.count('type="radio" name="code-') == 12  # 2 proof points x 6 choices
    assert "Don&#x27;t know" in content
    assert 'maxlength="5000"' in content
    assert "<legend" in content


def test_module_page_shows_saved_answers(client, participant, token, modules, proof_points):
    Answer.objects.create(
        participant=participant,
        session=participant.session,
        proof_point=proof_points[0],
        code=4,
        comment="We publish minutes",
    )
    content = client.get(module_url(token, modules[0])).content.decode()
    assert f'name="code-{proof_points[0].pk}" value="4" checked' in content
    assert "We publish minutes</textarea>" in content


def test_module_not_assigned_to_the_participant_is_not_found(client, participant, token, modules):
    participant.modules.set([modules[0]])
    response = client.get(module_url(token, modules[1]))
    assert response.status_code == 404
    assert "This module is not part of your survey" in response.content.decode()
    assert client.post(module_url(token, modules[1]), {"go": "next"}).status_code == 404


def test_plain_form_post_saves_the_page_and_goes_to_the_next_module(
    client, participant, token, modules, proof_points
):
    first, second = proof_points[0], proof_points[1]
    response = client.post(
        module_url(token, modules[0]),
        {
            f"code-{first.pk}": "5",
            f"comment-{first.pk}": "Clear plan",
            f"code-{second.pk}": "0",
            f"comment-{second.pk}": "",
            "go": "next",
        },
    )
    assert response.status_code == 302
    assert response.url == module_url(token, modules[1])
    assert answers_of(participant) == {first.pk: (5, "Clear plan"), second.pk: (0, "")}


def test_plain_form_post_on_the_last_module_goes_to_review(client, participant, token, modules):
    response = client.post(module_url(token, modules[1]), {"go": "next"})
    assert response.status_code == 302
    assert response.url == reverse("survey-review-answers", args=[token])


def test_plain_form_post_with_an_invalid_answer_saves_nothing(
    client, participant, token, modules, proof_points, settings
):
    settings.MAX_COMMENT_LENGTH = 10
    first, second = proof_points[0], proof_points[1]
    response = client.post(
        module_url(token, modules[0]),
        {
            f"code-{first.pk}": "5",
            f"comment-{first.pk}": "fine",
            f"code-{second.pk}": "2",
            f"comment-{second.pk}": "far too long a comment",
        },
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert "Nothing was saved" in content
    assert "the limit is 10" in content
    assert "far too long a comment</textarea>" in content  # typed text is kept
    assert not Answer.objects.exists()


def test_plain_form_post_with_a_code_off_the_scale_saves_nothing(
    client, participant, token, modules, proof_points
):
    response = client.post(module_url(token, modules[0]), {f"code-{proof_points[0].pk}": "9"})
    assert response.status_code == 400
    assert not Answer.objects.exists()


def test_review_lists_what_is_not_rated_yet(client, participant, token, proof_points):
    Answer.objects.create(
        participant=participant, session=participant.session, proof_point=proof_points[0], code=1
    )
    response = client.get(reverse("survey-review-answers", args=[token]))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Proof point 1.1</a>" not in content
    assert "Proof point 1.2</a>" in content
    assert "3 proof points have no rating yet" in content


def test_submit_records_the_time_and_submitting_again_updates_it(client, participant, token):
    url = reverse("survey-review-answers", args=[token])
    response = client.post(url)
    assert response.status_code == 302
    participant.refresh_from_db()
    first = participant.submitted_at
    assert first is not None
    assert "answers are submitted" in client.get(response.url).content.decode()
    client.post(url)
    participant.refresh_from_db()
    assert participant.submitted_at > first


def test_answers_stay_editable_after_submitting(client, participant, token, proof_points):
    client.post(reverse("survey-review-answers", args=[token]))
    url = reverse("survey-save-answer", args=[token, proof_points[0].pk])
    assert client.post(url, {"code": "2", "comment": "changed my mind"}).status_code == 200
    assert answers_of(participant) == {proof_points[0].pk: (2, "changed my mind")}


def all_urls(token, modules, proof_points):
    return [
        ("get", reverse("survey-show-introduction", args=[token])),
        ("get", reverse("survey-show-module", args=[token, modules[0].pk])),
        ("post", reverse("survey-show-module", args=[token, modules[0].pk])),
        ("post", reverse("survey-save-answer", args=[token, proof_points[0].pk])),
        ("get", reverse("survey-review-answers", args=[token])),
        ("post", reverse("survey-review-answers", args=[token])),
        ("get", reverse("survey-download-worksheet", args=[token])),
        ("get", reverse("survey-upload-worksheet", args=[token])),
        ("post", reverse("survey-upload-worksheet", args=[token])),
    ]


def test_unknown_token_is_not_found_on_every_survey_url(client, participant, modules, proof_points):
    for method, url in all_urls("unknown-token-0000", modules, proof_points):
        response = getattr(client, method)(url)
        assert response.status_code == 404, url
    assert "This link does not work" in client.get("/s/unknown-token-0000/").content.decode()


def test_signed_in_outsider_without_the_link_gets_nothing(
    outsider_client, admin_client, participant, modules, proof_points
):
    for user_client in (outsider_client, admin_client):
        for method, url in all_urls("guessed-token", modules, proof_points):
            assert getattr(user_client, method)(url).status_code == 404, url


def test_revoked_link_is_refused_with_a_friendly_page(client, participant, token, modules):
    do_revoke_link(participant)
    response = client.get(reverse("survey-show-introduction", args=[token]))
    assert response.status_code == 410
    assert "This link has been withdrawn" in response.content.decode()


def test_every_link_of_a_participant_opens_the_same_answers(
    client, participant, token, modules, proof_points
):
    invitation = do_issue_link(participant, LinkKind.INVITATION)
    client.post(module_url(token, modules[0]), {f"comment-{proof_points[0].pk}": "From my tab"})
    content = client.get(module_url(invitation, modules[0])).content.decode()
    assert "From my tab" in content


def draft_key_of(page) -> str:
    return re.search(r'data-draft-key="([0-9a-f]+)"', page.content.decode()).group(1)


def test_unsaved_text_is_kept_under_the_same_key_whichever_link_is_used(
    client, learning_session, participant, token, modules, people, groups
):
    reminder = do_issue_link(participant, LinkKind.REMINDER)
    key = draft_key_of(client.get(module_url(token, modules[0])))
    assert draft_key_of(client.get(module_url(reminder, modules[0]))) == key
    assert key not in hash_token(token) + hash_token(reminder)
    _other, other_token = add_participant(learning_session, people[3], groups["Staff"])
    assert draft_key_of(client.get(module_url(other_token, modules[0]))) != key


@pytest.mark.parametrize("method", ["get", "post"])
def test_closed_session_is_refused_on_every_survey_url(
    client, participant, token, modules, proof_points, method
):
    LearningSession.objects.filter(pk=participant.session_id).update(
        state=State.CLOSED, closed_at=timezone.now()
    )
    for url_method, url in all_urls(token, modules, proof_points):
        if url_method == method:
            response = getattr(client, method)(url, {"code": "3"} if method == "post" else None)
            assert response.status_code == 410, url
    assert not Answer.objects.exists()
    participant.refresh_from_db()
    assert participant.submitted_at is None
    assert "has closed" in client.get(f"/s/{token}/").content.decode()


def test_draft_session_is_not_open_yet(client, participant, token):
    LearningSession.objects.filter(pk=participant.session_id).update(state=State.DRAFT)
    response = client.get(reverse("survey-show-introduction", args=[token]))
    assert response.status_code == 403
    assert "has not opened yet" in response.content.decode()


def test_one_participants_pages_show_only_their_own_answers(
    client, learning_session, participant, token, people, groups, modules, proof_points
):
    other, _other_token = add_participant(learning_session, people[3], groups["Staff"])
    Answer.objects.create(
        participant=other,
        session=learning_session,
        proof_point=proof_points[0],
        code=5,
        comment="Staff secret",
    )
    content = client.get(module_url(token, modules[0])).content.decode()
    assert "Staff secret" not in content
    client.post(module_url(token, modules[0]), {f"code-{proof_points[0].pk}": "1"})
    assert answers_of(other) == {proof_points[0].pk: (5, "Staff secret")}


def test_participant_without_modules_sees_an_empty_state(client, participant, token):
    participant.modules.clear()
    response = client.get(reverse("survey-show-introduction", args=[token]))
    assert response.status_code == 200
    assert "No modules have been assigned to you yet" in response.content.decode()
    review = client.get(reverse("survey-review-answers", args=[token]))
    assert "No modules have been assigned to you yet" in review.content.decode()
