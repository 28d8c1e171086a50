"""Theme actions: suggesting, renaming, merging, splitting, discarding, accepting, moving."""

import pytest

from learnloop.analysis.actions import do_create_default_codebook
from learnloop.analysis.models import Code, CodeApplication, CodeKind
from learnloop.frameworks.models import Module
from learnloop.learning_sessions.models import Answer
from learnloop.themes import actions
from learnloop.themes.models import Theme, ThemeMember, ThemeRun, ThemeStatus
from learnloop.themes.tests.comments import BUDGET, COMMUNICATION, TOPICS, TRAINING
from learnloop.themes.tests.conftest import add_respondent


def theme_of(session, texts) -> Theme:
    """The theme holding the first of these comments."""
    return Theme.objects.get(run__session=session, members__answer__comment=texts[0])


def comments_of(theme) -> set[str]:
    return set(theme.members.values_list("answer__comment", flat=True))


def test_suggest_groups_the_session_comments_by_topic(themed_session, facilitator):
    run = actions.do_suggest_themes(themed_session, user=facilitator)
    assert run.comment_count == 18
    assert run.created_by == facilitator
    assert run.reason == ""
    themes = list(run.themes.all())
    assert sorted(map(comments_of, themes), key=sorted) == sorted(
        map(set, TOPICS.values()), key=sorted
    )
    assert all(t.status == ThemeStatus.SUGGESTED for t in themes)
    budget = theme_of(themed_session, BUDGET)
    assert budget.key_terms[0] == "budget"
    assert budget.label.startswith("Budget, ")
    assert budget.members.filter(is_representative=True).count() == 3


def test_suggest_is_deterministic_for_the_same_data(themed_session):
    def snapshot():
        run = actions.do_suggest_themes(themed_session)
        return [
            (t.label, t.key_terms, sorted(comments_of(t))) for t in run.themes.order_by("position")
        ]

    assert snapshot() == snapshot()


def test_suggest_on_a_module_uses_only_its_comments(themed_session):
    module = Module.objects.get(framework=themed_session.framework, key="module-1")
    run = actions.do_suggest_themes(themed_session, module)
    in_module = Answer.objects.filter(session=themed_session, proof_point__module=module)
    assert run.module == module
    assert run.comment_count == in_module.count()
    members = ThemeMember.objects.filter(theme__run=run)
    assert not members.exclude(answer__proof_point__module=module).exists()


def test_suggest_refuses_a_module_of_another_session(themed_session, other_organization):
    from conftest import make_framework

    foreign = make_framework(other_organization, key="other").modules.first()
    with pytest.raises(actions.ThemeError, match="not part of"):
        actions.do_suggest_themes(themed_session, foreign)
    assert not ThemeRun.objects.exists()


def test_suggest_again_replaces_suggestions_but_keeps_accepted_themes(themed_session):
    actions.do_suggest_themes(themed_session)
    accepted = theme_of(themed_session, BUDGET)
    actions.do_accept_theme(accepted)
    actions.do_discard_theme(theme_of(themed_session, TRAINING))
    run = actions.do_suggest_themes(themed_session)
    assert Theme.objects.filter(pk=accepted.pk, status=ThemeStatus.ACCEPTED).exists()
    assert not Theme.objects.filter(status=ThemeStatus.DISCARDED).exists()
    assert run.comment_count == 12  # the accepted theme's comments are left out
    assert not ThemeMember.objects.filter(theme__run=run, answer__comment__in=BUDGET).exists()
    assert ThemeRun.objects.count() == 2  # the accepted theme's run stays, empty runs go


def test_too_few_comments_record_the_reason(learning_session):
    add_respondent(learning_session, "Solo Person", "Board", {0: BUDGET[0], 1: TRAINING[0]})
    run = actions.do_suggest_themes(learning_session)
    assert run.reason == "too_few_comments"
    assert run.comment_count == 2
    assert not run.themes.exists()


def test_blank_comments_are_not_grouped(themed_session):
    add_respondent(themed_session, "Blank Writer", "Board", {0: "   ", 1: ""})
    assert actions.do_suggest_themes(themed_session).comment_count == 18


def test_an_impossible_number_of_themes_is_refused(themed_session):
    with pytest.raises(actions.ThemeError, match="between 2 and"):
        actions.do_suggest_themes(themed_session, max_themes=99)


def test_rename_keeps_a_clean_name(themed_session):
    actions.do_suggest_themes(themed_session)
    theme = theme_of(themed_session, BUDGET)
    actions.do_rename_theme(theme, "  Budget   transparency ")
    theme.refresh_from_db()
    assert theme.label == "Budget transparency"


@pytest.mark.parametrize("label", ["", "   ", "x" * 121])
def test_rename_refuses_a_bad_name_and_changes_nothing(themed_session, label):
    actions.do_suggest_themes(themed_session)
    theme = theme_of(themed_session, BUDGET)
    before = theme.label
    with pytest.raises(actions.ThemeError):
        actions.do_rename_theme(theme, label)
    theme.refresh_from_db()
    assert theme.label == before


def test_merge_moves_the_comments_and_removes_the_other_theme(themed_session):
    actions.do_suggest_themes(themed_session)
    budget, training = theme_of(themed_session, BUDGET), theme_of(themed_session, TRAINING)
    actions.do_merge_themes(budget, training)
    assert not Theme.objects.filter(pk=training.pk).exists()
    assert comments_of(budget) == set(BUDGET + TRAINING)
    budget.refresh_from_db()
    assert {"budget", "training"} <= set(budget.key_terms)
    assert budget.members.filter(is_representative=True).count() == 3


def test_merge_keeps_a_name_the_analyst_gave(themed_session):
    actions.do_suggest_themes(themed_session)
    budget, training = theme_of(themed_session, BUDGET), theme_of(themed_session, TRAINING)
    actions.do_rename_theme(budget, "Money and skills")
    actions.do_merge_themes(budget, training)
    budget.refresh_from_db()
    assert budget.label == "Money and skills"


def test_merge_refuses_the_same_theme_or_a_decided_one(themed_session):
    actions.do_suggest_themes(themed_session)
    budget, training = theme_of(themed_session, BUDGET), theme_of(themed_session, TRAINING)
    with pytest.raises(actions.ThemeError):
        actions.do_merge_themes(budget, budget)
    actions.do_discard_theme(training)
    with pytest.raises(actions.ThemeError, match="discarded"):
        actions.do_merge_themes(budget, training)
    assert comments_of(budget) == set(BUDGET)


def test_split_separates_a_merged_theme_again(themed_session):
    actions.do_suggest_themes(themed_session)
    budget, training = theme_of(themed_session, BUDGET), theme_of(themed_session, COMMUNICATION)
    actions.do_merge_themes(budget, training)
    first, second = actions.do_split_theme(budget)
    assert sorted([comments_of(first), comments_of(second)], key=sorted) == sorted(
        [set(BUDGET), set(COMMUNICATION)], key=sorted
    )
    assert second.position == first.position + 1
    positions = list(Theme.objects.filter(run=first.run).values_list("position", flat=True))
    assert len(positions) == len(set(positions))


def test_split_refuses_too_few_comments_and_changes_nothing(themed_session):
    actions.do_suggest_themes(themed_session)
    theme = theme_of(themed_session, BUDGET)
    for answer in Answer.objects.filter(comment__in=BUDGET[2:]):
        actions.do_move_comment(theme, answer, None)
    with pytest.raises(actions.ThemeError, match="could not be split"):
        actions.do_split_theme(theme)
    assert Theme.objects.filter(run=theme.run).count() == 3


def test_discard_and_restore(themed_session, facilitator):
    actions.do_suggest_themes(themed_session)
    theme = theme_of(themed_session, BUDGET)
    actions.do_discard_theme(theme, facilitator)
    theme.refresh_from_db()
    assert theme.status == ThemeStatus.DISCARDED
    assert theme.decided_by == facilitator
    with pytest.raises(actions.ThemeError):
        actions.do_accept_theme(theme)
    actions.do_restore_theme(theme)
    theme.refresh_from_db()
    assert theme.status == ThemeStatus.SUGGESTED
    assert theme.decided_by is None


def test_accepting_creates_a_theme_code_applied_to_every_comment(themed_session, facilitator):
    actions.do_suggest_themes(themed_session)
    theme = theme_of(themed_session, BUDGET)
    actions.do_rename_theme(theme, "Budget transparency")
    code = actions.do_accept_theme(theme, facilitator)
    theme.refresh_from_db()
    assert theme.status == ThemeStatus.ACCEPTED
    assert theme.code == code
    assert code.name == "Budget transparency"
    assert code.kind == CodeKind.THEME
    assert code.session == themed_session
    applied = CodeApplication.objects.filter(code=code, start__isnull=True)
    assert set(applied.values_list("answer__comment", flat=True)) == set(BUDGET)
    assert set(applied.values_list("created_by", flat=True)) == {facilitator.pk}
    with pytest.raises(actions.ThemeError):
        actions.do_rename_theme(theme, "Something else")


def test_accepting_under_a_name_the_codebook_has_changes_nothing(themed_session):
    actions.do_suggest_themes(themed_session)
    theme = theme_of(themed_session, BUDGET)
    do_create_default_codebook(themed_session)
    actions.do_rename_theme(theme, "Suggestion")  # one of the starting codes
    codes = Code.objects.count()
    with pytest.raises(actions.ThemeError, match="Rename the theme"):
        actions.do_accept_theme(theme)
    theme.refresh_from_db()
    assert theme.status == ThemeStatus.SUGGESTED
    assert theme.code is None
    assert Code.objects.count() == codes
    assert not CodeApplication.objects.exists()


def test_move_comment_to_another_theme(themed_session):
    actions.do_suggest_themes(themed_session)
    budget, training = theme_of(themed_session, BUDGET), theme_of(themed_session, TRAINING)
    answer = Answer.objects.get(comment=BUDGET[0])
    actions.do_move_comment(budget, answer, training)
    assert BUDGET[0] in comments_of(training)
    assert BUDGET[0] not in comments_of(budget)


def test_move_comment_out_of_every_theme_counts_it_as_unthemed(themed_session):
    run = actions.do_suggest_themes(themed_session)
    budget = theme_of(themed_session, BUDGET)
    actions.do_move_comment(budget, Answer.objects.get(comment=BUDGET[0]), None)
    run.refresh_from_db()
    assert run.unthemed_count == 1
    assert len(comments_of(budget)) == 5


def test_moving_the_last_comment_removes_the_empty_theme(themed_session):
    actions.do_suggest_themes(themed_session)
    budget, training = theme_of(themed_session, BUDGET), theme_of(themed_session, TRAINING)
    for answer in Answer.objects.filter(comment__in=BUDGET):
        actions.do_move_comment(budget, answer, training)
    assert not Theme.objects.filter(pk=budget.pk).exists()


def test_move_refuses_a_comment_not_in_the_theme(themed_session):
    actions.do_suggest_themes(themed_session)
    budget, training = theme_of(themed_session, BUDGET), theme_of(themed_session, TRAINING)
    with pytest.raises(actions.ThemeError, match="not in"):
        actions.do_move_comment(budget, Answer.objects.get(comment=TRAINING[0]), training)
    assert comments_of(training) == set(TRAINING)
