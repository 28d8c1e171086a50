"""What the demo loads: people, groups, sessions, answers and comments.

The demo is loaded once for this module (the `demo` fixture in conftest.py; these tests only
read) and deleted afterwards.
"""

import re

import pytest
from django.db.models import Avg
from django.test import Client
from django.urls import reverse

from learnloop.demo import content, cycle
from learnloop.learning_sessions.models import Answer, LearningSession, State
from learnloop.organizations.models import Membership, Organization, Role

pytestmark = pytest.mark.django_db


def closed_session() -> LearningSession:
    return LearningSession.objects.get(title=content.CLOSED_SESSION.title)


def test_demo_loads_people_in_groups_two_rounds_of_a_closed_session_and_an_open_one(demo):
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
        cycle.SECOND_ROUND.title: State.CLOSED,
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


def test_demo_gives_the_administrator_and_facilitator_their_roles(demo):
    roles = dict(
        Membership.objects.filter(organization__slug=content.ORGANIZATION_SLUG).values_list(
            "user__email", "role"
        )
    )
    assert roles == {"admin@example.org": Role.OWNER, "facilitator@example.org": Role.FACILITATOR}
    assert Client().login(email="admin@example.org", password="learnloop-demo")
    assert Client().login(email="facilitator@example.org", password="learnloop-demo")


def test_the_administrator_signs_in_and_sees_every_session_with_its_participants(demo):
    client = Client()
    assert client.login(email="admin@example.org", password="learnloop-demo")
    slug = content.ORGANIZATION_SLUG
    response = client.get(reverse("sessions-list-sessions", kwargs={"slug": slug}))
    assert response.status_code == 200
    assert "Organizational health review 2026" in response.text
    assert "Programs check-in" in response.text
    for session in LearningSession.objects.all():
        kwargs = {"slug": slug, "session_id": session.pk}
        assert client.get(reverse("sessions-show-session", kwargs=kwargs)).status_code == 200
        participants = client.get(reverse("sessions-list-participants", kwargs=kwargs))
        assert participants.status_code == 200


def test_the_board_rates_the_gap_proof_points_far_higher_than_the_staff(demo):
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


def test_some_proof_points_show_agreement_and_others_a_split(demo):
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


def test_comments_are_varied_and_include_questions_suggestions_and_dont_knows(demo):
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
