"""Who may see or do what with a learning session."""

from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from learnloop.accounts.models import User
from learnloop.learning_sessions.models import LearningSession, Participant
from learnloop.organizations.access import Need, access_organization, has_role
from learnloop.organizations.models import Membership


def access_session(
    user: User | AnonymousUser, slug: str, session_id: int, need: str = Need.VIEW
) -> tuple[LearningSession, Membership]:
    """The session of this organization and the user's membership, or 404."""
    organization, membership = access_organization(user, slug, need)
    session = (
        LearningSession.objects.select_related("organization", "framework", "scale")
        .filter(organization=organization, pk=session_id)
        .first()
    )
    if session is None:
        raise Http404
    return session, membership


def access_participant(
    user: User | AnonymousUser, slug: str, session_id: int, participant_id: int, need: str
) -> tuple[LearningSession, Participant, Membership]:
    """A participant of this session, or 404: an id from another session finds nothing."""
    session, membership = access_session(user, slug, session_id, need)
    participant = (
        Participant.objects.select_related("person", "group")
        .filter(session=session, pk=participant_id)
        .first()
    )
    if participant is None:
        raise Http404
    participant.session = session
    return session, participant, membership


def may_see_who_has_not_finished(session: LearningSession, membership: Membership) -> bool:
    """Named mode: administrators and facilitators. Confidential: administrators only, for
    reminders. Anonymous: nobody, since nobody is known."""
    if session.is_anonymous:
        return False
    need = Need.FACILITATE if session.shows_names else Need.ADMINISTER
    return has_role(membership, need)


def may_administer(membership: Membership) -> bool:
    return has_role(membership, Need.ADMINISTER)
