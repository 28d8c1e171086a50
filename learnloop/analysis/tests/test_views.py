"""The codebook and coding pages through the client: what they show, what each form does,
and that bad input changes nothing."""

import pytest

from conftest import client_for
from learnloop.analysis import actions
from learnloop.analysis.models import Code, CodeApplication, CodeSuggestion, SuggestionStatus
from learnloop.analysis.tests.conftest import comment, session_url


@pytest.fixture
def client(facilitator):
    return client_for(facilitator)


def codebook_url(session):
    return session_url("analysis-show-codebook", session)


def coding_url(session):
    return session_url("analysis-show-coding", session)


def code(session, name) -> Code:
    actions.do_create_default_codebook(session)
    return Code.objects.get(session=session, name=name, merged_into__isnull=True)


def test_opening_the_codebook_creates_the_starting_codes(client, coded_session):
    response = client.get(codebook_url(coded_session))
    assert response.status_code == 200
    for name in ["Theme", "Strength", "Poor communication", "Gap or difference of opinion"]:
        assert name in response.content.decode()
    assert coded_session.codes.count() == 7


def test_the_codebook_counts_coded_comments(client, coded_session):
    question = code(coded_session, "Question")
    actions.do_apply_code(question, comment(coded_session, "Who signs off the budget?"))
    actions.do_apply_code(question, comment(coded_session, "Who signs off the budget?"), 0, 3)
    response = client.get(codebook_url(coded_session))
    row = next(c for c in response.context["codes"] if c.name == "Question")
    assert (row.comments, row.uses) == (1, 2)


def test_adding_a_code(client, coded_session):
    url = session_url("analysis-add-code", coded_session)
    response = client.post(url, {"name": "Budget", "kind": "custom", "description": "Money"})
    assert response.status_code == 302
    assert Code.objects.get(session=coded_session, name="Budget").description == "Money"


def test_adding_a_code_with_a_taken_name_changes_nothing(client, coded_session):
    client.get(codebook_url(coded_session))
    url = session_url("analysis-add-code", coded_session)
    response = client.post(url, {"name": "strength", "kind": "custom"})
    assert response.status_code == 400
    assert "already has a code named" in response.content.decode()
    assert coded_session.codes.count() == 7


def test_renaming_a_code(client, coded_session):
    theme = code(coded_session, "Theme")
    url = session_url("analysis-edit-code", coded_session, code_id=theme.pk)
    assert client.get(url).status_code == 200
    response = client.post(url, {"name": "Recurring subject", "description": ""})
    assert response.status_code == 302
    theme.refresh_from_db()
    assert theme.name == "Recurring subject"


def test_renaming_to_an_empty_name_changes_nothing(client, coded_session):
    theme = code(coded_session, "Theme")
    url = session_url("analysis-edit-code", coded_session, code_id=theme.pk)
    assert client.post(url, {"name": "", "description": ""}).status_code == 400
    theme.refresh_from_db()
    assert theme.name == "Theme"


def test_merging_a_code_through_the_page(client, coded_session):
    theme, strength = code(coded_session, "Theme"), code(coded_session, "Strength")
    actions.do_apply_code(theme, comment(coded_session, "Minutes go out within a week."))
    url = session_url("analysis-merge-code", coded_session, code_id=theme.pk)
    page = client.get(url)
    assert theme not in page.context["form"].fields["target"].queryset
    assert client.post(url, {"target": strength.pk}).status_code == 302
    theme.refresh_from_db()
    assert theme.merged_into == strength
    assert strength.applications.count() == 1


def test_merging_into_a_code_of_another_session_is_refused(
    client, coded_session, organization, framework
):
    from learnloop.learning_sessions.models import LearningSession

    other = LearningSession.objects.create(
        organization=organization, title="Other", framework=framework, scale=coded_session.scale
    )
    foreign = actions.do_create_code(other, "Foreign")
    theme = code(coded_session, "Theme")
    url = session_url("analysis-merge-code", coded_session, code_id=theme.pk)
    assert client.post(url, {"target": foreign.pk}).status_code == 400
    theme.refresh_from_db()
    assert theme.is_active


def test_deleting_a_code_asks_first(client, coded_session):
    theme = code(coded_session, "Theme")
    actions.do_apply_code(theme, comment(coded_session, "Minutes go out within a week."))
    url = session_url("analysis-delete-code", coded_session, code_id=theme.pk)
    page = client.get(url)
    assert "It is applied to 1 comment" in page.content.decode()
    assert Code.objects.filter(pk=theme.pk).exists()
    assert client.post(url).status_code == 302
    assert not Code.objects.filter(pk=theme.pk).exists()
    assert CodeApplication.objects.count() == 0


def test_the_coding_view_shows_one_comment_with_its_context(client, coded_session):
    response = client.get(coding_url(coded_session))
    assert response.status_code == 200
    page = response.context
    assert page["total"] == 7  # module 1: proof points 1.1 and 1.2
    card = page["cards"][0]
    assert card.proof_point.text.startswith("Proof point 1.")
    assert card.author.label.startswith("Respondent ")
    html = response.content.decode()
    assert "Comment 1 of 7" in html
    assert 'rel="next"' in html


def test_the_coding_view_walks_to_the_next_comment(client, coded_session):
    first = client.get(coding_url(coded_session)).context
    second = client.get(first["next_url"]).context
    assert second["position"] == 2
    assert second["cards"][0].answer.pk != first["cards"][0].answer.pk


def test_the_coding_view_as_a_list(client, coded_session):
    response = client.get(coding_url(coded_session), {"mode": "list"})
    assert len(response.context["cards"]) == 7


def test_a_module_without_comments_says_so(client, coded_session):
    module = coded_session.modules.order_by("position").last()
    coded_session.answers.filter(proof_point__module=module).update(comment="")
    response = client.get(coding_url(coded_session), {"module": module.pk})
    assert "No comments in this module yet." in response.content.decode()


def test_toggling_a_code_on_a_whole_comment(client, coded_session):
    answer = comment(coded_session, "Who signs off the budget?")
    question = code(coded_session, "Question")
    url = session_url("analysis-toggle-code", coded_session, answer_id=answer.pk)
    next_url = coding_url(coded_session) + "?mode=list"
    response = client.post(url, {"code": question.pk, "next": next_url})
    assert response.status_code == 302
    assert response["Location"] == f"{next_url}#comment-{answer.pk}"
    assert question.applications.filter(answer=answer, start__isnull=True).exists()
    client.post(url, {"code": question.pk})
    assert not question.applications.exists()


def test_a_foreign_next_address_is_not_followed(client, coded_session):
    answer = comment(coded_session, "Who signs off the budget?")
    url = session_url("analysis-toggle-code", coded_session, answer_id=answer.pk)
    response = client.post(
        url, {"code": code(coded_session, "Theme").pk, "next": "https://evil.example/"}
    )
    assert response["Location"].startswith(coding_url(coded_session))


def test_toggling_with_htmx_returns_the_comment_card(client, coded_session):
    answer = comment(coded_session, "Who signs off the budget?")
    question = code(coded_session, "Question")
    url = session_url("analysis-toggle-code", coded_session, answer_id=answer.pk)
    response = client.post(url, {"code": question.pk}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="comment-{answer.pk}"' in html
    assert 'aria-pressed="true"' in html


def test_applying_a_code_to_a_highlighted_span(client, coded_session):
    answer = comment(coded_session, "Who signs off the budget?")
    theme = code(coded_session, "Theme")
    url = session_url("analysis-apply-code", coded_session, answer_id=answer.pk)
    response = client.post(url, {"code": theme.pk, "start": 18, "end": 24})
    assert response.status_code == 302
    application = theme.applications.get()
    assert (application.start, application.end, application.quote) == (18, 24, "budget")
    page = client.get(coding_url(coded_session), {"comment": answer.pk})
    assert "<mark" in page.content.decode()


def test_span_offsets_from_the_page_count_line_breaks_as_the_browser_does(client, coded_session):
    answer = comment(coded_session, "Who signs off the budget?")
    answer.comment = "First line.\r\nSecond line."
    answer.save(update_fields=["comment"])
    theme = code(coded_session, "Theme")
    url = session_url("analysis-apply-code", coded_session, answer_id=answer.pk)
    client.post(url, {"code": theme.pk, "start": 12, "end": 18})  # "Second" in "...\nSecond"
    assert theme.applications.get().quote == "Second"


def test_applying_a_code_to_a_copied_passage_without_a_script(client, coded_session):
    answer = comment(coded_session, "Who signs off the budget?")
    theme = code(coded_session, "Theme")
    url = session_url("analysis-apply-code", coded_session, answer_id=answer.pk)
    assert client.post(url, {"code": theme.pk, "passage": "the BUDGET"}).status_code == 302
    assert theme.applications.get().quote == "the budget"


def test_a_passage_not_in_the_comment_is_refused(client, coded_session):
    answer = comment(coded_session, "Who signs off the budget?")
    url = session_url("analysis-apply-code", coded_session, answer_id=answer.pk)
    response = client.post(url, {"code": code(coded_session, "Theme").pk, "passage": "payroll"})
    assert response.status_code == 400
    assert "is not in this comment" in response.content.decode()
    assert CodeApplication.objects.count() == 0


def test_applying_to_the_whole_comment_without_a_span(client, coded_session):
    answer = comment(coded_session, "Who signs off the budget?")
    theme = code(coded_session, "Theme")
    url = session_url("analysis-apply-code", coded_session, answer_id=answer.pk)
    client.post(url, {"code": theme.pk})
    assert theme.applications.get().start is None


@pytest.mark.parametrize(
    "span", [{"start": 0, "end": 99}, {"start": 5, "end": 2}, {"start": -3, "end": 2}]
)
def test_a_span_outside_the_comment_is_refused_with_a_message(client, coded_session, span):
    answer = comment(coded_session, "Who signs off the budget?")
    url = session_url("analysis-apply-code", coded_session, answer_id=answer.pk)
    response = client.post(url, {"code": code(coded_session, "Theme").pk, **span})
    assert response.status_code == 400
    assert "outside the comment" in response.content.decode()
    assert CodeApplication.objects.count() == 0


def test_a_span_with_only_a_start_is_refused(client, coded_session):
    answer = comment(coded_session, "Who signs off the budget?")
    url = session_url("analysis-apply-code", coded_session, answer_id=answer.pk)
    response = client.post(
        url, {"code": code(coded_session, "Theme").pk, "start": 3}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 400
    assert "needs both a start and an end" in response.content.decode()
    assert CodeApplication.objects.count() == 0


def test_a_code_of_another_session_cannot_be_applied(client, coded_session, organization):
    from learnloop.learning_sessions.models import LearningSession

    other = LearningSession.objects.create(
        organization=organization,
        title="Autumn",
        framework=coded_session.framework,
        scale=coded_session.scale,
    )
    foreign = actions.do_create_code(other, "Foreign")
    answer = comment(coded_session, "Who signs off the budget?")
    for name in ["analysis-apply-code", "analysis-toggle-code"]:
        url = session_url(name, coded_session, answer_id=answer.pk)
        assert client.post(url, {"code": foreign.pk}).status_code == 400
    assert CodeApplication.objects.count() == 0


def test_a_comment_of_another_session_cannot_be_coded_here(client, coded_session, organization):
    from learnloop.analysis.tests.conftest import add_respondents
    from learnloop.learning_sessions.models import LearningSession

    other = LearningSession.objects.create(
        organization=organization,
        title="Autumn",
        framework=coded_session.framework,
        scale=coded_session.scale,
    )
    other.modules.set(coded_session.modules.all())
    add_respondents(other, [("Other Person", "Board", [1, 2, 3, 4], ["Elsewhere.", "", "", ""])])
    foreign_answer = comment(other, "Elsewhere.")
    for name in ["analysis-apply-code", "analysis-toggle-code"]:
        url = session_url(name, coded_session, answer_id=foreign_answer.pk)
        assert client.post(url, {"code": code(coded_session, "Theme").pk}).status_code == 404
    assert CodeApplication.objects.count() == 0


def test_an_answer_without_a_comment_cannot_be_coded(client, coded_session):
    empty = coded_session.answers.filter(comment="").first()
    url = session_url("analysis-toggle-code", coded_session, answer_id=empty.pk)
    assert client.post(url, {"code": code(coded_session, "Theme").pk}).status_code == 404


def test_removing_a_highlight(client, coded_session):
    answer = comment(coded_session, "Who signs off the budget?")
    application, _ = actions.do_apply_code(code(coded_session, "Theme"), answer, 0, 3)
    url = session_url("analysis-remove-application", coded_session, application_id=application.pk)
    assert client.post(url).status_code == 302
    assert not CodeApplication.objects.exists()


def test_generating_accepting_and_rejecting_suggestions(client, coded_session):
    url = session_url("analysis-generate-suggestions", coded_session)
    response = client.post(url, {"next": coding_url(coded_session)}, follow=True)
    assert "new suggestions" in response.content.decode()
    question = CodeSuggestion.objects.get(
        answer__comment="Who signs off the budget?", kind="question"
    )
    accept = session_url("analysis-accept-suggestion", coded_session, suggestion_id=question.pk)
    assert client.post(accept).status_code == 302
    assert code(coded_session, "Question").applications.filter(answer=question.answer).exists()
    other = CodeSuggestion.objects.filter(status=SuggestionStatus.PENDING).first()
    reject = session_url("analysis-reject-suggestion", coded_session, suggestion_id=other.pk)
    assert client.post(reject).status_code == 302
    client.post(url)
    other.refresh_from_db()
    assert other.status == SuggestionStatus.REJECTED
    assert client.post(reject).status_code == 400  # already decided


def test_pending_suggestions_are_shown_with_their_reason(client, coded_session):
    actions.do_generate_suggestions(coded_session)
    answer = comment(coded_session, "Who signs off the budget?")
    response = client.get(coding_url(coded_session), {"comment": answer.pk})
    html = response.content.decode()
    assert "Ends with a question mark" in html
    assert "data-accept" in html
