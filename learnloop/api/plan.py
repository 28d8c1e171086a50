"""The improvement plan in the API: the organization's actions, read-only, with the filters of
the organization plan page. Any member, as on the page; outsiders get 404."""

from datetime import date, datetime
from typing import Literal

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from learnloop.api.schemas import Error
from learnloop.organizations.access import Need
from learnloop.plan.access import access_organization_plan
from learnloop.plan.queries import PlanFilters, organization_actions

actions = Router(tags=["improvement plan"])

PAGE = {"page_size": 50, "max_page_size": 200}


class SessionRef(Schema):
    id: int
    title: str


class ProblemRef(Schema):
    id: int
    title: str


class OwnerOut(Schema):
    id: int
    name: str


class ActionModuleOut(Schema):
    key: str
    title: str


class ActionProofPointOut(Schema):
    id: int
    key: str
    text: str
    module: ActionModuleOut


class ActionOut(Schema):
    id: int
    title: str
    description: str
    status: str
    due_on: date | None
    overdue: bool
    owner: OwnerOut | None
    session: SessionRef
    problem: ProblemRef | None
    proof_points: list[ActionProofPointOut]
    progress_note_count: int
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_overdue(action) -> bool:
        return action.is_overdue

    @staticmethod
    def resolve_proof_points(action) -> list:
        return list(action.proof_points.all())

    @staticmethod
    def resolve_progress_note_count(action) -> int:
        return action.note_count


Status = Literal["", "open", "overdue", "planned", "in_progress", "done", "dropped"]


@actions.get("/{slug}/actions", response={200: list[ActionOut], 401: Error, 404: Error})
@paginate(PageNumberPagination, **PAGE)
def list_actions(
    request: HttpRequest,
    slug: str,
    owner: int | None = None,
    status: Status = "",
    session: int | None = None,
    module: int | None = None,
):
    """Every action of the organization's learning sessions, soonest due first (no due date
    last). Any member.

    `owner`: a person's id. `status`: planned, in_progress, done or dropped, or `open` (planned
    or in progress) or `overdue` (open and past its due date). `session`: a learning session's
    id. `module`: a module's id (actions with a proof point in it). Ids of another
    organization find nothing.
    """
    organization, _membership = access_organization_plan(request.auth, slug, Need.VIEW)
    filters = PlanFilters(owner=owner, status=status, module=module, session=session)
    return organization_actions(organization, filters)
