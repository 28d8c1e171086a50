"""Suggested themes pages. Every action is a plain form that works without a script."""

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from learnloop.frameworks.models import Module
from learnloop.learning_sessions.models import LearningSession
from learnloop.reports.access import Audience
from learnloop.themes import actions, queries
from learnloop.themes.access import (
    access_theme,
    access_themes,
    member_answer,
    scope_module,
    theme_in_run,
)
from learnloop.themes.forms import RenameForm, SuggestForm
from learnloop.themes.models import Theme


def _list_url(session: LearningSession, module: Module | None) -> str:
    url = reverse(
        "themes-list-themes",
        kwargs={"slug": session.organization.slug, "session_id": session.pk},
    )
    return f"{url}?{urlencode({'module': module.pk})}" if module else url


def _theme_url(session: LearningSession, theme: Theme) -> str:
    return reverse(
        "themes-show-theme",
        kwargs={"slug": session.organization.slug, "session_id": session.pk, "theme_id": theme.pk},
    )


def _context(session: LearningSession, membership, **extra: Any) -> dict[str, Any]:
    return {
        "organization": session.organization,
        "membership": membership,
        "session": session,
        **extra,
    }


@login_required
@require_safe
def list_themes(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    session, membership = access_themes(request.user, slug, session_id)
    module = scope_module(session, request.GET.get("module"))
    view = queries.privacy(session, Audience.of(session, membership))
    modules = queries.session_modules(session)
    initial = {"module": str(module.pk) if module else ""}
    context = _context(session, membership) | {
        "module": module,
        "modules": modules,
        "page": queries.scope_page(session, module, view),
        "form": SuggestForm(initial=initial, modules=modules),
        "groups_shown": view.groups_shown,
    }
    return render(request, "themes/list_themes.html", context)


@login_required
@require_POST
def suggest_themes(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    session, _membership = access_themes(request.user, slug, session_id)
    form = SuggestForm(request.POST, modules=queries.session_modules(session))
    if not form.is_valid():
        messages.error(request, _("Choose the comments and the number of themes from the lists."))
        return redirect(_list_url(session, None))
    module = scope_module(session, form.cleaned_data["module"])
    try:
        run = actions.do_suggest_themes(session, module, request.user, form.cleaned_data["themes"])
    except actions.ThemeError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _suggested_message(run))
    return redirect(_list_url(session, module))


def _suggested_message(run) -> str:
    count = run.themes.count()
    if count:
        return _("%(themes)s themes suggested from %(comments)s comments.") % {
            "themes": count,
            "comments": run.comment_count,
        }
    return _("No theme was suggested from %(comments)s comments.") % {"comments": run.comment_count}


@login_required
@require_safe
def show_theme(request: HttpRequest, slug: str, session_id: int, theme_id: int) -> HttpResponse:
    session, membership, theme = access_theme(request.user, slug, session_id, theme_id)
    view = queries.privacy(session, Audience.of(session, membership))
    card = queries.theme_cards([theme], view)[0]
    quotes, page, pages = queries.members_page(theme, view, _int(request.GET.get("page"), 1))
    context = _context(session, membership) | {
        "theme": theme,
        "card": card,
        "quotes": quotes,
        "page_number": page,
        "pages": pages,
        "others": queries.other_suggested(theme) if theme.is_suggested else [],
        "rename_form": RenameForm(initial={"label": theme.label}),
        "list_url": _list_url(session, theme.run.module),
        "groups_shown": view.groups_shown,
    }
    return render(request, "themes/show_theme.html", context)


def _int(value: str | None, default: int) -> int:
    try:
        return int(value or "")
    except ValueError:
        return default


def _attempt(request: HttpRequest, work, success: str) -> bool:
    """Run an action; show its error or the success message. Whether it worked."""
    try:
        work()
    except actions.ThemeError as error:
        messages.error(request, str(error))
        return False
    messages.success(request, success)
    return True


@login_required
@require_POST
def rename_theme(request: HttpRequest, slug: str, session_id: int, theme_id: int) -> HttpResponse:
    session, _membership, theme = access_theme(request.user, slug, session_id, theme_id)
    label = request.POST.get("label", "")
    _attempt(request, lambda: actions.do_rename_theme(theme, label), _("Theme renamed."))
    return redirect(_theme_url(session, theme))


@login_required
@require_POST
def merge_theme(request: HttpRequest, slug: str, session_id: int, theme_id: int) -> HttpResponse:
    session, _membership, theme = access_theme(request.user, slug, session_id, theme_id)
    other = theme_in_run(theme, request.POST.get("other"))
    if other is None:
        messages.error(request, _("Choose the theme to merge into this one."))
    else:
        message = _("“%(other)s” merged into this theme.") % {"other": other.label}
        _attempt(request, lambda: actions.do_merge_themes(theme, other), message)
    return redirect(_theme_url(session, theme))


@login_required
@require_POST
def split_theme(request: HttpRequest, slug: str, session_id: int, theme_id: int) -> HttpResponse:
    session, _membership, theme = access_theme(request.user, slug, session_id, theme_id)
    message = _("Theme split in two; the second part is listed right after it.")
    _attempt(request, lambda: actions.do_split_theme(theme), message)
    return redirect(_theme_url(session, theme))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def discard_theme(request: HttpRequest, slug: str, session_id: int, theme_id: int) -> HttpResponse:
    session, membership, theme = access_theme(request.user, slug, session_id, theme_id)
    if request.method == "POST":
        message = _("“%(label)s” discarded.") % {"label": theme.label}
        if _attempt(request, lambda: actions.do_discard_theme(theme, request.user), message):
            return redirect(_list_url(session, theme.run.module))
        return redirect(_theme_url(session, theme))
    count = theme.members.count()
    context = _context(session, membership) | {"theme": theme, "count": count}
    return render(request, "themes/discard_theme.html", context)


@login_required
@require_POST
def restore_theme(request: HttpRequest, slug: str, session_id: int, theme_id: int) -> HttpResponse:
    session, _membership, theme = access_theme(request.user, slug, session_id, theme_id)
    message = _("“%(label)s” is a suggestion again.") % {"label": theme.label}
    _attempt(request, lambda: actions.do_restore_theme(theme), message)
    return redirect(_list_url(session, theme.run.module))


@login_required
@require_POST
def accept_theme(request: HttpRequest, slug: str, session_id: int, theme_id: int) -> HttpResponse:
    session, _membership, theme = access_theme(request.user, slug, session_id, theme_id)
    message = _("“%(label)s” accepted: it is now a code applied to its comments.") % {
        "label": theme.label
    }
    if _attempt(request, lambda: actions.do_accept_theme(theme, request.user), message):
        return redirect(_list_url(session, theme.run.module))
    return redirect(_theme_url(session, theme))


@login_required
@require_POST
def move_comment(request: HttpRequest, slug: str, session_id: int, theme_id: int) -> HttpResponse:
    session, _membership, theme = access_theme(request.user, slug, session_id, theme_id)
    answer = member_answer(theme, request.POST.get("answer"))
    choice = request.POST.get("target", "")
    target = theme_in_run(theme, choice)
    if answer is None or (target is None and choice != "none"):
        messages.error(request, _("Choose a comment of this theme and where to move it."))
    else:
        message = _("Comment moved.") if target else _("Comment taken out of the theme.")
        _attempt(request, lambda: actions.do_move_comment(theme, answer, target), message)
    if Theme.objects.filter(pk=theme.pk).exists():
        return redirect(_theme_url(session, theme))
    return redirect(_list_url(session, theme.run.module))
