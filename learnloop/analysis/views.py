"""Comment coding pages: the codebook and the coding view. Every action is a plain form that
works without a script; htmx swaps the comment's card in place when it is there."""

from typing import Any
from urllib.parse import urlsplit

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from learnloop.analysis import actions, queries
from learnloop.analysis.access import (
    access_application,
    access_code,
    access_coding,
    access_comment,
    access_proof_point,
    access_suggestion,
)
from learnloop.analysis.forms import AddCodeForm, ApplyCodeForm, MergeCodeForm, RenameCodeForm
from learnloop.analysis.models import Code
from learnloop.analysis.spans import shown_text, stored_offsets

CODEBOOK = "analysis-show-codebook"
CODING = "analysis-show-coding"


def _context(session, membership, **extra: Any) -> dict[str, Any]:
    return {
        "organization": session.organization,
        "membership": membership,
        "session": session,
        **extra,
    }


def _url(name: str, session, **kwargs) -> str:
    return reverse(
        name, kwargs={"slug": session.organization.slug, "session_id": session.pk, **kwargs}
    )


def _next(request: HttpRequest, session) -> str:
    """The page a form came from, when it is one of ours; else the coding view."""
    target = request.POST.get("next", "")
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return _url(CODING, session)


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _refuse(request: HttpRequest, session, membership, message: str) -> HttpResponse:
    """A request that changed nothing, and why: 400 with the message."""
    if _is_htmx(request):
        return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")
    context = _context(session, membership, message=message, back=_next(request, session))
    return render(request, "analysis/refused.html", context, status=400)


def _comment_changed(request: HttpRequest, slug: str, session_id: int, answer) -> HttpResponse:
    """The comment's card again (htmx), or back to where the form was, at the comment."""
    if not _is_htmx(request):
        return redirect(f"{_next(request, answer.session)}#comment-{answer.pk}")
    session, membership, audience = access_coding(request.user, slug, session_id)
    view = queries.session_view(session, audience)
    card = queries.comment_cards([answer.pk], view)[0]
    card.next_url = _next(request, session)
    card.position = int(request.POST.get("position") or 0)
    context = _context(session, membership, card=card, codes=queries.codebook(session))
    context["keyed_codes"] = context["codes"][: queries.KEYED_CODES]
    return render(request, "analysis/_comment.html", context)


# ---------------------------------------------------------------------------------------------
# Codebook


def _codebook_page(request, session, membership, form, status: int = 200) -> HttpResponse:
    context = _context(
        session,
        membership,
        codes=queries.codebook(session),
        form=form,
        suggestions=queries.suggestion_counts(session),
        progress=queries.module_progress(session),
        modules=list(session.modules.order_by("position", "pk")),
    )
    return render(request, "analysis/show_codebook.html", context, status=status)


@login_required
@require_safe
def show_codebook(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    session, membership, _audience = access_coding(request.user, slug, session_id)
    return _codebook_page(request, session, membership, AddCodeForm())


@login_required
@require_POST
def add_code(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    session, membership, _audience = access_coding(request.user, slug, session_id)
    form = AddCodeForm(request.POST)
    if form.is_valid():
        try:
            code = actions.do_create_code(session, **form.cleaned_data)
        except actions.CodingError as error:
            form.add_error("name", str(error))
        else:
            messages.success(request, _("Added the code “%(name)s”.") % {"name": code.name})
            return redirect(CODEBOOK, slug=slug, session_id=session.pk)
    return _codebook_page(request, session, membership, form, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def edit_code(request: HttpRequest, slug: str, session_id: int, code_id: int) -> HttpResponse:
    session, membership, code = access_code(request.user, slug, session_id, code_id)
    initial = {"name": code.name, "description": code.description}
    form = RenameCodeForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_rename_code(code, **form.cleaned_data)
        except actions.CodingError as error:
            form.add_error("name", str(error))
        else:
            messages.success(request, _("Saved the code “%(name)s”.") % {"name": code.name})
            return redirect(CODEBOOK, slug=slug, session_id=session.pk)
    context = _context(session, membership, code=code, form=form)
    return render(request, "analysis/edit_code.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def merge_code(request: HttpRequest, slug: str, session_id: int, code_id: int) -> HttpResponse:
    session, membership, code = access_code(request.user, slug, session_id, code_id)
    others = Code.objects.filter(session=session, merged_into__isnull=True).exclude(pk=code.pk)
    form = MergeCodeForm(others, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        target = form.cleaned_data["target"]
        moved = actions.do_merge_codes(code, target)
        messages.success(
            request,
            _("Merged “%(source)s” into “%(target)s” (%(moved)s applications moved).")
            % {"source": code.name, "target": target.name, "moved": moved},
        )
        return redirect(CODEBOOK, slug=slug, session_id=session.pk)
    uses = code.applications.count()
    context = _context(session, membership, code=code, form=form, uses=uses)
    return render(request, "analysis/merge_code.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def delete_code(request: HttpRequest, slug: str, session_id: int, code_id: int) -> HttpResponse:
    session, membership, code = access_code(request.user, slug, session_id, code_id)
    if request.method == "POST":
        actions.do_delete_code(code)
        messages.success(request, _("Deleted the code “%(name)s”.") % {"name": code.name})
        return redirect(CODEBOOK, slug=slug, session_id=session.pk)
    comments = code.applications.values("answer_id").distinct().count()
    context = _context(session, membership, code=code, comments=comments)
    return render(request, "analysis/delete_code.html", context)


# ---------------------------------------------------------------------------------------------
# Coding


@login_required
@require_safe
def show_coding(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    session, membership, audience = access_coding(request.user, slug, session_id)
    page = queries.coding_page(session, audience, request.GET, _url(CODING, session))
    return render(request, "analysis/show_coding.html", _context(session, membership, **page))


@login_required
@require_safe
def show_proof_point_codes(
    request: HttpRequest, slug: str, session_id: int, proof_point_id: int
) -> HttpResponse:
    """The comments of a proof point with their codes, loaded into the report's drill-down."""
    session, membership, audience = access_proof_point(
        request.user, slug, session_id, proof_point_id
    )
    if not _is_htmx(request):
        return redirect(f"{_url(CODING, session)}?proof_point={proof_point_id}&mode=list")
    data = queries.drilldown_codes(session, proof_point_id, audience)
    back = _same_site_path(request, request.headers.get("HX-Current-URL", ""))
    for card in data["cards"]:
        card.next_url = back or _url(CODING, session)
    context = _context(session, membership, proof_point_id=proof_point_id, **data)
    context["keyed_codes"] = data["codes"][: queries.KEYED_CODES]
    return render(request, "analysis/_comment_codes.html", context)


def _same_site_path(request: HttpRequest, url: str) -> str:
    """The path and query of an address on this site, or ""."""
    parts = urlsplit(url)
    if not url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}):
        return ""
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


def _codes(session):
    return Code.objects.filter(session=session, merged_into__isnull=True)


@login_required
@require_POST
def toggle_code(request: HttpRequest, slug: str, session_id: int, answer_id: int) -> HttpResponse:
    session, membership, answer = access_comment(request.user, slug, session_id, answer_id)
    form = ApplyCodeForm(_codes(session), request.POST)
    if not form.is_valid():
        return _refuse(request, session, membership, _("Choose a code of this codebook."))
    actions.do_toggle_code(form.cleaned_data["code"], answer, user=request.user)
    return _comment_changed(request, slug, session_id, answer)


@login_required
@require_POST
def apply_code(request: HttpRequest, slug: str, session_id: int, answer_id: int) -> HttpResponse:
    session, membership, answer = access_comment(request.user, slug, session_id, answer_id)
    form = ApplyCodeForm(_codes(session), request.POST)
    if not form.is_valid():
        errors = [str(e) for field in form.errors.values() for e in field]
        return _refuse(request, session, membership, " ".join(errors))
    try:
        start, end = _span(answer.comment, form.cleaned_data)
        actions.do_apply_code(form.cleaned_data["code"], answer, start, end, user=request.user)
    except actions.CodingError as error:
        return _refuse(request, session, membership, str(error))
    return _comment_changed(request, slug, session_id, answer)


def _span(comment: str, data: dict[str, Any]) -> tuple[int | None, int | None]:
    """Offsets into the stored comment from the page's offsets, or from a copied passage."""
    if data.get("start") is not None:
        return stored_offsets(comment, data["start"], data["end"])
    passage = shown_text((data.get("passage") or "").strip())
    if not passage:
        return None, None
    shown = shown_text(comment)
    found = shown.find(passage)
    if found < 0 and len(shown.lower()) == len(shown):
        found = shown.lower().find(passage.lower())
    if found < 0:
        raise actions.CodingError(
            _("The passage “%(passage)s” is not in this comment. Copy it exactly.")
            % {"passage": passage[:80]}
        )
    return stored_offsets(comment, found, found + len(passage))


@login_required
@require_POST
def remove_application(
    request: HttpRequest, slug: str, session_id: int, application_id: int
) -> HttpResponse:
    _session, _membership, application = access_application(
        request.user, slug, session_id, application_id
    )
    answer = application.answer
    actions.do_remove_application(application)
    answer.session = _session
    return _comment_changed(request, slug, session_id, answer)


@login_required
@require_POST
def generate_suggestions(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    session, _membership, _audience = access_coding(request.user, slug, session_id)
    result = actions.do_generate_suggestions(session)
    messages.success(
        request,
        _(
            "Read %(comments)s comments: %(created)s new suggestions, %(withdrawn)s withdrawn, "
            "%(kept)s decisions kept."
        )
        % {
            "comments": result.comments,
            "created": result.created,
            "withdrawn": result.withdrawn,
            "kept": result.kept_decided,
        },
    )
    return redirect(_next(request, session))


def _decide(request, slug, session_id, suggestion_id, decide) -> HttpResponse:
    session, membership, suggestion = access_suggestion(
        request.user, slug, session_id, suggestion_id
    )
    try:
        decide(suggestion, request.user)
    except actions.CodingError as error:
        return _refuse(request, session, membership, str(error))
    return _comment_changed(request, slug, session_id, suggestion.answer)


@login_required
@require_POST
def accept_suggestion(
    request: HttpRequest, slug: str, session_id: int, suggestion_id: int
) -> HttpResponse:
    return _decide(request, slug, session_id, suggestion_id, actions.do_accept_suggestion)


@login_required
@require_POST
def reject_suggestion(
    request: HttpRequest, slug: str, session_id: int, suggestion_id: int
) -> HttpResponse:
    return _decide(request, slug, session_id, suggestion_id, actions.do_reject_suggestion)
