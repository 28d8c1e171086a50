"""Writes to the findings board: what they do, and what they refuse without changing anything."""

import pytest

from conftest import add_participant, make_framework
from learnloop.findings.actions import (
    FindingError,
    do_create_finding,
    do_delete_finding,
    do_link_comment,
    do_link_proof_points,
    do_mark_ready,
    do_move_finding,
    do_reorder_findings,
    do_unlink_comment,
    do_update_finding,
)
from learnloop.findings.models import DismissedDraft, Finding, FindingComment, Kind, Status
from learnloop.frameworks.models import ProofPoint
from learnloop.learning_sessions.models import Answer, LearningSession

from .conftest import comment, ordered_proof_points


@pytest.fixture
def finding(findings_session, admin) -> Finding:
    return do_create_finding(
        findings_session,
        admin,
        kind=Kind.MISALIGNMENT,
        title="Risks do not reach staff",
        proof_points=ordered_proof_points(findings_session)[2:3],
    )


@pytest.fixture
def other_session_comment(findings_session, framework, admin, people, groups) -> Answer:
    """A comment in another learning session of the same organization and framework."""
    other = LearningSession.objects.create(
        organization=findings_session.organization,
        title="Autumn review",
        framework=framework,
        scale=framework.default_scale,
        administrator=admin,
    )
    other.modules.set(framework.modules.all())
    participant, _token = add_participant(other, people[0], groups["Board"])
    return Answer.objects.create(
        participant=participant,
        session=other,
        group=groups["Board"],
        proof_point=ordered_proof_points(other)[2],
        code=1,
        comment="A comment from the autumn review.",
    )


def test_analyst_writes_a_finding_at_the_end_of_its_section(findings_session, admin, finding):
    second = do_create_finding(findings_session, admin, kind=Kind.MISALIGNMENT, title="Second")
    assert (finding.position, second.position) == (0, 1)
    assert second.source == "written"
    assert second.status == Status.DRAFT
    assert second.created_by == admin


@pytest.mark.parametrize(
    ("kind", "title", "message"),
    [
        ("opinion", "A title", "Choose what kind"),
        (Kind.THEME, "   ", "Give the finding a title"),
        (Kind.THEME, "x" * 201, "keep it to 200"),
    ],
)
def test_bad_finding_is_refused(findings_session, admin, kind, title, message):
    with pytest.raises(FindingError, match=message):
        do_create_finding(findings_session, admin, kind=kind, title=title)
    assert not Finding.objects.exists()


def test_comment_from_another_session_can_never_be_linked(finding, other_session_comment):
    with pytest.raises(FindingError, match="belongs to another learning session"):
        do_link_comment(finding, other_session_comment)
    assert not FindingComment.objects.exists()
    finding.refresh_from_db()
    assert finding.comments.count() == 0


def test_model_refuses_a_cross_session_link_even_outside_the_actions(
    finding, other_session_comment
):
    with pytest.raises(ValueError, match="own learning session"):
        FindingComment(finding=finding, answer=other_session_comment, quote="x").save()
    assert not FindingComment.objects.exists()


def test_proof_point_of_another_framework_is_refused(findings_session, organization, finding):
    elsewhere = make_framework(organization, key="elsewhere")
    foreign = ProofPoint.objects.filter(module__framework=elsewhere).first()
    with pytest.raises(FindingError, match="not a proof point of this learning session"):
        do_link_proof_points(finding, [foreign])
    with pytest.raises(FindingError, match="not a proof point"):
        do_create_finding(
            findings_session, None, kind=Kind.THEME, title="T", proof_points=[foreign]
        )
    assert list(finding.proof_points.all()) == ordered_proof_points(findings_session)[2:3]
    assert Finding.objects.count() == 1


def test_proof_point_of_a_module_dropped_from_the_session_is_refused(findings_session, finding):
    dropped = findings_session.modules.order_by("position").first()
    findings_session.modules.remove(dropped)
    with pytest.raises(FindingError, match="not a proof point"):
        do_link_proof_points(finding, [dropped.proof_points.first()])


def test_link_comment_quotes_all_of_it_or_a_passage(findings_session, finding):
    answer = comment(findings_session, "Risks reach us only through rumours.")
    link = do_link_comment(finding, answer)
    assert link.quote == "Risks reach us only through rumours."
    again = do_link_comment(finding, answer, "only  through\nrumours")
    assert again.pk == link.pk
    assert again.quote == "only  through\nrumours"
    assert again.quote_still_in_comment


def test_quote_that_is_not_in_the_comment_is_refused(findings_session, finding):
    answer = comment(findings_session, "Risks reach us only through rumours.")
    with pytest.raises(FindingError, match="must be words from the comment"):
        do_link_comment(finding, answer, "Risks reach us on time.")
    assert not FindingComment.objects.exists()


def test_answer_without_comment_cannot_be_linked(findings_session, finding):
    silent = Answer.objects.filter(session=findings_session, comment="").first()
    with pytest.raises(FindingError, match="no comment"):
        do_link_comment(finding, silent)
    assert not FindingComment.objects.exists()


def test_unlinking_takes_the_comment_off_only(findings_session, finding):
    answer = comment(findings_session, "Risks reach us only through rumours.")
    do_link_comment(finding, answer)
    assert do_unlink_comment(finding, answer)
    assert not FindingComment.objects.exists()
    assert Answer.objects.filter(pk=answer.pk).exists()
    assert not do_unlink_comment(finding, answer)


def test_update_changes_words_and_an_unchanged_save_does_not_mark_it_edited(
    findings_session, finding
):
    finding.edited_at = None
    finding.save(update_fields=["edited_at"])
    assert not do_update_finding(finding, kind=finding.kind, title=finding.title, body="")
    assert Finding.objects.get(pk=finding.pk).edited_at is None
    assert do_update_finding(finding, kind=Kind.THEME, title="New", body="Body")
    finding.refresh_from_db()
    assert (finding.kind, finding.title, finding.body) == (Kind.THEME, "New", "Body")
    assert finding.edited_at is not None


def test_reorder_and_move_within_a_section(findings_session, admin, finding):
    second = do_create_finding(findings_session, admin, kind=Kind.MISALIGNMENT, title="Second")
    assert do_move_finding(second, "up")
    order = Finding.objects.filter(kind=Kind.MISALIGNMENT).order_by("position")
    assert list(order) == [second, finding]
    assert not do_move_finding(second, "up")  # already first
    do_reorder_findings(findings_session, Kind.MISALIGNMENT, [finding.pk, second.pk])
    assert list(order.all()) == [finding, second]


def test_reorder_with_ids_of_another_section_is_refused(findings_session, admin, finding):
    theme = do_create_finding(findings_session, admin, kind=Kind.THEME, title="Theme")
    with pytest.raises(FindingError, match="board changed"):
        do_reorder_findings(findings_session, Kind.MISALIGNMENT, [theme.pk, finding.pk])
    assert Finding.objects.get(pk=finding.pk).position == 0


def test_mark_ready_and_back(finding):
    assert do_mark_ready(finding)
    assert Finding.objects.get(pk=finding.pk).status == Status.READY
    assert not do_mark_ready(finding)
    assert do_mark_ready(finding, ready=False)
    assert Finding.objects.get(pk=finding.pk).status == Status.DRAFT


def test_deleting_a_written_finding_remembers_nothing(finding):
    do_delete_finding(finding)
    assert not Finding.objects.exists()
    assert not DismissedDraft.objects.exists()


def test_ready_findings_are_those_marked_ready_in_board_order(findings_session, admin, finding):
    from learnloop.findings.queries import ready_findings

    strength = do_create_finding(findings_session, admin, kind=Kind.STRENGTH, title="Strong")
    do_create_finding(findings_session, admin, kind=Kind.THEME, title="Still a draft")
    do_mark_ready(finding)
    do_mark_ready(strength)
    assert ready_findings(findings_session) == [strength, finding]
