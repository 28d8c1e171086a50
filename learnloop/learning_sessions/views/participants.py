"""Choosing participants, the modules each answers and their reporting group; emails."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_safe

from learnloop.learning_sessions import actions, queries
from learnloop.learning_sessions.access import access_participant, access_session
from learnloop.learning_sessions.forms import (
    AddParticipantsForm,
    InvitationsForm,
    ParticipantForm,
    RemoveParticipantForm,
)
from learnloop.learning_sessions.views import refused
from learnloop.organizations.access import Need

LIST = "sessions-list-participants"


@login_required
@require_safe
def list_participants(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    session, _membership = access_session(request.user, slug, session_id, Need.ADMINISTER)
    participants = list(queries.participants_overview(session))
    context = {
        "organization": session.organization,
        "session": session,
        "participants": participants,
        "module_count": session.modules.count(),
    }
    return render(request, "learning_sessions/list_participants.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def add_participants(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    session, _membership = access_session(request.user, slug, session_id, Need.ADMINISTER)
    organization = session.organization
    people = list(
        organization.people.exclude(participations__session=session).prefetch_related("groups")
    )
    groups = list(organization.groups.all())
    form = AddParticipantsForm(
        session, people, groups, request.POST if request.method == "POST" else None
    )
    if request.method == "POST" and form.is_valid():
        try:
            added = actions.do_add_participants(session, form.choices)
        except actions.SessionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                ngettext("%(n)s participant added.", "%(n)s participants added.", len(added))
                % {"n": len(added)},
            )
            return redirect(LIST, slug=slug, session_id=session.pk)
    context = {"organization": organization, "session": session, "form": form}
    return render(request, "learning_sessions/add_participants.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def edit_participant(
    request: HttpRequest, slug: str, session_id: int, participant_id: int
) -> HttpResponse:
    session, participant, _membership = access_participant(
        request.user, slug, session_id, participant_id, Need.ADMINISTER
    )
    initial = {"group": participant.group, "modules": list(participant.modules.all())}
    form = ParticipantForm(
        session, request.POST if request.method == "POST" else None, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_update_participant(
                participant, form.cleaned_data["group"], list(form.cleaned_data["modules"])
            )
        except actions.SessionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Saved %(name)s.") % {"name": participant})
            return redirect(LIST, slug=slug, session_id=session.pk)
    context = {"organization": session.organization, "session": session, "form": form}
    return render(
        request, "learning_sessions/participant_form.html", {**context, "participant": participant}
    )


@login_required
@require_http_methods(["GET", "POST"])
def remove_participant(
    request: HttpRequest, slug: str, session_id: int, participant_id: int
) -> HttpResponse:
    session, participant, _membership = access_participant(
        request.user, slug, session_id, participant_id, Need.ADMINISTER
    )
    form = RemoveParticipantForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_remove_participant(participant, form.cleaned_data["delete_answers"])
        except actions.SessionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Removed %(name)s.") % {"name": participant})
            return redirect(LIST, slug=slug, session_id=session.pk)
    context = {"organization": session.organization, "session": session, "form": form}
    answered = participant.answers.count()
    return render(
        request,
        "learning_sessions/remove_participant.html",
        {**context, "participant": participant, "answered": answered},
    )


@login_required
@require_http_methods(["GET", "POST"])
def send_invitations(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    session, _membership = access_session(request.user, slug, session_id, Need.ADMINISTER)
    candidates = session.participants.filter(person__isnull=False).select_related("person")
    initial = {"participants": [p for p in candidates if p.invited_at is None]}
    form = InvitationsForm(
        candidates.order_by("person__name"),
        request.POST if request.method == "POST" else None,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            report = actions.do_send_invitations(session, list(form.cleaned_data["participants"]))
        except actions.SessionError as error:
            return refused(request, error, LIST, slug=slug, session_id=session.pk)
        report_emails(request, report, _("Invitations"))
        return redirect(LIST, slug=slug, session_id=session.pk)
    context = {"organization": session.organization, "session": session, "form": form}
    return render(request, "learning_sessions/send_invitations.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def send_reminders(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    session, _membership = access_session(request.user, slug, session_id, Need.ADMINISTER)
    if request.method == "POST":
        try:
            report = actions.do_send_reminders(session)
        except actions.SessionError as error:
            return refused(
                request, error, "sessions-show-session", slug=slug, session_id=session.pk
            )
        report_emails(request, report, _("Reminders"))
        return redirect("sessions-show-session", slug=slug, session_id=session.pk)
    candidates = [] if session.is_anonymous else list(queries.reminder_candidates(session))
    context = {
        "organization": session.organization,
        "session": session,
        "with_email": [p for p in candidates if p.person.email],
        "without_email": [p for p in candidates if not p.person.email],
    }
    return render(request, "learning_sessions/send_reminders.html", context)


def report_emails(request: HttpRequest, report: actions.EmailReport, what: str) -> None:
    sent = len(report.queued)
    messages.success(
        request,
        ngettext("%(what)s: %(n)s email sent.", "%(what)s: %(n)s emails sent.", sent)
        % {"what": what, "n": sent},
    )
    if report.without_email:
        names = ", ".join(str(p.person) for p in report.without_email)
        messages.warning(
            request,
            _("No email address, so nothing was sent to: %(names)s. Use “copy link” for them.")
            % {"names": names},
        )
