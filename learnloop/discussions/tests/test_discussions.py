"""Creating, editing, listing and deleting discussions, and the discussion page."""

import pytest

from conftest import client_for
from learnloop.discussions import actions
from learnloop.discussions.models import Discussion, Note, Vote
from learnloop.learning_sessions.models import Anonymity, Participant
from learnloop.organizations.models import Person
from learnloop.plan.models import Action

from .conftest import HELD_ON, durl, make_action, place, session_url


def form_data(**changes) -> dict:
    return {
        "title": "Spring discussion",
        "held_on": "2026-05-20",
        "facilitator": "",
        "votes_per_person": "4",
        **changes,
    }


def test_the_new_discussion_form_offers_the_session_participants(
    answered_session, facilitator_client, people
):
    page = facilitator_client.get(session_url("discussions-create-discussion", answered_session))
    form = page.context["form"]
    assert sorted(form.initial["participants"]) == sorted(person.pk for person in people)
    assert "The people invited to the learning session are ticked" in page.content.decode()


def test_an_anonymous_session_offers_nobody_by_default(
    learning_session, facilitator_client, groups
):
    learning_session.anonymity = Anonymity.ANONYMOUS
    learning_session.save(update_fields=["anonymity"])
    Participant.objects.create(session=learning_session, group=groups["Board"])
    page = facilitator_client.get(session_url("discussions-create-discussion", learning_session))
    assert page.context["form"].initial["participants"] == []


def test_creating_a_discussion(answered_session, facilitator_client, facilitator, people):
    data = form_data(facilitator=facilitator.pk, participants=[people[0].pk, people[3].pk])
    response = facilitator_client.post(
        session_url("discussions-create-discussion", answered_session), data
    )
    discussion = Discussion.objects.get()
    assert response["Location"] == durl("discussions-show-discussion", discussion)
    assert (discussion.title, discussion.held_on.isoformat()) == ("Spring discussion", "2026-05-20")
    assert discussion.facilitator == facilitator
    assert discussion.votes_per_person == 4
    assert sorted(discussion.participants.values_list("person__name", flat=True)) == [
        "Person 1",
        "Person 4",
    ]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": ""}, "This field is required."),
        ({"held_on": "not a date"}, "Enter a valid date."),
        ({"votes_per_person": "0"}, "greater than or equal to 1"),
        ({"votes_per_person": "50"}, "less than or equal to 20"),
        ({"facilitator": "999999"}, "Select a valid choice."),
        ({"participants": ["999999"]}, "Select a valid choice."),
    ],
)
def test_bad_input_is_refused_with_a_message(
    answered_session, facilitator_client, changes, message
):
    url = session_url("discussions-create-discussion", answered_session)
    response = facilitator_client.post(url, form_data(**changes))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Discussion.objects.exists()


def test_a_viewer_or_an_outsider_cannot_be_the_facilitator(
    answered_session, facilitator_client, viewer, outsider, other_organization
):
    url = session_url("discussions-create-discussion", answered_session)
    for user in (viewer, outsider):
        response = facilitator_client.post(url, form_data(facilitator=user.pk))
        assert "Select a valid choice." in response.content.decode()
    with pytest.raises(actions.DiscussionError, match="must be a facilitator"):
        actions.do_create_discussion(
            answered_session, title="X", held_on=HELD_ON, facilitator=viewer
        )
    assert not Discussion.objects.exists()


def test_a_person_of_another_organization_is_not_offered(
    answered_session, facilitator_client, other_organization
):
    stranger = Person.objects.create(organization=other_organization, name="Stranger")
    url = session_url("discussions-create-discussion", answered_session)
    assert "Stranger" not in facilitator_client.get(url).content.decode()
    response = facilitator_client.post(url, form_data(participants=[stranger.pk]))
    assert response.status_code == 400
    assert not Discussion.objects.exists()


def test_editing_a_discussion(discussion, facilitator_client, people, admin):
    url = durl("discussions-edit-discussion", discussion)
    assert facilitator_client.get(url).context["form"].initial["participants"]
    data = form_data(title="Renamed", facilitator=admin.pk, participants=[people[5].pk])
    assert facilitator_client.post(url, data).status_code == 302
    discussion.refresh_from_db()
    assert (discussion.title, discussion.facilitator, discussion.votes_per_person) == (
        "Renamed",
        admin,
        4,
    )
    assert list(discussion.participants.values_list("person__name", flat=True)) == ["Person 6"]


def test_deleting_asks_first_then_keeps_the_actions(drafted, facilitator_client, people):
    problem = actions.do_create_problem(drafted, title="Budget")
    action = make_action(drafted.session, "Publish the budget", problem=problem)
    actions.do_add_note(drafted, None, kind="note", text="Said")
    actions.do_add_vote(
        place(drafted, people[1]), f"f{drafted.agenda.get(section='problems').finding_id}"
    )
    url = durl("discussions-delete-discussion", drafted)
    confirm = facilitator_client.get(url).content.decode()
    assert "Actions in the improvement plan stay" in confirm
    assert Discussion.objects.exists()
    response = facilitator_client.post(url)
    assert response["Location"] == session_url("discussions-list-discussions", drafted.session)
    assert not Discussion.objects.exists()
    assert not Vote.objects.exists()
    assert not Note.objects.exists()
    action.refresh_from_db()
    assert Action.objects.filter(pk=action.pk).exists()
    assert action.problem is None


def test_the_list_shows_each_discussion_in_a_fixed_number_of_queries(
    answered_session, facilitator, facilitator_client, people, django_assert_max_num_queries
):
    for i in range(5):
        actions.do_create_discussion(
            answered_session,
            title=f"Discussion {i}",
            held_on=HELD_ON,
            facilitator=facilitator,
            participants=people[:i],
        )
    url = session_url("discussions-list-discussions", answered_session)
    facilitator_client.get(url)
    with django_assert_max_num_queries(6):
        response = facilitator_client.get(url)
    text = response.content.decode()
    assert all(f"Discussion {i}" in text for i in range(5))


def test_the_list_says_when_there_is_none(answered_session, facilitator_client):
    page = facilitator_client.get(session_url("discussions-list-discussions", answered_session))
    assert "No discussion yet." in page.content.decode()


def test_the_discussion_page_costs_a_fixed_number_of_queries(
    drafted, facilitator_client, people, django_assert_max_num_queries
):
    def add_more(first, last):
        for i in range(first, last + 1):
            problem = actions.do_create_problem(drafted, title=f"Problem {i}")
            actions.do_save_whys(problem, ["One", "Two"])
            actions.do_add_cause(problem, category="tools", text=f"Cause {i}")
            make_action(drafted.session, f"Action {i}", problem=problem)
            actions.do_add_note(drafted, None, kind="note", text=f"Note {i}")

    add_more(1, 1)
    url = durl("discussions-show-discussion", drafted)
    facilitator_client.get(url)
    with django_assert_max_num_queries(30) as few:
        facilitator_client.get(url)
    add_more(2, 5)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = facilitator_client.get(url)
    text = response.content.decode()
    assert "Problem 5" in text
    assert "Note 5" in text
    assert "Action 5" in text


def test_the_session_page_links_to_the_discussions(answered_session, facilitator):
    from django.urls import reverse

    url = reverse(
        "sessions-show-session",
        kwargs={"slug": answered_session.organization.slug, "session_id": answered_session.pk},
    )
    page = client_for(facilitator).get(url).content.decode()
    assert session_url("discussions-list-discussions", answered_session) in page
