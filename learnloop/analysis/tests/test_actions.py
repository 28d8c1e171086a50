"""The coding actions: codebook, codes, applications and suggestions."""

import pytest

from conftest import make_framework
from learnloop.analysis import actions
from learnloop.analysis.actions import CodingError
from learnloop.analysis.models import (
    Code,
    CodeApplication,
    CodeKind,
    CodeSuggestion,
    SuggestionKind,
    SuggestionStatus,
)
from learnloop.analysis.tests.conftest import comment
from learnloop.learning_sessions.models import LearningSession

STARTING = [
    "Theme",
    "Strength",
    "Misunderstanding or confusion",
    "Poor communication",
    "Gap or difference of opinion",
    "Suggestion",
    "Question",
]


def code_named(session, name) -> Code:
    return Code.objects.get(session=session, name=name)


def test_the_default_codebook_has_the_seven_starting_codes(coded_session):
    codes = actions.do_create_default_codebook(coded_session)
    assert [c.name for c in codes] == STARTING
    assert {c.kind for c in codes} == set(CodeKind.values) - {CodeKind.CUSTOM}


def test_the_default_codebook_is_created_once(coded_session):
    actions.do_create_default_codebook(coded_session)
    actions.do_delete_code(code_named(coded_session, "Theme"))
    actions.do_create_default_codebook(coded_session)
    assert coded_session.codes.count() == 6
    assert not coded_session.codes.filter(name="Theme").exists()


def test_creating_a_code_first_creates_the_starting_codes(coded_session):
    code = actions.do_create_code(coded_session, "  Board   visibility ", CodeKind.THEME)
    assert code.name == "Board visibility"
    assert code.kind == CodeKind.THEME
    assert coded_session.codes.count() == 8


@pytest.mark.parametrize("name", ["", "   ", "question", "x" * 121])
def test_a_code_name_must_be_new_and_not_empty(coded_session, name):
    actions.do_create_default_codebook(coded_session)
    with pytest.raises(CodingError):
        actions.do_create_code(coded_session, name)
    assert coded_session.codes.count() == 7


def test_the_same_name_may_be_used_in_another_session(coded_session, organization, admin):
    other = LearningSession.objects.create(
        organization=organization,
        title="Autumn",
        framework=coded_session.framework,
        scale=coded_session.scale,
    )
    actions.do_create_code(coded_session, "Budget")
    assert actions.do_create_code(other, "Budget").session == other


def test_renaming_a_code_keeps_its_applications(coded_session):
    code = actions.do_create_code(coded_session, "Budget")
    actions.do_apply_code(code, comment(coded_session, "Who signs off the budget?"))
    actions.do_rename_code(code, "Money", description="Budget and accounts")
    code.refresh_from_db()
    assert (code.name, code.description, code.applications.count()) == (
        "Money",
        "Budget and accounts",
        1,
    )


def test_renaming_to_a_taken_name_changes_nothing(coded_session):
    code = actions.do_create_code(coded_session, "Budget")
    with pytest.raises(CodingError, match="already has a code named"):
        actions.do_rename_code(code, "Strength")
    code.refresh_from_db()
    assert code.name == "Budget"


def test_merging_moves_applications_without_duplicates(coded_session, admin):
    source = actions.do_create_code(coded_session, "Budget")
    target = actions.do_create_code(coded_session, "Money")
    both = comment(coded_session, "Who signs off the budget?")
    only_source = comment(coded_session, "Budget is shared monthly.")
    actions.do_apply_code(source, both)
    actions.do_apply_code(target, both)
    actions.do_apply_code(source, only_source, 0, 6, user=admin)
    moved = actions.do_merge_codes(source, target)
    assert moved == 1
    assert sorted(target.applications.values_list("answer_id", "start", "end")) == sorted(
        [(both.pk, None, None), (only_source.pk, 0, 6)]
    )
    source.refresh_from_db()
    assert source.merged_into == target
    assert source.applications.count() == 0
    # The merged code's name is free again, and it is no longer offered.
    assert actions.do_create_code(coded_session, "Budget").pk != source.pk


def test_a_code_cannot_be_merged_into_itself_or_another_session(coded_session, organization):
    code = actions.do_create_code(coded_session, "Budget")
    with pytest.raises(CodingError):
        actions.do_merge_codes(code, code)
    framework = make_framework(organization, key="other")
    other = LearningSession.objects.create(
        organization=organization, title="Other", framework=framework, scale=framework.default_scale
    )
    with pytest.raises(CodingError):
        actions.do_merge_codes(code, actions.do_create_code(other, "Budget"))
    code.refresh_from_db()
    assert code.is_active


def test_deleting_a_code_deletes_its_applications_and_merged_codes(coded_session):
    source = actions.do_create_code(coded_session, "Budget")
    target = actions.do_create_code(coded_session, "Money")
    actions.do_apply_code(source, comment(coded_session, "Who signs off the budget?"))
    actions.do_merge_codes(source, target)
    actions.do_delete_code(target)
    assert not Code.objects.filter(pk__in=[source.pk, target.pk]).exists()
    assert CodeApplication.objects.count() == 0


def test_a_code_applies_to_a_whole_comment_once(coded_session, admin):
    code = code_named_after_defaults(coded_session, "Question")
    answer = comment(coded_session, "Who signs off the budget?")
    first, created = actions.do_apply_code(code, answer, user=admin)
    again, created_again = actions.do_apply_code(code, answer, user=admin)
    assert (created, created_again, first.pk) == (True, False, again.pk)
    assert (first.start, first.end, first.quote, first.created_by) == (None, None, "", admin)


def test_a_span_keeps_its_quote(coded_session):
    code = code_named_after_defaults(coded_session, "Theme")
    answer = comment(coded_session, "Who signs off the budget?")
    application, _ = actions.do_apply_code(code, answer, 18, 24)
    assert application.quote == "budget"
    answer.comment = "Changed entirely."
    answer.save(update_fields=["comment"])
    application.refresh_from_db()
    assert application.quote == "budget"


@pytest.mark.parametrize(
    ("start", "end"), [(0, 99), (-1, 3), (5, 5), (6, 2), (None, 3), (3, None), (3, 4)]
)
def test_a_span_outside_the_comment_is_refused(coded_session, start, end):
    code = code_named_after_defaults(coded_session, "Theme")
    answer = comment(coded_session, "Who signs off the budget?")
    with pytest.raises(CodingError):
        actions.do_apply_code(code, answer, start, end)
    assert CodeApplication.objects.count() == 0


def test_a_span_outside_the_comment_names_the_comment_length(coded_session):
    code = code_named_after_defaults(coded_session, "Theme")
    with pytest.raises(CodingError, match="which has 25 characters"):
        actions.do_apply_code(code, comment(coded_session, "Who signs off the budget?"), 0, 99)


def test_a_comment_of_another_session_cannot_be_coded(coded_session, organization):
    other = LearningSession.objects.create(
        organization=organization,
        title="Autumn",
        framework=coded_session.framework,
        scale=coded_session.scale,
    )
    code = actions.do_create_code(other, "Budget")
    with pytest.raises(CodingError, match="another learning session"):
        actions.do_apply_code(code, comment(coded_session, "Who signs off the budget?"))
    assert CodeApplication.objects.count() == 0


def test_toggling_applies_and_removes_the_whole_comment_code(coded_session):
    code = code_named_after_defaults(coded_session, "Theme")
    answer = comment(coded_session, "Who signs off the budget?")
    actions.do_apply_code(code, answer, 0, 3)
    assert actions.do_toggle_code(code, answer) is True
    assert actions.do_toggle_code(code, answer) is False
    assert list(code.applications.values_list("start", flat=True)) == [0]


def code_named_after_defaults(session, name) -> Code:
    actions.do_create_default_codebook(session)
    return code_named(session, name)


def suggestions(session):
    return {
        (s.answer.comment, s.kind): s.status
        for s in CodeSuggestion.objects.filter(answer__session=session).select_related("answer")
    }


def test_suggestions_are_generated_for_comments(coded_session):
    actions.do_generate_suggestions(coded_session)
    found = suggestions(coded_session)
    assert found[("Who signs off the budget?", SuggestionKind.QUESTION)] == "pending"
    assert found[("We should publish the plan.", SuggestionKind.SUGGESTION)] == "pending"
    # Rated 5 of 5 with something missing.
    assert found[("We have no written policy yet.", SuggestionKind.MISUNDERSTANDING)] == "pending"
    assert found[("The proof point is unclear to me.", SuggestionKind.MISUNDERSTANDING)]
    assert ("Minutes go out within a week.", SuggestionKind.QUESTION) not in found


def test_generating_suggestions_twice_changes_nothing(coded_session):
    first = actions.do_generate_suggestions(coded_session)
    before = suggestions(coded_session)
    second = actions.do_generate_suggestions(coded_session)
    assert first.created > 0
    assert (second.created, second.refreshed, second.withdrawn) == (0, 0, 0)
    assert suggestions(coded_session) == before


def test_accepting_a_suggestion_applies_the_code_of_its_kind(coded_session, admin):
    actions.do_generate_suggestions(coded_session)
    suggestion = CodeSuggestion.objects.get(
        answer__comment="Who signs off the budget?", kind=SuggestionKind.QUESTION
    )
    application = actions.do_accept_suggestion(suggestion, admin)
    assert application.code.kind == CodeKind.QUESTION
    assert application.answer == suggestion.answer
    suggestion.refresh_from_db()
    assert (suggestion.status, suggestion.decided_by) == (SuggestionStatus.ACCEPTED, admin)
    assert suggestion.decided_at is not None


def test_accepting_follows_a_renamed_or_merged_code(coded_session, admin):
    actions.do_create_default_codebook(coded_session)
    question = code_named(coded_session, "Question")
    target = actions.do_create_code(coded_session, "Open questions")
    actions.do_merge_codes(question, target)
    actions.do_generate_suggestions(coded_session)
    suggestion = CodeSuggestion.objects.get(
        answer__comment="Who signs off the budget?", kind=SuggestionKind.QUESTION
    )
    assert actions.do_accept_suggestion(suggestion, admin).code == target


def test_a_rejected_suggestion_stays_rejected_after_regeneration(coded_session, admin):
    actions.do_generate_suggestions(coded_session)
    suggestion = CodeSuggestion.objects.get(
        answer__comment="Who signs off the budget?", kind=SuggestionKind.QUESTION
    )
    actions.do_reject_suggestion(suggestion, admin)
    result = actions.do_generate_suggestions(coded_session)
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.REJECTED
    assert result.kept_decided == 1
    assert CodeApplication.objects.count() == 0


def test_a_decided_suggestion_cannot_be_decided_again(coded_session, admin):
    actions.do_generate_suggestions(coded_session)
    suggestion = CodeSuggestion.objects.filter(kind=SuggestionKind.QUESTION).first()
    actions.do_reject_suggestion(suggestion, admin)
    with pytest.raises(CodingError, match="already rejected"):
        actions.do_accept_suggestion(suggestion, admin)
    assert CodeApplication.objects.count() == 0


def test_a_pending_suggestion_is_withdrawn_when_its_comment_changes(coded_session):
    actions.do_generate_suggestions(coded_session)
    answer = comment(coded_session, "Who signs off the budget?")
    answer.comment = "The budget is signed off by the chair."
    answer.save(update_fields=["comment"])
    result = actions.do_generate_suggestions(coded_session)
    assert result.withdrawn == 1
    assert not CodeSuggestion.objects.filter(answer=answer).exists()


def test_no_suggestion_for_a_comment_already_coded_with_that_kind(coded_session):
    answer = comment(coded_session, "Who signs off the budget?")
    actions.do_apply_code(code_named_after_defaults(coded_session, "Question"), answer)
    actions.do_generate_suggestions(coded_session)
    assert not CodeSuggestion.objects.filter(answer=answer, kind="question").exists()
