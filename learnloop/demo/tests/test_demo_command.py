"""`learnloop demo`: what it loads, that it loads it once, what it prints, and serving."""

import io
import re
from unittest import mock

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Avg
from django.test import Client

from learnloop.accounts.models import User
from learnloop.demo import content
from learnloop.demo.management.commands.demo import base_url
from learnloop.learning_sessions.models import Answer, LearningSession, Participant, State
from learnloop.organizations.models import Group, Membership, Organization, Person, Role

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
                "participant__person__email", "proof_point__key", "code", "comment"
            )
        ),
    }


def closed_session() -> LearningSession:
    return LearningSession.objects.get(title=content.CLOSED_SESSION.title)


@pytest.mark.django_db
def test_demo_loads_people_in_groups_and_a_closed_and_an_open_session():
    run_demo()
    organization = Organization.objects.get(slug=content.ORGANIZATION_SLUG)
    assert organization.people.count() == 24
    assert {g.name: g.people.count() for g in organization.groups.all()} == {
        "Board": 5,
        "Executive team": 4,
        "Managers": 6,
        "Staff": 9,
    }
    sessions = dict(organization.learning_sessions.values_list("title", "state"))
    assert sessions == {
        "Organizational health review 2026": State.CLOSED,
        "Programs check-in": State.OPEN,
    }
    closed = closed_session()
    assert closed.anonymity == "confidential"
    assert closed.min_group_size == 3
    assert sorted(closed.modules.values_list("key", flat=True)) == [
        "culture",
        "financial-health",
        "leadership",
    ]
    # Everyone answered every proof point of the three modules; all but two submitted.
    proof_points = sum(m.proof_points.count() for m in closed.modules.all())
    assert closed.answers.count() == 24 * proof_points
    assert closed.participants.filter(submitted_at__isnull=False).count() == 22
    opened = LearningSession.objects.get(title=content.OPEN_SESSION.title)
    assert opened.participants.filter(started_at__isnull=True).count() == 10
    assert opened.participants.filter(submitted_at__isnull=False).count() == 2
    assert 0 < opened.answers.count() < opened.participants.count() * 13


@pytest.mark.django_db
def test_demo_gives_the_administrator_and_facilitator_their_roles():
    run_demo()
    roles = dict(
        Membership.objects.filter(organization__slug=content.ORGANIZATION_SLUG).values_list(
            "user__email", "role"
        )
    )
    assert roles == {"admin@example.org": Role.OWNER, "facilitator@example.org": Role.FACILITATOR}
    assert Client().login(email="admin@example.org", password="learnloop-demo")
    assert Client().login(email="facilitator@example.org", password="learnloop-demo")


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
def test_each_run_issues_a_new_link_and_the_previous_one_stops_working():
    first = LINK.search(run_demo()).group(1)
    second = LINK.search(run_demo()).group(1)
    assert first != second
    assert Client().get(second).status_code == 200
    assert Client().get(first).status_code != 200


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


@pytest.mark.django_db
def test_the_board_rates_the_gap_proof_points_far_higher_than_the_staff():
    run_demo()
    session = closed_session()
    for module, key in content.GAP_PROOF_POINTS:
        averages = dict(
            Answer.objects.filter(
                session=session, proof_point__module__key=module, proof_point__key=key, code__gt=0
            )
            .values_list("group__name")
            .annotate(average=Avg("code"))
        )
        assert averages["Board"] - averages["Staff"] >= 1.5, (key, averages)


@pytest.mark.django_db
def test_some_proof_points_show_agreement_and_others_a_split():
    run_demo()
    session = closed_session()

    def codes(module: str, key: str) -> list[int]:
        return list(
            Answer.objects.filter(
                session=session, proof_point__module__key=module, proof_point__key=key, code__gt=0
            ).values_list("code", flat=True)
        )

    agreed = codes("financial-health", "annual-audit")
    assert set(agreed) <= {4, 5}
    split = codes("leadership", "leaders-seek-feedback")
    assert min(split) <= 2
    assert max(split) >= 4


@pytest.mark.django_db
def test_comments_are_varied_and_include_questions_suggestions_and_dont_knows():
    run_demo()
    answers = Answer.objects.filter(session=closed_session())
    comments = list(answers.exclude(comment="").values_list("comment", flat=True))
    assert 0.4 <= len(comments) / answers.count() <= 0.6
    assert len(set(comments)) >= 120
    assert any(c.rstrip().endswith("?") for c in comments)
    assert any(re.search(r"\b(We should|Could we)\b", c) for c in comments)
    staff_dont_know = answers.filter(
        group__name="Staff", proof_point__module__key="financial-health", code=0
    ).count()
    assert staff_dont_know >= 20


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
