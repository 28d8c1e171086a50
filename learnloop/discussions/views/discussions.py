"""The discussions of a learning session: list, create, edit, delete, and the discussion page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from learnloop.discussions import actions, queries
from learnloop.discussions.access import access_discussion, access_discussions, own_place
from learnloop.discussions.forms import DiscussionForm, NoteForm, ReviewForm
from learnloop.discussions.views import (
    confirm_page,
    context,
    discussion_url,
    form_status,
    list_url,
    saved,
    session_context,
)
from learnloop.discussions.views.voting import member_urls


@login_required
@require_safe
def list_discussions(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    session, membership = access_discussions(request.user, slug, session_id)
    page = session_context(session, membership, discussions=list(queries.discussions_of(session)))
    return render(request, "discussions/list_discussions.html", page)


@login_required
@require_http_methods(["GET", "POST"])
def create_discussion(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    session, membership = access_discussions(request.user, slug, session_id)
    initial = {
        "held_on": timezone.localdate(),
        "facilitator": request.user.pk,
        "participants": queries.suggested_people(session),
        "title": _("Discussion of %(title)s") % {"title": session.title},
    }
    form = DiscussionForm(session, request.POST or None, initial=initial)
    done = saved(
        request,
        form,
        lambda: actions.do_create_discussion(session, **form.cleaned_data),
        _("Discussion created. Next, draft its agenda."),
        discussion_url,
    )
    page = session_context(session, membership, form=form, discussion=None)
    return done or render(
        request, "discussions/discussion_form.html", page, status=form_status(request)
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit_discussion(
    request: HttpRequest, slug: str, session_id: int, discussion_id: int
) -> HttpResponse:
    discussion, membership = access_discussion(request.user, slug, session_id, discussion_id)
    form = DiscussionForm.for_discussion(discussion, request.POST or None)
    done = saved(
        request,
        form,
        lambda: actions.do_update_discussion(discussion, **form.cleaned_data),
        _("Discussion saved."),
        discussion_url(discussion),
    )
    page = context(discussion, membership, form=form)
    return done or render(
        request, "discussions/discussion_form.html", page, status=form_status(request)
    )


@login_required
@require_http_methods(["GET", "POST"])
def delete_discussion(
    request: HttpRequest, slug: str, session_id: int, discussion_id: int
) -> HttpResponse:
    discussion, membership = access_discussion(request.user, slug, session_id, discussion_id)
    if request.method == "POST":
        actions.do_delete_discussion(discussion)
        messages.success(request, _("The discussion “%(title)s” was deleted.") % vars(discussion))
        return redirect(list_url(discussion.session))
    explanation = [
        _(
            "Its agenda, votes, problems with their whys and fishbones, notes and decisions, "
            "and its reviews of open actions are deleted."
        ),
        _(
            "Actions in the improvement plan stay, with their progress notes; those made for "
            "its problems are no longer linked to a problem."
        ),
    ]
    return confirm_page(
        request,
        context(discussion, membership),
        title=_("Delete “%(title)s”?") % vars(discussion),
        explanation=explanation,
        button=_("Delete the discussion"),
        cancel=discussion_url(discussion),
    )


@login_required
@require_safe
def show_discussion(
    request: HttpRequest, slug: str, session_id: int, discussion_id: int
) -> HttpResponse:
    discussion, membership = access_discussion(request.user, slug, session_id, discussion_id)
    voter = own_place(discussion, request.user)
    problems = queries.problems_of(discussion)
    for problem in problems:
        problem.bones = [bone for bone in queries.fishbone(problem) if bone.causes]
    carried = queries.carried_actions(discussion)
    for action in carried:
        action.review_form = ReviewForm.for_action(action)
    page = context(
        discussion,
        membership,
        agenda=queries.agenda_of(discussion),
        participants=queries.participants_of(discussion),
        room=queries.room(discussion, voter, with_choices=True),
        problems=problems,
        carried=carried,
        notes=queries.notes_of(discussion),
        note_form=NoteForm(),
        analyst=True,
        urls=member_urls(discussion),
        back="discussion",
    )
    return render(request, "discussions/show_discussion.html", page)
