"""Pages for the people who run learning sessions: administrators, facilitators, viewers."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from learnloop.learning_sessions.actions import SessionError


def refused(request: HttpRequest, error: SessionError, to: str, **kwargs: object) -> HttpResponse:
    """Explain why a write was refused and go back; nothing was changed."""
    messages.error(request, str(error))
    return redirect(to, **kwargs)


def confirm(request: HttpRequest, context: dict) -> HttpResponse:
    """The page asking to confirm an action, with what it does spelled out in context."""
    return render(request, "learning_sessions/confirm.html", context)
