"""What the improvement plan reads from the database, in a fixed number of queries.

Other apps read the plan through the two functions at the top: discussions (the open actions
carried into a discussion session) and reassessment (the actions that addressed each proof
point of the rounds it compares).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import F, QuerySet

from learnloop.learning_sessions.models import LearningSession
from learnloop.plan.models import OPEN_STATUSES, Action


def round_ids(session: LearningSession) -> list[int]:
    """The ids of this session and of the earlier rounds it repeats (its previous round, that
    round's previous round, ...), newest first. One query: the organization's sessions are read
    once and the chain is followed in memory, so a previous round of another organization (which
    should never exist) is never followed, and a loop in the chain ends the walk."""
    previous = dict(
        LearningSession.objects.filter(organization_id=session.organization_id).values_list(
            "pk", "previous_round_id"
        )
    )
    chain, current = [], session.pk
    while current is not None and current in previous and current not in chain:
        chain.append(current)
        current = previous[current]
    return chain


def open_actions_for_rounds(session: LearningSession) -> QuerySet[Action]:
    """The open (planned or in progress) actions of this session and of its earlier rounds,
    of the session's own organization only, soonest due first (no due date last)."""
    return (
        Action.objects.filter(
            organization_id=session.organization_id,
            session__organization_id=session.organization_id,
            session_id__in=round_ids(session),
            status__in=OPEN_STATUSES,
        )
        .select_related("owner", "session", "problem")
        .order_by(F("due_on").asc(nulls_last=True), "pk")
    )


def actions_by_proof_point(sessions: Iterable[LearningSession]) -> dict[int, list[Action]]:
    """Proof point id -> the actions of these sessions that address it (each action with its
    status, owner and session), soonest due first. One query, through the link table; an action
    addressing several proof points is listed under each (the same object)."""
    session_ids = [session.pk for session in sessions]
    if not session_ids:
        return {}
    links = (
        Action.proof_points.through.objects.filter(action__session_id__in=session_ids)
        .select_related("action__owner", "action__session")
        .order_by(F("action__due_on").asc(nulls_last=True), "action__pk")
    )
    actions: dict[int, Action] = {}
    result: dict[int, list[Action]] = defaultdict(list)
    for link in links:
        action = actions.setdefault(link.action_id, link.action)
        result[link.proofpoint_id].append(action)
    return dict(result)
