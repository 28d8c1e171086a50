"""Who may see or change an improvement plan.

Every member of the organization may read it, viewers included: a plan is meant to be seen.
Analysts (facilitators, administrators and owners) write it; administrators send reminders.
Outsiders get 404, as for anything they may not know exists, and a viewer asking for a page
that changes the plan gets 404 too.
"""

from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from learnloop.accounts.models import User
from learnloop.discussions.models import Problem
from learnloop.learning_sessions.access import access_session
from learnloop.learning_sessions.models import LearningSession
from learnloop.organizations.access import Need, access_organization, has_role
from learnloop.organizations.models import Membership, Organization
from learnloop.plan.models import Action


def access_plan(
    user: User | AnonymousUser, slug: str, session_id: int, need: str = Need.VIEW
) -> tuple[LearningSession, Membership]:
    """The learning session whose plan this is and the user's membership, or 404."""
    return access_session(user, slug, session_id, need)


def access_action(
    user: User | AnonymousUser, slug: str, session_id: int, action_id: int, need: str = Need.VIEW
) -> tuple[Action, Membership]:
    """An action of this session, or 404: an id of another session's action finds nothing."""
    session, membership = access_plan(user, slug, session_id, need)
    action = (
        Action.objects.select_related("owner", "problem")
        .filter(organization=session.organization, session=session, pk=action_id)
        .first()
    )
    if action is None:
        raise Http404
    action.session, action.organization = session, session.organization
    return action, membership


def access_organization_plan(
    user: User | AnonymousUser, slug: str, need: str = Need.VIEW
) -> tuple[Organization, Membership]:
    """The organization whose plan view this is and the user's membership, or 404."""
    return access_organization(user, slug, need)


def may_edit_plan(membership: Membership) -> bool:
    return has_role(membership, Need.FACILITATE)


def may_send_reminders(membership: Membership) -> bool:
    return has_role(membership, Need.ADMINISTER)


def session_problem(session: LearningSession, problem_id: object) -> Problem | None:
    """A problem chosen in one of this session's discussions, or None: a problem of another
    session (or a tampered id) is never found, so an action can never be linked to it."""
    try:
        problem_id = int(str(problem_id))
    except (TypeError, ValueError):
        return None
    return (
        Problem.objects.filter(discussion__session=session, pk=problem_id)
        .prefetch_related("proof_points")
        .first()
    )
