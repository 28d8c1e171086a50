"""Helpers for calling the API with a personal token."""

import pytest
from django.test import Client
from django.utils import timezone

from conftest import add_participant
from learnloop.api.actions import do_create_api_token
from learnloop.learning_sessions.models import Answer, LearningSession
from learnloop.organizations.models import Group, Person

API = "/api/v1"


def token_for(user, name: str = "Tests") -> str:
    return do_create_api_token(user, name).secret


def api_get(url: str, token: str | None = None, **params):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return Client().get(url, params, headers=headers)


def session_url(session: LearningSession, tail: str = "") -> str:
    return f"{API}/organizations/{session.organization.slug}/sessions/{session.pk}{tail}"


@pytest.fixture
def progressed(learning_session, people, groups, organization):
    """Six participants in Board and Staff (three each) and one alone in Finance.

    Person 1 submitted, Person 4 started, the rest have not begun.
    """
    participants = [
        add_participant(learning_session, person, groups["Board" if i < 3 else "Staff"])[0]
        for i, person in enumerate(people)
    ]
    finance = Group.objects.create(organization=organization, name="Finance")
    treasurer = Person.objects.create(organization=organization, name="Tessa Treasurer")
    add_participant(learning_session, treasurer, finance)
    now = timezone.now()
    participants[0].started_at = participants[0].submitted_at = now
    participants[0].save(update_fields=["started_at", "submitted_at"])
    participants[3].started_at = now
    participants[3].save(update_fields=["started_at"])
    return learning_session


COMMENT = "The minutes never reach the staff room."


@pytest.fixture
def answered(progressed):
    """Everyone in `progressed` rated every proof point; one Board member wrote a comment."""
    proof_points = list(
        progressed.framework.modules.all().values_list("proof_points", flat=True).order_by("pk")
    )
    answers = []
    for number, participant in enumerate(progressed.participants.order_by("pk")):
        for position, proof_point_id in enumerate(proof_points):
            answers.append(
                Answer(
                    participant=participant,
                    session=progressed,
                    group=participant.group,
                    proof_point_id=proof_point_id,
                    code=1 + (number + position) % 5,
                    comment=COMMENT if number == 0 and position == 0 else "",
                )
            )
    Answer.objects.bulk_create(answers)
    return progressed
