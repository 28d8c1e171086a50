"""A known dataset for the findings tests, on the shared four-proof-point framework.

Board and Staff have six respondents each (enough for the group tests), so the report shows:

* proof point 1.1: met with high consensus (a strength);
* proof point 1.2: requires improvement (an improvement area);
* proof point 2.1: Board all "Fully meets", Staff all "Not started" (a significant gap);
* proof point 2.2: needs attention with low consensus and no gap between the groups.
"""

import pytest
from django.urls import reverse

from conftest import client_for
from learnloop.analysis.models import Code, CodeApplication, CodeKind
from learnloop.frameworks.models import ProofPoint
from learnloop.learning_sessions.models import Answer, LearningSession, Participant
from learnloop.organizations.models import Group, Person

BOARD = ["Ada Lovelace", "Grace Hopper", "Alan Turing", "Kurt Goedel", "Emmy Noether", "Ida Rhodes"]
STAFF = ["John Neumann", "Ada Yonath", "Lise Meitner", "Max Born", "Rosa Franklin", "Niels Bohr"]
CODES = {
    # proof point index: (board ratings, staff ratings)
    0: ([5, 5, 5, 5, 4, 5], [5, 5, 4, 5, 5, 5]),
    1: ([1, 2, 1, 1, 2, 1], [2, 1, 1, 2, 1, 1]),
    2: ([5, 5, 5, 5, 5, 5], [1, 1, 1, 1, 1, 1]),
    3: ([1, 1, 5, 5, 5, 5], [1, 1, 5, 5, 5, 5]),
}
# (proof point index, group, person index within the group): comment
COMMENTS = {
    (0, "Board", 0): "Minutes go out within a week.",
    (0, "Staff", 1): "We always get the minutes on time.",
    (1, "Board", 0): "Budget lines are unclear.",
    (1, "Staff", 2): "Who decides how the budget is split?",
    (2, "Board", 1): "The board hears about every risk.",
    (2, "Staff", 0): "Staff are never told about risks.",
    (2, "Staff", 3): "Risks reach us only through rumours.",
    (3, "Board", 0): "Training is patchy; we should run it twice a year.",
    (3, "Staff", 4): "Could training be recorded for those who miss it?",
}


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


def add_group(session, group_name, names, codes_by_point, comments, proof_points):
    """Respondents of one group answering every proof point; returns their participants."""
    group, _ = Group.objects.get_or_create(organization=session.organization, name=group_name)
    participants, answers = [], []
    for i, name in enumerate(names):
        person = Person.objects.create(organization=session.organization, name=name)
        participant = Participant.objects.create(session=session, person=person, group=group)
        participants.append(participant)
        for p, proof_point in enumerate(proof_points):
            answers.append(
                Answer(
                    participant=participant,
                    session=session,
                    group=group,
                    proof_point=proof_point,
                    code=codes_by_point[p][i],
                    comment=comments.get((p, group_name, i), ""),
                )
            )
    Answer.objects.bulk_create(answers)
    return participants


@pytest.fixture
def findings_session(learning_session, groups) -> LearningSession:
    """The shared session (confidential) with the known dataset."""
    proof_points = ordered_proof_points(learning_session)
    for index, (group_name, names) in enumerate([("Board", BOARD), ("Staff", STAFF)]):
        codes = {p: pair[index] for p, pair in CODES.items()}
        add_group(learning_session, group_name, names, codes, COMMENTS, proof_points)
    return learning_session


def comment(session: LearningSession, text: str) -> Answer:
    return Answer.objects.get(session=session, comment=text)


@pytest.fixture
def coded_session(findings_session) -> LearningSession:
    """The dataset with a theme, questions and suggestions coded."""
    session = findings_session
    codes = {
        kind: Code.objects.create(session=session, name=name, kind=kind, position=i)
        for i, (kind, name) in enumerate(
            [
                (CodeKind.THEME, "Information does not reach staff"),
                (CodeKind.QUESTION, "Question"),
                (CodeKind.SUGGESTION, "Suggestion"),
            ]
        )
    }
    for text in ["Staff are never told about risks.", "Risks reach us only through rumours."]:
        CodeApplication.objects.create(code=codes[CodeKind.THEME], answer=comment(session, text))
    CodeApplication.objects.create(
        code=codes[CodeKind.THEME],
        answer=comment(session, "Budget lines are unclear."),
        start=0,
        end=12,
        quote="Budget lines",
    )
    CodeApplication.objects.create(
        code=codes[CodeKind.QUESTION],
        answer=comment(session, "Who decides how the budget is split?"),
    )
    for text in [
        "Training is patchy; we should run it twice a year.",
        "Could training be recorded for those who miss it?",
    ]:
        CodeApplication.objects.create(
            code=codes[CodeKind.SUGGESTION], answer=comment(session, text)
        )
    return session


@pytest.fixture
def facilitator_client(facilitator):
    return client_for(facilitator)


@pytest.fixture
def viewer_client(viewer):
    return client_for(viewer)
