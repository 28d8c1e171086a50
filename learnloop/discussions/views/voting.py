"""Voting: the facilitator opens and closes it and hands out voting links; the people in the
room vote through their link or signed in; everyone's page polls the room every two seconds.

A poll answers 204 (nothing to swap) when the room's fingerprint is the one the browser shows,
so the page changes only when a vote, the ballot or the voting state did.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from learnloop.discussions import actions, queries
from learnloop.discussions.access import (
    VotingLinkUnknown,
    access_discussion,
    access_participant,
    access_room,
    access_voter_by_link,
)
from learnloop.discussions.forms import VotingForm
from learnloop.discussions.models import Discussion, DiscussionParticipant
from learnloop.discussions.views import at, confirm_page, context, discussion_url


@login_required
@require_POST
def set_voting(
    request: HttpRequest, slug: str, session_id: int, discussion_id: int
) -> HttpResponse:
    discussion, _membership = access_discussion(request.user, slug, session_id, discussion_id)
    form = VotingForm(request.POST)
    open_ = form.is_valid() and form.cleaned_data["open"]
    if actions.do_set_voting(discussion, open_):
        messages.success(
            request,
            _("Voting is open: everyone in the room can place their votes.")
            if open_
            else _("Voting is closed: the results stand."),
        )
    return redirect(discussion_url(discussion, "voting"))


# ---------------------------------------------------------------------------------------------
# Voting links


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def make_voting_link(
    request: HttpRequest, slug: str, session_id: int, discussion_id: int, participant_id: int
) -> HttpResponse:
    discussion, membership = access_discussion(request.user, slug, session_id, discussion_id)
    participant = access_participant(discussion, participant_id)
    name = participant.person.name
    if request.method == "POST":
        token = actions.do_issue_voting_link(participant)
        links = [(name, actions.voting_link(token))]
        page = context(discussion, membership, links=links)
        return render(request, "discussions/show_links.html", page)
    explanation = [
        _(
            "Learnloop keeps only a fingerprint (hash) of each voting link, never the link "
            "itself, so it cannot show a link again. It makes a new link for %(name)s and "
            "shows it to you once."
        )
        % {"name": name}
    ]
    if participant.token_hash:
        explanation.append(_("The link %(name)s has now stops working.") % {"name": name})
    return confirm_page(
        request,
        context(discussion, membership),
        title=_("Make a voting link for %(name)s?") % {"name": name},
        explanation=explanation,
        button=_("Make the link"),
        cancel=discussion_url(discussion, "people"),
    )


@never_cache
@login_required
@require_POST
def make_voting_links(
    request: HttpRequest, slug: str, session_id: int, discussion_id: int
) -> HttpResponse:
    discussion, membership = access_discussion(request.user, slug, session_id, discussion_id)
    issued = actions.do_issue_missing_voting_links(discussion)
    if not issued:
        messages.info(request, _("Everyone in the room already has a voting link."))
        return redirect(discussion_url(discussion, "people"))
    links = [(participant.person.name, actions.voting_link(token)) for participant, token in issued]
    return render(
        request, "discussions/show_links.html", context(discussion, membership, links=links)
    )


# ---------------------------------------------------------------------------------------------
# The room, signed in


def member_urls(discussion: Discussion) -> dict[str, str]:
    kwargs = {**at(discussion), "discussion_id": discussion.pk}
    return {
        "poll": reverse("discussions-show-room", kwargs=kwargs),
        "add": reverse("discussions-add-vote", kwargs=kwargs),
        "remove": reverse("discussions-remove-vote", kwargs=kwargs),
        "choose": reverse("discussions-choose-problem", kwargs=kwargs),
        "ballot": reverse("discussions-show-ballot", kwargs=kwargs),
    }


def _link_urls(token: str) -> dict[str, str]:
    return {
        "poll": reverse("discussions-show-link-room", kwargs={"token": token}),
        "add": reverse("discussions-add-link-vote", kwargs={"token": token}),
        "remove": reverse("discussions-remove-link-vote", kwargs={"token": token}),
        "ballot": reverse("discussions-show-link-ballot", kwargs={"token": token}),
    }


def _room_response(
    request: HttpRequest, room: queries.Room, urls, analyst: bool, error: str = ""
) -> HttpResponse:
    if request.GET.get("v") == room.version and not error:
        return HttpResponse(status=204)  # nothing changed: htmx swaps nothing
    back = request.POST.get("back") or request.GET.get("back") or "ballot"
    page = {
        "room": room,
        "urls": urls,
        "analyst": analyst,
        "error": error,
        "discussion": room.discussion,
        "back": "discussion" if back == "discussion" else "ballot",
    }
    return render(request, "discussions/_room.html", page)


@never_cache
@login_required
@require_safe
def show_room(request: HttpRequest, slug: str, session_id: int, discussion_id: int) -> HttpResponse:
    discussion, _membership, voter, analyst = access_room(
        request.user, slug, session_id, discussion_id
    )
    room = queries.room(discussion, voter, with_choices=analyst)
    return _room_response(request, room, member_urls(discussion), analyst)


@never_cache
@login_required
@require_safe
def show_ballot(
    request: HttpRequest, slug: str, session_id: int, discussion_id: int
) -> HttpResponse:
    """The voting page of a signed-in member who is in the room (viewers too)."""
    discussion, membership, voter, analyst = access_room(
        request.user, slug, session_id, discussion_id
    )
    if voter is None:
        return redirect(discussion_url(discussion, "voting"))
    page = {
        "discussion": discussion,
        "session": discussion.session,
        "organization": discussion.session.organization,
        "membership": membership,
        "voter": voter,
        "room": queries.room(discussion, voter, with_choices=analyst),
        "urls": member_urls(discussion),
        "analyst": analyst,
        "back": "ballot",
    }
    return render(request, "discussions/ballot.html", page)


def _vote(
    request: HttpRequest,
    voter: DiscussionParticipant,
    urls: dict[str, str],
    analyst: bool,
    write: Callable[[DiscussionParticipant, str], object],
    back: str,
) -> HttpResponse:
    error = ""
    try:
        write(voter, request.POST.get("item", ""))
    except actions.VoteRefused as refusal:
        error = str(refusal)
    if request.headers.get("HX-Request"):
        room = queries.room(voter.discussion, voter, with_choices=analyst)
        return _room_response(request, room, urls, analyst, error)
    if error:
        messages.error(request, error)
    return redirect(back + "#voting")


def _member_vote(request, slug, session_id, discussion_id, write) -> HttpResponse:
    discussion, _membership, voter, analyst = access_room(
        request.user, slug, session_id, discussion_id
    )
    if voter is None:
        raise Http404
    voter.discussion = discussion
    urls = member_urls(discussion)
    back = (
        discussion_url(discussion)
        if request.POST.get("back") == "discussion" and analyst
        else urls["ballot"]
    )
    return _vote(request, voter, urls, analyst, write, back)


@login_required
@require_POST
def add_vote(request: HttpRequest, slug: str, session_id: int, discussion_id: int) -> HttpResponse:
    return _member_vote(request, slug, session_id, discussion_id, actions.do_add_vote)


@login_required
@require_POST
def remove_vote(
    request: HttpRequest, slug: str, session_id: int, discussion_id: int
) -> HttpResponse:
    return _member_vote(request, slug, session_id, discussion_id, actions.do_remove_vote)


# ---------------------------------------------------------------------------------------------
# The room, by voting link


def _unknown_link(request: HttpRequest) -> HttpResponse:
    return render(request, "discussions/link_unknown.html", status=404)


@never_cache
@require_safe
def show_link_ballot(request: HttpRequest, token: str) -> HttpResponse:
    try:
        voter = access_voter_by_link(token)
    except VotingLinkUnknown:
        return _unknown_link(request)
    discussion = voter.discussion
    page = {
        "discussion": discussion,
        "session": discussion.session,
        "voter": voter,
        "room": queries.room(discussion, voter),
        "urls": _link_urls(token),
        "analyst": False,
        "back": "ballot",
    }
    return render(request, "discussions/ballot.html", page)


@never_cache
@require_safe
def show_link_room(request: HttpRequest, token: str) -> HttpResponse:
    try:
        voter = access_voter_by_link(token)
    except VotingLinkUnknown:
        return _unknown_link(request)
    return _room_response(request, queries.room(voter.discussion, voter), _link_urls(token), False)


def _link_vote(request: HttpRequest, token: str, write) -> HttpResponse:
    try:
        voter = access_voter_by_link(token)
    except VotingLinkUnknown:
        return _unknown_link(request)
    urls = _link_urls(token)
    return _vote(request, voter, urls, False, write, urls["ballot"])


@never_cache
@require_POST
def add_link_vote(request: HttpRequest, token: str) -> HttpResponse:
    return _link_vote(request, token, actions.do_add_vote)


@never_cache
@require_POST
def remove_link_vote(request: HttpRequest, token: str) -> HttpResponse:
    return _link_vote(request, token, actions.do_remove_vote)
