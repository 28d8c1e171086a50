"""Who reaches the discussion pages: analysts only; viewers and outsiders get 404 on every
address and change nothing; signed-out visitors are sent to sign in; ids of another
discussion, session or organization find nothing; voting links and signed-in voting."""

import pytest

from conftest import client_for, make_framework
from learnloop.discussions import actions
from learnloop.discussions.models import (
    AgendaItem,
    Cause,
    Discussion,
    Note,
    Problem,
    Vote,
)
from learnloop.learning_sessions.models import LearningSession
from learnloop.organizations.models import Person
from learnloop.plan.models import ActionReview

from .conftest import HELD_ON, durl, make_action, place, session_url


@pytest.fixture
def full(drafted, people):
    """The drafted discussion with one of everything: a problem with a why and a cause, a
    note, a vote and an open action."""
    item = drafted.agenda.filter(section="problems").first()
    problem = actions.do_choose_problem(drafted, f"f{item.finding_id}")
    actions.do_save_whys(problem, ["Nobody owns the budget"])
    cause = actions.do_add_cause(problem, category="people", text="No budget owner")
    note = actions.do_add_note(drafted, None, kind="note", text="Budget discussed")
    actions.do_add_vote(place(drafted, people[1]), f"f{item.finding_id}")
    action = make_action(drafted.session, "Publish the budget")
    return {
        "discussion": drafted,
        "item": item,
        "problem": problem,
        "cause": cause,
        "note": note,
        "action": action,
        "participant": place(drafted, people[1]),
    }


def every_url(full) -> tuple[list[str], list[str]]:
    """(pages read with GET, addresses written with POST)."""
    d = full["discussion"]
    item, problem, cause = {"item_id": full["item"].pk}, {"problem_id": full["problem"].pk}, {}
    cause = {**problem, "cause_id": full["cause"].pk}
    note = {"note_id": full["note"].pk}
    reads = [
        session_url("discussions-list-discussions", d.session),
        session_url("discussions-create-discussion", d.session),
        durl("discussions-show-discussion", d),
        durl("discussions-edit-discussion", d),
        durl("discussions-delete-discussion", d),
        durl("discussions-download-markdown", d),
        durl("discussions-download-pdf", d),
        durl("discussions-create-agenda-item", d),
        durl("discussions-edit-agenda-item", d, **item),
        durl("discussions-delete-agenda-item", d, **item),
        durl("discussions-show-room", d),
        durl("discussions-show-ballot", d),
        durl("discussions-make-voting-link", d, participant_id=full["participant"].pk),
        durl("discussions-create-problem", d),
        durl("discussions-show-problem", d, **problem),
        durl("discussions-edit-problem", d, **problem),
        durl("discussions-delete-problem", d, **problem),
        durl("discussions-edit-cause", d, **cause),
        durl("discussions-delete-cause", d, **cause),
        durl("discussions-edit-note", d, **note),
        durl("discussions-delete-note", d, **note),
    ]
    writes = [
        session_url("discussions-create-discussion", d.session),
        durl("discussions-edit-discussion", d),
        durl("discussions-delete-discussion", d),
        durl("discussions-draft-agenda", d),
        durl("discussions-create-agenda-item", d),
        durl("discussions-edit-agenda-item", d, **item),
        durl("discussions-delete-agenda-item", d, **item),
        durl("discussions-move-agenda-item", d, **item),
        durl("discussions-set-voting", d),
        durl("discussions-add-vote", d),
        durl("discussions-remove-vote", d),
        durl("discussions-make-voting-link", d, participant_id=full["participant"].pk),
        durl("discussions-make-voting-links", d),
        durl("discussions-create-problem", d),
        durl("discussions-choose-problem", d),
        durl("discussions-edit-problem", d, **problem),
        durl("discussions-delete-problem", d, **problem),
        durl("discussions-save-whys", d, **problem),
        durl("discussions-add-cause", d, **problem),
        durl("discussions-edit-cause", d, **cause),
        durl("discussions-delete-cause", d, **cause),
        durl("discussions-add-note", d),
        durl("discussions-edit-note", d, **note),
        durl("discussions-delete-note", d, **note),
        durl("discussions-review-action", d, action_id=full["action"].pk),
    ]
    return reads, writes


POST_DATA = {
    "title": "Taken over",
    "held_on": "2026-06-01",
    "votes_per_person": "5",
    "section": "other",
    "direction": "up",
    "item": "",
    "category": "tools",
    "text": "Taken over",
    "kind": "decision",
    "why_1": "Taken over",
    "open": "",
}


def snapshot(full) -> tuple:
    d = full["discussion"]
    return (
        Discussion.objects.filter(pk=d.pk).values_list("title", "voting_open").first(),
        sorted(AgendaItem.objects.values_list("pk", "title", "position")),
        sorted(Problem.objects.values_list("pk", "title")),
        sorted(Cause.objects.values_list("pk", "text")),
        sorted(Note.objects.values_list("pk", "text", "kind")),
        Vote.objects.count(),
        ActionReview.objects.count(),
        sorted(d.participants.values_list("pk", "token_hash")),
    )


@pytest.mark.parametrize("who", ["outsider", "viewer"])
def test_outsider_and_viewer_get_404_on_every_discussion_url(full, who, request):
    client = client_for(request.getfixturevalue(who))
    before = snapshot(full)
    reads, writes = every_url(full)
    for url in reads:
        assert client.get(url).status_code == 404, url
    for url in writes:
        assert client.post(url, POST_DATA).status_code == 404, url
    assert snapshot(full) == before


def test_signed_out_visitor_is_sent_to_sign_in(full, client):
    before = snapshot(full)
    reads, writes = every_url(full)
    for url in reads + writes:
        response = client.post(url, POST_DATA) if url in writes else client.get(url)
        assert response.status_code == 302, url
        assert "/accounts/login/" in response["Location"]
    assert snapshot(full) == before


@pytest.mark.parametrize("role", ["facilitator", "admin", "owner"])
def test_analysts_reach_every_page(full, role, request):
    client = client_for(request.getfixturevalue(role))
    reads, _writes = every_url(full)
    for url in reads:
        response = client.get(url)
        # The ballot page sends an analyst who is not in the room to the discussion page.
        assert response.status_code in (200, 302), url


def test_a_viewer_in_the_room_votes_signed_in_but_sees_nothing_else(full, viewer, people):
    people[2].user = viewer
    people[2].save(update_fields=["user"])
    discussion = full["discussion"]
    client = client_for(viewer)
    assert client.get(durl("discussions-show-ballot", discussion)).status_code == 200
    assert client.get(durl("discussions-show-room", discussion)).status_code == 200
    assert client.get(durl("discussions-show-discussion", discussion)).status_code == 404
    key = f"f{full['item'].finding_id}"
    client.post(durl("discussions-add-vote", discussion), {"item": key})
    assert place(discussion, people[2]).votes.count() == 1
    # A viewer cannot choose problems from the results.
    response = client.post(durl("discussions-choose-problem", discussion), {"item": key})
    assert response.status_code == 404
    assert (
        b"Choose as a problem" not in client.get(durl("discussions-show-room", discussion)).content
    )


def test_ids_of_another_discussion_are_404(full, facilitator_client, facilitator):
    d = full["discussion"]
    other = actions.do_create_discussion(
        d.session, title="Second", held_on=HELD_ON, facilitator=facilitator
    )
    for name, kwargs in [
        ("discussions-edit-agenda-item", {"item_id": full["item"].pk}),
        ("discussions-delete-agenda-item", {"item_id": full["item"].pk}),
        ("discussions-edit-problem", {"problem_id": full["problem"].pk}),
        ("discussions-edit-note", {"note_id": full["note"].pk}),
        ("discussions-make-voting-link", {"participant_id": full["participant"].pk}),
    ]:
        url = durl(name, other, **kwargs)
        assert facilitator_client.get(url).status_code == 404, url
        assert facilitator_client.post(url, POST_DATA).status_code == 404, url
    url = durl(
        "discussions-edit-cause",
        d,
        problem_id=actions.do_create_problem(d, title="Another").pk,
        cause_id=full["cause"].pk,
    )
    assert facilitator_client.get(url).status_code == 404


def test_a_discussion_under_another_session_address_is_404(full, facilitator_client, framework):
    d = full["discussion"]
    other = LearningSession.objects.create(
        organization=d.session.organization,
        title="Autumn review",
        framework=framework,
        scale=framework.default_scale,
    )
    url = durl("discussions-show-discussion", d).replace(
        f"/sessions/{d.session_id}/", f"/sessions/{other.pk}/"
    )
    assert facilitator_client.get(url).status_code == 404


def test_an_action_of_another_organization_cannot_be_reviewed(
    full, facilitator_client, other_organization, outsider
):
    framework = make_framework(other_organization, key="theirs")
    theirs = LearningSession.objects.create(
        organization=other_organization,
        title="Their review",
        framework=framework,
        scale=framework.default_scale,
    )
    foreign = make_action(theirs, "Their action")
    url = durl("discussions-review-action", full["discussion"], action_id=foreign.pk)
    response = facilitator_client.post(url, {f"a{foreign.pk}-status": "done"})
    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.status == "planned"
    assert not ActionReview.objects.exists()


def test_an_unknown_voting_link_says_so_and_changes_nothing(full, client):
    before = snapshot(full)
    for url in ["/vote/not-a-real-token/", "/vote/not-a-real-token/room/"]:
        response = client.get(url)
        assert response.status_code == 404
        assert b"This voting link does not work" in response.content
    response = client.post("/vote/not-a-real-token/add/", {"item": f"f{full['item'].finding_id}"})
    assert response.status_code == 404
    assert snapshot(full) == before


def test_a_person_of_another_organization_cannot_be_put_in_the_room(full, other_organization):
    stranger = Person.objects.create(organization=other_organization, name="Stranger")
    d = full["discussion"]
    with pytest.raises(actions.DiscussionError, match="not one of the organization"):
        actions.do_update_discussion(
            d,
            title=d.title,
            held_on=d.held_on,
            facilitator=d.facilitator,
            participants=[stranger],
            votes_per_person=3,
        )
    assert not d.participants.filter(person=stranger).exists()
