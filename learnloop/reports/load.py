"""Each report page's data for one reader, or 404: what the pages render (as HTML or with
``?format=json``) and what the API returns, so the two can never drift apart.

Every function fetches through ``access_report`` (outsiders and missing roles get a 404) and
builds the page from the report document, which applies the privacy rules.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypeAlias

from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from learnloop.accounts.models import User
from learnloop.learning_sessions.models import LearningSession
from learnloop.organizations.access import Need
from learnloop.organizations.models import Membership
from learnloop.reports import pages
from learnloop.reports.access import Audience, access_report
from learnloop.reports.queries import report_data, summary_data

Reader: TypeAlias = User | AnonymousUser


@dataclass(frozen=True)
class LoadedPage:
    session: LearningSession
    membership: Membership
    audience: Audience
    page: dict[str, Any]


def summary(reader: Reader, slug: str, session_id: int, query: Mapping[str, str]) -> LoadedPage:
    """The summary with the filters in ``query`` (sort, status, consensus, module, group);
    viewers too."""
    session, membership, audience = access_report(reader, slug, session_id, Need.VIEW)
    report = pages.build(summary_data(session, audience))  # lists no respondent: counts them
    page = pages.summary_page(report, pages.SummaryFilters.parse(query, report))
    return LoadedPage(session, membership, audience, page)


def conversation_starters(reader: Reader, slug: str, session_id: int) -> LoadedPage:
    session, membership, audience = access_report(reader, slug, session_id)
    report = pages.build(report_data(session, audience, with_answers=True))
    return LoadedPage(session, membership, audience, pages.starters_page(report))


def groups(reader: Reader, slug: str, session_id: int, measure: str | None) -> LoadedPage:
    """The heatmap of median (default) or share met (``measure="met"``) by shown group."""
    session, membership, audience = access_report(reader, slug, session_id)
    measure = measure if measure in pages.HEATMAP_MEASURES else "median"
    page = pages.groups_page(pages.build(report_data(session, audience)), measure)
    return LoadedPage(session, membership, audience, page)


def proof_point(reader: Reader, slug: str, session_id: int, proof_point_id: int) -> LoadedPage:
    session, membership, audience = access_report(reader, slug, session_id)
    data = report_data(session, audience)
    p = data.proof_point_index(proof_point_id)
    if p is None:  # not a proof point of this session's modules
        raise Http404
    data.load_answers(only_proof_point=proof_point_id)
    page = pages.proof_point_page(pages.build(data), p)
    return LoadedPage(session, membership, audience, page)


def respondent(reader: Reader, slug: str, session_id: int, number: int) -> LoadedPage:
    session, membership, audience = access_report(reader, slug, session_id)
    data = report_data(session, audience)
    if not 1 <= number <= len(data.respondent_ids):
        raise Http404
    data.load_answers(only_respondent=data.respondent_ids[number - 1])
    page = pages.respondent_page(pages.build(data), number - 1)
    return LoadedPage(session, membership, audience, page)
