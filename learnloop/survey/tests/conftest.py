"""Survey fixtures: a participant's client and helpers to read their answers."""

import pytest
from django.test import Client

from learnloop.frameworks.models import ProofPoint
from learnloop.learning_sessions.models import Answer


@pytest.fixture
def participant(participant_with_token):
    return participant_with_token[0]


@pytest.fixture
def token(participant_with_token):
    return participant_with_token[1]


@pytest.fixture
def proof_points(learning_session):
    return list(
        ProofPoint.objects.filter(module__learning_sessions=learning_session).order_by(
            "module__position", "principle__position", "position"
        )
    )


@pytest.fixture
def modules(learning_session):
    return list(learning_session.modules.order_by("position"))


@pytest.fixture
def csrf_client() -> Client:
    """A client that enforces CSRF, as a browser meets it."""
    return Client(enforce_csrf_checks=True)


def answers_of(participant) -> dict[int, tuple[int | None, str]]:
    return {
        a.proof_point_id: (a.code, a.comment)
        for a in Answer.objects.filter(participant=participant)
    }
