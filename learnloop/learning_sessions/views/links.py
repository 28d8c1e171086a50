"""Personal links and the anonymous open link. Only hashes are stored, so a link is shown once.

A participant may hold several working links (each email carries one); "copy link" adds one
more, and "revoke link" stops them all.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from learnloop.learning_sessions import actions
from learnloop.learning_sessions.access import access_participant, access_session
from learnloop.learning_sessions.models import LinkKind
from learnloop.learning_sessions.views import confirm, refused
from learnloop.organizations.access import Need

LIST = "sessions-list-participants"


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def copy_link(
    request: HttpRequest, slug: str, session_id: int, participant_id: int
) -> HttpResponse:
    session, participant, _membership = access_participant(
        request.user, slug, session_id, participant_id, Need.ADMINISTER
    )
    if request.method == "POST":
        try:
            token = actions.do_issue_link(participant, LinkKind.COPIED)
        except actions.SessionError as error:
            return refused(request, error, LIST, slug=slug, session_id=session.pk)
        context = {
            "organization": session.organization,
            "session": session,
            "title": _("Personal link for %(name)s") % {"name": participant},
            "link": actions.personal_link(token),
            "back": LIST,
        }
        return render(request, "learning_sessions/show_link.html", context)
    return confirm(request, _copy_link_context(session, participant))


def _copy_link_context(session, participant) -> dict:
    explanation = [
        _(
            "Learnloop keeps only a fingerprint (hash) of each link, never the link itself, so "
            "it cannot show you the link it sent. Instead it makes a new link for %(name)s and "
            "shows it to you once."
        )
        % {"name": participant},
    ]
    if participant.has_working_link:
        explanation.append(
            _(
                "The links they already have keep working, and all lead to the same answers. "
                "To stop those, revoke their links instead."
            )
        )
    return {
        "organization": session.organization,
        "session": session,
        "title": _("Make a new link for %(name)s?") % {"name": participant},
        "explanation": explanation,
        "button": _("Make a new link"),
        "cancel": LIST,
    }


@login_required
@require_http_methods(["GET", "POST"])
def revoke_link(
    request: HttpRequest, slug: str, session_id: int, participant_id: int
) -> HttpResponse:
    session, participant, _membership = access_participant(
        request.user, slug, session_id, participant_id, Need.ADMINISTER
    )
    if request.method == "POST":
        try:
            revoked = actions.do_revoke_link(participant)
        except actions.SessionError as error:
            return refused(request, error, LIST, slug=slug, session_id=session.pk)
        message = ngettext(
            "The link of %(name)s no longer works.",
            "The %(n)s links of %(name)s no longer work.",
            revoked,
        )
        messages.success(request, message % {"name": participant, "n": revoked})
        return redirect(LIST, slug=slug, session_id=session.pk)
    return confirm(request, _revoke_link_context(session, participant))


def _revoke_link_context(session, participant) -> dict:
    working = [
        _("%(kind)s, %(date)s")
        % {
            "kind": link.get_kind_display(),
            "date": date_format(timezone.localtime(link.created_at), "SHORT_DATETIME_FORMAT"),
        }
        for link in participant.links.filter(revoked_at__isnull=True)
    ]
    explanation = [
        _(
            "Every link %(name)s has for this session stops working at once: the ones in the "
            "invitation and reminder emails and any you copied. Their answers so far are kept. "
            "They get no reminders until you send them a new invitation or make a new link."
        )
        % {"name": participant}
    ]
    if working:
        explanation.append(_("Working links: %(links)s.") % {"links": "; ".join(working)})
    return {
        "organization": session.organization,
        "session": session,
        "title": _("Revoke the links of %(name)s?") % {"name": participant},
        "explanation": explanation,
        "button": _("Revoke the links"),
        "danger": True,
        "cancel": LIST,
    }


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def create_open_link(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    session, _membership = access_session(request.user, slug, session_id, Need.ADMINISTER)
    if request.method == "POST":
        try:
            token = actions.do_create_open_link(session)
        except actions.SessionError as error:
            return refused(
                request, error, "sessions-show-session", slug=slug, session_id=session.pk
            )
        context = {
            "organization": session.organization,
            "session": session,
            "title": _("Open link for %(title)s") % {"title": session.title},
            "link": actions.open_link(token),
            "back": "sessions-show-session",
        }
        return render(request, "learning_sessions/show_link.html", context)
    explanation = [
        _(
            "Everyone uses this one link and picks their group; Learnloop does not know who "
            "answered. It keeps only a fingerprint (hash) of the link, so the link is shown once: "
            "copy it and share it the way you usually reach these people."
        )
    ]
    if session.open_link_hash:
        explanation.append(_("The current open link stops working at once."))
    return confirm(
        request,
        {
            "organization": session.organization,
            "session": session,
            "title": _("Make the open link?"),
            "explanation": explanation,
            "button": _("Make a new open link") if session.open_link_hash else _("Make the link"),
            "danger": bool(session.open_link_hash),
            "cancel": "sessions-show-session",
        },
    )
