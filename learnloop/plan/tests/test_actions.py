"""Every write to the plan: what it changes, and what it refuses (changing nothing)."""

import pytest

from conftest import make_framework
from learnloop.frameworks.models import ProofPoint
from learnloop.organizations.models import Person
from learnloop.plan.actions import (
    PlanError,
    do_add_progress_note,
    do_change_action_status,
    do_create_action,
    do_delete_action,
    do_update_action,
)
from learnloop.plan.models import (
    Action,
    ActionReminder,
    ActionStatus,
    ProgressNote,
    ReminderKind,
)
from learnloop.plan.tests.conftest import days_from_today, make_problem


def fields(**changes):
    values = {
        "title": "Tell staff about risks each month",
        "description": "  A short note after each board meeting.  ",
        "problem": None,
        "proof_points": [],
        "owner": None,
        "due_on": days_from_today(30),
    }
    return {**values, **changes}


def test_create_action_links_problem_proof_points_and_owner(
    learning_session, admin, problem, proof_points, people
):
    action = do_create_action(
        learning_session,
        admin,
        **fields(problem=problem, proof_points=proof_points[2:4], owner=people[3]),
    )
    assert action.organization == learning_session.organization
    assert action.status == ActionStatus.PLANNED
    assert action.description == "A short note after each board meeting."
    assert action.problem == problem
    assert set(action.proof_points.all()) == set(proof_points[2:4])
    assert action.owner == people[3]
    assert action.created_by == admin


@pytest.mark.parametrize(
    ("title", "message"),
    [("", "Give the action a title."), ("   ", "Give the action a title."), ("x" * 201, "201")],
)
def test_create_action_refuses_a_missing_or_long_title(learning_session, admin, title, message):
    with pytest.raises(PlanError, match=message):
        do_create_action(learning_session, admin, **fields(title=title))
    assert not Action.objects.exists()


def test_create_action_refuses_an_owner_of_another_organization(
    learning_session, admin, other_organization
):
    stranger = Person.objects.create(organization=other_organization, name="Stranger")
    with pytest.raises(PlanError, match="one of this organization's people"):
        do_create_action(learning_session, admin, **fields(owner=stranger))
    assert not Action.objects.exists()


def test_create_action_refuses_proof_points_outside_the_sessions_modules(
    other_session, admin, proof_points, other_organization
):
    # other_session has module 1 only; proof point 2.1 is not one of its proof points.
    with pytest.raises(PlanError, match=r"Proof point 2\.1"):
        do_create_action(other_session, admin, **fields(proof_points=[proof_points[2]]))
    foreign = ProofPoint.objects.filter(module__framework=make_framework(other_organization))
    with pytest.raises(PlanError, match="not a proof point of this learning session"):
        do_create_action(other_session, admin, **fields(proof_points=[foreign.first()]))
    assert not Action.objects.exists()


def test_create_action_refuses_a_problem_of_another_session(learning_session, other_session, admin):
    elsewhere = make_problem(other_session)
    with pytest.raises(PlanError, match="another learning session"):
        do_create_action(learning_session, admin, **fields(problem=elsewhere))
    assert not Action.objects.exists()


def test_create_action_refuses_an_unknown_status(learning_session, admin):
    with pytest.raises(PlanError, match="Choose a status"):
        do_create_action(learning_session, admin, **fields(), status="finished")
    assert not Action.objects.exists()


def test_update_action_changes_fields_and_links_and_says_so(action, people, proof_points):
    before = action.updated_at
    changed = do_update_action(
        action,
        **fields(title="Publish the minutes within a week", owner=people[1]),
    )
    action.refresh_from_db()
    assert changed
    assert action.title == "Publish the minutes within a week"
    assert action.owner == people[1]
    assert list(action.proof_points.all()) == []
    assert action.updated_at > before


def test_update_action_without_change_reports_nothing_changed(action, proof_points, people):
    same = fields(
        title=action.title,
        description=action.description,
        owner=action.owner,
        due_on=action.due_on,
        proof_points=[proof_points[0]],
    )
    assert do_update_action(action, **same) is False


def test_update_action_refuses_a_tampered_owner_and_changes_nothing(
    action, other_organization, proof_points
):
    stranger = Person.objects.create(organization=other_organization, name="Stranger")
    with pytest.raises(PlanError):
        do_update_action(action, **fields(title="Changed", owner=stranger))
    action.refresh_from_db()
    assert action.title == "Publish the minutes"
    assert list(action.proof_points.all()) == [proof_points[0]]


def test_change_action_status(action):
    assert do_change_action_status(action, ActionStatus.IN_PROGRESS)
    assert Action.objects.get(pk=action.pk).status == ActionStatus.IN_PROGRESS
    assert do_change_action_status(action, ActionStatus.IN_PROGRESS) is False
    with pytest.raises(PlanError):
        do_change_action_status(action, "finished")
    assert Action.objects.get(pk=action.pk).status == ActionStatus.IN_PROGRESS


def test_progress_note_with_a_status_change_records_the_new_status(action, facilitator):
    note = do_add_progress_note(action, facilitator, " First minutes sent. ", ActionStatus.DONE)
    assert (note.text, note.status, note.author) == ("First minutes sent.", "done", facilitator)
    assert Action.objects.get(pk=action.pk).status == ActionStatus.DONE


def test_progress_note_without_a_status_change_leaves_the_status(action, facilitator):
    note = do_add_progress_note(action, facilitator, "Drafted the template.")
    assert note.status == ""
    same = do_add_progress_note(action, facilitator, "Still drafting.", ActionStatus.PLANNED)
    assert same.status == ""  # it was planned already: nothing changed
    assert Action.objects.get(pk=action.pk).status == ActionStatus.PLANNED


@pytest.mark.parametrize(("text", "status"), [("  ", ""), ("Fine", "finished")])
def test_progress_note_refuses_empty_text_or_unknown_status(action, facilitator, text, status):
    with pytest.raises(PlanError):
        do_add_progress_note(action, facilitator, text, status)
    assert not ProgressNote.objects.exists()
    assert Action.objects.get(pk=action.pk).status == ActionStatus.PLANNED


def test_delete_action_takes_its_notes_and_reminders(action, facilitator):
    do_add_progress_note(action, facilitator, "Started.")
    ActionReminder.objects.create(
        action=action, kind=ReminderKind.DUE_SOON, due_on=action.due_on, sent_to="a@example.org"
    )
    do_delete_action(action)
    assert not Action.objects.exists()
    assert not ProgressNote.objects.exists()
    assert not ActionReminder.objects.exists()
