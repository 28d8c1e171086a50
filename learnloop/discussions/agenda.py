"""A first draft of a discussion's agenda, chosen from the findings or, without findings, from
the report document.

Nothing here computes a statistic or reads the database: the findings come as rows, and the
report document (``learnloop.reports.pages.build``) carries every figure with its privacy rules
already applied. The sections come in the order a discussion takes them: celebrate strengths
first, then review the open actions, then the most pressing problems, misalignments and open
questions.

* From findings: strengths, improvement areas (as problems), misalignments and questions each
  go to their section; themes and suggestions go to "Other". When some findings are marked
  ready to share, only those are used (they are what the analysts stand behind); otherwise all
  of them.
* From the report: proof points met (up to 5, largest share met first) as strengths; those
  that require improvement (up to 10, largest share rating low first) as problems; those
  flagged split, met but dissent, or low consensus (up to 5, lowest consensus first) as
  misalignments.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from learnloop.discussions.models import AgendaSection
from learnloop.findings.models import Kind, Status

SECTION_ORDER = {section.value: index for index, section in enumerate(AgendaSection)}
FINDING_SECTIONS = {
    Kind.STRENGTH: AgendaSection.STRENGTHS,
    Kind.IMPROVEMENT_AREA: AgendaSection.PROBLEMS,
    Kind.MISALIGNMENT: AgendaSection.MISALIGNMENTS,
    Kind.QUESTION: AgendaSection.QUESTIONS,
    Kind.THEME: AgendaSection.OTHER,
    Kind.SUGGESTION: AgendaSection.OTHER,
}
MISALIGNMENT_FLAGS = ("split", "met_but_dissent", "low_consensus")
MOST_STRENGTHS, MOST_PROBLEMS, MOST_MISALIGNMENTS = 5, 10, 5
NOTES_LENGTH = 400
TITLE_LENGTH = 200


@dataclass(frozen=True)
class FindingRow:
    id: int
    kind: str
    title: str
    body: str
    status: str
    position: int


@dataclass(frozen=True)
class DraftItem:
    key: str
    section: str
    title: str
    notes: str = ""
    finding_id: int | None = None
    proof_point_id: int | None = None


def from_findings(findings: Iterable[FindingRow]) -> list[DraftItem]:
    rows = list(findings)
    if any(row.status == Status.READY for row in rows):
        rows = [row for row in rows if row.status == Status.READY]
    rows.sort(key=lambda row: (SECTION_ORDER[FINDING_SECTIONS[Kind(row.kind)]], row.position))
    return [
        DraftItem(
            key=f"finding:{row.id}",
            section=FINDING_SECTIONS[Kind(row.kind)].value,
            title=Truncator(row.title).chars(TITLE_LENGTH),
            notes=Truncator(" ".join(row.body.split())).chars(NOTES_LENGTH),
            finding_id=row.id,
        )
        for row in rows
        if row.kind in FINDING_SECTIONS
    ]


def _percent(share: Any) -> int:
    return round((share or 0) * 100)


def _shown(points: list[dict[str, Any]], ids: list[int]) -> list[tuple[int, dict[str, Any]]]:
    return [(pk, point) for pk, point in zip(ids, points, strict=True) if not point["suppressed"]]


def from_report(points: list[dict[str, Any]], proof_point_ids: list[int]) -> list[DraftItem]:
    """Strengths, problems and misalignments from the report document's proof points (the
    all-respondents figures; no group is named)."""
    shown = _shown(points, proof_point_ids)
    met = [item for item in shown if item[1]["status"] == "met"]
    met.sort(key=lambda item: -(item[1]["share_met"] or 0))
    low = [item for item in shown if item[1]["status"] == "requires_improvement"]
    low.sort(key=lambda item: (-(item[1]["share_low"] or 0), item[1]["interpolated_median"] or 0))
    split = [item for item in shown if set(item[1]["flags"] or ()) & set(MISALIGNMENT_FLAGS)]
    split.sort(key=lambda item: item[1]["leik"] if item[1]["leik"] is not None else 1)
    items = []
    for pk, point in met[:MOST_STRENGTHS]:
        notes = _("Met: %(share)d%% rate it at the met level or above.") % {
            "share": _percent(point["share_met"])
        }
        items.append(_point_item("strength", AgendaSection.STRENGTHS, pk, point, notes))
    for pk, point in low[:MOST_PROBLEMS]:
        notes = _("Requires improvement: %(share)d%% rate it low.") % {
            "share": _percent(point["share_low"])
        }
        items.append(_point_item("problem", AgendaSection.PROBLEMS, pk, point, notes))
    for pk, point in split[:MOST_MISALIGNMENTS]:
        items.append(
            _point_item("misalignment", AgendaSection.MISALIGNMENTS, pk, point, _flags(point))
        )
    return items


def _flags(point: dict[str, Any]) -> str:
    words = {
        "split": _("Opinions are split."),
        "met_but_dissent": _("Met, but a sizeable share rate it low."),
        "low_consensus": _("People agree little on it."),
    }
    return " ".join(str(words[flag]) for flag in point["flags"] if flag in words)


def _point_item(prefix: str, section: str, pk: int, point: dict[str, Any], notes: str) -> DraftItem:
    return DraftItem(
        key=f"{prefix}:pp:{pk}",
        section=str(section),
        title=Truncator(point["text"]).chars(TITLE_LENGTH),
        notes=notes,
        proof_point_id=pk,
    )


def action_review_item(open_actions: int) -> DraftItem | None:
    """One item for the open actions carried in from this session and its earlier rounds."""
    if not open_actions:
        return None
    title = ngettext(
        "Review the %(n)d open action", "Review the %(n)d open actions", open_actions
    ) % {"n": open_actions}
    return DraftItem(key="actions", section=AgendaSection.ACTION_REVIEW.value, title=title)
