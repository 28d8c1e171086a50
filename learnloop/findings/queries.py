"""What the findings pages and the draft read from the database, in a fixed number of queries.

The board's figures come from the report document (one build per page); the findings come
with their proof points and supporting comments prefetched, so the number of queries does not
grow with the number of findings. Respondents are labelled with the report's pseudonyms
(names only in named mode, for facilitators and above) and their group only where the report
shows it (``learnloop.lib.report.document.visible_respondents``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Prefetch, QuerySet

from learnloop.analysis.models import Code, CodeApplication
from learnloop.findings.draft import CodedComment, CodeRow, CommentRow, DraftInput
from learnloop.findings.models import KIND_ORDER, Finding, FindingComment, Kind, Status
from learnloop.learning_sessions.models import Answer, LearningSession
from learnloop.lib.report.document import RespondentView, visible_respondents
from learnloop.reports import pages
from learnloop.reports.access import Audience
from learnloop.reports.queries import ReportData, report_data

COMMENTS_PER_PAGE = 25


def findings_of(session: LearningSession) -> list[Finding]:
    """The session's findings in board order, with proof points and supporting comments:
    three queries however many findings there are."""
    return _in_board_order(Finding.objects.filter(session=session))


def _in_board_order(findings: QuerySet[Finding]) -> list[Finding]:
    links = FindingComment.objects.select_related("answer__proof_point").order_by("position", "pk")
    found = list(
        findings.prefetch_related("proof_points", Prefetch("supporting_comments", queryset=links))
    )
    return sorted(found, key=lambda f: (KIND_ORDER.get(f.kind, 99), f.position, f.pk))


def session_comments(session: LearningSession) -> QuerySet[Answer]:
    """The session's comments: its answers with a non-empty comment."""
    return Answer.objects.filter(session=session).exclude(comment="")


def respondent_views(data: ReportData) -> dict[int, RespondentView]:
    """Participant id -> the label and group the report shows for them (no query)."""
    views = visible_respondents(data.report)
    return dict(zip(data.respondent_ids, views, strict=True))


@dataclass
class Board:
    """The report (for proof point figures) and what it takes to label comments."""

    report: pages.Report
    views: dict[int, RespondentView]

    def proof_point_stats(self) -> dict[int, dict[str, Any]]:
        levels = self.report.document["scale"]["levels"]
        return {
            pk: pages.describe(point, levels)
            for pk, point in zip(self.report.data.proof_point_ids, self.report.points, strict=True)
        }


def board_for(session: LearningSession, audience: Audience) -> Board:
    """The report document and respondent labels: five queries."""
    data = report_data(session, audience)
    return Board(report=pages.build(data), views=respondent_views(data))


def draft_input(session: LearningSession, audience: Audience) -> DraftInput:
    """Everything the draft chooses from: the report document, the comments, the codebook and
    the codes applied to the session's comments (eight queries)."""
    report = pages.build(report_data(session, audience))
    comments = [
        CommentRow(answer_id=pk, proof_point_id=pp, group_id=group, code=code, text=text.strip())
        for pk, pp, group, code, text in session_comments(session)
        .order_by("pk")
        .values_list("pk", "proof_point_id", "group_id", "code", "comment")
        if text.strip()
    ]
    codes = [
        CodeRow(id=pk, name=name, kind=kind, description=description, merged_into=merged)
        for pk, name, kind, description, merged in Code.objects.filter(session=session)
        .order_by("position", "pk")
        .values_list("pk", "name", "kind", "description", "merged_into_id")
    ]
    coded = [
        CodedComment(code_id=code, answer_id=answer, quote=quote)
        for code, answer, quote in CodeApplication.objects.filter(
            code__session=session, answer__session=session
        )
        .order_by("pk")
        .values_list("code_id", "answer_id", "quote")
    ]
    return DraftInput(report=report, comments=comments, codes=codes, coded=coded)


@dataclass(frozen=True)
class CommentFilters:
    """The comment picker's GET parameters; a proof point not in the session is ignored."""

    proof_point: int | None = None
    text: str = ""

    @classmethod
    def parse(cls, query, proof_point_ids: set[int]) -> CommentFilters:
        raw = query.get("proof_point", "")
        proof_point = int(raw) if raw.isdigit() and int(raw) in proof_point_ids else None
        return cls(proof_point=proof_point, text=query.get("q", "").strip()[:200])


def comment_page(
    session: LearningSession, filters: CommentFilters, number: str | int | None
) -> Page:
    """One page of the session's comments matching the filters (two queries)."""
    comments = session_comments(session).select_related("proof_point")
    if filters.proof_point is not None:
        comments = comments.filter(proof_point_id=filters.proof_point)
    if filters.text:
        comments = comments.filter(comment__icontains=filters.text)
    ordered = comments.order_by(
        "proof_point__module__position", "proof_point__position", "proof_point_id", "pk"
    )
    return Paginator(ordered, COMMENTS_PER_PAGE).get_page(number)


KIND_CHOICES = [(kind.value, kind.label) for kind in Kind]


def finding_with_links(finding: Finding) -> Finding:
    """The finding again with its proof points and supporting comments (three queries)."""
    links = FindingComment.objects.select_related("answer").order_by("position", "pk")
    fresh = Finding.objects.prefetch_related(
        "proof_points", Prefetch("supporting_comments", queryset=links)
    ).get(pk=finding.pk)
    fresh.session = finding.session
    return fresh


def ready_findings(session: LearningSession) -> list[Finding]:
    """The findings marked ready to share, in board order, with their proof points and
    supporting comments (three queries): what a share release publishes."""
    return _in_board_order(Finding.objects.filter(session=session, status=Status.READY))
