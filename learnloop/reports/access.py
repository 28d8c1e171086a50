"""Who may see which part of a learning session's report.

Viewers see the summary (and its exports without comments); facilitators and above see
everything else: conversation starters, the group comparison, drill-downs, comments. Names
appear only in named mode, and only to facilitators and above (a viewer never reaches a page
that could show one). Everything else a viewer asks for is a 404, as for an outsider.
"""

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser

from learnloop.accounts.models import User
from learnloop.learning_sessions.access import access_session
from learnloop.learning_sessions.models import LearningSession
from learnloop.organizations.access import Need, has_role
from learnloop.organizations.models import Membership


@dataclass(frozen=True)
class Audience:
    """What the person reading a report may see in it."""

    details: bool  # comments, drill-downs, conversation starters, group comparison
    names: bool  # participants' names beside their answers

    @classmethod
    def of(cls, session: LearningSession, membership: Membership) -> "Audience":
        details = has_role(membership, Need.FACILITATE)
        return cls(details=details, names=details and session.shows_names)


def access_report(
    user: User | AnonymousUser, slug: str, session_id: int, need: str = Need.FACILITATE
) -> tuple[LearningSession, Membership, Audience]:
    """The session, the user's membership and audience, or 404.

    ``need`` is Need.VIEW only for the summary and its exports; every page that shows
    comments or individual answers needs Need.FACILITATE.
    """
    session, membership = access_session(user, slug, session_id, need)
    return session, membership, Audience.of(session, membership)
