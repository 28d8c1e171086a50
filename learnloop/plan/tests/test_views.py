"""The plan of a learning session and its action pages, through the client: who may see and
do what, what each page shows and changes, and ids that belong elsewhere."""

import pytest
from django.urls import reverse

from conftest import client_for, make_framework
from learnloop.discussions.models import Discussion
from learnloop.frameworks.models import ProofPoint
from learnloop.organizations.models import Person
from learnloop.plan.models import Action, ActionReview, ActionStatus, ProgressNote
from learnloop.plan.tests.conftest import (
    days_from_today,
    make_action,
    make_problem,
    make_round,
    plan_url,
)

ACTION_WRITES = [
    "plan-edit-action",
    "plan-delete-action",
    "plan-change-status",
    "plan-add-note",
]


def read_urls(session, action) -> list[str]:
    return [
        plan_url("plan-show-plan", session),
        plan_url("plan-show-action", session, action_id=action.pk),
        reverse("plan-list-actions", kwargs={"slug": session.organization.slug}),
    ]


def write_urls(session, action) -> list[str]:
    return [
        plan_url("plan-create-action", session),
        *[plan_url(name, session, action_id=action.pk) for name in ACTION_WRITES],
    ]


POST_DATA = {"title": "Tampered", "status": "done", "text": "Tampered note"}


def snapshot(action) -> tuple:
    action.refresh_from_db()
    return (
        action.title,
        action.status,
        Action.objects.count(),
        ProgressNote.objects.count(),
    )


def test_outsider_gets_404_on_every_plan_url(learning_session, action, outsider):
    client = client_for(outsider)
    before = snapshot(action)
    for url in read_urls(learning_session, action):
        assert client.get(url).status_code == 404, url
        assert client.post(url, POST_DATA).status_code in (404, 405), url  # read-only pages
    for url in write_urls(learning_session, action):
        assert client.get(url).status_code in (404, 405), url
        assert client.post(url, POST_DATA).status_code == 404, url
    assert (
        client.post(reverse("plan-send-reminders", kwargs={"slug": "riverside"})).status_code == 404
    )
    assert snapshot(action) == before


def test_viewer_reads_the_plan_but_gets_404_on_every_change(learning_session, action, viewer):
    client = client_for(viewer)
    before = snapshot(action)
    for url in read_urls(learning_session, action):
        assert client.get(url).status_code == 200, url
    for url in write_urls(learning_session, action):
        assert client.get(url).status_code in (404, 405), url
        assert client.post(url, POST_DATA).status_code == 404, url
    assert snapshot(action) == before
    page = client.get(plan_url("plan-show-plan", learning_session)).content.decode()
    assert "Publish the minutes" in page
    assert "Add an action" not in page
    assert "Change status" not in page


def test_signed_out_visitor_is_sent_to_sign_in(client, learning_session, action):
    for url in [*read_urls(learning_session, action), *write_urls(learning_session, action)]:
        response = client.get(url)
        assert response.status_code in (302, 405), url
        if response.status_code == 302:
            assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("role", ["facilitator", "admin", "owner"])
def test_analysts_see_every_page(learning_session, action, role, request):
    client = client_for(request.getfixturevalue(role))
    reads = [
        *read_urls(learning_session, action),
        plan_url("plan-create-action", learning_session),
        plan_url("plan-edit-action", learning_session, action_id=action.pk),
        plan_url("plan-delete-action", learning_session, action_id=action.pk),
    ]
    for url in reads:
        assert client.get(url).status_code == 200, url


def test_an_action_is_only_reachable_through_its_own_session(
    learning_session, other_session, action, admin
):
    client = client_for(admin)
    before = snapshot(action)
    assert (
        client.get(plan_url("plan-show-action", other_session, action_id=action.pk)).status_code
        == 404
    )
    for name in ACTION_WRITES:
        url = plan_url(name, other_session, action_id=action.pk)
        assert client.get(url).status_code in (404, 405), url
        assert client.post(url, POST_DATA).status_code == 404, url
    assert snapshot(action) == before


def test_session_page_links_the_plan(learning_session, facilitator):
    url = reverse(
        "sessions-show-session", kwargs={"slug": "riverside", "session_id": learning_session.pk}
    )
    page = client_for(facilitator).get(url).content.decode()
    assert plan_url("plan-show-plan", learning_session) in page
    assert reverse("plan-list-actions", kwargs={"slug": "riverside"}) in page  # the nav


def test_empty_plan_says_where_actions_come_from(learning_session, facilitator):
    page = client_for(facilitator).get(plan_url("plan-show-plan", learning_session))
    assert "No actions yet" in page.content.decode()
    assert "Add the first action" in page.content.decode()


def test_plan_lists_actions_with_owner_due_date_status_and_overdue_mark(
    learning_session, people, proof_points, facilitator
):
    make_action(learning_session, "Late one", owner=people[0], due_on=days_from_today(-3))
    make_action(
        learning_session,
        "Finished late",
        status=ActionStatus.DONE,
        due_on=days_from_today(-3),
        proof_points=proof_points[:1],
    )
    page = client_for(facilitator).get(plan_url("plan-show-plan", learning_session))
    actions = page.context["plan"].actions
    assert [a.title for a in actions] == ["Late one", "Finished late"]
    assert [a.is_overdue for a in actions] == [True, False]
    html = page.content.decode()
    assert "Owner: Person 1" in html
    assert html.count('class="badge overdue"') == 2  # the summary and the late action


def test_plan_of_a_round_carries_over_the_open_actions_of_earlier_rounds(
    learning_session, facilitator
):
    make_action(learning_session, "Still going", status=ActionStatus.IN_PROGRESS)
    make_action(learning_session, "Done already", status=ActionStatus.DONE)
    second = make_round(learning_session)
    make_action(second, "New this round")
    page = client_for(facilitator).get(plan_url("plan-show-plan", second))
    plan = page.context["plan"]
    assert [a.title for a in plan.actions] == ["New this round"]
    assert [a.title for a in plan.carried_over] == ["Still going"]
    html = page.content.decode()
    assert "Carried over from earlier rounds" in html
    assert "from “Spring review”" in html
    # The carried-over action links to its own session's page.
    carried = plan.carried_over[0]
    assert plan_url("plan-show-action", learning_session, action_id=carried.pk) in html


def test_plan_page_query_count_does_not_grow_with_actions(
    learning_session, people, proof_points, facilitator, django_assert_max_num_queries
):
    previous = make_round(learning_session, "Earlier")
    learning_session.previous_round = previous
    learning_session.save(update_fields=["previous_round"])
    for i in range(12):
        session = learning_session if i % 3 else previous
        action = make_action(
            session, f"Action {i}", owner=people[i % 6], proof_points=proof_points[: i % 4]
        )
        ProgressNote.objects.create(action=action, text="Going")
    client = client_for(facilitator)
    # session, user, membership, learning session, rounds, own actions and their proof points,
    # carried-over actions and theirs, problems without an action
    with django_assert_max_num_queries(10):
        response = client.get(plan_url("plan-show-plan", learning_session))
    assert len(response.context["plan"].actions) == 8
    assert len(response.context["plan"].carried_over) == 4


def post_action(client, session, **data):
    values = {"title": "Run risk briefings for staff", "description": "", "due_on": ""}
    return client.post(plan_url("plan-create-action", session), {**values, **data})


def test_create_action_through_the_form(learning_session, people, proof_points, facilitator):
    response = post_action(
        client_for(facilitator),
        learning_session,
        owner=people[3].pk,
        due_on="2031-03-31",
        proof_points=[proof_points[2].pk, proof_points[3].pk],
    )
    action = Action.objects.get()
    assert response.status_code == 302
    assert response["Location"] == plan_url(
        "plan-show-action", learning_session, action_id=action.pk
    )
    assert action.owner == people[3]
    assert str(action.due_on) == "2031-03-31"
    assert set(action.proof_points.all()) == set(proof_points[2:4])
    assert action.created_by == facilitator


def test_create_form_offers_the_sessions_proof_points_and_the_organizations_people(
    other_session, people, other_organization, facilitator
):
    Person.objects.create(organization=other_organization, name="Someone Elsewhere")
    page = client_for(facilitator).get(plan_url("plan-create-action", other_session))
    html = page.content.decode()
    assert "Proof point 1.1" in html
    assert "Proof point 1.2" in html
    assert "Proof point 2.1" not in html  # other_session has module 1 only
    assert "Person 6" in html
    assert "Someone Elsewhere" not in html


def test_create_action_starting_from_a_discussion_problem(
    learning_session, problem, proof_points, facilitator
):
    client = client_for(facilitator)
    url = plan_url("plan-create-action", learning_session) + f"?problem={problem.pk}"
    form = client.get(url).context["form"]
    assert form.initial["title"] == "Staff hear about risks last"
    assert form.initial["problem"] == problem.pk
    assert form.initial["proof_points"] == [pp.pk for pp in proof_points[2:4]]
    html = client.get(url).content.decode()
    assert f'value="{proof_points[2].pk}" checked' in html
    post_action(
        client,
        learning_session,
        title=problem.title,
        problem=problem.pk,
        proof_points=[pp.pk for pp in proof_points[2:4]],
    )
    assert Action.objects.get().problem == problem


def test_a_problem_of_another_session_is_refused(learning_session, other_session, facilitator):
    elsewhere = make_problem(other_session)
    client = client_for(facilitator)
    for tampered in [elsewhere.pk, 999999, "abc"]:
        url = plan_url("plan-create-action", learning_session) + f"?problem={tampered}"
        response = client.get(url, follow=True)
        assert "not chosen in a discussion of this learning session" in response.content.decode()
    response = post_action(client, learning_session, problem=elsewhere.pk)
    assert response.status_code == 400
    assert "not chosen in a discussion of this learning session" in response.content.decode()
    assert not Action.objects.exists()


def test_tampered_owner_or_proof_point_is_refused_with_a_clear_message(
    other_session, proof_points, other_organization, facilitator
):
    client = client_for(facilitator)
    stranger = Person.objects.create(organization=other_organization, name="Stranger")
    response = post_action(client, other_session, owner=stranger.pk)
    assert response.status_code == 400
    assert "one of this organization&#x27;s people" in response.content.decode()
    foreign = ProofPoint.objects.filter(module__framework=make_framework(other_organization))
    for tampered in [proof_points[2].pk, foreign.first().pk, "x"]:
        response = post_action(client, other_session, proof_points=[tampered])
        assert response.status_code == 400
        assert "not a proof point of this learning session" in response.content.decode()
    assert not Action.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"title": ""}, "This field is required"),
        ({"due_on": "next Tuesday"}, "Enter the due date as a date"),
    ],
)
def test_bad_input_gets_a_message_and_creates_nothing(learning_session, facilitator, data, message):
    response = post_action(client_for(facilitator), learning_session, **data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Action.objects.exists()


def test_edit_action(learning_session, action, people, facilitator):
    url = plan_url("plan-edit-action", learning_session, action_id=action.pk)
    client = client_for(facilitator)
    assert client.get(url).context["form"].initial["owner"] == people[0].pk
    response = client.post(
        url, {"title": "Minutes within a week", "owner": people[2].pk, "due_on": "2031-01-15"}
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.title, action.owner, str(action.due_on)) == (
        "Minutes within a week",
        people[2],
        "2031-01-15",
    )
    assert list(action.proof_points.all()) == []


def test_edit_with_a_tampered_owner_changes_nothing(
    learning_session, action, other_organization, facilitator
):
    stranger = Person.objects.create(organization=other_organization, name="Stranger")
    url = plan_url("plan-edit-action", learning_session, action_id=action.pk)
    response = client_for(facilitator).post(url, {"title": "Changed", "owner": stranger.pk})
    assert response.status_code == 400
    action.refresh_from_db()
    assert action.title == "Publish the minutes"


def test_delete_asks_first_then_deletes(learning_session, action, facilitator):
    ProgressNote.objects.create(action=action, text="Started")
    client = client_for(facilitator)
    url = plan_url("plan-delete-action", learning_session, action_id=action.pk)
    page = client.get(url).content.decode()
    assert "Delete “Publish the minutes”?" in page
    assert "1 progress note" in page
    assert Action.objects.exists()
    response = client.post(url)
    assert response["Location"] == plan_url("plan-show-plan", learning_session)
    assert not Action.objects.exists()


def test_change_status_from_the_plan_and_from_the_action(learning_session, action, facilitator):
    client = client_for(facilitator)
    url = plan_url("plan-change-status", learning_session, action_id=action.pk)
    response = client.post(url, {"status": "in_progress", "back": "plan"})
    assert response["Location"].endswith(f"/plan/#action-{action.pk}")
    assert Action.objects.get().status == ActionStatus.IN_PROGRESS
    response = client.post(url, {"status": "done"})
    assert response["Location"] == plan_url(
        "plan-show-action", learning_session, action_id=action.pk
    )
    assert Action.objects.get().status == ActionStatus.DONE
    response = client.post(url, {"status": "finished"}, follow=True)
    assert "Choose planned, in progress, done or dropped." in response.content.decode()
    assert Action.objects.get().status == ActionStatus.DONE


def test_change_status_needs_post(learning_session, action, facilitator):
    url = plan_url("plan-change-status", learning_session, action_id=action.pk)
    assert client_for(facilitator).get(url).status_code == 405


def test_add_progress_note_with_a_status_change(learning_session, action, facilitator):
    client = client_for(facilitator)
    url = plan_url("plan-add-note", learning_session, action_id=action.pk)
    response = client.post(url, {"text": "Template agreed.", "status": "in_progress"})
    assert response.status_code == 302
    note = ProgressNote.objects.get()
    assert (note.text, note.status, note.author) == ("Template agreed.", "in_progress", facilitator)
    assert Action.objects.get().status == ActionStatus.IN_PROGRESS
    page = client.get(plan_url("plan-show-action", learning_session, action_id=action.pk))
    assert "Template agreed." in page.content.decode()
    assert "status now In progress" in page.content.decode()


def test_empty_progress_note_is_refused_and_keeps_the_page(learning_session, action, facilitator):
    url = plan_url("plan-add-note", learning_session, action_id=action.pk)
    response = client_for(facilitator).post(url, {"text": "  ", "status": "done"})
    assert response.status_code == 400
    assert "a progress note cannot be empty" in response.content.decode()
    assert not ProgressNote.objects.exists()
    assert Action.objects.get().status == ActionStatus.PLANNED


def test_action_page_shows_notes_and_reviews_escaped(learning_session, action, viewer, admin):
    ProgressNote.objects.create(action=action, text="<script>alert(1)</script>", author=admin)
    discussion = Discussion.objects.create(
        session=learning_session, title="Autumn discussion", held_on=days_from_today(-1)
    )
    ActionReview.objects.create(
        action=action, discussion=discussion, status="in_progress", note="Halfway there."
    )
    html = (
        client_for(viewer)
        .get(plan_url("plan-show-action", learning_session, action_id=action.pk))
        .content.decode()
    )
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)" not in html
    assert "Autumn discussion" in html
    assert "Halfway there." in html
    assert "Proof point 1.1" in html


def test_action_page_query_count(learning_session, action, admin, django_assert_max_num_queries):
    for i in range(10):
        ProgressNote.objects.create(action=action, text=f"Note {i}", author=admin)
    client = client_for(admin)
    # session, user, membership, learning session, action, proof points, notes, reviews
    with django_assert_max_num_queries(8):
        assert (
            client.get(
                plan_url("plan-show-action", learning_session, action_id=action.pk)
            ).status_code
            == 200
        )


def test_plan_offers_problems_no_action_addresses_yet(learning_session, problem, facilitator):
    other = make_problem(learning_session, "Budget lines are unclear")
    make_action(learning_session, "Explain the budget", problem=other)
    page = client_for(facilitator).get(plan_url("plan-show-plan", learning_session))
    assert page.context["plan"].problems_without_action == [problem]
    html = page.content.decode()
    assert "Problems without an action yet" in html
    assert f"/plan/new/?problem={problem.pk}" in html


def test_plan_links_the_discussions_and_the_comparison_with_the_previous_round(
    learning_session, facilitator, viewer
):
    second = make_round(learning_session)
    discussions = plan_url("discussions-list-discussions", second)
    compare = plan_url("rounds-show-comparison", second)
    html = client_for(facilitator).get(plan_url("plan-show-plan", second)).content.decode()
    assert f'href="{discussions}"' in html
    assert f'href="{compare}"' in html
    # A viewer reads the comparison but not the discussions; a first round compares with nothing.
    html = client_for(viewer).get(plan_url("plan-show-plan", second)).content.decode()
    assert discussions not in html
    assert f'href="{compare}"' in html
    first = client_for(facilitator).get(plan_url("plan-show-plan", learning_session))
    assert "rounds/compare" not in first.content.decode()
