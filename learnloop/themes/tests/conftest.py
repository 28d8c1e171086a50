"""A session whose comments talk about three obviously different topics (budget, training,
communication): Board (3) and Staff (3) respondents with distinctive names, and helpers to add
respondents in groups below the minimum size (3)."""

import pytest
from django.urls import reverse

from learnloop.frameworks.models import ProofPoint
from learnloop.learning_sessions.models import Answer, LearningSession, Participant
from learnloop.organizations.models import Group, Person
from learnloop.themes.tests.comments import TOPICS

NAMES = [
    "Ada Lovelace",
    "Grace Hopper",
    "Alan Turing",
    "Kurt Goedel",
    "Emmy Noether",
    "John Neumann",
]


def session_url(name: str, session: LearningSession, **kwargs) -> str:
    return reverse(
        name, kwargs={"slug": session.organization.slug, "session_id": session.pk, **kwargs}
    )


def ordered_proof_points(session: LearningSession) -> list[ProofPoint]:
    return list(
        ProofPoint.objects.filter(module__learning_sessions=session).order_by(
            "module__position", "principle__position", "position"
        )
    )


def add_respondent(
    session: LearningSession, name: str, group_name: str, comments: dict[int, str]
) -> Participant:
    """A named participant in the group (created if needed) with comments by proof point
    position and a rating of 3 on each."""
    organization = session.organization
    group, _created = Group.objects.get_or_create(organization=organization, name=group_name)
    person = Person.objects.create(organization=organization, name=name)
    person.groups.add(group)
    participant = Participant.objects.create(session=session, person=person, group=group)
    proof_points = ordered_proof_points(session)
    Answer.objects.bulk_create(
        Answer(
            participant=participant,
            session=session,
            group=group,
            proof_point=proof_points[position],
            code=3,
            comment=comment,
        )
        for position, comment in comments.items()
    )
    return participant


def add_topic_comments(session: LearningSession) -> list[Participant]:
    """Six respondents (Board 3, Staff 3), each writing one comment on each topic; the topics
    spread over the four proof points."""
    participants = []
    for p, name in enumerate(NAMES):
        comments = {}
        for t, texts in enumerate(TOPICS.values()):
            comments[(t + p // 3) % 4] = texts[p]
        participants.append(add_respondent(session, name, "Board" if p < 3 else "Staff", comments))
    return participants


@pytest.fixture
def themed_session(learning_session) -> LearningSession:
    add_topic_comments(learning_session)
    return learning_session
