"""What the improvement plan reads from the database, in a fixed number of queries.

Other apps read the plan through the two functions at the top: discussions (the open actions
carried into a discussion session) and reassessment (the actions that addressed each proof
point of the rounds it compares).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from learnloop.discussions.models import Problem
from learnloop.frameworks.models import Module, ProofPoint
from learnloop.learning_sessions.models import LearningSession
from learnloop.organizations.models import Organization, Person
from learnloop.plan.models import OPEN_STATUSES, Action, ActionStatus

ACTIONS_PER_PAGE = 50


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


def open_action_count(session: LearningSession) -> int:
    """How many open actions this session and its earlier rounds have: carried into the next
    round and reviewed in its discussions. One query (the chain) plus the count."""
    return open_actions_for_rounds(session).count()


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


# ---------------------------------------------------------------------------------------------
# The plan pages


def _listed(actions: QuerySet[Action]) -> QuerySet[Action]:
    """Actions as the plan lists them: owner, session and problem joined, proof points (with
    their module) prefetched and progress notes counted, so a list costs the same few queries
    however long it is."""
    points = ProofPoint.objects.select_related("module").order_by(
        "module__position", "principle__position", "position", "pk"
    )
    return (
        actions.select_related("owner", "session", "problem")
        .prefetch_related(Prefetch("proof_points", queryset=points))
        .annotate(note_count=Count("progress_notes", distinct=True))
        .order_by(F("due_on").asc(nulls_last=True), "pk")
    )


@dataclass
class SessionPlan:
    actions: list[Action]
    carried_over: list[Action]
    problems_without_action: list[Problem]

    @property
    def open_count(self) -> int:
        return sum(1 for action in self.actions if action.is_open)

    @property
    def overdue_count(self) -> int:
        return sum(1 for action in [*self.actions, *self.carried_over] if action.is_overdue)


def session_plan(session: LearningSession) -> SessionPlan:
    """The session's own actions, the open actions of its earlier rounds it carries over, and
    the problems its discussion sessions chose that no action addresses yet."""
    earlier = [pk for pk in round_ids(session) if pk != session.pk]
    own = Action.objects.filter(organization_id=session.organization_id, session=session)
    carried = Action.objects.filter(
        organization_id=session.organization_id,
        session__organization_id=session.organization_id,
        session_id__in=earlier,
        status__in=OPEN_STATUSES,
    )
    unaddressed = Problem.objects.filter(discussion__session=session, actions__isnull=True)
    return SessionPlan(
        actions=list(_listed(own)),
        carried_over=list(_listed(carried)) if earlier else [],
        problems_without_action=list(
            unaddressed.select_related("discussion").order_by(
                "-discussion__held_on", "discussion_id", "position", "pk"
            )
        ),
    )


def action_details(action: Action) -> dict[str, Any]:
    """One action's proof points, progress notes (with their authors) and reviews in
    discussion sessions."""
    points = ProofPoint.objects.select_related("module").order_by(
        "module__position", "principle__position", "position", "pk"
    )
    return {
        "proof_points": list(points.filter(actions=action)),
        "notes": list(
            action.progress_notes.select_related("author").order_by("-created_at", "-pk")
        ),
        "reviews": list(
            action.reviews.select_related("discussion", "reviewed_by").order_by(
                "-reviewed_at", "-pk"
            )
        ),
    }


STATUS_OPEN = "open"
STATUS_OVERDUE = "overdue"


@dataclass
class PlanFilters:
    """The organization plan's filters, each kept only when it names one of the options on
    offer (an unknown id or a value of another organization is ignored)."""

    owner: int | None = None
    status: str = ""
    module: int | None = None
    session: int | None = None

    @classmethod
    def parse(cls, query: Mapping[str, Any], options: PlanOptions) -> PlanFilters:
        def chosen_id(name: str, allowed: set[int]) -> int | None:
            value = str(query.get(name) or "")
            return int(value) if value.isdigit() and int(value) in allowed else None

        status = str(query.get("status") or "")
        return cls(
            owner=chosen_id("owner", {person.pk for person in options.owners}),
            status=status if status in {value for value, _label in options.statuses} else "",
            module=chosen_id("module", {value for value, _label in options.modules}),
            session=chosen_id("session", {session.pk for session in options.sessions}),
        )

    def as_query(self) -> dict[str, str]:
        values = {
            "owner": self.owner,
            "status": self.status,
            "module": self.module,
            "session": self.session,
        }
        return {name: str(value) for name, value in values.items() if value}

    @property
    def any(self) -> bool:
        return bool(self.as_query())


@dataclass
class PlanOptions:
    owners: list[Person]
    statuses: list[tuple[str, str]]
    modules: list[tuple[int, str]]
    sessions: list[LearningSession]


def plan_options(organization: Organization) -> PlanOptions:
    """What the organization plan can be filtered by: people who own an action, the statuses,
    the modules of the organization's learning sessions and the sessions. Three queries."""
    owners = list(
        Person.objects.filter(organization=organization, actions__isnull=False)
        .distinct()
        .order_by("name", "pk")
    )
    modules = list(
        Module.objects.filter(learning_sessions__organization=organization)
        .select_related("framework")
        .distinct()
        .order_by("framework__title", "framework__version", "position", "pk")
    )
    titles = Counter(module.title for module in modules)
    sessions = list(
        LearningSession.objects.filter(organization=organization).order_by("-created_at", "-pk")
    )
    statuses = [
        (STATUS_OPEN, str(_("Open (planned or in progress)"))),
        (STATUS_OVERDUE, str(_("Overdue"))),
        *((value, str(label)) for value, label in ActionStatus.choices),
    ]
    return PlanOptions(
        owners=owners,
        statuses=statuses,
        modules=[(module.pk, _module_label(module, titles)) for module in modules],
        sessions=sessions,
    )


def _module_label(module: Module, titles: Counter) -> str:
    """A module's title, with its framework and version where two modules share the title
    (two versions of a framework, say)."""
    if titles[module.title] < 2:
        return module.title
    return f"{module.title} ({module.framework.title} v{module.framework.version})"


def organization_actions(organization: Organization, filters: PlanFilters) -> QuerySet[Action]:
    """Every action of the organization's learning sessions that passes the filters, soonest
    due first, listed as the plan lists them."""
    actions = Action.objects.filter(organization=organization, session__organization=organization)
    if filters.owner is not None:
        actions = actions.filter(owner_id=filters.owner)
    if filters.status == STATUS_OPEN:
        actions = actions.filter(status__in=OPEN_STATUSES)
    elif filters.status == STATUS_OVERDUE:
        actions = actions.filter(status__in=OPEN_STATUSES, due_on__lt=timezone.localdate())
    elif filters.status:
        actions = actions.filter(status=filters.status)
    if filters.module is not None:
        addressing = Action.proof_points.through.objects.filter(
            action_id=OuterRef("pk"), proofpoint__module_id=filters.module
        )
        actions = actions.filter(Exists(addressing))
    if filters.session is not None:
        actions = actions.filter(session_id=filters.session)
    return _listed(actions)


def plan_counts(organization: Organization) -> dict[str, int]:
    """How many actions the organization has, how many are open and how many overdue: one
    query."""
    open_actions = Q(status__in=OPEN_STATUSES)
    return Action.objects.filter(organization=organization).aggregate(
        total=Count("pk"),
        open=Count("pk", filter=open_actions),
        overdue=Count("pk", filter=open_actions & Q(due_on__lt=timezone.localdate())),
    )


def plan_page(actions: QuerySet[Action], page_number: object) -> Page:
    return Paginator(actions, ACTIONS_PER_PAGE).get_page(page_number)
