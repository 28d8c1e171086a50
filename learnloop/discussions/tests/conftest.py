"""A learning session with known answers, and a discussion of it, for the discussion tests.

Six respondents (three Board, three Staff; the people fixture's Person 1..6) answer every
proof point, so the report shows:

* proof point 1.1: everyone "Fully meets" (met);
* proof point 1.2: everyone "Not started" (requires improvement);
* proof point 2.1: Board "Fully meets", Staff "Not started" (split, low consensus);
* proof point 2.2: everyone "Partially meets" (needs attention, no flag).

The discussion has Person 1 to Person 4 in the room, three votes each, the facilitator as its
facilitator, and Person 1's login is the facilitator's (so the facilitator votes signed in).
"""

import datetime

import pytest
from django.urls import reverse

from conftest import client_for
from learnloop.discussions import actions
from learnloop.discussions.models import Discussion, DiscussionParticipant
from learnloop.findings.models import Finding, Kind, Status
from learnloop.frameworks.models import ProofPoint
from learnloop.learning_sessions.models import Answer, LearningSession, Participant, State
from learnloop.plan.models import Action

RATINGS = [[5] * 6, [1] * 6, [5, 5, 5, 1, 1, 1], [3] * 6]
HELD_ON = datetime.date(2026, 5, 14)


def ordered_proof_points(session: LearningSession) -> list[ProofPoint]:
    return list(
        ProofPoint.objects.filter(module__learning_sessions=session).order_by(
            "module__position", "principle__position", "position"
        )
    )


def answer_everything(session: LearningSession, people, groups) -> None:
    points = ordered_proof_points(session)
    answers = []
    for i, person in enumerate(people):
        group = groups["Board"] if i < 3 else groups["Staff"]
        participant = Participant.objects.create(session=session, person=person, group=group)
        for p, point in enumerate(points):
            answers.append(
                Answer(
                    participant=participant,
                    session=session,
                    group=group,
                    proof_point=point,
                    code=RATINGS[p][i],
                    comment=f"Comment by respondent {i + 1} on {point.text}",
                )
            )
    Answer.objects.bulk_create(answers)


def durl(name: str, discussion: Discussion, **kwargs) -> str:
    session = discussion.session
    return reverse(
        name,
        kwargs={
            "slug": session.organization.slug,
            "session_id": session.pk,
            "discussion_id": discussion.pk,
            **kwargs,
        },
    )


def session_url(name: str, session: LearningSession) -> str:
    return reverse(name, kwargs={"slug": session.organization.slug, "session_id": session.pk})


def make_round(previous: LearningSession, title: str = "Autumn review") -> LearningSession:
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


def make_action(session: LearningSession, title: str, **fields) -> Action:
    return Action.objects.create(
        organization=session.organization, session=session, title=title, **fields
    )


def place(discussion: Discussion, person) -> DiscussionParticipant:
    return DiscussionParticipant.objects.get(discussion=discussion, person=person)


@pytest.fixture
def answered_session(learning_session, people, groups) -> LearningSession:
    answer_everything(learning_session, people, groups)
    return learning_session


@pytest.fixture
def discussion(answered_session, people, facilitator) -> Discussion:
    people[0].user = facilitator
    people[0].save(update_fields=["user"])
    return actions.do_create_discussion(
        answered_session,
        title="Board and staff discussion",
        held_on=HELD_ON,
        facilitator=facilitator,
        participants=people[:4],
        votes_per_person=3,
    )


@pytest.fixture
def findings(answered_session) -> dict[str, Finding]:
    points = ordered_proof_points(answered_session)
    made = {}
    for i, (kind, title, point) in enumerate(
        [
            (Kind.STRENGTH, "Minutes go out on time", points[0]),
            (Kind.IMPROVEMENT_AREA, "Budget lines are unclear", points[1]),
            (Kind.MISALIGNMENT, "Board and staff see risks differently", points[2]),
            (Kind.QUESTION, "Who decides the training budget?", points[3]),
            (Kind.THEME, "Information does not reach staff", None),
        ]
    ):
        finding = Finding.objects.create(
            session=answered_session,
            kind=kind,
            title=title,
            body=f"What we found about {title.lower()}.",
            status=Status.READY,
            position=i,
        )
        if point is not None:
            finding.proof_points.add(point)
        made[kind] = finding
    return made


@pytest.fixture
def drafted(discussion, findings) -> Discussion:
    """The discussion with its agenda drafted from the findings, voting open."""
    actions.do_draft_agenda(discussion)
    actions.do_set_voting(discussion, True)
    discussion.refresh_from_db()
    return discussion


@pytest.fixture
def facilitator_client(facilitator):
    return client_for(facilitator)


@pytest.fixture
def viewer_client(viewer):
    return client_for(viewer)


@pytest.fixture
def recorded(drafted, people, facilitator):
    """A drafted discussion with votes, a problem with whys and causes (one of them HTML), an
    action, an action reviewed, a note and a decision."""
    key = f"f{drafted.agenda.get(section='problems').finding_id}"
    question = f"f{drafted.agenda.get(section='questions').finding_id}"
    actions.do_add_vote(place(drafted, people[1]), key)
    actions.do_add_vote(place(drafted, people[2]), key)
    actions.do_add_vote(place(drafted, people[2]), question)
    problem = actions.do_choose_problem(drafted, key)
    actions.do_save_whys(problem, ["Nobody explains the budget", "The finance lead left"])
    actions.do_add_cause(problem, category="people", text="No budget owner")
    actions.do_add_cause(problem, category="tools", text="<script>alert(1)</script> sheet")
    make_action(drafted.session, "Publish a budget summary", problem=problem)
    carried = make_action(drafted.session, "Train the board")
    actions.do_review_action(drafted, carried, facilitator, status="in_progress", note="Booked")
    actions.do_add_note(drafted, facilitator, kind="note", text="# Not a heading\n- not a list")
    actions.do_add_note(drafted, facilitator, kind="decision", text="Publish **monthly**")
    return drafted
