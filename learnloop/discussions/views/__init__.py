"""The discussion pages: thin views that fetch through access.py, write through actions.py
and render what queries.py reads."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from learnloop.discussions.actions import DiscussionError
from learnloop.discussions.models import Discussion, Problem
from learnloop.learning_sessions.models import LearningSession


def session_context(session: LearningSession, membership, **extra: Any) -> dict[str, Any]:
    return {
        "organization": session.organization,
        "membership": membership,
        "session": session,
        **extra,
    }


def context(discussion: Discussion, membership, **extra: Any) -> dict[str, Any]:
    return session_context(discussion.session, membership, discussion=discussion, **extra)


def at(discussion: Discussion) -> dict[str, Any]:
    session = discussion.session
    return {"slug": session.organization.slug, "session_id": session.pk}


def discussion_url(discussion: Discussion, anchor: str = "") -> str:
    url = reverse(
        "discussions-show-discussion", kwargs={**at(discussion), "discussion_id": discussion.pk}
    )
    return f"{url}#{anchor}" if anchor else url


def problem_url(problem: Problem) -> str:
    discussion = problem.discussion
    return reverse(
        "discussions-show-problem",
        kwargs={**at(discussion), "discussion_id": discussion.pk, "problem_id": problem.pk},
    )


def list_url(session: LearningSession) -> str:
    return reverse(
        "discussions-list-discussions",
        kwargs={"slug": session.organization.slug, "session_id": session.pk},
    )


def refused(request: HttpRequest, error: DiscussionError, to: str) -> HttpResponse:
    """Say why a write was refused and go back; nothing was changed."""
    messages.error(request, str(error))
    return redirect(to)


def confirm_page(
    request: HttpRequest,
    page: dict[str, Any],
    *,
    title: str,
    explanation: list[str],
    button: str,
    cancel: str,
) -> HttpResponse:
    """The page asking to confirm a deletion or a new link, with what it does spelled out."""
    page.update(title=title, explanation=explanation, button=button, cancel=cancel)
    return render(request, "discussions/confirm.html", page)


def form_status(request: HttpRequest) -> int:
    return 400 if request.method == "POST" else 200


def saved(
    request: HttpRequest,
    form,
    save: Callable[[], Any],
    message: str,
    to: str | Callable[[Any], str],
) -> HttpResponse | None:
    """A form page's write: on a valid POST, ``save()`` and go to ``to`` (or ``to(result)``)
    with ``message``; a refusal becomes the form's error. None: show the form (again)."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        result = save()
    except DiscussionError as error:
        form.add_error(None, str(error))
        return None
    messages.success(request, message)
    return redirect(to(result) if callable(to) else to)
