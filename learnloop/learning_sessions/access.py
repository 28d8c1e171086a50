"""Who may see or do what with a learning session."""

from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from learnloop.accounts.models import User
from learnloop.learning_sessions.models import LearningSession
from learnloop.organizations.access import Need, access_organization
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
