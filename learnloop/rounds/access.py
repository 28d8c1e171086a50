"""Who may see or do what with the rounds of a learning session.

The comparison and the trend show only figures, never a comment or a person, under each round's
anonymity mode and minimum group size: everyone who may read a session's report summary may read
them, viewers included (as learnloop.reports.access allows). Running a session again and editing
a mapping are for administrators; facilitators may read a mapping. Outsiders get 404 everywhere,
and so does a round that is not in this session's chain, whatever its id.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from learnloop.accounts.models import User
from learnloop.learning_sessions.access import access_session
from learnloop.learning_sessions.models import LearningSession
from learnloop.organizations.access import Need, has_role
from learnloop.organizations.models import Membership
from learnloop.rounds.queries import round_chain


@dataclass(frozen=True)
class Rounds:
    """A session, the reader's membership and the chain of rounds up to this session."""

    session: LearningSession
    membership: Membership
    chain: list[LearningSession]  # oldest first, ending with ``session``

    @property
    def earlier(self) -> list[LearningSession]:
        return self.chain[:-1]


def access_rounds(
    user: User | AnonymousUser, slug: str, session_id: int, need: str = Need.VIEW
) -> Rounds:
    """The session with its earlier rounds (same organization only), or 404."""
    session, membership = access_session(user, slug, session_id, need)
    return Rounds(session, membership, round_chain(session))


def earlier_round(rounds: Rounds, against: object) -> LearningSession | None:
    """The earlier round to compare with: ``against`` (an id from the query string) when it is
    an earlier round of this chain, the previous round when ``against`` is empty, None when
    there is no earlier round. An id outside the chain (another session, another organization,
    anything else) is a 404."""
    if against in (None, ""):
        return rounds.earlier[-1] if rounds.earlier else None
    try:
        wanted = int(str(against))
    except ValueError:
        raise Http404 from None
    for candidate in rounds.earlier:
        if candidate.pk == wanted:
            return candidate
    raise Http404


def may_run_again(membership: Membership) -> bool:
    return has_role(membership, Need.ADMINISTER)


def may_edit_mapping(membership: Membership) -> bool:
    return has_role(membership, Need.ADMINISTER)
