"""Who may take a survey: the holder of a personal link, while the session accepts answers.

A personal link is the only credential a participant has. Every survey view fetches the
participant through access_participant(), which refuses unknown, revoked and closed links
with a SurveyUnavailable carrying the status and the words to show.
"""

from django.db.models import Exists
from django.utils.translation import gettext_lazy as _

from learnloop.frameworks.models import ProofPoint, ScaleChoice
from learnloop.learning_sessions.models import LearningSession, Participant, State
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


# What autosave reads: enough to check the link and the session, none of the long texts.
AUTOSAVE_FIELDS = (
    "id",
    "session_id",
    "group_id",
    "link_revoked_at",
    "started_at",
    "session__id",
    "session__state",
    "session__closes_at",
    "session__scale_id",
)


def access_participant(token: str, *, for_autosave: bool = False) -> Participant:
    """The participant holding this personal link, with its session, scale and organization.

    One query. Raises SurveyUnavailable: 404 for an unknown link, 410 for a revoked link or a
    closed session, 403 for a session not open yet. `for_autosave` loads only what saving an
    answer needs.
    """
    participants = Participant.objects.filter(token_hash=hash_token(token))
    if for_autosave:
        participants = participants.select_related("session").only(*AUTOSAVE_FIELDS)
    else:
        participants = participants.select_related(
            "session", "session__scale", "session__organization", "group"
        )
    participant = participants.first()
    if participant is None:
        raise refuse(UNKNOWN_LINK)
    if participant.link_revoked_at is not None:
        raise refuse(REVOKED_LINK)
    check_session_accepts_answers(participant.session)
    return participant


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


def access_answerable_proof_point(
    participant: Participant, proof_point_id: int, code: int | None
) -> tuple[int, bool] | None:
    """(proof point id, whether `code` is on the session's scale), in one query.

    None when the proof point is not in one of the participant's modules of this session,
    so a tampered id finds nothing. Checked together because autosave must stay fast.
    """
    proof_points = ProofPoint.objects.filter(
        pk=proof_point_id,
        module__participants=participant,
        module__learning_sessions=participant.session_id,
    )
    if code is None:
        found = proof_points.values_list("pk", flat=True).first()
        return None if found is None else (found, True)
    on_scale = ScaleChoice.objects.filter(scale_id=participant.session.scale_id, code=code)
    row = proof_points.annotate(on_scale=Exists(on_scale)).values_list("pk", "on_scale").first()
    return None if row is None else (row[0], bool(row[1]))
