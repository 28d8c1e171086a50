"""Problems the room chose, each with its five whys and its fishbone."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from learnloop.discussions import actions, queries
from learnloop.discussions.access import access_cause, access_discussion, access_problem
from learnloop.discussions.forms import CauseForm, ProblemForm, WhysForm
from learnloop.discussions.views import (
    confirm_page,
    context,
    discussion_url,
    form_status,
    problem_url,
    refused,
    saved,
)


@login_required
@require_http_methods(["GET", "POST"])
def create_problem(
    request: HttpRequest, slug: str, session_id: int, discussion_id: int
) -> HttpResponse:
    discussion, membership = access_discussion(request.user, slug, session_id, discussion_id)
    form = ProblemForm(discussion.session, request.POST or None)
    done = saved(
        request,
        form,
        lambda: actions.do_create_problem(discussion, **form.cleaned_data),
        _("Problem added. Now ask why, and map its causes."),
        problem_url,
    )
    page = context(discussion, membership, form=form, problem=None)
    return done or render(
        request, "discussions/problem_form.html", page, status=form_status(request)
    )


@login_required
@require_POST
def choose_problem(
    request: HttpRequest, slug: str, session_id: int, discussion_id: int
) -> HttpResponse:
    discussion, _membership = access_discussion(request.user, slug, session_id, discussion_id)
    try:
        problem = actions.do_choose_problem(discussion, request.POST.get("item", ""))
    except actions.DiscussionError as error:
        return refused(request, error, discussion_url(discussion, "voting"))
    messages.success(request, _("“%(title)s” is now a problem to work on.") % vars(problem))
    return redirect(problem_url(problem))


def _problem(request, slug, session_id, discussion_id, problem_id):
    discussion, membership = access_discussion(request.user, slug, session_id, discussion_id)
    return access_problem(discussion, problem_id), membership


@login_required
@require_safe
def show_problem(
    request: HttpRequest, slug: str, session_id: int, discussion_id: int, problem_id: int
) -> HttpResponse:
    problem, membership = _problem(request, slug, session_id, discussion_id, problem_id)
    discussion = problem.discussion
    problem = queries.problems_of(discussion, problem.pk)[0]
    problem.discussion = discussion
    whys = {f"why_{why.step}": why.text for why in problem.whys.all()}
    page = context(
        discussion,
        membership,
        problem=problem,
        bones=queries.fishbone(problem),
        whys_form=WhysForm(initial=whys),
        cause_form=CauseForm(),
    )
    return render(request, "discussions/show_problem.html", page)


@login_required
@require_http_methods(["GET", "POST"])
def edit_problem(
    request: HttpRequest, slug: str, session_id: int, discussion_id: int, problem_id: int
) -> HttpResponse:
    problem, membership = _problem(request, slug, session_id, discussion_id, problem_id)
    form = ProblemForm.for_problem(problem, request.POST or None)
    done = saved(
        request,
        form,
        lambda: actions.do_update_problem(problem, **form.cleaned_data),
        _("Problem saved."),
        problem_url(problem),
    )
    page = context(problem.discussion, membership, form=form, problem=problem)
    return done or render(
        request, "discussions/problem_form.html", page, status=form_status(request)
    )


@login_required
@require_http_methods(["GET", "POST"])
def delete_problem(
    request: HttpRequest, slug: str, session_id: int, discussion_id: int, problem_id: int
) -> HttpResponse:
    problem, membership = _problem(request, slug, session_id, discussion_id, problem_id)
    discussion = problem.discussion
    if request.method == "POST":
        actions.do_delete_problem(problem)
        messages.success(request, _("The problem “%(title)s” was deleted.") % vars(problem))
        return redirect(discussion_url(discussion, "problems"))
    explanation = [
        _("Its five whys and its fishbone are deleted."),
        _("Actions made for it stay in the improvement plan, no longer linked to a problem."),
    ]
    return confirm_page(
        request,
        context(discussion, membership),
        title=_("Delete the problem “%(title)s”?") % vars(problem),
        explanation=explanation,
        button=_("Delete the problem"),
        cancel=problem_url(problem),
    )


@login_required
@require_POST
def save_whys(
    request: HttpRequest, slug: str, session_id: int, discussion_id: int, problem_id: int
) -> HttpResponse:
    problem, _membership = _problem(request, slug, session_id, discussion_id, problem_id)
    form = WhysForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The five whys could not be saved."))
        return redirect(problem_url(problem) + "#whys")
    try:
        actions.do_save_whys(problem, form.answers())
    except actions.DiscussionError as error:
        return refused(request, error, problem_url(problem) + "#whys")
    messages.success(request, _("The five whys are saved."))
    return redirect(problem_url(problem) + "#whys")


@login_required
@require_POST
def add_cause(
    request: HttpRequest, slug: str, session_id: int, discussion_id: int, problem_id: int
) -> HttpResponse:
    problem, _membership = _problem(request, slug, session_id, discussion_id, problem_id)
    form = CauseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a category and write the cause (up to 300 characters)."))
        return redirect(problem_url(problem) + "#fishbone")
    try:
        actions.do_add_cause(problem, **form.cleaned_data)
    except actions.DiscussionError as error:
        return refused(request, error, problem_url(problem) + "#fishbone")
    messages.success(request, _("Cause added to the fishbone."))
    return redirect(problem_url(problem) + "#fishbone")


@login_required
@require_http_methods(["GET", "POST"])
def edit_cause(
    request: HttpRequest,
    slug: str,
    session_id: int,
    discussion_id: int,
    problem_id: int,
    cause_id: int,
) -> HttpResponse:
    problem, membership = _problem(request, slug, session_id, discussion_id, problem_id)
    cause = access_cause(problem, cause_id)
    initial = {"category": cause.category, "text": cause.text}
    form = CauseForm(request.POST or None, initial=initial)
    done = saved(
        request,
        form,
        lambda: actions.do_update_cause(cause, **form.cleaned_data),
        _("Cause saved."),
        problem_url(problem) + "#fishbone",
    )
    page = context(problem.discussion, membership, form=form, problem=problem, cause=cause)
    return done or render(request, "discussions/cause_form.html", page, status=form_status(request))


@login_required
@require_http_methods(["GET", "POST"])
def delete_cause(
    request: HttpRequest,
    slug: str,
    session_id: int,
    discussion_id: int,
    problem_id: int,
    cause_id: int,
) -> HttpResponse:
    problem, membership = _problem(request, slug, session_id, discussion_id, problem_id)
    cause = access_cause(problem, cause_id)
    if request.method == "POST":
        actions.do_delete_cause(cause)
        messages.success(request, _("Cause removed from the fishbone."))
        return redirect(problem_url(problem) + "#fishbone")
    return confirm_page(
        request,
        context(problem.discussion, membership),
        title=_("Remove the cause “%(text)s”?") % {"text": cause.text},
        explanation=[_("It is taken off the fishbone of “%(title)s”.") % vars(problem)],
        button=_("Remove the cause"),
        cancel=problem_url(problem) + "#fishbone",
    )
