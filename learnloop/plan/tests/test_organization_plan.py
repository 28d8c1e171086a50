"""The organization's plan view: every action across its learning sessions, filtered, sorted
by due date, overdue ones marked, as a page and as CSV."""

import csv
import io

import pytest
from django.urls import reverse

from conftest import client_for, make_framework
from learnloop.learning_sessions.models import LearningSession
from learnloop.organizations.models import Person
from learnloop.plan.models import ActionStatus
from learnloop.plan.queries import ACTIONS_PER_PAGE
from learnloop.plan.tests.conftest import days_from_today, make_action

URL = reverse("plan-list-actions", kwargs={"slug": "riverside"})


@pytest.fixture
def several(learning_session, other_session, people, proof_points, other_organization):
    """Five actions in two sessions of ours, and one of another organization."""
    actions = {
        "late": make_action(
            learning_session,
            "Late briefing",
            owner=people[0],
            due_on=days_from_today(-5),
            proof_points=[proof_points[2]],
        ),
        "soon": make_action(
            learning_session,
            "Soon minutes",
            owner=people[1],
            due_on=days_from_today(2),
            status=ActionStatus.IN_PROGRESS,
            proof_points=[proof_points[0]],
        ),
        "done": make_action(
            learning_session,
            "Done budget",
            owner=people[0],
            due_on=days_from_today(-10),
            status=ActionStatus.DONE,
            proof_points=[proof_points[1]],
        ),
        "undated": make_action(other_session, "Undated retreat", owner=people[2]),
        "dropped": make_action(
            other_session,
            "Dropped idea",
            due_on=days_from_today(40),
            status=ActionStatus.DROPPED,
            proof_points=[proof_points[0]],
        ),
    }
    framework = make_framework(other_organization, key="theirs")
    theirs = LearningSession.objects.create(
        organization=other_organization,
        title="Their session",
        framework=framework,
        scale=framework.default_scale,
    )
    make_action(theirs, "Their action", due_on=days_from_today(-1))
    return actions


def titles(response) -> list[str]:
    return [action.title for action in response.context["page"].object_list]


def test_lists_every_action_of_the_organization_soonest_due_first(several, viewer):
    response = client_for(viewer).get(URL)
    assert titles(response) == [
        "Done budget",
        "Late briefing",
        "Soon minutes",
        "Dropped idea",
        "Undated retreat",
    ]
    html = response.content.decode()
    assert "Their action" not in html
    assert html.count('<tr id="action-') == 5
    assert html.count('class="overdue"') == 1  # only the open late one
    assert "1 overdue" in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"status": "open"}, ["Late briefing", "Soon minutes", "Undated retreat"]),
        ({"status": "overdue"}, ["Late briefing"]),
        ({"status": "done"}, ["Done budget"]),
        ({"status": "dropped"}, ["Dropped idea"]),
        ({"module": "first"}, ["Done budget", "Soon minutes", "Dropped idea"]),
        ({"module": "second"}, ["Late briefing"]),
        ({"session": "other"}, ["Dropped idea", "Undated retreat"]),
        ({"owner": 0}, ["Done budget", "Late briefing"]),
        ({"owner": 0, "status": "open", "module": "second"}, ["Late briefing"]),
    ],
)
def test_filters(several, people, other_session, framework, viewer, query, expected):
    modules = {
        "first": framework.modules.get(position=0),
        "second": framework.modules.get(position=1),
    }
    values = dict(query)
    if "module" in values:
        values["module"] = modules[values["module"]].pk
    if "session" in values:
        values["session"] = other_session.pk
    if "owner" in values:
        values["owner"] = people[values["owner"]].pk
    response = client_for(viewer).get(URL, values)
    assert titles(response) == expected


def test_filters_naming_anything_of_another_organization_are_ignored(
    several, other_organization, viewer
):
    stranger = Person.objects.create(organization=other_organization, name="Stranger")
    their_session = LearningSession.objects.get(title="Their session")
    for query in [
        {"owner": stranger.pk},
        {"session": their_session.pk},
        {"module": their_session.framework.modules.first().pk},
        {"status": "finished"},
        {"owner": "abc"},
    ]:
        response = client_for(viewer).get(URL, query)
        assert len(titles(response)) == 5, query
        assert not response.context["filters"].any


def test_nothing_matching_says_so_and_offers_to_clear(several, viewer):
    response = client_for(viewer).get(URL, {"status": "overdue", "owner": several["soon"].owner.pk})
    html = response.content.decode()
    assert "No action matches these filters." in html
    assert "Clear the filters" in html


def test_no_actions_at_all_is_an_empty_state(organization, viewer):
    html = client_for(viewer).get(URL).content.decode()
    assert "No actions yet." in html
    assert "Download as CSV" not in html


def test_query_count_does_not_grow_with_actions(
    learning_session, other_session, people, proof_points, admin, django_assert_max_num_queries
):
    for i in range(30):
        make_action(
            learning_session if i % 2 else other_session,
            f"Action {i}",
            owner=people[i % 6],
            due_on=days_from_today(i - 10),
            proof_points=proof_points[: 1 + i % 2],
        )
    client = client_for(admin)
    # session, user, membership, the three filter option lists, count, totals, page, links
    with django_assert_max_num_queries(10):
        response = client.get(URL)
    assert len(titles(response)) == 30
    with django_assert_max_num_queries(8):
        client.get(URL, {"format": "csv"})


def test_long_plans_are_paged_keeping_the_filters(learning_session, admin):
    for i in range(ACTIONS_PER_PAGE + 3):
        make_action(learning_session, f"Action {i:03}", due_on=days_from_today(i))
    client = client_for(admin)
    first = client.get(URL, {"status": "open"})
    assert len(titles(first)) == ACTIONS_PER_PAGE
    assert "status=open&amp;page=2" in first.content.decode()
    second = client.get(URL, {"status": "open", "page": 2})
    assert titles(second) == [
        f"Action {i:03}" for i in range(ACTIONS_PER_PAGE, ACTIONS_PER_PAGE + 3)
    ]


def read_csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_csv_download_follows_the_filters(several, viewer):
    response = client_for(viewer).get(URL, {"status": "open", "format": "csv"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="riverside-improvement-plan.csv"' in response["Content-Disposition"]
    rows = read_csv(response)
    assert rows[0][:7] == [
        "Action id",
        "Title",
        "What will be done",
        "Status",
        "Due date",
        "Overdue",
        "Owner",
    ]
    assert [row[1] for row in rows[1:]] == ["Late briefing", "Soon minutes", "Undated retreat"]
    late = rows[1]
    assert late[3:7] == ["Planned", str(several["late"].due_on), "yes", "Person 1"]
    assert late[7] == "Spring review"
    assert late[9:11] == ["Module 2", "Proof point 2.1"]
    assert late[12].endswith(
        f"/o/riverside/sessions/{several['late'].session_id}/plan/{several['late'].pk}/"
    )


def test_csv_neutralizes_spreadsheet_formulas(learning_session, people, viewer):
    people[0].name = '=HYPERLINK("http://evil")'
    people[0].save()
    make_action(learning_session, "=1+1", description="@SUM(A1)", owner=people[0])
    row = read_csv(client_for(viewer).get(URL, {"format": "csv"}))[1]
    assert row[1] == "'=1+1"
    assert row[2] == "'@SUM(A1)"
    assert row[6] == '\'=HYPERLINK("http://evil")'


def test_the_page_offers_csv_with_the_current_filters(several, viewer):
    html = client_for(viewer).get(URL, {"status": "open"}).content.decode()
    assert "?status=open&amp;format=csv" in html


def test_reminder_button_only_for_administrators(several, viewer, facilitator, admin):
    assert "Send reminders now" not in client_for(viewer).get(URL).content.decode()
    assert "Send reminders now" not in client_for(facilitator).get(URL).content.decode()
    assert "Send reminders now" in client_for(admin).get(URL).content.decode()


def test_the_filter_form_works_with_and_without_javascript(several, viewer):
    html = client_for(viewer).get(URL).content.decode()
    assert 'method="get" class="plan-filters" hx-get' in html
    assert 'hx-select="#plan-actions"' in html
    assert '<button type="submit" class="secondary">Filter</button>' in html
