"""Notes and decisions in time order; open actions carried in from this learning session and
its earlier rounds, and their review."""

import datetime

import pytest
from django.utils import timezone

from conftest import make_framework
from learnloop.discussions import actions, queries
from learnloop.discussions.models import Note
from learnloop.learning_sessions.models import LearningSession
from learnloop.plan.models import Action, ActionReview, ProgressNote
from learnloop.plan.queries import round_ids

from .conftest import durl, make_action, make_round


def test_notes_and_decisions_are_added_edited_and_deleted_in_time_order(
    discussion, facilitator_client, facilitator
):
    url = durl("discussions-add-note", discussion)
    facilitator_client.post(url, {"kind": "note", "text": "Budget discussed"})
    facilitator_client.post(url, {"kind": "decision", "text": "Publish the budget monthly"})
    first, second = Note.objects.order_by("created_at", "pk")
    assert (first.kind, second.kind, first.created_by) == ("note", "decision", facilitator)
    page = facilitator_client.get(durl("discussions-show-discussion", discussion)).content.decode()
    assert page.index("Budget discussed") < page.index("Publish the budget monthly")
    edit = durl("discussions-edit-note", discussion, note_id=first.pk)
    facilitator_client.post(edit, {"kind": "decision", "text": "Budget discussed at length"})
    first.refresh_from_db()
    assert (first.kind, first.text) == ("decision", "Budget discussed at length")
    assert list(Note.objects.order_by("created_at", "pk")) == [first, second]  # same place
    delete = durl("discussions-delete-note", discussion, note_id=second.pk)
    assert "Publish the budget monthly" in facilitator_client.get(delete).content.decode()
    facilitator_client.post(delete)
    assert list(Note.objects.all()) == [first]


@pytest.mark.parametrize(
    "data", [{"kind": "note", "text": ""}, {"kind": "rumour", "text": "X"}, {"text": "X"}]
)
def test_a_bad_note_is_refused_and_changes_nothing(discussion, facilitator_client, data):
    response = facilitator_client.post(durl("discussions-add-note", discussion), data, follow=True)
    assert (
        "Write the note, and say whether it is a note or a decision." in response.content.decode()
    )
    assert not Note.objects.exists()


@pytest.fixture
def rounds(discussion, facilitator, other_organization):
    """Actions in the discussion's session, its earlier round, an unrelated session of the
    same organization and another organization."""
    first = discussion.session
    earlier = LearningSession.objects.create(
        organization=first.organization,
        title="Last year's review",
        framework=first.framework,
        scale=first.scale,
    )
    first.previous_round = earlier
    first.save(update_fields=["previous_round"])
    unrelated = make_round(earlier, "A sibling round")
    framework = make_framework(other_organization, key="theirs")
    theirs = LearningSession.objects.create(
        organization=other_organization,
        title="Theirs",
        framework=framework,
        scale=framework.default_scale,
    )
    return {
        "here": make_action(first, "Publish the minutes", status="in_progress"),
        "earlier": make_action(earlier, "Train the board"),
        "earlier_done": make_action(earlier, "Hire a bookkeeper", status="done"),
        "sibling": make_action(unrelated, "Elsewhere"),
        "theirs": make_action(theirs, "Theirs"),
    }


def test_open_actions_of_this_session_and_its_earlier_rounds_are_carried_in(
    discussion, rounds, facilitator_client
):
    carried = queries.carried_actions(discussion)
    assert {action.title for action in carried} == {"Publish the minutes", "Train the board"}
    page = facilitator_client.get(durl("discussions-show-discussion", discussion)).content.decode()
    assert "from Last year&#x27;s review" in page
    for title in ("Hire a bookkeeper", "Elsewhere", "Theirs"):
        assert title not in page


def test_a_round_chain_with_a_loop_ends(discussion, rounds):
    earlier = discussion.session.previous_round
    earlier.previous_round = discussion.session
    earlier.save(update_fields=["previous_round"])
    assert round_ids(discussion.session) == [discussion.session.pk, earlier.pk]


def test_reviewing_an_action_with_a_new_status_updates_the_plan(
    discussion, rounds, facilitator_client, facilitator
):
    action = rounds["earlier"]
    before = action.updated_at
    url = durl("discussions-review-action", discussion, action_id=action.pk)
    data = {f"a{action.pk}-status": "done", f"a{action.pk}-note": "The board was trained in March."}
    response = facilitator_client.post(url, data)
    assert response["Location"].endswith(f"#action-{action.pk}")
    action.refresh_from_db()
    assert action.status == "done"
    assert action.updated_at > before
    review = ActionReview.objects.get()
    assert (review.discussion, review.status, review.reviewed_by) == (
        discussion,
        "done",
        facilitator,
    )
    assert review.note == "The board was trained in March."
    note = ProgressNote.objects.get()
    assert note.status == "done"
    assert note.author == facilitator
    assert "Planned → Done" in note.text
    assert "The board was trained in March." in note.text
    # Done now, but still listed here as reviewed in this discussion, and its review can be
    # corrected here.
    assert action in queries.carried_actions(discussion)
    actions.do_review_action(discussion, action, facilitator, status="in_progress")
    assert Action.objects.get(pk=action.pk).status == "in_progress"


def test_a_review_without_a_status_change_adds_no_progress_note(discussion, rounds, facilitator):
    action = rounds["here"]
    actions.do_review_action(discussion, action, facilitator, status="in_progress", note="On track")
    actions.do_review_action(discussion, action, facilitator, status="in_progress", note="Still")
    assert ActionReview.objects.get().note == "Still"  # one review per discussion, replaced
    assert not ProgressNote.objects.exists()
    assert Action.objects.get(pk=action.pk).updated_at == action.updated_at


def test_a_bad_review_changes_nothing(discussion, rounds, facilitator_client, facilitator):
    action = rounds["here"]
    url = durl("discussions-review-action", discussion, action_id=action.pk)
    response = facilitator_client.post(url, {f"a{action.pk}-status": "finished"}, follow=True)
    assert "Choose the action&#x27;s status now." in response.content.decode()
    with pytest.raises(actions.DiscussionError):
        actions.do_review_action(discussion, rounds["sibling"], facilitator, status="done")
    assert not ActionReview.objects.exists()
    assert not ProgressNote.objects.exists()
    assert Action.objects.get(pk=rounds["sibling"].pk).status == "planned"


@pytest.mark.parametrize("which", ["sibling", "theirs", "earlier_done"])
def test_actions_not_offered_for_review_cannot_be_reviewed(
    discussion, rounds, facilitator_client, which
):
    action = rounds[which]
    url = durl("discussions-review-action", discussion, action_id=action.pk)
    response = facilitator_client.post(url, {f"a{action.pk}-status": "dropped"})
    if which == "earlier_done":  # of the chain, but finished: reopened from the plan only
        assert response.status_code == 302
        page = facilitator_client.get(response["Location"]).content.decode()
        assert "That action is finished (done or dropped)" in page
        assert Action.objects.get(pk=action.pk).status == "done"
    else:
        assert response.status_code == 404
    assert not ActionReview.objects.exists()
    assert not ProgressNote.objects.exists()


def test_an_overdue_action_is_marked(discussion, rounds, facilitator_client):
    action = rounds["here"]
    action.due_on = timezone.localdate() - datetime.timedelta(days=3)
    action.save(update_fields=["due_on"])
    page = facilitator_client.get(durl("discussions-show-discussion", discussion)).content.decode()
    assert "overdue" in page
