"""Sharing back in the API, read-only and for the analysts: a session's releases and the
responses to one. The same access functions as the pages (facilitators and above); names of
responders only in named mode, as on the page. Outsiders get 404."""

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from learnloop.api.schemas import ERRORS, SESSION
from learnloop.sharing.access import access_release, access_sharing
from learnloop.sharing.documents import responses_document
from learnloop.sharing.queries import response_summary, session_releases

releases = Router(tags=["sharing back"])


class ReleaseOut(Schema):
    id: int
    title: str
    state: str
    review_opens_at: datetime
    review_closes_at: datetime
    published_at: datetime | None
    withdrawn_at: datetime | None
    includes_summary: bool
    includes_raw_data: bool
    participants_emailed: int


@releases.get(SESSION + "/releases", response={200: list[ReleaseOut], **ERRORS})
def list_releases(request: HttpRequest, slug: str, session_id: int):
    """The session's share releases, newest first: draft, published or withdrawn, the review
    period, and how many participants were emailed about each. Facilitators and above."""
    session, _membership = access_sharing(request.auth, slug, session_id)
    return [
        {
            "id": release.pk,
            "title": release.title,
            "state": release.state,
            "review_opens_at": release.review_opens_at,
            "review_closes_at": release.review_closes_at,
            "published_at": release.published_at,
            "withdrawn_at": release.withdrawn_at,
            "includes_summary": release.includes_summary,
            "includes_raw_data": release.includes_raw_data,
            "participants_emailed": release.notices_sent,
        }
        for release in session_releases(session)
    ]


@releases.get(
    SESSION + "/releases/{release_id}/responses", response={200: dict[str, Any], **ERRORS}
)
def show_release_responses(request: HttpRequest, slug: str, session_id: int, release_id: int):
    """Per finding of the release: how many agree, disagree or are not sure, and the comments;
    then the themes and questions participants added. A responder's name only in named
    sessions. Facilitators and above."""
    release, _membership = access_release(request.auth, slug, session_id, release_id)
    return responses_document(response_summary(release))
