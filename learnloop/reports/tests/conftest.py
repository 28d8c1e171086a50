"""A known dataset for report tests: three groups (one below the minimum size), named people
with distinctive names, ratings and comments on the shared four-proof-point framework."""

import pytest
from django.urls import reverse

from conftest import client_for
from learnloop.frameworks.models import Principle, ProofPoint
from learnloop.learning_sessions.models import Anonymity, Answer, LearningSession, Participant
from learnloop.organizations.models import Group, Person

# name, group, codes for proof points 1..4 (0 = don't know, None = comment only), comments.
RESPONDENTS = [
    ("Ada Lovelace", "Board", [5, 2, 4, 1], ["Minutes go out within a week.", "", "", ""]),
    ("Grace Hopper", "Board", [4, 2, 5, 0], ["", "Budget lines are unclear.", "", ""]),
    ("Alan Turing", "Board", [5, 1, 4, 2], ["", "", "", "We never discussed this."]),
    ("Kurt Goedel", "Staff", [2, 3, 1, 2], ["Staff never see the minutes.", "", "", ""]),
    ("Emmy Noether", "Staff", [1, 3, 2, 0], ["Nobody told us.", "", "Training was cancelled.", ""]),
    ("John Neumann", "Staff", [2, 4, 1, 3], ["", "", "", ""]),
    ("Ada Yonath", "Staff", [1, 3, 2, None], ["", "", "", "No idea who decides."]),
    ("Zelda Quartermain", "Finance", [3, 5, 3, 5], ["Zelda says the books are fine.", "", "", ""]),
    ("Yusuf Oyelaran", "Finance", [3, 4, 3, 4], ["", "", "", ""]),
]
SILENT = "Nora Silent"  # invited to Staff, never answered: not a respondent
NAMES = [row[0] for row in RESPONDENTS] + [SILENT]
SMALL_GROUP = "Finance"


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


def add_respondents(session: LearningSession, rows, proof_points) -> list[Participant]:
    organization = session.organization
    groups = {g.name: g for g in Group.objects.filter(organization=organization)}
    participants = []
    answers = []
    for name, group_name, codes, comments in rows:
        group = groups.get(group_name) or Group.objects.create(
            organization=organization, name=group_name
        )
        groups[group_name] = group
        person = Person.objects.create(organization=organization, name=name)
        participant = Participant.objects.create(session=session, person=person, group=group)
        participants.append(participant)
        for proof_point, code, comment in zip(proof_points, codes, comments, strict=False):
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
def report_session(learning_session) -> LearningSession:
    """The shared session (confidential) with the known dataset and one silent invitee."""
    proof_points = ordered_proof_points(learning_session)
    add_respondents(learning_session, RESPONDENTS, proof_points)
    staff = Group.objects.get(organization=learning_session.organization, name="Staff")
    silent = Person.objects.create(organization=learning_session.organization, name=SILENT)
    Participant.objects.create(session=learning_session, person=silent, group=staff)
    return learning_session


@pytest.fixture
def named_session(report_session) -> LearningSession:
    report_session.anonymity = Anonymity.NAMED
    report_session.save(update_fields=["anonymity"])
    return report_session


@pytest.fixture(params=[Anonymity.NAMED, Anonymity.CONFIDENTIAL, Anonymity.ANONYMOUS])
def any_mode_session(request, report_session) -> LearningSession:
    report_session.anonymity = request.param
    report_session.save(update_fields=["anonymity"])
    return report_session


def grow(session: LearningSession, extra_proof_points: int, extra_respondents: int) -> None:
    """More proof points in the session's first module and more respondents in every group,
    to show that the number of queries does not grow with either."""
    module = session.modules.order_by("position").first()
    principle = Principle.objects.create(module=module, key="grown", title="Grown", position=9)
    for i in range(extra_proof_points):
        ProofPoint.objects.create(
            principle=principle, module=module, key=f"grown-{i}", text=f"Grown {i}", position=i
        )
    proof_points = ordered_proof_points(session)
    rows = [
        (
            f"Extra person {i}",
            ["Board", "Staff", "Finance"][i % 3],
            [(i + j) % 6 for j in range(len(proof_points))],
            [f"Extra comment {i}.{j}" for j in range(len(proof_points))],
        )
        for i in range(extra_respondents)
    ]
    add_respondents(session, rows, proof_points)


@pytest.fixture
def facilitator_client(facilitator):
    return client_for(facilitator)


@pytest.fixture
def viewer_client(viewer):
    return client_for(viewer)
