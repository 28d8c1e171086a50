"""Reassessment pages: run a session again, compare rounds, follow the trend, review a mapping.

The comparison and the trend also answer ``?format=json`` with the same data.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from learnloop.organizations.access import Need
from learnloop.plan.queries import open_action_count
from learnloop.reports.views import respond
from learnloop.rounds import actions, queries
from learnloop.rounds.access import (
    Rounds,
    access_rounds,
    earlier_round,
    may_edit_mapping,
    may_run_again,
)
from learnloop.rounds.comparison import comparison_csv, comparison_page
from learnloop.rounds.forms import SAME_PEOPLE, MappingForm, RunAgainForm, VersionForm, next_title
from learnloop.rounds.trend import trend_page


def _context(rounds: Rounds, **extra: Any) -> dict[str, Any]:
    return {
        "organization": rounds.session.organization,
        "membership": rounds.membership,
        "session": rounds.session,
        "may_run_again": may_run_again(rounds.membership),
        **extra,
    }


@login_required
@require_safe
def show_comparison(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    rounds = access_rounds(request.user, slug, session_id)
    earlier = earlier_round(rounds, request.GET.get("against"))
    page = comparison_page(rounds, earlier)
    return respond(request, "rounds/show_comparison.html", page, _context(rounds))


@login_required
@require_safe
def download_comparison(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    """The comparison as CSV, with the 9,999-resample intervals of an export (SPEC 3.3)."""
    rounds = access_rounds(request.user, slug, session_id)
    earlier = earlier_round(rounds, request.GET.get("against"))
    page = comparison_page(rounds, earlier, resamples=9_999)
    response = HttpResponse(comparison_csv(page), content_type="text/csv; charset=utf-8")
    name = f"{slugify(rounds.session.title) or 'round'}-comparison.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_safe
def show_trend(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    rounds = access_rounds(request.user, slug, session_id)
    return respond(request, "rounds/show_trend.html", trend_page(rounds), _context(rounds))


@login_required
@require_http_methods(["GET", "POST"])
def create_round(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    """Run the session again: the form, then a confirmation of what will be created."""
    rounds = access_rounds(request.user, slug, session_id, Need.ADMINISTER)
    session = rounds.session
    versions = queries.next_versions(session)
    chosen = VersionForm(versions, request.GET or None, initial={"framework": session.framework})
    framework = chosen.cleaned_data["framework"] if chosen.is_valid() else session.framework
    data = request.POST if request.method == "POST" else None
    initial = {
        "title": next_title(session, len(rounds.chain) + 1),
        "framework": framework,
        "modules": queries.modules_like(session, framework),
        "participants": "none" if session.is_anonymous else SAME_PEOPLE,
    }
    form = RunAgainForm(session, versions, framework, data, initial=initial)
    context = _context(rounds, form=form, version_form=chosen, framework=framework)
    context["repeatable"] = actions.is_repeatable(session)
    context["next_rounds"] = list(
        session.next_rounds.filter(organization_id=session.organization_id)
    )
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data
        try:
            actions.check_next_round(
                session, values["title"], values["framework"], values["modules"]
            )
            if request.POST.get("confirm") == "yes":
                new = actions.do_run_again(
                    session,
                    title=values["title"],
                    framework=values["framework"],
                    modules=values["modules"],
                    copy_participants=values["participants"] == SAME_PEOPLE,
                    acting=request.user,
                )
                messages.success(request, _("The next round is created as a draft."))
                return redirect("sessions-show-session", slug=slug, session_id=new.pk)
        except actions.RoundError as error:
            form.add_error(None, str(error))
        else:
            if request.POST.get("change") != "yes":
                context["preview"] = _preview(session, values)
                return render(request, "rounds/confirm_round.html", context)
    status = 400 if request.method == "POST" and form.errors else 200
    return render(request, "rounds/create_round.html", context, status=status)


def _preview(session, values: dict[str, Any]) -> dict[str, Any]:
    copy = values["participants"] == SAME_PEOPLE and not session.is_anonymous
    choices, left_out = queries.participant_choices(session, values["modules"]) if copy else ([], 0)
    return {
        "title": values["title"],
        "framework": values["framework"],
        "modules": values["modules"],
        "participants": len(choices),
        "left_out": left_out,
        "copy": copy,
        "open_actions": open_action_count(session),
        "new_version": values["framework"].pk != session.framework_id,
    }


@login_required
@require_http_methods(["GET", "POST"])
def edit_mapping(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    """The mapping between the proof points of an earlier round's framework version and this
    round's: facilitators read it, administrators change it."""
    need = Need.ADMINISTER if request.method == "POST" else Need.FACILITATE
    rounds = access_rounds(request.user, slug, session_id, need)
    earlier = earlier_round(rounds, request.GET.get("against"))
    context = _context(rounds, earlier=earlier, may_edit=may_edit_mapping(rounds.membership))
    session = rounds.session
    if earlier is None or earlier.framework_id == session.framework_id:
        return render(request, "rounds/edit_mapping.html", context)
    pair = (earlier.framework, session.framework)
    mapping = queries.mappings_between(session.organization_id, [pair])[
        (earlier.framework_id, session.framework_id)
    ]
    later_points = queries.framework_points(session.framework)
    earlier_points = queries.framework_points(earlier.framework)
    data = request.POST if request.method == "POST" else None
    form = MappingForm(
        later_points, earlier_points, mapping.links, data, read_only=not context["may_edit"]
    )
    if data is not None and form.is_valid():
        try:
            actions.do_save_mapping(
                earlier.framework, session.framework, form.links(), request.user
            )
        except actions.RoundError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Mapping saved. The comparison now uses it."))
            return redirect(f"{request.path}?against={earlier.pk}")
    continued = set(mapping.links.values())
    context.update(
        form=form,
        mapping=mapping,
        retired=[p for p in earlier_points if p.pk not in continued],
    )
    status = 400 if data is not None and form.errors else 200
    return render(request, "rounds/edit_mapping.html", context, status=status)
