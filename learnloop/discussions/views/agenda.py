"""The agenda: draft it from the findings (or the report), then add, edit, remove and move
items."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from learnloop.discussions import actions
from learnloop.discussions.access import access_agenda_item, access_discussion
from learnloop.discussions.forms import AgendaItemForm, MoveForm, target_objects
from learnloop.discussions.views import confirm_page, context, discussion_url, form_status, saved


@login_required
@require_POST
def draft_agenda(
    request: HttpRequest, slug: str, session_id: int, discussion_id: int
) -> HttpResponse:
    discussion, _membership = access_discussion(request.user, slug, session_id, discussion_id)
    result = actions.do_draft_agenda(discussion)
    messages.success(request, draft_message(result))
    return redirect(discussion_url(discussion, "agenda"))


def draft_message(result: actions.DraftResult) -> str:
    if not (result.created or result.refreshed or result.removed):
        message = _("The agenda draft is up to date: nothing new in the data.")
    else:
        message = _(
            "Agenda drafted: %(created)d new, %(refreshed)d refreshed, %(removed)d removed "
            "because the data no longer show them."
        ) % vars(result)
    if not result.from_findings:
        message += " " + _("This session has no findings yet, so the draft comes from the report.")
    if result.kept:
        message += " " + _("%(kept)d items you edited were left as they are.") % vars(result)
    if result.dismissed:
        message += " " + _("%(dismissed)d drafted items you removed stay removed.") % vars(result)
    return message


def _save_item(form: AgendaItemForm, discussion, item=None):
    data = dict(form.cleaned_data)
    finding, proof_point = target_objects(discussion.session, data.pop("about"))
    if item is None:
        return actions.do_create_agenda_item(
            discussion, finding=finding, proof_point=proof_point, **data
        )
    return actions.do_update_agenda_item(item, finding=finding, proof_point=proof_point, **data)


@login_required
@require_http_methods(["GET", "POST"])
def create_agenda_item(
    request: HttpRequest, slug: str, session_id: int, discussion_id: int
) -> HttpResponse:
    discussion, membership = access_discussion(request.user, slug, session_id, discussion_id)
    section = request.GET.get("section", "other")
    form = AgendaItemForm(discussion.session, request.POST or None, initial={"section": section})
    done = saved(
        request,
        form,
        lambda: _save_item(form, discussion),
        _("Item added to the agenda."),
        discussion_url(discussion, "agenda"),
    )
    page = context(discussion, membership, form=form, item=None)
    return done or render(
        request, "discussions/agenda_item_form.html", page, status=form_status(request)
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit_agenda_item(
    request: HttpRequest, slug: str, session_id: int, discussion_id: int, item_id: int
) -> HttpResponse:
    discussion, membership = access_discussion(request.user, slug, session_id, discussion_id)
    item = access_agenda_item(discussion, item_id)
    form = AgendaItemForm.for_item(item, request.POST or None)
    done = saved(
        request,
        form,
        lambda: _save_item(form, discussion, item),
        _("Agenda item saved."),
        discussion_url(discussion, "agenda"),
    )
    page = context(discussion, membership, form=form, item=item)
    return done or render(
        request, "discussions/agenda_item_form.html", page, status=form_status(request)
    )


@login_required
@require_http_methods(["GET", "POST"])
def delete_agenda_item(
    request: HttpRequest, slug: str, session_id: int, discussion_id: int, item_id: int
) -> HttpResponse:
    discussion, membership = access_discussion(request.user, slug, session_id, discussion_id)
    item = access_agenda_item(discussion, item_id)
    if request.method == "POST":
        actions.do_delete_agenda_item(item)
        messages.success(request, _("“%(title)s” was taken off the agenda.") % vars(item))
        return redirect(discussion_url(discussion, "agenda"))
    explanation = [_("Votes already placed on it stay in the results.")]
    if item.draft_key:
        explanation.append(_("It was drafted from the data: a new draft will not bring it back."))
    return confirm_page(
        request,
        context(discussion, membership),
        title=_("Take “%(title)s” off the agenda?") % vars(item),
        explanation=explanation,
        button=_("Remove the item"),
        cancel=discussion_url(discussion, "agenda"),
    )


@login_required
@require_POST
def move_agenda_item(
    request: HttpRequest, slug: str, session_id: int, discussion_id: int, item_id: int
) -> HttpResponse:
    discussion, _membership = access_discussion(request.user, slug, session_id, discussion_id)
    item = access_agenda_item(discussion, item_id)
    form = MoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Move an item up or down."))
    else:
        actions.do_move_agenda_item(item, form.cleaned_data["direction"])
    return redirect(discussion_url(discussion, f"item-{item.pk}"))
