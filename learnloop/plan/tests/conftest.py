"""Improvement plan tests: actions built in code on the shared learning session."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from learnloop.discussions.models import Discussion, Problem
from learnloop.frameworks.models import ProofPoint
from learnloop.learning_sessions.models import LearningSession, State
from learnloop.plan.models import Action, ActionStatus


def make_action(session: LearningSession, title: str = "Publish the minutes", **fields) -> Action:
    proof_points = fields.pop("proof_points", [])
    action = Action.objects.create(
        organization=session.organization, session=session, title=title, **fields
    )
    action.proof_points.set(proof_points)
    return action


def make_round(previous: LearningSession, title: str = "Autumn review") -> LearningSession:
    """The next round of a learning session: same framework, modules and administrator."""
    session = LearningSession.objects.create(
        organization=previous.organization,
        title=title,
        framework=previous.framework,
        scale=previous.scale,
        administrator=previous.administrator,
        anonymity=previous.anonymity,
        state=State.OPEN,
        previous_round=previous,
    )
    session.modules.set(previous.modules.all())
    return session


def days_from_today(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def plan_url(name: str, session: LearningSession, **kwargs) -> str:
    return reverse(
        name, kwargs={"slug": session.organization.slug, "session_id": session.pk, **kwargs}
    )


def ordered_proof_points(session: LearningSession) -> list[ProofPoint]:
    return list(
        ProofPoint.objects.filter(module__learning_sessions=session).order_by(
            "module__position", "principle__position", "position"
        )
    )


@pytest.fixture
def proof_points(learning_session) -> list[ProofPoint]:
    return ordered_proof_points(learning_session)


@pytest.fixture
def action(learning_session, people, proof_points) -> Action:
    return make_action(
        learning_session,
        owner=people[0],
        due_on=days_from_today(10),
        status=ActionStatus.PLANNED,
        proof_points=[proof_points[0]],
    )


def make_problem(session: LearningSession, title: str = "Staff hear about risks last", points=()):
    """A problem chosen in a discussion session of this learning session."""
    discussion = Discussion.objects.create(
        session=session, title="Spring discussion", held_on=timezone.localdate()
    )
    problem = Problem.objects.create(
        discussion=discussion, title=title, description="Risks reach staff through rumours."
    )
    problem.proof_points.set(points)
    return problem


@pytest.fixture
def problem(learning_session, proof_points) -> Problem:
    return make_problem(learning_session, points=proof_points[2:4])


def make_other_session(session: LearningSession) -> LearningSession:
    """Another learning session of the same organization (not a round of the first), on the
    first module only."""
    other = LearningSession.objects.create(
        organization=session.organization,
        title="Board retreat",
        framework=session.framework,
        scale=session.scale,
        state=State.OPEN,
    )
    other.modules.set([session.framework.modules.order_by("position").first()])
    return other


@pytest.fixture
def other_session(learning_session) -> LearningSession:
    return make_other_session(learning_session)
