"""Report pages and exports of a learning session. Every page also answers ``?format=json``
with the same data under the same privacy rules."""

import io
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.text import slugify
from django.views.decorators.http import require_safe

from learnloop.organizations.access import Need
from learnloop.reports import exports, pages
from learnloop.reports.access import access_report
from learnloop.reports.queries import report_data


def respond(request: HttpRequest, template: str, page: dict[str, Any], context) -> HttpResponse:
    """The page as HTML, or its data as JSON when ``?format=json`` asks for it."""
    if request.GET.get("format") == "json":
        return JsonResponse(page, encoder=DjangoJSONEncoder, json_dumps_params={"indent": 1})
    return render(request, template, {**context, "page": page})


def _context(session, membership, audience, active: str) -> dict[str, Any]:
    return {
        "organization": session.organization,
        "membership": membership,
        "session": session,
        "audience": audience,
        "active": active,
    }


@login_required
@require_safe
def show_summary(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    session, membership, audience = access_report(request.user, slug, session_id, Need.VIEW)
    report = pages.build(report_data(session, audience))
    filters = pages.SummaryFilters.parse(request.GET, report)
    page = pages.summary_page(report, filters)
    context = _context(session, membership, audience, "summary")
    return respond(request, "reports/show_summary.html", page, context)


@login_required
@require_safe
def show_conversation_starters(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    session, membership, audience = access_report(request.user, slug, session_id)
    report = pages.build(report_data(session, audience, with_answers=True))
    context = _context(session, membership, audience, "starters")
    return respond(request, "reports/show_starters.html", pages.starters_page(report), context)


@login_required
@require_safe
def show_groups(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    session, membership, audience = access_report(request.user, slug, session_id)
    measure = request.GET.get("measure")
    measure = measure if measure in pages.HEATMAP_MEASURES else "median"
    page = pages.groups_page(pages.build(report_data(session, audience)), measure)
    context = _context(session, membership, audience, "groups")
    return respond(request, "reports/show_groups.html", page, context)


@login_required
@require_safe
def show_proof_point(
    request: HttpRequest, slug: str, session_id: int, proof_point_id: int
) -> HttpResponse:
    session, membership, audience = access_report(request.user, slug, session_id)
    data = report_data(session, audience)
    p = data.proof_point_index(proof_point_id)
    if p is None:  # not a proof point of this session's modules
        raise Http404
    data.load_answers(only_proof_point=proof_point_id)
    page = pages.proof_point_page(pages.build(data), p)
    context = _context(session, membership, audience, "summary")
    return respond(request, "reports/show_proof_point.html", page, context)


@login_required
@require_safe
def show_respondent(request: HttpRequest, slug: str, session_id: int, number: int) -> HttpResponse:
    session, membership, audience = access_report(request.user, slug, session_id)
    data = report_data(session, audience)
    if not 1 <= number <= len(data.respondent_ids):
        raise Http404
    data.load_answers(only_respondent=data.respondent_ids[number - 1])
    page = pages.respondent_page(pages.build(data), number - 1)
    context = _context(session, membership, audience, "summary")
    return respond(request, "reports/show_respondent.html", page, context)


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
