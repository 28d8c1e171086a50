"""Creating, editing, opening and closing learning sessions, and the dashboard."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from learnloop.learning_sessions import actions, queries
from learnloop.learning_sessions.access import (
    access_session,
    may_administer,
    may_see_who_has_not_finished,
)
from learnloop.learning_sessions.forms import SessionForm, initial_session_data
from learnloop.learning_sessions.models import State
from learnloop.learning_sessions.views import confirm, refused
from learnloop.organizations.access import Need, access_organization, has_role
from learnloop.sharing.models import open_release_exists

SHOW = "sessions-show-session"


@login_required
@require_safe
def list_sessions(request: HttpRequest, slug: str) -> HttpResponse:
    organization, membership = access_organization(request.user, slug)
    sessions = organization.learning_sessions.select_related("framework").annotate(
        has_shared_findings=open_release_exists()
    )
    return render(
        request,
        "learning_sessions/list_sessions.html",
        {
            "organization": organization,
            "membership": membership,
            "sessions": sessions,
            "may_open_dashboard": has_role(membership, Need.FACILITATE),
            "may_administer": may_administer(membership),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def create_session(request: HttpRequest, slug: str) -> HttpResponse:
    organization, membership = access_organization(request.user, slug, Need.ADMINISTER)
    initial = initial_session_data(organization, request.user)
    form = SessionForm(
        organization, request.POST if request.method == "POST" else None, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            session = actions.do_create_session(
                organization, list(form.cleaned_data["modules"]), **form.session_fields()
            )
        except actions.SessionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Learning session created as a draft."))
            return redirect(SHOW, slug=slug, session_id=session.pk)
    context = {"organization": organization, "membership": membership, "form": form}
    return render(request, "learning_sessions/session_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def edit_session(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    session, _membership = access_session(request.user, slug, session_id, Need.ADMINISTER)
    form = SessionForm(
        session.organization, request.POST if request.method == "POST" else None, instance=session
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_update_session(
                session, list(form.cleaned_data["modules"]), **form.session_fields()
            )
        except actions.SessionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Learning session saved."))
            return redirect(SHOW, slug=slug, session_id=session.pk)
    context = {"organization": session.organization, "session": session, "form": form}
    return render(request, "learning_sessions/session_form.html", context)


@login_required
@require_safe
def show_session(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    session, membership = access_session(request.user, slug, session_id, Need.FACILITATE)
    sees_names = may_see_who_has_not_finished(session, membership)
    context = {
        "organization": session.organization,
        "membership": membership,
        "session": session,
        "may_administer": may_administer(membership),
        "progress": queries.session_progress(session),
        "modules": queries.module_progress(session),
        "groups": queries.group_progress(session),
        "not_finished": list(queries.not_finished(session)) if sees_names else None,
        "opening_problems": (
            actions.opening_problems(session) if session.state == State.DRAFT else []
        ),
        "next_rounds": list(
            session.next_rounds.filter(organization_id=session.organization_id).only(
                "pk", "title", "previous_round_id"
            )
        ),
    }
    return render(request, "learning_sessions/show_session.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def open_session(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    session, _membership = access_session(request.user, slug, session_id, Need.ADMINISTER)
    if request.method == "POST":
        try:
            actions.do_open_session(session)
        except actions.SessionError as error:
            return refused(request, error, SHOW, slug=slug, session_id=session.pk)
        messages.success(request, _("The session is open. Send the invitations when ready."))
        return redirect(SHOW, slug=slug, session_id=session.pk)
    problems = actions.opening_problems(session)
    return render(
        request,
        "learning_sessions/open_session.html",
        {"organization": session.organization, "session": session, "problems": problems},
    )


@login_required
@require_http_methods(["GET", "POST"])
def close_session(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    session, _membership = access_session(request.user, slug, session_id, Need.ADMINISTER)
    if request.method == "POST":
        try:
            actions.do_close_session(session)
        except actions.SessionError as error:
            return refused(request, error, SHOW, slug=slug, session_id=session.pk)
        messages.success(request, _("The session is closed. Links no longer work."))
        return redirect(SHOW, slug=slug, session_id=session.pk)
    progress = queries.session_progress(session)
    return confirm(
        request,
        {
            "organization": session.organization,
            "session": session,
            "title": _("Close %(title)s?") % {"title": session.title},
            "explanation": [
                _("%(submitted)s of %(total)s participants have submitted their answers.")
                % {"submitted": progress.submitted, "total": progress.total},
                _(
                    "Once closed, every link stops working and nobody can answer or change an "
                    "answer. A closed session cannot be opened again."
                ),
            ],
            "button": _("Close the session"),
            "danger": True,
        },
    )
