"""Who may prepare, publish and read a share release.

Analysts (facilitators and above) review redactions, preview releases and read responses;
administrators create, edit, publish and withdraw releases. Participants read the published
release through their personal link, and members of the organization (viewers too) after signing
in, only during the review period the administrator set. Everything else is a 404, as for an
outsider.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from learnloop.accounts.models import User
from learnloop.learning_sessions.access import access_session
from learnloop.learning_sessions.models import (
    LearningSession,
    Participant,
    ParticipantLink,
)
from learnloop.lib.tokens import hash_token
from learnloop.organizations.access import Need
from learnloop.organizations.models import Membership
from learnloop.sharing.models import (
    Redaction,
    RedactionTerm,
    ReleaseFinding,
    ReleaseState,
    ShareRelease,
)


def access_sharing(
    user: User | AnonymousUser, slug: str, session_id: int, need: str = Need.FACILITATE
) -> tuple[LearningSession, Membership]:
    return access_session(user, slug, session_id, need)


def access_release(
    user: User | AnonymousUser,
    slug: str,
    session_id: int,
    release_id: int,
    need: str = Need.FACILITATE,
) -> tuple[ShareRelease, Membership]:
    """A release of this session, or 404: an id from another session finds nothing."""
    session, membership = access_session(user, slug, session_id, need)
    release = ShareRelease.objects.filter(session=session, pk=release_id).first()
    if release is None:
        raise Http404
    release.session = session
    return release, membership


def access_redaction(session: LearningSession, redaction_id: int) -> Redaction:
    redaction = (
        Redaction.objects.select_related("answer")
        .filter(answer__session=session, pk=redaction_id)
        .first()
    )
    if redaction is None:
        raise Http404
    return redaction


def access_term(session: LearningSession, term_id: int) -> RedactionTerm:
    term = RedactionTerm.objects.filter(session=session, pk=term_id).first()
    if term is None:
        raise Http404
    term.session = session
    return term


# ---------------------------------------------------------------------------------------------
# Readers


class ReleaseUnavailable(Exception):
    """Why the reader cannot see a release now, with the HTTP status and the words to show."""

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
    _("The session's administrator has withdrawn this link. Ask them for a new one."),
)
NOTHING_SHARED = (
    404,
    _("Nothing has been shared yet"),
    _("The findings of this learning session have not been shared. Please come back later."),
)
NOT_YET = (
    403,
    _("The review has not started yet"),
    _("The findings can be read from %(date)s."),
)
OVER = (
    410,
    _("The review period is over"),
    _(
        "The review period ended on %(date)s, so the findings can no longer be read or "
        "responded to here. Thank you for taking part."
    ),
)


def refuse(reason: tuple, **values) -> ReleaseUnavailable:
    status, title, message = reason
    return ReleaseUnavailable(status, str(title), str(message) % values if values else str(message))


@dataclass
class Reader:
    """Who reads a release: a participant through their link, or a signed-in member."""

    release: ShareRelease
    participant: Participant | None = None
    user: User | None = None
    membership: Membership | None = None

    @property
    def identity(self) -> dict:
        return {"participant": self.participant} if self.participant else {"user": self.user}


def _open_release(session: LearningSession) -> ShareRelease:
    """The session's published release while its review period is open."""
    release = (
        ShareRelease.objects.filter(session=session, state=ReleaseState.PUBLISHED)
        .order_by("-published_at")
        .first()
    )
    if release is None:
        raise refuse(NOTHING_SHARED)
    release.session = session
    now = timezone.now()
    if now < release.review_opens_at:
        when = formats.date_format(timezone.localtime(release.review_opens_at), "DATETIME_FORMAT")
        raise refuse(NOT_YET, date=when)
    if now >= release.review_closes_at:
        when = formats.date_format(timezone.localtime(release.review_closes_at), "DATETIME_FORMAT")
        raise refuse(OVER, date=when)
    return release


def access_release_by_link(token: str) -> Reader:
    """The published release of the session this personal link belongs to, while its review is
    open. Unlike the survey, a closed session's links still open the release; a revoked link
    never does."""
    link = (
        ParticipantLink.objects.select_related(
            "participant__session__organization", "participant__session__scale"
        )
        .filter(token_hash=hash_token(token))
        .first()
    )
    if link is None:
        raise refuse(UNKNOWN_LINK)
    if link.revoked_at is not None:
        raise refuse(REVOKED_LINK)
    participant = link.participant
    return Reader(_open_release(participant.session), participant=participant)


def access_release_by_login(user: User | AnonymousUser, slug: str, session_id: int) -> Reader:
    """The published release for a signed-in member of the organization (any role), while its
    review is open. Outsiders get 404."""
    session, membership = access_session(user, slug, session_id, Need.VIEW)
    assert isinstance(user, User)
    return Reader(_open_release(session), user=user, membership=membership)


def access_release_finding(reader: Reader, finding_id: int) -> ReleaseFinding:
    finding = ReleaseFinding.objects.filter(release=reader.release, pk=finding_id).first()
    if finding is None:
        raise Http404
    finding.release = reader.release
    return finding
