"""Rounds built in code: a closed first round and its repeat, on the shared framework.

Ten people (five board, five staff) answer the four proof points of both rounds, so the
comparison is paired in confidential or named mode:

* proof point 1.1 rises for everyone (not started / beginning -> substantially / fully meets);
* proof point 1.2 falls for everyone (fully meets -> not started);
* proof point 2.1 stays where it was (partially meets);
* proof point 2.2 moves a little both ways.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from conftest import add_participant, client_for
from learnloop.frameworks.models import ProofPoint
from learnloop.learning_sessions.models import Anonymity, Answer, LearningSession, State
from learnloop.organizations.models import Group, Person

BEFORE = [
    [1, 2, 1, 2, 1, 2, 1, 2, 1, 2],
    [5, 5, 5, 5, 5, 5, 5, 5, 5, 5],
    [3, 3, 3, 3, 3, 3, 3, 3, 3, 3],
    [2, 3, 4, 3, 2, 3, 4, 3, 2, 3],
]
AFTER = [
    [4, 5, 4, 5, 4, 5, 4, 5, 4, 5],
    [1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
    [3, 3, 3, 3, 3, 3, 3, 3, 3, 3],
    [3, 2, 4, 3, 3, 2, 4, 3, 3, 3],
]


def ordered_proof_points(session: LearningSession) -> list[ProofPoint]:
    return list(
        ProofPoint.objects.filter(module__learning_sessions=session).order_by(
            "module__position", "principle__position", "position", "pk"
        )
    )


def make_round(
    previous: LearningSession | None,
    *,
    organization=None,
    framework=None,
    title: str = "Autumn review",
    anonymity: str | None = None,
    state: str = State.CLOSED,
    min_group_size: int = 3,
) -> LearningSession:
    """A round of a learning session; with ``previous``, its next round (same framework and
    modules unless another framework is given)."""
    framework = framework or previous.framework
    session = LearningSession.objects.create(
        organization=organization or previous.organization,
        title=title,
        framework=framework,
        scale=previous.scale if previous else framework.default_scale,
        anonymity=anonymity or (previous.anonymity if previous else Anonymity.CONFIDENTIAL),
        state=state,
        min_group_size=min_group_size,
        previous_round=previous,
    )
    session.modules.set(framework.modules.all())
    return session


def answer(session, participants, proof_points, codes_by_point) -> None:
    """Each participant's rating of each proof point (None: no answer at all)."""
    rows = []
    for p, proof_point in enumerate(proof_points):
        for participant, code in zip(participants, codes_by_point[p], strict=False):
            if code is None:
                continue
            rows.append(
                Answer(
                    participant=participant,
                    session=session,
                    group=participant.group,
                    proof_point=proof_point,
                    code=code,
                )
            )
    Answer.objects.bulk_create(rows)


def join(session, people, groups_of) -> list:
    return [add_participant(session, person, groups_of[i])[0] for i, person in enumerate(people)]


@pytest.fixture
def ten_people(organization, groups) -> tuple[list[Person], list[Group]]:
    people, groups_of = [], []
    for i in range(10):
        group = groups["Board"] if i < 5 else groups["Staff"]
        person = Person.objects.create(organization=organization, name=f"Member {i + 1}")
        person.groups.add(group)
        people.append(person)
        groups_of.append(group)
    return people, groups_of


@pytest.fixture
def first_round(learning_session, ten_people) -> LearningSession:
    """The shared session, closed, answered by ten people."""
    learning_session.state = State.CLOSED
    learning_session.save(update_fields=["state"])
    people, groups_of = ten_people
    participants = join(learning_session, people, groups_of)
    answer(learning_session, participants, ordered_proof_points(learning_session), BEFORE)
    return learning_session


@pytest.fixture
def second_round(first_round, ten_people) -> LearningSession:
    """The next round, answered by the same ten people."""
    session = make_round(first_round)
    people, groups_of = ten_people
    participants = join(session, people, groups_of)
    answer(session, participants, ordered_proof_points(session), AFTER)
    return session


def rounds_url(name: str, session: LearningSession, **query) -> str:
    url = reverse(name, kwargs={"slug": session.organization.slug, "session_id": session.pk})
    if query:
        url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return url


@pytest.fixture
def facilitator_client(facilitator):
    return client_for(facilitator)


@pytest.fixture
def viewer_client(viewer):
    return client_for(viewer)
