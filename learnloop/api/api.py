"""The JSON API at /api/v1: personal tokens, the same access functions as the pages.

Every endpoint fetches through organizations/access.py, frameworks/access.py or
learning_sessions/access.py, which raise Http404 for outsiders and missing roles; ninja turns
that into a JSON 404. Only the bearer token authenticates: the session cookie is ignored, so
a page open in the browser cannot be used to call the API from another site (no CSRF hole).
"""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import NinjaAPI, Router
from ninja.errors import AuthenticationError
from ninja.pagination import PageNumberPagination, paginate

from learnloop.api import documents
from learnloop.api.auth import ApiTokenAuth
from learnloop.api.cycle import discussions, rounds
from learnloop.api.docs import LocalSwagger
from learnloop.api.plan import actions as plan_actions
from learnloop.api.schemas import (
    ERRORS,
    FrameworkOut,
    FrameworkSummaryOut,
    OrganizationOut,
    ProgressOut,
    SessionOut,
    SessionSummaryOut,
)
from learnloop.api.sharing import releases
from learnloop.frameworks.access import access_framework
from learnloop.frameworks.queries import frameworks_for_list
from learnloop.learning_sessions.access import access_session
from learnloop.organizations.access import Need, access_organization
from learnloop.organizations.models import Membership
from learnloop.reports import load as report_pages
from learnloop.reports.exports import report_for_download


class LearnloopAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation) -> str:
        """Plain names for code generators: list_sessions, not learnloop_api_api_list_sessions."""
        return operation.view_func.__name__


api = LearnloopAPI(
    title="Learnloop API",
    version="1",
    description=(
        "Read frameworks, learning sessions, their progress and reports. Authenticate with a "
        "personal API token: `Authorization: Bearer ll_...`. A token acts with its owner's "
        "roles; anything the owner may not see is a 404."
    ),
    urls_namespace="api-v1",
    auth=ApiTokenAuth(),
    docs=LocalSwagger(),
    docs_url="/docs",
)

PAGE = {"page_size": 50, "max_page_size": 200}


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = api.create_response(
        request,
        {"detail": "Send a valid API token: 'Authorization: Bearer ll_...'."},
        status=401,
    )
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.get("/", auth=None, tags=["index"])
def show_index(request: HttpRequest) -> dict[str, str]:
    """Where to start: the schema, this documentation and the organizations (no token needed
    for this index)."""
    return {
        "name": api.title,
        "version": api.version,
        "openapi": request.build_absolute_uri(reverse("api-v1:openapi-json")),
        "docs": request.build_absolute_uri(reverse("api-v1:openapi-view")),
        "organizations": request.build_absolute_uri(reverse("api-v1:list_organizations")),
    }


organizations = Router(tags=["organizations"])
frameworks = Router(tags=["frameworks"])
sessions = Router(tags=["learning sessions"])


@organizations.get("", response={200: list[OrganizationOut], **ERRORS})
@paginate(PageNumberPagination, **PAGE)
def list_organizations(request: HttpRequest):
    """The organizations the token's user belongs to, with their role in each."""
    return (
        Membership.objects.filter(user=request.auth)
        .select_related("organization")
        .order_by("organization__name", "pk")
    )


@frameworks.get("/{slug}/frameworks", response={200: list[FrameworkSummaryOut], **ERRORS})
@paginate(PageNumberPagination, **PAGE)
def list_frameworks(request: HttpRequest, slug: str):
    """One row per framework: its latest version and how many versions and sessions it has."""
    organization, _membership = access_organization(request.auth, slug, Need.VIEW)
    return [documents.framework_summary(row) for row in frameworks_for_list(organization)]


@frameworks.get(
    "/{slug}/frameworks/{key}/versions/{version}", response={200: FrameworkOut, **ERRORS}
)
def show_framework(request: HttpRequest, slug: str, key: str, version: int):
    """One version: its scale and its modules, principles and proof points in order."""
    framework, _membership = access_framework(request.auth, slug, key, version, Need.VIEW)
    return documents.framework(framework)


@sessions.get("/{slug}/sessions", response={200: list[SessionSummaryOut], **ERRORS})
@paginate(PageNumberPagination, **PAGE)
def list_sessions(request: HttpRequest, slug: str):
    """The organization's learning sessions, newest first."""
    organization, _membership = access_organization(request.auth, slug, Need.VIEW)
    return organization.learning_sessions.select_related("framework").order_by("-created_at", "-pk")


@sessions.get("/{slug}/sessions/{session_id}", response={200: SessionOut, **ERRORS})
def show_session(request: HttpRequest, slug: str, session_id: int):
    """Settings, state, dates, modules, anonymity mode and minimum group size."""
    session, _membership = access_session(request.auth, slug, session_id, Need.VIEW)
    return documents.session(session)


@sessions.get("/{slug}/sessions/{session_id}/progress", response={200: ProgressOut, **ERRORS})
def show_progress(request: HttpRequest, slug: str, session_id: int):
    """The response rate overall, by module and by group (as on the session's dashboard).

    Facilitators and above, like the dashboard. Groups smaller than the minimum group size are
    left out. `not_finished` lists people only where the page would: named mode to
    facilitators and above, confidential mode to administrators; otherwise it is null.
    """
    session, membership = access_session(request.auth, slug, session_id, Need.FACILITATE)
    return documents.progress(session, membership)


@sessions.get("/{slug}/sessions/{session_id}/report", response={200: dict[str, Any], **ERRORS})
def show_report(request: HttpRequest, slug: str, session_id: int):
    """The report document: the same JSON as the report's JSON download, for the same reader.

    Viewers get the summary (no respondents, no comments); facilitators and above all of it.
    Names appear only in named mode; groups under the minimum size are never broken out.
    See docs/report-json.md for the fields.
    """
    _session, report = report_for_download(request.auth, slug, session_id)
    return report.document


REPORT = "/{slug}/sessions/{session_id}/report"
PAGE_OUT = {200: dict[str, Any], **ERRORS}


@sessions.get(REPORT + "/summary", response=PAGE_OUT)
def show_report_summary(
    request: HttpRequest,
    slug: str,
    session_id: int,
    sort: str = "module",
    status: str = "",
    consensus: str = "",
    module: str = "",
    group: str = "",
    gap: str = "",
):
    """The report's summary page as JSON, with its filters (viewers too).

    `sort`: module, median, consensus or gap. `status`: met, needs_attention,
    requires_improvement or insufficient_data. `consensus`: high, moderate or low. `module`: a
    module key. `group`: a group shown in the report (never one under the minimum size); the
    figures are then that group's. `gap`: small, medium or large keeps proof points whose largest
    gap between shown groups is at least that size. A value not on offer is ignored, as on the
    page.
    """
    query = {
        "sort": sort,
        "status": status,
        "consensus": consensus,
        "module": module,
        "group": group,
        "gap": gap,
    }
    return report_pages.summary(request.auth, slug, session_id, query).page


@sessions.get(REPORT + "/conversation-starters", response=PAGE_OUT)
def show_report_conversation_starters(request: HttpRequest, slug: str, session_id: int):
    """Lowest rated, least agreed and most divided proof points with a few comments each.
    Facilitators and above."""
    return report_pages.conversation_starters(request.auth, slug, session_id).page


@sessions.get(REPORT + "/groups", response=PAGE_OUT)
def show_report_groups(request: HttpRequest, slug: str, session_id: int, measure: str = "median"):
    """The group comparison: every proof point by shown group, `measure` median or met (share
    met), significant gaps marked. Facilitators and above."""
    return report_pages.groups(request.auth, slug, session_id, measure).page


@sessions.get(REPORT + "/proof-points/{proof_point_id}", response=PAGE_OUT)
def show_report_proof_point(request: HttpRequest, slug: str, session_id: int, proof_point_id: int):
    """Drill-down: one proof point's figures for everyone and each shown group, and every
    answer (rating and comment; names only in named mode). Facilitators and above."""
    return report_pages.proof_point(request.auth, slug, session_id, proof_point_id).page


@sessions.get(REPORT + "/respondents/{number}", response=PAGE_OUT)
def show_report_respondent(request: HttpRequest, slug: str, session_id: int, number: int):
    """Drill-down: respondent `number`'s ratings and comments on every proof point.
    Facilitators and above."""
    return report_pages.respondent(request.auth, slug, session_id, number).page


api.add_router("/organizations", organizations)
api.add_router("/organizations", frameworks)
api.add_router("/organizations", sessions)
api.add_router("/organizations", plan_actions)
api.add_router("/organizations", discussions)
api.add_router("/organizations", rounds)
api.add_router("/organizations", releases)
