"""Discussions and rounds in the API, read-only: the same access functions and the same data
as the pages (a discussion's record, the round comparison and the trend). Outsiders get 404."""

from datetime import date
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from learnloop.api.schemas import ERRORS, SESSION
from learnloop.discussions.access import access_discussion, access_discussions
from learnloop.discussions.queries import discussions_of
from learnloop.discussions.record import record_data, record_document
from learnloop.rounds.access import access_rounds, earlier_round
from learnloop.rounds.comparison import comparison_page
from learnloop.rounds.trend import trend_page

discussions = Router(tags=["discussions"])
rounds = Router(tags=["rounds"])

DOCUMENT = {200: dict[str, Any], **ERRORS}


class DiscussionSummaryOut(Schema):
    id: int
    title: str
    held_on: date
    facilitator: str | None
    people: int
    problems: int
    voting_open: bool


@discussions.get(SESSION + "/discussions", response={200: list[DiscussionSummaryOut], **ERRORS})
def list_discussions(request: HttpRequest, slug: str, session_id: int):
    """The session's discussions, newest first. Facilitators and above."""
    session, _membership = access_discussions(request.auth, slug, session_id)
    return [
        {
            "id": discussion.pk,
            "title": discussion.title,
            "held_on": discussion.held_on,
            "facilitator": str(discussion.facilitator) if discussion.facilitator else None,
            "people": discussion.people,
            "problems": discussion.problem_count,
            "voting_open": discussion.voting_open,
        }
        for discussion in discussions_of(session)
    ]


@discussions.get(SESSION + "/discussions/{discussion_id}", response=DOCUMENT)
def show_discussion(request: HttpRequest, slug: str, session_id: int, discussion_id: int):
    """A discussion's record: who was there, the agenda, the vote totals per item (never who
    voted for what), the problems with their whys, fishbone and actions, the actions reviewed,
    and the notes and decisions. Facilitators and above."""
    discussion, _membership = access_discussion(request.auth, slug, session_id, discussion_id)
    return record_document(record_data(discussion))


@rounds.get(SESSION + "/rounds/comparison", response=DOCUMENT)
def show_round_comparison(
    request: HttpRequest, slug: str, session_id: int, against: int | None = None
):
    """This round against an earlier one (`against`, its id; default the previous round), per
    proof point: distributions, medians, share met, consensus, the test and its q value, the
    actions that addressed it. The same data as the page's `?format=json`. Any member."""
    chain = access_rounds(request.auth, slug, session_id)
    return comparison_page(chain, earlier_round(chain, against))


@rounds.get(SESSION + "/rounds/trend", response=DOCUMENT)
def show_round_trend(request: HttpRequest, slug: str, session_id: int):
    """Median and share met per round for every module and proof point of the session's
    rounds. The same data as the page's `?format=json`. Any member."""
    return trend_page(access_rounds(request.auth, slug, session_id))
