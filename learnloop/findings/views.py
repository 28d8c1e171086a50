"""The findings board of a learning session, for its analysts. The board also answers
``?format=json`` with the same data under the same privacy rules."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from learnloop.findings import actions, pages, queries
from learnloop.findings.access import access_finding, access_findings, session_comment
from learnloop.findings.forms import DraftForm, FindingForm, LinkCommentForm, MoveForm, ReadyForm
from learnloop.findings.models import Kind


def _context(session, membership) -> dict[str, Any]:
    return {"organization": session.organization, "membership": membership, "session": session}


def board_url(finding=None, session=None) -> str:
    session = session or finding.session
    url = reverse(
        "findings-show-board",
        kwargs={"slug": session.organization.slug, "session_id": session.pk},
    )
    return f"{url}#finding-{finding.pk}" if finding is not None else url


def comments_url(finding, query=None) -> str:
    """The comment picker, keeping the filters it was on (only the picker's own parameters)."""
    kwargs = {
        "slug": finding.session.organization.slug,
        "session_id": finding.session_id,
        "finding_id": finding.pk,
    }
    url = reverse("findings-edit-comments", kwargs=kwargs)
    kept = {key: query[key] for key in ("proof_point", "q", "page") if query and query.get(key)}
    return f"{url}?{urlencode(kept)}" if kept else url


@login_required
@require_safe
def show_board(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    session, membership, audience = access_findings(request.user, slug, session_id)
    board = queries.board_for(session, audience)
    page = pages.board_page(session, board, queries.findings_of(session))
    if request.GET.get("format") == "json":
        return JsonResponse(page, encoder=DjangoJSONEncoder, json_dumps_params={"indent": 1})
    context = _context(session, membership)
    context.update(page=page, draft_form=DraftForm(), kinds=Kind.choices)
    return render(request, "findings/show_board.html", context)


@login_required
@require_POST
def draft_findings(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    session, _membership, _audience = access_findings(request.user, slug, session_id)
    form = DraftForm(request.POST)
    bring_back = form.is_valid() and form.cleaned_data["bring_back_deleted"]
    result = actions.do_draft_findings(session, request.user, bring_back_deleted=bring_back)
    messages.success(request, draft_message(result))
    return redirect(board_url(session=session))


def draft_message(result: actions.DraftResult) -> str:
    if not result.changed:
        message = _("The draft is up to date: nothing changed in the data since the last one.")
    else:
        message = _(
            "Draft built: %(created)d new, %(refreshed)d refreshed from the data, "
            "%(removed)d removed because the data no longer show them."
        ) % vars(result)
    if result.kept:
        message += " " + _("%(kept)d findings you edited were left as they are.") % vars(result)
    if result.dismissed:
        message += " " + _("%(dismissed)d drafted findings you deleted stay deleted.") % vars(
            result
        )
    return message


@login_required
@require_http_methods(["GET", "POST"])
def create_finding(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    session, membership, _audience = access_findings(request.user, slug, session_id)
    initial = {"kind": request.GET.get("kind") if request.GET.get("kind") in Kind.values else ""}
    data = request.POST if request.method == "POST" else None
    form = FindingForm(session, data, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            finding = actions.do_create_finding(session, request.user, **form.cleaned_data)
        except actions.FindingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Finding added. Now pick the comments that support it."))
            return redirect(comments_url(finding))
    context = _context(session, membership)
    context.update(form=form, finding=None)
    status = 400 if request.method == "POST" else 200
    return render(request, "findings/edit_finding.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def edit_finding(request: HttpRequest, slug: str, session_id: int, finding_id: int) -> HttpResponse:
    finding, membership, _audience = access_finding(request.user, slug, session_id, finding_id)
    form = FindingForm.for_finding(finding, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_update_finding(finding, **form.cleaned_data)
        except actions.FindingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Finding saved."))
            return redirect(board_url(finding))
    context = _context(finding.session, membership)
    context.update(form=form, finding=finding)
    status = 400 if request.method == "POST" else 200
    return render(request, "findings/edit_finding.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def delete_finding(
    request: HttpRequest, slug: str, session_id: int, finding_id: int
) -> HttpResponse:
    finding, membership, _audience = access_finding(request.user, slug, session_id, finding_id)
    if request.method == "POST":
        actions.do_delete_finding(finding)
        messages.success(request, _("The finding “%(title)s” was deleted.") % vars(finding))
        return redirect(board_url(session=finding.session))
    context = _context(finding.session, membership)
    context.update(finding=finding, links=finding.supporting_comments.count())
    return render(request, "findings/delete_finding.html", context)


@login_required
@require_POST
def move_finding(request: HttpRequest, slug: str, session_id: int, finding_id: int) -> HttpResponse:
    finding, _membership, _audience = access_finding(request.user, slug, session_id, finding_id)
    form = MoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Move a finding up or down."))
        return redirect(board_url(finding))
    actions.do_move_finding(finding, form.cleaned_data["direction"])
    return redirect(board_url(finding))


@login_required
@require_POST
def mark_finding(request: HttpRequest, slug: str, session_id: int, finding_id: int) -> HttpResponse:
    finding, _membership, _audience = access_finding(request.user, slug, session_id, finding_id)
    form = ReadyForm(request.POST)
    if form.is_valid() and actions.do_mark_ready(finding, form.cleaned_data["ready"]):
        text = (
            _("“%(title)s” is ready to share.")
            if finding.is_ready
            else _("“%(title)s” is back to draft.")
        )
        messages.success(request, text % vars(finding))
    return redirect(board_url(finding))


@login_required
@require_safe
def edit_comments(
    request: HttpRequest, slug: str, session_id: int, finding_id: int
) -> HttpResponse:
    finding, membership, audience = access_finding(request.user, slug, session_id, finding_id)
    finding = queries.finding_with_links(finding)
    board = queries.board_for(finding.session, audience)
    proof_point_ids = set(board.report.data.proof_point_ids)
    filters = queries.CommentFilters.parse(request.GET, proof_point_ids)
    found = queries.comment_page(finding.session, filters, request.GET.get("page"))
    filter_values = {"proof_point": filters.proof_point, "q": filters.text}
    page = pages.comments_page(finding.session, board, finding, found, filter_values)
    context = _context(finding.session, membership)
    context.update(page=page, finding=finding, link_form=LinkCommentForm())
    return render(request, "findings/edit_comments.html", context)


@login_required
@require_POST
def link_comment(request: HttpRequest, slug: str, session_id: int, finding_id: int) -> HttpResponse:
    finding, _membership, _audience = access_finding(request.user, slug, session_id, finding_id)
    form = LinkCommentForm(request.POST)
    answer = session_comment(finding.session, request.POST.get("answer"))
    if not form.is_valid() or answer is None:
        messages.error(request, _("That comment is not one of this learning session's comments."))
        return redirect(comments_url(finding, request.POST))
    try:
        actions.do_link_comment(finding, answer, form.cleaned_data["quote"])
    except actions.FindingError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Comment linked as support."))
    return redirect(comments_url(finding, request.POST))


@login_required
@require_POST
def unlink_comment(
    request: HttpRequest, slug: str, session_id: int, finding_id: int, answer_id: int
) -> HttpResponse:
    finding, _membership, _audience = access_finding(request.user, slug, session_id, finding_id)
    answer = session_comment(finding.session, answer_id)
    if answer is not None and actions.do_unlink_comment(finding, answer):
        messages.success(request, _("Comment taken off this finding."))
    return redirect(comments_url(finding, request.POST))
