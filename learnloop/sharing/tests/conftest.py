"""A known session for sharing tests: distinctive names that appear in comments, emails and
phone numbers, a group below the minimum size, and findings ready to share with quotes."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import add_participant, client_for
from learnloop.findings.models import Finding, FindingComment, Kind, Status
from learnloop.frameworks.models import ProofPoint
from learnloop.learning_sessions.models import Anonymity, Answer, LearningSession
from learnloop.organizations.models import Group, Person
from learnloop.sharing import actions
from learnloop.sharing.models import ShareRelease

# name, email, group, codes for proof points 1..4, comment on proof point 1 and 2.
PEOPLE = [
    ("Ottoline Brackenbury", "ottoline@example.org", "Board", [5, 4, 4, 3]),
    ("Perpetua Vandersloot", "perpetua@example.org", "Board", [4, 4, 5, 3]),
    ("Quintus Fairweather", "quintus@example.org", "Board", [5, 3, 4, 2]),
    ("Rosalind Achterberg", "rosalind@example.org", "Staff", [2, 2, 1, 2]),
    ("Septimus Okonkwo", "septimus@example.org", "Staff", [1, 2, 2, 1]),
    ("Theodora Marchbanks", "theodora@example.org", "Staff", [2, 1, 2, 3]),
    ("Zebedee Quartermaine", "zebedee@example.org", "Finance", [3, 3, 3, 3]),
]
NAMES = [row[0] for row in PEOPLE]
EMAILS = [row[1] for row in PEOPLE]
SMALL_GROUP = "Finance"
COMMENTS = {
    # participant index -> (comment on proof point 1, comment on proof point 2)
    0: ("Minutes go out within a week; ask Septimus about the archive.", ""),
    3: ("Staff never see the minutes. Write to theodora@example.org or call 020 7946 0958.", ""),
    4: ("Nobody told us. Ottoline Brackenbury decides alone.", "Budget lines are unclear."),
    5: ("Rosalind's team asked twice, no answer.", "We need a budget summary."),
    6: ("Zebedee here: Finance is never consulted.", '=HYPERLINK("http://x")'),
}


def ordered_proof_points(session: LearningSession) -> list[ProofPoint]:
    return list(
        ProofPoint.objects.filter(module__learning_sessions=session).order_by(
            "module__position", "principle__position", "position"
        )
    )


def session_url(name: str, session: LearningSession, **kwargs) -> str:
    return reverse(
        name, kwargs={"slug": session.organization.slug, "session_id": session.pk, **kwargs}
    )


@pytest.fixture
def sharing_session(learning_session) -> LearningSession:
    """The shared session (confidential) with the known people, answers and comments; each
    participant's link token is kept on ``session.tokens`` in PEOPLE order."""
    session = learning_session
    organization = session.organization
    proof_points = ordered_proof_points(session)
    groups: dict[str, Group] = {}
    tokens, participants = [], []
    for index, (name, email, group_name, codes) in enumerate(PEOPLE):
        group = (
            groups.get(group_name)
            or Group.objects.get_or_create(organization=organization, name=group_name)[0]
        )
        groups[group_name] = group
        person = Person.objects.create(organization=organization, name=name, email=email)
        participant, token = add_participant(session, person, group)
        participants.append(participant)
        tokens.append(token)
        comments = COMMENTS.get(index, ("", ""))
        for p, (proof_point, code) in enumerate(zip(proof_points, codes, strict=True)):
            Answer.objects.create(
                participant=participant,
                session=session,
                group=group,
                proof_point=proof_point,
                code=code,
                comment=comments[p] if p < 2 else "",
            )
    session.tokens = tokens
    session.participants_in_order = participants
    return session


def answer_with(session: LearningSession, text: str) -> Answer:
    return Answer.objects.get(session=session, comment__contains=text)


@pytest.fixture
def findings(sharing_session):
    """Two findings ready to share (quotes naming people), one draft that is never shared."""
    session = sharing_session
    proof_points = ordered_proof_points(session)
    ready = Finding.objects.create(
        session=session,
        kind=Kind.IMPROVEMENT_AREA,
        title="Minutes reach staff late",
        body="Staff say the board's minutes never reach them.",
        status=Status.READY,
        position=0,
    )
    ready.proof_points.set([proof_points[0]])
    for position, text in enumerate(["Staff never see", "Nobody told us", "Rosalind's team"]):
        answer = answer_with(session, text)
        FindingComment.objects.create(
            finding=ready, answer=answer, quote=answer.comment, position=position
        )
    strength = Finding.objects.create(
        session=session,
        kind=Kind.STRENGTH,
        title="Budgets are discussed",
        body="",
        status=Status.READY,
        position=0,
    )
    answer = answer_with(session, "Minutes go out")
    FindingComment.objects.create(
        finding=strength, answer=answer, quote="ask Septimus about the archive", position=0
    )
    draft = Finding.objects.create(
        session=session, kind=Kind.THEME, title="Unfinished draft finding", status=Status.DRAFT
    )
    return ready, strength, draft


def make_release(session: LearningSession, user, **overrides) -> ShareRelease:
    now = timezone.now()
    fields = {
        "title": "What we heard",
        "message": "Tell us whether we got it right.",
        "includes_summary": True,
        "includes_raw_data": True,
        "review_opens_at": now - timedelta(hours=1),
        "review_closes_at": now + timedelta(days=7),
    }
    fields.update(overrides)
    return actions.do_create_release(session, user, **fields)


def review_everything(session: LearningSession, user) -> None:
    from learnloop.sharing.models import Redaction

    actions.do_prepare_redactions(session)
    ids = list(Redaction.objects.filter(answer__session=session).values_list("pk", flat=True))
    actions.do_review_redactions(session, user, ids)


@pytest.fixture
def published(sharing_session, findings, admin) -> ShareRelease:
    review_everything(sharing_session, admin)
    return actions.do_publish_release(make_release(sharing_session, admin), admin)


@pytest.fixture(params=[Anonymity.NAMED, Anonymity.CONFIDENTIAL, Anonymity.ANONYMOUS])
def any_mode(request, sharing_session) -> LearningSession:
    sharing_session.anonymity = request.param
    sharing_session.save(update_fields=["anonymity"])
    if request.param == Anonymity.ANONYMOUS:
        # Anonymous respondents are not people the app knows.
        from learnloop.learning_sessions.models import Participant

        Participant.objects.filter(session=sharing_session).update(person=None)
    return sharing_session


@pytest.fixture
def facilitator_client(facilitator):
    return client_for(facilitator)


@pytest.fixture
def viewer_client(viewer):
    return client_for(viewer)
