"""`learnloop demo`: what it loads, that it loads it once, what it prints, and serving."""

import datetime
import io
import re
from unittest import mock

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from learnloop.accounts.models import User
from learnloop.demo import content
from learnloop.demo.management.commands.demo import base_url
from learnloop.discussions.actions import do_create_discussion
from learnloop.discussions.models import (
    AgendaItem,
    Cause,
    Discussion,
    DiscussionParticipant,
    Note,
    Problem,
    Vote,
    Why,
)
from learnloop.learning_sessions.models import (
    Answer,
    LearningSession,
    LinkKind,
    Participant,
    ParticipantLink,
)
from learnloop.organizations.models import Group, Membership, Organization, Person
from learnloop.plan.actions import do_create_action
from learnloop.plan.models import Action, ActionReview, ProgressNote

LINK = re.compile(r"^Participant link: http://127\.0\.0\.1:8000(/s/[^/\s]+/)$", re.MULTILINE)


def run_demo(**options) -> str:
    out = io.StringIO()
    call_command("demo", no_serve=True, stdout=out, **options)
    return out.getvalue()


def snapshot() -> dict:
    """Everything the demo writes, as counts and the answers themselves."""
    return {
        "organizations": Organization.objects.count(),
        "users": User.objects.count(),
        "memberships": sorted(Membership.objects.values_list("user__email", "role")),
        "groups": Group.objects.count(),
        "people": Person.objects.count(),
        "sessions": sorted(LearningSession.objects.values_list("title", "state")),
        "participants": Participant.objects.count(),
        "submitted": Participant.objects.filter(submitted_at__isnull=False).count(),
        "answers": sorted(
            Answer.objects.values_list(
                "session__title",
                "participant__person__email",
                "proof_point__key",
                "code",
                "comment",
            )
        ),
        "rounds": sorted(
            LearningSession.objects.filter(previous_round__isnull=False).values_list(
                "title", "previous_round__title"
            )
        ),
        "discussions": sorted(
            Discussion.objects.values_list("session__title", "title", "held_on", "voting_open")
        ),
        "in the room": DiscussionParticipant.objects.count(),
        "agenda": sorted(AgendaItem.objects.values_list("discussion__title", "section", "title")),
        "votes": sorted(Vote.objects.values_list("participant__person__name", "proof_point__key")),
        "problems": sorted(Problem.objects.values_list("title", "proof_points__key")),
        "whys": sorted(Why.objects.values_list("problem__title", "step", "text")),
        "causes": sorted(Cause.objects.values_list("problem__title", "category", "text")),
        "notes": sorted(Note.objects.values_list("discussion__title", "kind", "text")),
        "actions": sorted(
            Action.objects.values_list("title", "status", "due_on", "owner__name", "problem__title")
        ),
        "progress notes": sorted(
            ProgressNote.objects.values_list("action__title", "status", "text")
        ),
        "reviews": sorted(ActionReview.objects.values_list("action__title", "status", "note")),
    }


def closed_session() -> LearningSession:
    return LearningSession.objects.get(title=content.CLOSED_SESSION.title)


@pytest.mark.django_db
def test_loading_the_demo_twice_leaves_exactly_the_same_data():
    run_demo()
    before = snapshot()
    output = run_demo()
    assert snapshot() == before
    assert "already loaded" in output


@pytest.mark.django_db
def test_an_existing_demo_is_left_as_it_is_and_reset_loads_it_afresh():
    run_demo()
    before = snapshot()
    Person.objects.filter(name="Chloe Bennett").update(name="Chloe Bennett-Shaw")
    run_demo()
    assert Person.objects.filter(name="Chloe Bennett-Shaw").exists()
    output = run_demo(reset=True)
    assert "Loaded the demo organization" in output
    assert not Person.objects.filter(name="Chloe Bennett-Shaw").exists()
    after = snapshot()
    assert after == before


@pytest.mark.django_db
def test_demo_prints_the_logins_and_a_participant_link_that_opens_the_survey():
    output = run_demo()
    lines = output.splitlines()
    assert "Administrator: admin@example.org" in lines
    assert "Password: learnloop-demo" in lines
    assert "Open http://127.0.0.1:8000/" in lines
    path = LINK.search(output).group(1)
    response = Client().get(path)
    assert response.status_code == 200
    assert "Programs check-in" in response.text


@pytest.mark.django_db
def test_demo_prints_one_line_for_each_page_of_the_cycle_and_each_opens(monkeypatch):
    monkeypatch.setenv("PORT", "8123")
    output = run_demo()
    client = Client()
    assert client.login(email="admin@example.org", password="learnloop-demo")
    for label, expected in [
        ("Discussion record", "Away day: what the health review told us"),
        ("Improvement plan", "A one-page budget report for every budget holder each month"),
        ("Round comparison", "Organizational health review 2026, round 2"),
    ]:
        found = re.search(rf"^{label}: http://127\.0\.0\.1:8123(/o/\S+/)$", output, re.MULTILINE)
        assert found, label
        response = client.get(found.group(1))
        assert response.status_code == 200, label
        assert expected in response.text, label
    # The same pages again on a second run, once each.
    again = run_demo()
    assert [line.split(":")[0] for line in again.splitlines()[-5:]] == [
        "Participant link",
        "Discussion record",
        "Improvement plan",
        "Round comparison",
        "Open http",
    ]


@pytest.mark.django_db
def test_an_earlier_demo_without_the_cycle_prints_only_the_plan():
    run_demo()
    Discussion.objects.all().delete()
    LearningSession.objects.filter(previous_round__isnull=False).delete()
    output = run_demo()
    assert "Improvement plan: http://127.0.0.1:8000/o/riverside-demo/plan/" in output.splitlines()
    assert "Discussion record" not in output
    assert "Round comparison" not in output


@pytest.mark.django_db
def test_each_run_issues_a_new_link_and_the_previous_one_keeps_working():
    first = LINK.search(run_demo()).group(1)
    second = LINK.search(run_demo()).group(1)
    assert first != second
    assert Client().get(second).status_code == 200
    assert Client().get(first).status_code == 200
    links = ParticipantLink.objects.filter(
        participant__person__name=content.OPEN_SESSION.link_for,
        participant__session__title=content.OPEN_SESSION.title,
    )
    assert list(links.values_list("kind", flat=True)) == [LinkKind.DEMO, LinkKind.DEMO]


@pytest.mark.django_db
def test_printed_addresses_follow_port_and_host(monkeypatch):
    monkeypatch.setenv("PORT", "8123")
    output = run_demo()
    assert "Open http://127.0.0.1:8123/" in output.splitlines()
    assert re.search(r"^Participant link: http://127\.0\.0\.1:8123/s/", output, re.MULTILINE)
    output = run_demo(port=9001, host="localhost")
    assert "Open http://localhost:9001/" in output.splitlines()


@pytest.mark.django_db
def test_a_changed_administrator_password_is_not_printed_as_working():
    run_demo()
    admin = User.objects.get(email="admin@example.org")
    admin.set_password("someone changed it")
    admin.save(update_fields=["password"])
    output = run_demo()
    assert "Password: learnloop-demo" not in output.splitlines()
    assert "--reset" in output
    run_demo(reset=True)
    assert Client().login(email="admin@example.org", password="learnloop-demo")


@pytest.mark.django_db
def test_demo_refuses_an_organization_that_already_uses_its_short_name():
    Organization.objects.create(name="Riverside Demo Choir", slug=content.ORGANIZATION_SLUG)
    with pytest.raises(CommandError, match="Riverside Demo Choir"):
        run_demo()
    with pytest.raises(CommandError):
        run_demo(reset=True)
    assert Organization.objects.get().name == "Riverside Demo Choir"
    assert not Person.objects.exists()


def test_demo_serves_on_the_chosen_host_port_and_workers_after_loading(db, monkeypatch):
    monkeypatch.setenv("PORT", "8765")
    with mock.patch("learnloop.demo.management.commands.demo.run_gunicorn") as serve:
        call_command("demo", stdout=io.StringIO())
        serve.assert_called_once_with(host="127.0.0.1", port=8765, workers=2)
        serve.reset_mock()
        everywhere = "0.0.0.0"  # noqa: S104 (never bound: the server is a mock)
        call_command(
            "demo", "--host", everywhere, "--port", "9000", "--workers", "3", stdout=io.StringIO()
        )
        serve.assert_called_once_with(host=everywhere, port=9000, workers=3)
    assert Organization.objects.count() == 1


def test_no_serve_does_not_start_the_server(db):
    with mock.patch("learnloop.demo.management.commands.demo.run_gunicorn") as serve:
        run_demo()
    serve.assert_not_called()


@pytest.mark.parametrize(
    ("host", "port", "expected"),
    [
        ("127.0.0.1", 8000, "http://127.0.0.1:8000"),
        ("localhost", 8080, "http://localhost:8080"),
        ("0.0.0.0", 8000, "http://127.0.0.1:8000"),  # noqa: S104
        ("::", 8000, "http://127.0.0.1:8000"),
        ("::1", 8000, "http://[::1]:8000"),
    ],
)
def test_base_url_is_what_a_browser_on_this_machine_opens(host, port, expected):
    assert base_url(host, port) == expected


@pytest.mark.django_db
def test_the_cycle_never_reaches_into_another_organization(learning_session, people, owner):
    """Another organization with its own open action and discussion, and the same administrator
    account as the demo: the demo's rounds, discussions, votes, plan and reviews stay its own."""
    theirs = learning_session.organization
    their_action = do_create_action(
        learning_session, owner, title="Their action", owner=people[0], due_on=None
    )
    their_discussion = do_create_discussion(
        learning_session,
        title="Their discussion",
        held_on=datetime.date(2026, 1, 5),
        facilitator=owner,
        participants=people[:3],
    )
    run_demo()
    demo = Organization.objects.get(slug=content.ORGANIZATION_SLUG)
    assert list(Discussion.objects.filter(session__organization=theirs)) == [their_discussion]
    assert list(Action.objects.filter(organization=theirs)) == [their_action]
    assert not their_action.reviews.exists()
    assert not LearningSession.objects.filter(previous_round=learning_session).exists()
    assert not LearningSession.objects.filter(
        organization=demo, previous_round__organization=theirs
    )
    ours = {
        "sessions": LearningSession.objects.filter(organization=demo),
        "people": Person.objects.filter(organization=demo),
    }
    discussions = Discussion.objects.filter(session__organization=demo)
    assert not DiscussionParticipant.objects.filter(discussion__in=discussions).exclude(
        person__in=ours["people"]
    )
    assert not Vote.objects.filter(discussion__in=discussions).exclude(
        proof_point__module__framework__organization=demo
    )
    assert not Problem.objects.filter(discussion__in=discussions).exclude(
        proof_points__module__framework__organization=demo
    )
    actions = Action.objects.filter(session__in=ours["sessions"])
    assert actions.count() == Action.objects.filter(organization=demo).count() == 7
    assert not actions.exclude(owner__in=ours["people"])
    assert not actions.exclude(problem__discussion__in=discussions)
    assert not ActionReview.objects.filter(discussion__in=discussions).exclude(action__in=actions)
