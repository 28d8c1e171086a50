"""Report pages and exports of a learning session. Every page also answers ``?format=json``
with the same data under the same privacy rules."""

import io
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.text import slugify
from django.views.decorators.http import require_safe

from learnloop.organizations.access import Need
from learnloop.reports import exports, load


def respond(request: HttpRequest, template: str, page: dict[str, Any], context) -> HttpResponse:
    """The page as HTML, or its data as JSON when ``?format=json`` asks for it."""
    if request.GET.get("format") == "json":
        return JsonResponse(page, encoder=DjangoJSONEncoder, json_dumps_params={"indent": 1})
    return render(request, template, {**context, "page": page})


def _render(request: HttpRequest, template: str, loaded: load.LoadedPage, active: str):
    context = {
        "organization": loaded.session.organization,
        "membership": loaded.membership,
        "session": loaded.session,
        "audience": loaded.audience,
        "active": active,
    }
    return respond(request, template, loaded.page, context)


@login_required
@require_safe
def show_summary(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    loaded = load.summary(request.user, slug, session_id, request.GET)
    return _render(request, "reports/show_summary.html", loaded, "summary")


@login_required
@require_safe
def show_conversation_starters(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    loaded = load.conversation_starters(request.user, slug, session_id)
    return _render(request, "reports/show_starters.html", loaded, "starters")


@login_required
@require_safe
def show_groups(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    loaded = load.groups(request.user, slug, session_id, request.GET.get("measure"))
    return _render(request, "reports/show_groups.html", loaded, "groups")


@login_required
@require_safe
def show_proof_point(
    request: HttpRequest, slug: str, session_id: int, proof_point_id: int
) -> HttpResponse:
    loaded = load.proof_point(request.user, slug, session_id, proof_point_id)
    return _render(request, "reports/show_proof_point.html", loaded, "summary")


@login_required
@require_safe
def show_respondent(request: HttpRequest, slug: str, session_id: int, number: int) -> HttpResponse:
    loaded = load.respondent(request.user, slug, session_id, number)
    return _render(request, "reports/show_respondent.html", loaded, "summary")


def _download(content: bytes, content_type: str, session, extension: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    name = f"{slugify(session.title) or 'report'}-report.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _export(
    request: HttpRequest, slug: str, session_id: int, kind: str, **options: str
) -> HttpResponse:
    """Viewers get the summary export (no respondents, no comments); facilitators all of it."""
    need = Need.FACILITATE if kind in exports.ANSWERS_ONLY else Need.VIEW
    session, report = exports.report_for_download(request.user, slug, session_id, need)
    content_type, extension, write = exports.FORMATS[kind]
    buffer = io.BytesIO()
    write(report, buffer, **options)
    return _download(buffer.getvalue(), content_type, session, extension)


@login_required
@require_safe
def download_xlsx(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    return _export(request, slug, session_id, "xlsx")


@login_required
@require_safe
def download_csv(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    return _export(request, slug, session_id, "csv")


@login_required
@require_safe
def download_json(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    return _export(request, slug, session_id, "json")


@login_required
@require_safe
def download_pdf(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    """A4 unless ``?paper=letter``."""
    paper = request.GET.get("paper", "")
    return _export(
        request, slug, session_id, "pdf", paper=paper if paper in exports.PAPERS else "a4"
    )
