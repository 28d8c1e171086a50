"""Notes and decisions captured during the discussion, and the review of open actions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from learnloop.discussions import actions
from learnloop.discussions.access import access_carried_action, access_discussion, access_note
from learnloop.discussions.forms import NoteForm, ReviewForm
from learnloop.discussions.views import (
    confirm_page,
    context,
    discussion_url,
    form_status,
    refused,
    saved,
)


@login_required
@require_POST
def add_note(request: HttpRequest, slug: str, session_id: int, discussion_id: int) -> HttpResponse:
    discussion, _membership = access_discussion(request.user, slug, session_id, discussion_id)
    form = NoteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write the note, and say whether it is a note or a decision."))
        return redirect(discussion_url(discussion, "notes"))
    try:
        note = actions.do_add_note(discussion, request.user, **form.cleaned_data)
    except actions.DiscussionError as error:
        return refused(request, error, discussion_url(discussion, "notes"))
    saved = _("Decision recorded.") if note.kind == "decision" else _("Note added.")
    messages.success(request, saved)
    return redirect(discussion_url(discussion, "notes"))


@login_required
@require_http_methods(["GET", "POST"])
def edit_note(
    request: HttpRequest, slug: str, session_id: int, discussion_id: int, note_id: int
) -> HttpResponse:
    discussion, membership = access_discussion(request.user, slug, session_id, discussion_id)
    note = access_note(discussion, note_id)
    form = NoteForm(request.POST or None, initial={"kind": note.kind, "text": note.text})
    done = saved(
        request,
        form,
        lambda: actions.do_update_note(note, **form.cleaned_data),
        _("Note saved."),
        discussion_url(discussion, f"note-{note.pk}"),
    )
    page = context(discussion, membership, form=form, note=note)
    return done or render(request, "discussions/note_form.html", page, status=form_status(request))


@login_required
@require_http_methods(["GET", "POST"])
def delete_note(
    request: HttpRequest, slug: str, session_id: int, discussion_id: int, note_id: int
) -> HttpResponse:
    discussion, membership = access_discussion(request.user, slug, session_id, discussion_id)
    note = access_note(discussion, note_id)
    if request.method == "POST":
        actions.do_delete_note(note)
        messages.success(request, _("Note deleted."))
        return redirect(discussion_url(discussion, "notes"))
    return confirm_page(
        request,
        context(discussion, membership),
        title=_("Delete this %(kind)s?") % {"kind": note.get_kind_display().lower()},
        explanation=[note.text],
        button=_("Delete"),
        cancel=discussion_url(discussion, f"note-{note.pk}"),
    )


@login_required
@require_POST
def review_action(
    request: HttpRequest, slug: str, session_id: int, discussion_id: int, action_id: int
) -> HttpResponse:
    discussion, _membership = access_discussion(request.user, slug, session_id, discussion_id)
    action = access_carried_action(discussion, action_id)
    form = ReviewForm.for_action(action, request.POST)
    back = discussion_url(discussion, f"action-{action.pk}")
    if not form.is_valid():
        messages.error(request, _("Choose the action's status now."))
        return redirect(back)
    before = action.status
    try:
        actions.do_review_action(discussion, action, request.user, **form.cleaned_data)
    except actions.DiscussionError as error:
        return refused(request, error, back)
    if form.cleaned_data["status"] != before:
        messages.success(request, _("Review recorded; the action's status is updated in the plan."))
    else:
        messages.success(request, _("Review recorded."))
    return redirect(back)
