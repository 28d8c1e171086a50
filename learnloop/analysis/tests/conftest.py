"""A coded session for analysis tests: the shared session (confidential) with Board (3) and
Staff (3) respondents, Finance (1) and HR (2) below the minimum size of 3 (together three
hidden respondents, so the report still shows Board and Staff), named people with distinctive
names and comments on the shared four-proof-point framework."""

import pytest
from django.urls import reverse

from learnloop.frameworks.models import ProofPoint
from learnloop.learning_sessions.models import Answer, LearningSession, Participant
from learnloop.organizations.models import Group, Person

# name, group, codes for proof points 1..4, comments for proof points 1..4.
RESPONDENTS = [
    (
        "Ada Lovelace",
        "Board",
        [5, 2, 4, 1],
        ["Minutes go out within a week.", "Who signs off the budget?", "", ""],
    ),
    (
        "Grace Hopper",
        "Board",
        [5, 2, 5, 0],
        ["We have no written policy yet.", "", "We should publish the plan.", ""],
    ),
    ("Alan Turing", "Board", [4, 1, 4, 2], ["", "", "", "The proof point is unclear to me."]),
    ("Kurt Goedel", "Staff", [2, 3, 1, 2], ["Staff never see the minutes.", "", "", ""]),
    ("Emmy Noether", "Staff", [1, 3, 2, 0], ["Nobody told us.", "", "", ""]),
    ("John Neumann", "Staff", [2, 4, 1, 3], ["", "Budget is shared monthly.", "", ""]),
    ("Zelda Quartermain", "Finance", [3, 5, 3, 5], ["Zelda keeps the books tidy.", "", "", ""]),
    ("Yusuf Oyelaran", "HR", [3, 4, 3, 4], ["", "", "", ""]),
    ("Xavier Wolde", "HR", [2, 4, 3, 4], ["", "", "Hiring is slow.", ""]),
]
NAMES = [row[0] for row in RESPONDENTS]
SMALL_GROUPS = ["Finance", "HR"]


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


def add_respondents(session: LearningSession, rows=RESPONDENTS) -> list[Participant]:
    organization = session.organization
    proof_points = ordered_proof_points(session)
    groups = {g.name: g for g in Group.objects.filter(organization=organization)}
    participants, answers = [], []
    for name, group_name, codes, comments in rows:
        if group_name not in groups:
            groups[group_name] = Group.objects.create(organization=organization, name=group_name)
        group = groups[group_name]
        person = Person.objects.create(organization=organization, name=name)
        participant = Participant.objects.create(session=session, person=person, group=group)
        participants.append(participant)
        for proof_point, code, comment in zip(proof_points, codes, comments, strict=True):
            answers.append(
                Answer(
                    participant=participant,
                    session=session,
                    group=group,
                    proof_point=proof_point,
                    code=code,
                    comment=comment,
                )
            )
    Answer.objects.bulk_create(answers)
    return participants


@pytest.fixture
def coded_session(learning_session) -> LearningSession:
    add_respondents(learning_session)
    return learning_session


def comment(session: LearningSession, text: str) -> Answer:
    return Answer.objects.get(session=session, comment=text)
