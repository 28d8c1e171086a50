"""Who may run a discussion session, and who may vote in one.

Analysts (facilitators, administrators and owners of the organization) create and run
discussions: agenda, voting, problems, notes, the review of open actions, the record. Viewers
and outsiders get 404, as for anything they may not know exists.

The people in the room vote either through their personal voting link (no login needed; only
the hash of its token is stored) or, signed in, when the discussion's participant is a person
whose login is theirs. Every object reached by id is looked up within its discussion (and the
discussion within its session and organization), so a tampered id finds nothing.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from learnloop.accounts.models import User
from learnloop.discussions.models import (
    AgendaItem,
    Cause,
    Discussion,
    DiscussionParticipant,
    Note,
    Problem,
)
from learnloop.learning_sessions.access import access_session
from learnloop.learning_sessions.models import LearningSession
from learnloop.lib.tokens import hash_token
from learnloop.organizations.access import Need, access_organization, has_role
from learnloop.organizations.models import Membership
from learnloop.plan.models import Action
from learnloop.plan.queries import round_ids


def access_discussions(
    user: User | AnonymousUser, slug: str, session_id: int
) -> tuple[LearningSession, Membership]:
    """The learning session and the analyst's membership, or 404."""
    return access_session(user, slug, session_id, Need.FACILITATE)


def access_discussion(
    user: User | AnonymousUser, slug: str, session_id: int, discussion_id: int
) -> tuple[Discussion, Membership]:
    """A discussion of this session, for its analysts, or 404."""
    session, membership = access_discussions(user, slug, session_id)
    discussion = (
        Discussion.objects.select_related("facilitator")
        .filter(session=session, pk=discussion_id)
        .first()
    )
    if discussion is None:
        raise Http404
    discussion.session = session
    return discussion, membership


def _within(model, discussion: Discussion, pk: int, **lookup):
    found = model.objects.filter(discussion=discussion, pk=pk, **lookup).first()
    if found is None:
        raise Http404
    found.discussion = discussion
    return found


def access_agenda_item(discussion: Discussion, item_id: int) -> AgendaItem:
    return _within(AgendaItem, discussion, item_id)


def access_problem(discussion: Discussion, problem_id: int) -> Problem:
    return _within(Problem, discussion, problem_id)


def access_note(discussion: Discussion, note_id: int) -> Note:
    return _within(Note, discussion, note_id)


def access_participant(discussion: Discussion, participant_id: int) -> DiscussionParticipant:
    found = (
        DiscussionParticipant.objects.select_related("person")
        .filter(discussion=discussion, pk=participant_id)
        .first()
    )
    if found is None:
        raise Http404
    found.discussion = discussion
    return found


def access_cause(problem: Problem, cause_id: int) -> Cause:
    cause = Cause.objects.filter(problem=problem, pk=cause_id).first()
    if cause is None:
        raise Http404
    cause.problem = problem
    return cause


def access_carried_action(discussion: Discussion, action_id: int) -> Action:
    """An action this discussion may review: one of the organization's actions from this
    learning session or one of its earlier rounds, or 404."""
    action = (
        Action.objects.select_related("owner", "session")
        .filter(
            organization_id=discussion.session.organization_id,
            session_id__in=round_ids(discussion.session),
            pk=action_id,
        )
        .first()
    )
    if action is None:
        raise Http404
    return action


# ---------------------------------------------------------------------------------------------
# Voters


class VotingLinkUnknown(Exception):
    """The voting link's token matches no participant (mistyped, or renewed since)."""


def access_voter_by_link(token: str) -> DiscussionParticipant:
    """The participant whose voting link this is, with their discussion, its session and
    organization (one query); VotingLinkUnknown otherwise."""
    if not token or len(token) > 100:
        raise VotingLinkUnknown
    voter = (
        DiscussionParticipant.objects.select_related(
            "person", "discussion__session__organization", "discussion__facilitator"
        )
        .filter(token_hash=hash_token(token))
        .first()
    )
    if voter is None:
        raise VotingLinkUnknown
    return voter


def access_room(
    user: User | AnonymousUser, slug: str, session_id: int, discussion_id: int
) -> tuple[Discussion, Membership, DiscussionParticipant | None, bool]:
    """The discussion's room for a signed-in member: its analysts (who see the results) and
    the people in the room whose person's login is this user (who also vote). Returns the
    discussion, the membership, the user's own place (or None) and whether they are an
    analyst; anyone else gets 404."""
    organization, membership = access_organization(user, slug, Need.VIEW)
    discussion = (
        Discussion.objects.select_related("session__organization", "facilitator")
        .filter(session__organization=organization, session_id=session_id, pk=discussion_id)
        .first()
    )
    if discussion is None:
        raise Http404
    voter = own_place(discussion, user)
    analyst = has_role(membership, Need.FACILITATE)
    if voter is None and not analyst:
        raise Http404
    return discussion, membership, voter, analyst


def own_place(discussion: Discussion, user: User | AnonymousUser) -> DiscussionParticipant | None:
    """The signed-in user's own place in the room, if their person is a participant."""
    if not user.is_authenticated:
        return None
    return (
        DiscussionParticipant.objects.select_related("person")
        .filter(discussion=discussion, person__user=user)
        .first()
    )
