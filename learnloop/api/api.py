"""The JSON API at /api/v1: personal tokens, the same access functions as the pages.

Every endpoint fetches through organizations/access.py, frameworks/access.py or
learning_sessions/access.py, which raise Http404 for outsiders and missing roles; ninja turns
that into a JSON 404. Only the bearer token authenticates: the session cookie is ignored, so
a page open in the browser cannot be used to call the API from another site (no CSRF hole).
"""

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI, Router
from ninja.errors import AuthenticationError
from ninja.pagination import PageNumberPagination, paginate

from learnloop.api import documents
from learnloop.api.auth import ApiTokenAuth
from learnloop.api.docs import LocalSwagger
from learnloop.api.schemas import (
    Error,
    FrameworkOut,
    FrameworkSummaryOut,
    OrganizationOut,
    ProgressOut,
    SessionOut,
    SessionSummaryOut,
)
from learnloop.frameworks.access import access_framework
from learnloop.frameworks.queries import frameworks_for_list
from learnloop.learning_sessions.access import access_session
from learnloop.organizations.access import Need, access_organization
from learnloop.organizations.models import Membership
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
ERRORS = {401: Error, 404: Error}


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = api.create_response(
        request,
        {"detail": "Send a valid API token: 'Authorization: Bearer ll_...'."},
        status=401,
    )
    response["WWW-Authenticate"] = "Bearer"
    return response


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


api.add_router("/organizations", organizations)
api.add_router("/organizations", frameworks)
api.add_router("/organizations", sessions)
