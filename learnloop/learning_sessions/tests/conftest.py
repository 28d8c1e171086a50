"""Fixtures for learning-session tests, on top of the shared people and framework."""

import pytest
from django.urls import reverse

from conftest import add_participant
from learnloop.learning_sessions.models import Anonymity, LearningSession, State


def url(name: str, session: LearningSession, **kwargs) -> str:
    return reverse(
        name, kwargs={"slug": session.organization.slug, "session_id": session.pk, **kwargs}
    )


@pytest.fixture
def draft_session(learning_session) -> LearningSession:
    """The shared session, still a draft with no participants."""
    learning_session.state = State.DRAFT
    learning_session.save(update_fields=["state"])
    return learning_session


@pytest.fixture
def anonymous_session(organization, framework, admin) -> LearningSession:
    session = LearningSession.objects.create(
        organization=organization,
        title="Anonymous pulse",
        framework=framework,
        scale=framework.default_scale,
        administrator=admin,
        anonymity=Anonymity.ANONYMOUS,
        state=State.OPEN,
    )
    session.modules.set(framework.modules.all())
    return session


@pytest.fixture
def everyone(learning_session, people, groups):
    """All six people as participants of the open session: three board, three staff."""
    return [
        add_participant(learning_session, person, groups["Board"] if i < 3 else groups["Staff"])[0]
        for i, person in enumerate(people)
    ]
