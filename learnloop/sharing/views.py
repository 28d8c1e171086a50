"""Pages for sharing findings back: the analysts' (redaction review, releases, responses) and
the participants' (the release, by personal link or signed in)."""

from __future__ import annotations

from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from learnloop.learning_sessions.access import may_administer
from learnloop.organizations.access import Need
from learnloop.sharing import actions, queries
from learnloop.sharing.access import (
    Reader,
    ReleaseUnavailable,
    access_redaction,
    access_release,
    access_release_by_link,
    access_release_by_login,
    access_release_finding,
    access_sharing,
    access_term,
)
from learnloop.sharing.documents import raw_data_csv, render_pack
from learnloop.sharing.forms import ContributionForm, ReleaseForm, ResponseForm, TermForm
from learnloop.sharing.models import RedactionStatus

OVERVIEW = "sharing-show-sharing"
REDACTIONS = "sharing-review-redactions"
REDACTIONS_PER_PAGE = 50
FILTERS = {"unreviewed", "undone", "all"}


def _session_context(session, membership, **extra) -> dict[str, Any]:
    return {
        "organization": session.organization,
        "membership": membership,
        "session": session,
        "may_administer": may_administer(membership),
        **extra,
    }


def _back(slug: str, session_id: int, to: str = OVERVIEW) -> HttpResponse:
    return redirect(to, slug=slug, session_id=session_id)


# ---------------------------------------------------------------------------------------------
# Analysts: overview and redaction review


@login_required
@require_safe
def show_sharing(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    session, membership = access_sharing(request.user, slug, session_id)
    context = _session_context(
        session,
        membership,
        releases=queries.session_releases(session),
        redactions=queries.redaction_counts(session),
        ready_findings=queries.ready_finding_count(session),
    )
    return render(request, "sharing/show_sharing.html", context)


@login_required
@require_safe
def review_redactions(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    session, membership = access_sharing(request.user, slug, session_id)
    shown = request.GET.get("show") if request.GET.get("show") in FILTERS else "unreviewed"
    page = Paginator(queries.redactions_to_review(session, shown), REDACTIONS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = _session_context(
        session,
        membership,
        page=page,
        rows=[queries.redaction_row(r) for r in page],
        shown=shown,
        counts=queries.redaction_counts(session),
        terms=session.redaction_terms.all(),
        term_form=TermForm(),
    )
    return render(request, "sharing/review_redactions.html", context)


@login_required
@require_POST
def scan_redactions(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    session, _membership = access_sharing(request.user, slug, session_id)
    new, removed = actions.do_prepare_redactions(session)
    messages.success(
        request,
        _("Comments scanned: %(new)s new change(s) to review, %(removed)s no longer needed.")
        % {"new": new, "removed": removed},
    )
    return _back(slug, session_id, REDACTIONS)


def _redaction_decision(request, slug: str, session_id: int, redaction_id: int, status: str):
    session, _membership = access_sharing(request.user, slug, session_id)
    redaction = access_redaction(session, redaction_id)
    if status == RedactionStatus.UNDONE:
        actions.do_undo_redaction(redaction, request.user)
        messages.success(
            request,
            _("Undone: “%(words)s” will be shared as written.") % {"words": redaction.original},
        )
    else:
        actions.do_redo_redaction(redaction, request.user)
        messages.success(
            request,
            _("“%(words)s” will be replaced by %(by)s.")
            % {"words": redaction.original, "by": redaction.replacement},
        )
    target = reverse(REDACTIONS, kwargs={"slug": slug, "session_id": session_id})
    return redirect(f"{target}?{request.POST.get('back', '')}#redaction-{redaction.pk}")


@login_required
@require_POST
def undo_redaction(request, slug: str, session_id: int, redaction_id: int) -> HttpResponse:
    return _redaction_decision(request, slug, session_id, redaction_id, RedactionStatus.UNDONE)


@login_required
@require_POST
def redo_redaction(request, slug: str, session_id: int, redaction_id: int) -> HttpResponse:
    return _redaction_decision(request, slug, session_id, redaction_id, RedactionStatus.APPLIED)


@login_required
@require_POST
def keep_redactions(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    session, _membership = access_sharing(request.user, slug, session_id)
    ids = [int(value) for value in request.POST.getlist("redaction") if value.isdigit()]
    kept = actions.do_review_redactions(session, request.user, ids)
    messages.success(request, _("%(n)s change(s) marked as reviewed.") % {"n": kept})
    return _back(slug, session_id, REDACTIONS)


@login_required
@require_POST
def add_term(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    session, _membership = access_sharing(request.user, slug, session_id)
    form = TermForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Type the word or phrase to remove (at most 200 characters)."))
        return _back(slug, session_id, REDACTIONS)
    try:
        actions.do_add_redaction_term(
            session, form.cleaned_data["term"], form.cleaned_data["replacement"], request.user
        )
    except actions.SharingError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Term added and comments scanned again."))
    return _back(slug, session_id, REDACTIONS)


@login_required
@require_POST
def remove_term(request: HttpRequest, slug: str, session_id: int, term_id: int) -> HttpResponse:
    session, _membership = access_sharing(request.user, slug, session_id)
    term = access_term(session, term_id)
    actions.do_remove_redaction_term(term)
    messages.success(request, _("“%(term)s” is no longer removed.") % {"term": term.term})
    return _back(slug, session_id, REDACTIONS)


# ---------------------------------------------------------------------------------------------
# Analysts: releases


@login_required
@require_http_methods(["GET", "POST"])
def create_release(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    session, membership = access_sharing(request.user, slug, session_id, Need.ADMINISTER)
    form = ReleaseForm(request.POST or None, initial={"title": session.title})
    if request.method == "POST" and form.is_valid():
        try:
            release = actions.do_create_release(session, request.user, **form.release_fields())
        except actions.SharingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Release saved as a draft. Preview it before publishing."))
            return redirect(
                "sharing-preview-release", slug=slug, session_id=session_id, release_id=release.pk
            )
    context = _session_context(session, membership, form=form, release=None)
    return render(request, "sharing/release_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def edit_release(request, slug: str, session_id: int, release_id: int) -> HttpResponse:
    release, membership = access_release(
        request.user, slug, session_id, release_id, Need.ADMINISTER
    )
    form = ReleaseForm(request.POST or None, instance=release)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_update_release(release, **form.release_fields())
        except actions.SharingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Release saved."))
            return _back(slug, session_id)
    context = _session_context(release.session, membership, form=form, release=release)
    return render(request, "sharing/release_form.html", context)


@login_required
@require_safe
def preview_release(request, slug: str, session_id: int, release_id: int) -> HttpResponse:
    release, membership = access_release(request.user, slug, session_id, release_id)
    contents = queries.release_contents(release)
    for number, item in enumerate(contents["findings"]):
        item["form"] = ResponseForm(prefix=f"preview-{number}")  # shown disabled
    context = _session_context(
        release.session,
        membership,
        release=release,
        contents=contents,
        contribution_form=ContributionForm(),
        problems=actions.publishing_problems(release) if release.is_draft else [],
    )
    return render(request, "sharing/preview_release.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def publish_release(request, slug: str, session_id: int, release_id: int) -> HttpResponse:
    release, membership = access_release(
        request.user, slug, session_id, release_id, Need.ADMINISTER
    )
    if request.method == "POST":
        try:
            release = actions.do_publish_release(release, request.user)
        except actions.SharingError as error:
            messages.error(request, str(error))
            return redirect("sharing-preview-release", slug, session_id, release.pk)
        messages.success(request, _("Published. Participants can read it during the review."))
        if not actions.notice_problems(release):
            return redirect("sharing-notify-participants", slug, session_id, release.pk)
        return _back(slug, session_id)
    context = _session_context(
        release.session, membership, release=release, problems=actions.publishing_problems(release)
    )
    return render(request, "sharing/publish_release.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def notify_participants(request, slug: str, session_id: int, release_id: int) -> HttpResponse:
    """Confirm, then queue the release's email to everyone not told yet."""
    release, membership = access_release(
        request.user, slug, session_id, release_id, Need.ADMINISTER
    )
    if request.method == "POST":
        try:
            plan = actions.do_notify_participants(release)
        except actions.SharingError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _sent_message(plan))
        return _back(slug, session_id)
    context = _session_context(
        release.session,
        membership,
        release=release,
        problems=actions.notice_problems(release),
        plan=queries.notice_plan(release),
        opens=actions.opens_later(release),
    )
    return render(request, "sharing/notify_participants.html", context)


def _sent_message(plan: queries.NoticePlan) -> str:
    n = len(plan.to_send)
    if plan.scheduled_for is None:
        return ngettext("%(n)s email is on its way.", "%(n)s emails are on their way.", n) % {
            "n": n
        }
    when = date_format(timezone.localtime(plan.scheduled_for), "DATETIME_FORMAT")
    return ngettext(
        "%(n)s email will go out on %(date)s, when the review opens.",
        "%(n)s emails will go out on %(date)s, when the review opens.",
        n,
    ) % {"n": n, "date": when}


@login_required
@require_http_methods(["GET", "POST"])
def withdraw_release(request, slug: str, session_id: int, release_id: int) -> HttpResponse:
    release, membership = access_release(
        request.user, slug, session_id, release_id, Need.ADMINISTER
    )
    if request.method == "POST":
        try:
            actions.do_withdraw_release(release)
        except actions.SharingError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Withdrawn: participants can no longer open it."))
        return _back(slug, session_id)
    context = _session_context(release.session, membership, release=release)
    return render(request, "sharing/withdraw_release.html", context)


@login_required
@require_safe
def show_responses(request, slug: str, session_id: int, release_id: int) -> HttpResponse:
    release, membership = access_release(request.user, slug, session_id, release_id)
    context = _session_context(
        release.session, membership, release=release, summary=queries.response_summary(release)
    )
    return render(request, "sharing/show_responses.html", context)


@login_required
@require_safe
def download_pack(request, slug: str, session_id: int, release_id: int) -> HttpResponse:
    release, _membership = access_release(request.user, slug, session_id, release_id)
    return _pack_response(release)


@login_required
@require_safe
def download_raw_data(request, slug: str, session_id: int, release_id: int) -> HttpResponse:
    release, _membership = access_release(request.user, slug, session_id, release_id)
    return _raw_data_response(release)


def _attachment(content: bytes, content_type: str, release, suffix: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    name = f"{slugify(release.title) or 'findings'}-{suffix}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _pack_response(release) -> HttpResponse:
    pdf = render_pack(release, queries.release_contents(release))
    return _attachment(pdf, "application/pdf", release, "pack.pdf")


def _raw_data_response(release) -> HttpResponse:
    contents = queries.release_contents(release)
    if contents["raw_data"] is None:
        return HttpResponse(_("This release does not include the raw data."), status=404)
    return _attachment(
        raw_data_csv(contents["raw_data"]), "text/csv; charset=utf-8", release, "raw-data.csv"
    )


# ---------------------------------------------------------------------------------------------
# Participants: by personal link, or signed in


def unavailable(request: HttpRequest, refusal: ReleaseUnavailable) -> HttpResponse:
    context = {"title": refusal.title, "message": refusal.message}
    return render(request, "sharing/unavailable.html", context, status=refusal.status)


def by_link(view):
    """Fetch the release by the personal link's token, or say why it cannot be read."""

    @wraps(view)
    @never_cache
    def wrapper(request: HttpRequest, token: str, **kwargs) -> HttpResponse:
        try:
            reader = access_release_by_link(token)
        except ReleaseUnavailable as refusal:
            return unavailable(request, refusal)
        base = reverse("sharing-show-release", kwargs={"token": token})
        urls = {
            "base": base,
            "finding": base,  # + "<id>/"
            "contribute": reverse("sharing-add-contribution", kwargs={"token": token}),
            "pack": reverse("sharing-download-release-pack", kwargs={"token": token}),
            "raw_data": reverse("sharing-download-release-raw-data", kwargs={"token": token}),
        }
        return view(request, reader, urls, **kwargs)

    return wrapper


def by_login(view):
    """Fetch the release for a signed-in member of the organization."""

    @wraps(view)
    @login_required
    @never_cache
    def wrapper(request: HttpRequest, slug: str, session_id: int, **kwargs) -> HttpResponse:
        try:
            reader = access_release_by_login(request.user, slug, session_id)
        except ReleaseUnavailable as refusal:
            return unavailable(request, refusal)
        at = {"slug": slug, "session_id": session_id}
        base = reverse("sharing-show-shared", kwargs=at)
        urls = {
            "base": base,
            "finding": base + "findings/",  # + "<id>/"
            "contribute": reverse("sharing-add-shared-contribution", kwargs=at),
            "pack": reverse("sharing-download-shared-pack", kwargs=at),
            "raw_data": reverse("sharing-download-shared-raw-data", kwargs=at),
        }
        return view(request, reader, urls, **kwargs)

    return wrapper


def _reader_page(request: HttpRequest, reader: Reader, urls: dict, **extra) -> HttpResponse:
    release = reader.release
    own = queries.responses_of(release, **reader.identity)
    contents = queries.release_contents(release)
    for item in contents["findings"]:
        mine = own.get(item["id"])
        item["form"] = ResponseForm(
            initial={"response": mine.response, "comment": mine.comment} if mine else None,
            prefix=f"f{item['id']}",
        )
        item["mine"] = mine
    context = {
        "release": release,
        "session": release.session,
        "reader": reader,
        "contents": contents,
        "urls": urls,
        "contribution_form": extra.pop("contribution_form", ContributionForm()),
        "contributions": queries.contributions_of(release, **reader.identity),
        **extra,
    }
    if reader.membership is not None:
        context.update(organization=release.session.organization, membership=reader.membership)
    return render(request, "sharing/show_release.html", context)


def _respond(request: HttpRequest, reader: Reader, urls: dict, finding_id: int) -> HttpResponse:
    finding = access_release_finding(reader, finding_id)
    form = ResponseForm(request.POST, prefix=f"f{finding.pk}")
    if not form.is_valid():
        messages.error(
            request,
            _("Choose agree, disagree or not sure for “%(title)s”.") % {"title": finding.title},
        )
    else:
        try:
            actions.do_record_response(
                finding,
                form.cleaned_data["response"],
                form.cleaned_data["comment"],
                **reader.identity,
            )
        except actions.SharingError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, _("Your response to “%(title)s” is saved.") % {"title": finding.title}
            )
    return redirect(f"{urls['base']}#finding-{finding.pk}")


def _contribute(request: HttpRequest, reader: Reader, urls: dict) -> HttpResponse:
    form = ContributionForm(request.POST)
    if not form.is_valid():
        return _reader_page(request, reader, urls, contribution_form=form)
    try:
        actions.do_add_contribution(
            reader.release, form.cleaned_data["kind"], form.cleaned_data["text"], **reader.identity
        )
    except actions.SharingError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Thank you: the facilitators will see it."))
    return redirect(f"{urls['base']}#contribute")


@require_safe
@by_link
def show_release(request, reader, urls) -> HttpResponse:
    return _reader_page(request, reader, urls)


@require_POST
@by_link
def respond_to_finding(request, reader, urls, finding_id: int) -> HttpResponse:
    return _respond(request, reader, urls, finding_id)


@require_POST
@by_link
def add_contribution(request, reader, urls) -> HttpResponse:
    return _contribute(request, reader, urls)


@require_safe
@by_link
def download_release_pack(request, reader, urls) -> HttpResponse:
    return _pack_response(reader.release)


@require_safe
@by_link
def download_release_raw_data(request, reader, urls) -> HttpResponse:
    return _raw_data_response(reader.release)


@require_safe
@by_login
def show_shared(request, reader, urls) -> HttpResponse:
    return _reader_page(request, reader, urls)


@require_POST
@by_login
def respond_to_shared_finding(request, reader, urls, finding_id: int) -> HttpResponse:
    return _respond(request, reader, urls, finding_id)


@require_POST
@by_login
def add_shared_contribution(request, reader, urls) -> HttpResponse:
    return _contribute(request, reader, urls)


@require_safe
@by_login
def download_shared_pack(request, reader, urls) -> HttpResponse:
    return _pack_response(reader.release)


@require_safe
@by_login
def download_shared_raw_data(request, reader, urls) -> HttpResponse:
    return _raw_data_response(reader.release)
