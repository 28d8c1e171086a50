"""Who may take a survey: the holder of a personal link, while the session accepts answers.

A personal link is the only credential a participant has; a participant may hold several, all
leading to the same answers. Every survey view fetches the participant through
access_participant(), which refuses unknown, revoked and closed links with a SurveyUnavailable
carrying the status and the words to show.
"""

import functools
from dataclasses import dataclass

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from learnloop.frameworks.models import ProofPoint, ScaleChoice
from learnloop.learning_sessions.models import (
    LearningSession,
    LinkKind,
    Participant,
    ParticipantLink,
    State,
)
from learnloop.lib.tokens import hash_token


class SurveyUnavailable(Exception):
    """A link that cannot be used, with the HTTP status and a message for the participant."""

    def __init__(self, status: int, title: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.title = title
        self.message = message


UNKNOWN_LINK = (
    404,
    _("This link does not work"),
    _(
        "The address may be incomplete: check that you copied the whole link from your "
        "invitation, or ask the session's administrator for a new one."
    ),
)
REVOKED_LINK = (
    410,
    _("This link has been withdrawn"),
    _(
        "The session's administrator has withdrawn this link. If you still want to take "
        "part, ask them for a new one."
    ),
)
CLOSED_SESSION = (
    410,
    _("This learning session has closed"),
    _(
        "Answers are no longer collected, and the answers you gave are kept as they were. "
        "Thank you for taking part."
    ),
)
FINDINGS_LINK = (
    403,
    _("This link is for reading the findings"),
    _(
        "It was sent to you with the findings shared back: open the address from that email, "
        "which ends in findings/. To answer the survey, use the link from your invitation."
    ),
)
MODULE_NOT_ASSIGNED = (
    404,
    _("This module is not part of your survey"),
    _("Go back to the introduction page to see the modules you were asked to answer."),
)
NOT_OPEN_SESSION = (
    403,
    _("This learning session has not opened yet"),
    _("Answers are collected once the administrator opens the session. Please come back later."),
)


def refuse(reason: tuple) -> SurveyUnavailable:
    status, title, message = reason
    return SurveyUnavailable(status, str(title), str(message))


def check_session_accepts_answers(session: LearningSession) -> None:
    if session.accepts_answers:
        return
    raise refuse(NOT_OPEN_SESSION if session.state == State.DRAFT else CLOSED_SESSION)


def access_participant(token: str) -> Participant:
    """The participant holding this personal link, with its session, scale and organization.

    One query. Raises SurveyUnavailable: 404 for an unknown link, 410 for a revoked link or a
    closed session, 403 for a session not open yet.
    """
    link = (
        ParticipantLink.objects.select_related(
            "participant__session__scale",
            "participant__session__organization",
            "participant__group",
        )
        .filter(token_hash=hash_token(token))
        .first()
    )
    if link is None:
        raise refuse(UNKNOWN_LINK)
    if link.revoked_at is not None:
        raise refuse(REVOKED_LINK)
    if link.kind == LinkKind.FINDINGS:
        raise refuse(FINDINGS_LINK)
    check_session_accepts_answers(link.participant.session)
    return link.participant


def access_open_session(token: str) -> LearningSession:
    """The anonymous session whose open link this is, while it accepts answers."""
    session = (
        LearningSession.objects.select_related("organization", "scale")
        .filter(open_link_hash=hash_token(token))
        .first()
    )
    if session is None or not session.is_anonymous:
        raise refuse(UNKNOWN_LINK)
    check_session_accepts_answers(session)
    return session


@dataclass(frozen=True)
class AnswerTarget:
    """What saving one answer needs to know, read in one query by access_answer_target."""

    participant: Participant  # id, session_id, group_id and started_at only
    proof_point_is_theirs: bool
    code_is_on_scale: bool


def _tables() -> dict[str, str]:
    q = connection.ops.quote_name
    models = {
        "link": ParticipantLink,
        "participant": Participant,
        "session": LearningSession,
        "participant_modules": Participant.modules.through,
        "session_modules": LearningSession.modules.through,
        "proof_point": ProofPoint,
        "choice": ScaleChoice,
    }
    return {name: q(model._meta.db_table) for name, model in models.items()}


def _link_sql(t: dict[str, str]) -> str:
    """The link by its hash, with its participant and session; a findings email's link never
    answers the survey (access_participant says why)."""
    return (
        f"FROM {t['link']} l JOIN {t['participant']} p ON p.id = l.participant_id "
        f"JOIN {t['session']} s ON s.id = p.session_id WHERE l.token_hash = %s "
        f"AND l.kind <> '{LinkKind.FINDINGS.value}'"
    )


def _theirs_sql(t: dict[str, str]) -> str:
    """True when the proof point (parameter) is in one of the participant's modules."""
    return (
        f"EXISTS (SELECT 1 FROM {t['proof_point']} pp "  # noqa: S608 (names from _meta)
        f"JOIN {t['participant_modules']} pm ON pm.module_id = pp.module_id "
        f"JOIN {t['session_modules']} sm ON sm.module_id = pp.module_id "
        f"WHERE pp.id = %s AND pm.participant_id = p.id AND sm.learningsession_id = s.id)"
    )


def _on_scale_sql(t: dict[str, str]) -> str:
    """True when the code (parameter) is one of the session's scale's choices."""
    choice = t["choice"]
    return f"EXISTS (SELECT 1 FROM {choice} c WHERE c.scale_id = s.scale_id AND c.code = %s)"  # noqa: S608


@functools.cache
def may_answer_sql(vendor: str) -> str:
    """FROM and WHERE selecting the participant of a link only when the link may answer now.

    The same checks as access_answer_target(), as one condition, so that autosave can fold them
    into its write (INSERT ... SELECT): a link that is unknown or revoked, a session that is not
    open or is past its closing date, a proof point not in the participant's modules or a code
    not on the scale selects no row, and nothing is written. Parameters, in order: the token's
    hash, now, the proof point id, the code (or None) twice. Aliases: p (participant),
    s (session).
    """
    t = _tables()
    return (
        f"{_link_sql(t)} AND l.revoked_at IS NULL AND s.state = '{State.OPEN.value}' "
        f"AND (s.closes_at IS NULL OR s.closes_at > %s) AND {_theirs_sql(t)} "
        f"AND (%s IS NULL OR {_on_scale_sql(t)})"
    )


@functools.cache
def _answer_target_sql(vendor: str) -> str:
    """One statement: the link, its session's state, the proof point and the code checked.

    Written in SQL because autosave runs on every change a participant makes: building three
    ORM queries cost several times the database work (docs/survey.md, Addresses). Parameters:
    now, the proof point id, the code (0 for none), the token's hash.
    """
    t = _tables()
    return (
        "SELECT p.id, p.session_id, p.group_id, p.started_at, l.revoked_at IS NOT NULL, "
        "s.state, s.closes_at IS NOT NULL AND s.closes_at <= %s, "
        f"{_theirs_sql(t)}, {_on_scale_sql(t)} {_link_sql(t)}"
    )


def access_answer_target(token: str, proof_point_id: int, code: int | None) -> AnswerTarget:
    """The participant of this link, and whether they may answer this proof point with `code`.

    One query. Raises SurveyUnavailable as access_participant() does. The proof point must be
    in one of the participant's modules of this session, so a tampered id is not theirs; a
    `code` of None (no rating) is always on the scale.
    """
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(
            _answer_target_sql(connection.vendor),
            [now, proof_point_id, code or 0, hash_token(token)],
        )
        row = cursor.fetchone()
    if row is None:
        raise refuse(UNKNOWN_LINK)
    pk, session_id, group_id, started_at, revoked, state, past_closing, theirs, on_scale = row
    if revoked:
        raise refuse(REVOKED_LINK)
    if state != State.OPEN or past_closing:
        raise refuse(NOT_OPEN_SESSION if state == State.DRAFT else CLOSED_SESSION)
    participant = Participant(pk=pk, session_id=session_id, group_id=group_id)
    participant.started_at = started_at  # only tested for None
    return AnswerTarget(participant, bool(theirs), code is None or bool(on_scale))
