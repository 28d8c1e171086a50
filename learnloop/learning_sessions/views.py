from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from learnloop.learning_sessions.access import access_session
from learnloop.organizations.access import access_organization


@login_required
def list_sessions(request: HttpRequest, slug: str) -> HttpResponse:
    organization, membership = access_organization(request.user, slug)
    sessions = organization.learning_sessions.select_related("framework")
    return render(
        request,
        "learning_sessions/list_sessions.html",
        {"organization": organization, "membership": membership, "sessions": sessions},
    )


@login_required
def show_session(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    session, membership = access_session(request.user, slug, session_id)
    return render(
        request,
        "learning_sessions/show_session.html",
        {"organization": session.organization, "membership": membership, "session": session},
    )
