"""The improvement plan: a learning session's actions, one action with its progress, and the
organization's plan across every session (also as CSV)."""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from learnloop.organizations.access import Need
from learnloop.plan import actions, exports, queries
from learnloop.plan.access import (
    access_action,
    access_organization_plan,
    access_plan,
    may_edit_plan,
    may_send_reminders,
    session_problem,
)
from learnloop.plan.forms import ActionForm, ProgressNoteForm, StatusForm
from learnloop.plan.models import Action, ActionStatus


def _context(session, membership, **extra: Any) -> dict[str, Any]:
    return {
        "organization": session.organization,
        "membership": membership,
        "session": session,
        "may_edit": may_edit_plan(membership),
        "statuses": ActionStatus.choices,
        **extra,
    }


def plan_url(session) -> str:
    return reverse(
        "plan-show-plan", kwargs={"slug": session.organization.slug, "session_id": session.pk}
    )


def action_url(action: Action, name: str = "plan-show-action", slug: str = "") -> str:
    kwargs = {
        "slug": slug or action.organization.slug,
        "session_id": action.session_id,
        "action_id": action.pk,
    }
    return reverse(name, kwargs=kwargs)


@login_required
@require_safe
def show_plan(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    session, membership = access_plan(request.user, slug, session_id)
    context = _context(session, membership, plan=queries.session_plan(session))
    return render(request, "plan/show_plan.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def create_action(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    session, membership = access_plan(request.user, slug, session_id, Need.FACILITATE)
    if request.method == "POST":
        form = ActionForm(session, request.POST)
    elif "problem" in request.GET:
        problem = session_problem(session, request.GET["problem"])
        if problem is None:
            messages.error(
                request,
                _(
                    "That problem was not chosen in a discussion of this learning session, so "
                    "an action here cannot start from it."
                ),
            )
            return redirect(plan_url(session))
        form = ActionForm.for_problem(session, problem)
    else:
        form = ActionForm(session)
    if request.method == "POST" and form.is_valid():
        try:
            action = actions.do_create_action(session, request.user, **form.cleaned_data)
        except actions.PlanError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Action added to the improvement plan."))
            return redirect(action_url(action))
    status = 400 if request.method == "POST" else 200
    context = _context(session, membership, form=form, action=None)
    return render(request, "plan/edit_action.html", context, status=status)


@login_required
@require_safe
def show_action(request: HttpRequest, slug: str, session_id: int, action_id: int) -> HttpResponse:
    action, membership = access_action(request.user, slug, session_id, action_id)
    return _render_action(request, action, membership, ProgressNoteForm())


def _render_action(request, action, membership, note_form, status: int = 200) -> HttpResponse:
    context = _context(
        action.session,
        membership,
        action=action,
        details=queries.action_details(action),
        note_form=note_form,
    )
    return render(request, "plan/show_action.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def edit_action(request: HttpRequest, slug: str, session_id: int, action_id: int) -> HttpResponse:
    action, membership = access_action(request.user, slug, session_id, action_id, Need.FACILITATE)
    form = ActionForm.for_action(action, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_update_action(action, **form.cleaned_data)
        except actions.PlanError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Action saved."))
            return redirect(action_url(action))
    status = 400 if request.method == "POST" else 200
    context = _context(action.session, membership, form=form, action=action)
    return render(request, "plan/edit_action.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def delete_action(request: HttpRequest, slug: str, session_id: int, action_id: int) -> HttpResponse:
    action, membership = access_action(request.user, slug, session_id, action_id, Need.FACILITATE)
    if request.method == "POST":
        actions.do_delete_action(action)
        messages.success(request, _("The action “%(title)s” was deleted.") % vars(action))
        return redirect(plan_url(action.session))
    context = _context(
        action.session,
        membership,
        action=action,
        notes=action.progress_notes.count(),
        reviews=action.reviews.count(),
    )
    return render(request, "plan/delete_action.html", context)


@login_required
@require_POST
def change_status(request: HttpRequest, slug: str, session_id: int, action_id: int) -> HttpResponse:
    action, _membership = access_action(request.user, slug, session_id, action_id, Need.FACILITATE)
    form = StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose planned, in progress, done or dropped."))
    elif actions.do_change_action_status(action, form.cleaned_data["status"]):
        messages.success(
            request,
            _("“%(title)s” is now %(status)s.")
            % {"title": action.title, "status": action.get_status_display().lower()},
        )
    if request.POST.get("back") == "plan":
        return redirect(f"{plan_url(action.session)}#action-{action.pk}")
    return redirect(action_url(action))


@login_required
@require_POST
def add_note(request: HttpRequest, slug: str, session_id: int, action_id: int) -> HttpResponse:
    action, membership = access_action(request.user, slug, session_id, action_id, Need.FACILITATE)
    form = ProgressNoteForm(request.POST)
    if form.is_valid():
        try:
            actions.do_add_progress_note(action, request.user, **form.cleaned_data)
        except actions.PlanError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Progress note added."))
            return redirect(f"{action_url(action)}#progress")
    return _render_action(request, action, membership, form, status=400)


@login_required
@require_safe
def list_actions(request: HttpRequest, slug: str) -> HttpResponse:
    organization, membership = access_organization_plan(request.user, slug)
    options = queries.plan_options(organization)
    filters = queries.PlanFilters.parse(request.GET, options)
    found = queries.organization_actions(organization, filters)
    if request.GET.get("format") == "csv":
        return _csv_response(organization, found)
    context = {
        "organization": organization,
        "membership": membership,
        "options": options,
        "filters": filters,
        "page": queries.plan_page(found, request.GET.get("page")),
        "counts": queries.plan_counts(organization),
        "csv_query": urlencode({**filters.as_query(), "format": "csv"}),
        "filter_query": urlencode(filters.as_query()),
        "may_send_reminders": may_send_reminders(membership),
        "reminder_days": actions.reminder_days(),
    }
    return render(request, "plan/list_actions.html", context)


def _csv_response(organization, found) -> HttpResponse:
    base = settings.BASE_URL
    rows = ((action, base + action_url(action, slug=organization.slug)) for action in found)
    response = HttpResponse(exports.actions_csv(rows), content_type="text/csv; charset=utf-8")
    filename = f"{organization.slug}-improvement-plan.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_POST
def send_reminders(request: HttpRequest, slug: str) -> HttpResponse:
    organization, _membership = access_organization_plan(request.user, slug, Need.ADMINISTER)
    report = actions.do_send_action_reminders(organization)
    sent = len(report.queued)
    message = ngettext(
        "%(n)d reminder queued for the owner of an action due soon or overdue.",
        "%(n)d reminders queued for the owners of actions due soon or overdue.",
        sent,
    ) % {"n": sent}
    if report.without_email:
        missing = len(report.without_email)
        message += " " + ngettext(
            "%(n)d action could not be reminded: it has no owner with an email address.",
            "%(n)d actions could not be reminded: they have no owner with an email address.",
            missing,
        ) % {"n": missing}
    messages.success(request, message)
    return redirect("plan-list-actions", slug=organization.slug)
