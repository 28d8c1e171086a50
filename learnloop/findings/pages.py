"""What the findings pages show, as plain data: the templates and ``?format=json`` both render
these dictionaries, so the JSON is exactly the page under the same privacy rules.

Respondents appear under the report's labels (names only in named mode, for facilitators and
above; otherwise "Respondent N") and with a group only where the report shows it.
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page
from django.utils.translation import gettext_lazy as _

from learnloop.findings.models import Finding, FindingComment, Kind
from learnloop.findings.queries import Board
from learnloop.learning_sessions.models import Answer, LearningSession
from learnloop.lib.report.document import RespondentView, rating_label

SECTION_TITLES = {
    Kind.STRENGTH: _("Strengths"),
    Kind.IMPROVEMENT_AREA: _("Improvement areas"),
    Kind.MISALIGNMENT: _("Misalignments"),
    Kind.THEME: _("Themes"),
    Kind.SUGGESTION: _("Suggestions"),
    Kind.QUESTION: _("Questions needing answers"),
}


def session_header(session: LearningSession, board: Board) -> dict[str, Any]:
    return {
        "id": session.pk,
        "title": session.title,
        "anonymity": session.anonymity,
        "min_group_size": session.min_group_size,
        "privacy": board.report.document["privacy"],
    }


def respondent(board: Board, answer: Answer) -> RespondentView:
    return board.views.get(answer.participant_id) or RespondentView(label="", group="")


def comment_entry(board: Board, answer: Answer, stats: dict[int, dict[str, Any]]) -> dict:
    """One comment as every findings page shows it."""
    view = respondent(board, answer)
    point = stats.get(answer.proof_point_id) or {}
    return {
        "answer_id": answer.pk,
        "respondent": view.label,
        "group": view.group or None,
        "proof_point_id": answer.proof_point_id,
        "proof_point_key": point.get("key"),
        "proof_point_text": point.get("text", ""),
        "rating": rating_label(board.report.data.report, answer.code),
        "comment": answer.comment,
    }


def link_entry(board: Board, link: FindingComment, stats: dict[int, dict[str, Any]]) -> dict:
    entry = comment_entry(board, link.answer, stats)
    del entry["comment"]
    return {**entry, "quote": link.quote, "comment_changed": not link.quote_still_in_comment}


def proof_point_entry(pk: int, stats: dict[int, dict[str, Any]]) -> dict[str, Any]:
    point = stats.get(pk)
    if point is None:  # a module since removed from the session
        return {"id": pk, "in_session": False}
    return {
        "id": pk,
        "in_session": True,
        "key": point["key"],
        "module": point["module"],
        "text": point["text"],
        "suppressed": bool(point.get("suppressed")),
        "status": point.get("status"),
        "status_text": point.get("status_text", ""),
        "consensus_text": point.get("consensus_text", ""),
    }


def finding_entry(board: Board, finding: Finding, stats: dict[int, dict[str, Any]]) -> dict:
    return {
        "id": finding.pk,
        "kind": finding.kind,
        "kind_text": finding.get_kind_display(),
        "title": finding.title,
        "body": finding.body,
        "position": finding.position,
        "status": finding.status,
        "status_text": finding.get_status_display(),
        "source": finding.source,
        "edited": finding.edited_at is not None,
        "untouched_draft": finding.is_untouched_draft,
        "updated_at": finding.updated_at,
        "proof_points": [
            proof_point_entry(pp.pk, stats)
            for pp in sorted(finding.proof_points.all(), key=lambda pp: board_order(stats, pp.pk))
        ],
        "comments": [link_entry(board, link, stats) for link in finding.supporting_comments.all()],
    }


def board_order(stats: dict[int, dict[str, Any]], pk: int) -> int:
    point = stats.get(pk)
    return point["position"] if point else len(stats)


def point_stats(board: Board) -> dict[int, dict[str, Any]]:
    stats = board.proof_point_stats()
    for position, pk in enumerate(board.report.data.proof_point_ids):
        stats[pk]["position"] = position
        stats[pk]["key"] = board.report.points[position]["key"]
    return stats


def board_page(session: LearningSession, board: Board, findings: list[Finding]) -> dict[str, Any]:
    """Every finding by kind, in the analysts' order, with proof point figures and quotes."""
    stats = point_stats(board)
    sections = []
    for kind in Kind:
        entries = [finding_entry(board, f, stats) for f in findings if f.kind == kind]
        for i, entry in enumerate(entries):
            entry["first"], entry["last"] = i == 0, i == len(entries) - 1
        sections.append(
            {"kind": kind.value, "title": str(SECTION_TITLES[kind]), "findings": entries}
        )
    return {
        "session": session_header(session, board),
        "total": len(findings),
        "ready": sum(1 for f in findings if f.is_ready),
        "sections": sections,
    }


def comments_page(
    session: LearningSession,
    board: Board,
    finding: Finding,
    found: Page,
    filters: dict[str, Any],
) -> dict[str, Any]:
    """The finding, its supporting comments, and one page of the session's comments to pick."""
    stats = point_stats(board)
    linked = {link.answer_id for link in finding.supporting_comments.all()}
    return {
        "session": session_header(session, board),
        "finding": finding_entry(board, finding, stats),
        "filters": filters,
        "proof_points": [
            {"id": pk, "key": stats[pk]["key"], "text": stats[pk]["text"]}
            for pk in board.report.data.proof_point_ids
        ],
        "comments": [
            {**comment_entry(board, answer, stats), "linked": answer.pk in linked}
            for answer in found.object_list
        ],
        "page": found.number,
        "pages": found.paginator.num_pages,
        "count": found.paginator.count,
    }
