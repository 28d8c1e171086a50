"""A first draft of the findings board, chosen from the report document and the codes.

Nothing here computes a statistic: the report document (``learnloop.reports.pages.build``)
carries every figure, with its privacy rules already applied (a group below the minimum size
never appears in it, so it never appears in a drafted finding). This module only selects
proof points, gaps and coded comments, and writes what the numbers say in plain words:

* strengths: proof points classified met with high consensus (Leik label high);
* improvement areas: proof points that require improvement, and those that need attention
  while fewer than half of the ratings reach the met level;
* misalignments: the largest statistically supported gap between two shown groups of each
  proof point (Benjamini-Hochberg q at or below the report's threshold), then proof points
  with low consensus that no such gap already explains;
* themes: every code of kind "theme" with the comments coded with it;
* questions and suggestions: comments coded "question" or "suggestion", one finding per
  proof point.

Each drafted finding links its proof points and up to three supporting comments.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from learnloop.findings.models import Kind
from learnloop.reports.pages import Report

COMMENTS_PER_FINDING = 3
MAX_STRENGTHS = 10
MAX_IMPROVEMENT_AREAS = 10
MAX_GAPS = 5
MAX_LOW_CONSENSUS = 5
# "Needs attention" becomes an improvement area when fewer than this share of ratings is met.
LOW_SHARE_MET = 0.5
TITLE_TEXT_CHARS = 120

CODE_KINDS = {"theme": Kind.THEME, "question": Kind.QUESTION, "suggestion": Kind.SUGGESTION}


@dataclass(frozen=True)
class CommentRow:
    """One comment of the session (an answer with a non-empty comment)."""

    answer_id: int
    proof_point_id: int
    group_id: int | None
    code: int | None
    text: str


@dataclass(frozen=True)
class CodeRow:
    """One code of the session's codebook; ``merged_into`` points at the code it joined."""

    id: int
    name: str
    kind: str
    description: str
    merged_into: int | None


@dataclass(frozen=True)
class CodedComment:
    """A code applied to a comment; ``quote`` is the highlighted span, "" for the whole."""

    code_id: int
    answer_id: int
    quote: str


@dataclass
class DraftItem:
    """One drafted finding, before it is saved."""

    key: str
    kind: str
    title: str
    body: str
    proof_point_ids: list[int]
    comments: list[tuple[int, str]] = field(default_factory=list)  # (answer id, quote)


@dataclass
class DraftInput:
    report: Report
    comments: list[CommentRow]
    codes: list[CodeRow]
    coded: list[CodedComment]


# ---------------------------------------------------------------------------------------------
# Words


MAGNITUDES = {
    "negligible": gettext_lazy("negligible"),
    "small": gettext_lazy("small"),
    "medium": gettext_lazy("medium"),
    "large": gettext_lazy("large"),
}
CONSENSUS = {
    "high": gettext_lazy("high"),
    "moderate": gettext_lazy("moderate"),
    "low": gettext_lazy("low"),
}


def quoted(label: str) -> str:
    return f"“{label}”"


def levels_from(levels: list[str], lowest: int) -> str:
    """The levels from ``lowest`` (1-based) to the top: “A”, “A” or “B”, “A” or higher."""
    chosen = levels[lowest - 1 :]
    if len(chosen) == 1:
        return quoted(chosen[0])
    if len(chosen) == 2:
        return _("%(a)s or %(b)s") % {"a": quoted(chosen[0]), "b": quoted(chosen[1])}
    return _("%(a)s or higher") % {"a": quoted(chosen[0])}


def levels_up_to(levels: list[str], highest: int) -> str:
    """The levels from the bottom to ``highest``: “A”, “A” or “B”, “C” or lower."""
    chosen = levels[:highest]
    if len(chosen) == 1:
        return quoted(chosen[0])
    if len(chosen) == 2:
        return _("%(a)s or %(b)s") % {"a": quoted(chosen[0]), "b": quoted(chosen[1])}
    return _("%(a)s or lower") % {"a": quoted(chosen[-1])}


def short(text: str) -> str:
    return Truncator(" ".join(text.split())).chars(TITLE_TEXT_CHARS)


def dont_know_sentence(point: dict[str, Any]) -> str:
    n = point.get("dont_know") or 0
    if not n:
        return ""
    return " " + ngettext("One more answered don't know.", "%(n)d more answered don't know.", n) % {
        "n": n
    }


def spread(point: dict[str, Any], levels: list[str]) -> str:
    """ "3 “Not started”, 1 “Partially meets”, 4 “Fully meets”" (levels nobody chose left out)."""
    parts = [
        f"{count} {quoted(label)}"
        for label, count in zip(levels, point["counts"] or [], strict=False)
        if count
    ]
    return ", ".join(parts)


def decimal(value: float | None) -> str:
    return "—" if value is None else f"{abs(value):.2f}"


def q_text(value: float | None) -> str:
    if value is None:
        return "—"
    return "< 0.001" if value < 0.001 else f"{value:.3f}"


# ---------------------------------------------------------------------------------------------
# Statistics


class Context:
    """The report and the session's comments, indexed the way the selections need them."""

    def __init__(self, data: DraftInput) -> None:
        self.report = data.report
        document = data.report.document
        self.levels: list[str] = document["scale"]["levels"]
        self.met_level = int(document["thresholds"]["met_level"])
        self.low_level = int(document["thresholds"]["low_level"])
        self.ids = data.report.data.proof_point_ids
        self.group_ids = dict(
            zip(data.report.data.report.groups, data.report.data.group_ids, strict=True)
        )
        self.by_point: dict[int, list[CommentRow]] = {}
        for row in data.comments:
            self.by_point.setdefault(row.proof_point_id, []).append(row)

    def comments(self, p: int) -> list[CommentRow]:
        return self.by_point.get(self.ids[p], [])

    def rated(self, p: int) -> list[CommentRow]:
        return [row for row in self.comments(p) if row.code is not None and row.code > 0]

    def unrated(self, p: int) -> list[CommentRow]:
        return [row for row in self.comments(p) if row.code is None or row.code <= 0]


def shown(point: dict[str, Any]) -> bool:
    return not point["suppressed"] and point["status"] != "insufficient_data"


def supporting(rows: Iterable[CommentRow]) -> list[tuple[int, str]]:
    return [(row.answer_id, row.text) for row in list(rows)[:COMMENTS_PER_FINDING]]


def met_count(ctx: Context, point: dict[str, Any]) -> int:
    return sum((point["counts"] or [])[ctx.met_level - 1 :])


def low_count(ctx: Context, point: dict[str, Any]) -> int:
    return sum((point["counts"] or [])[: ctx.low_level])


def strengths(ctx: Context) -> list[DraftItem]:
    chosen = [
        (p, point)
        for p, point in enumerate(ctx.report.points)
        if shown(point) and point["status"] == "met" and point["leik_label"] == "high"
    ]
    chosen.sort(key=lambda item: (-(item[1]["share_met"] or 0), -(item[1]["leik"] or 0), item[0]))
    items = []
    for p, point in chosen[:MAX_STRENGTHS]:
        met = met_count(ctx, point)
        if met == point["n"]:
            body = _(
                "All %(n)d respondents who gave a rating rate this %(levels)s, with high "
                "consensus; the typical answer is %(median)s."
            )
        else:
            body = _(
                "%(met)d of the %(n)d respondents who gave a rating rate this %(levels)s, "
                "with high consensus; the typical answer is %(median)s."
            )
        body = body % {
            "met": met,
            "n": point["n"],
            "levels": levels_from(ctx.levels, ctx.met_level),
            "median": quoted(point["median_label"]),
        }
        best_first = sorted(ctx.rated(p), key=lambda row: (-(row.code or 0), row.answer_id))
        items.append(
            DraftItem(
                key=f"strength:pp{ctx.ids[p]}",
                kind=Kind.STRENGTH,
                title=_("Met with high consensus: %(text)s") % {"text": short(point["text"])},
                body=body + dont_know_sentence(point),
                proof_point_ids=[ctx.ids[p]],
                comments=supporting(best_first + ctx.unrated(p)),
            )
        )
    return items


def needs_improvement(point: dict[str, Any]) -> bool:
    if not shown(point):
        return False
    if point["status"] == "requires_improvement":
        return True
    share_met = point["share_met"]
    return (
        point["status"] == "needs_attention"
        and share_met is not None
        and (share_met < LOW_SHARE_MET)
    )


def improvement_areas(ctx: Context) -> list[DraftItem]:
    chosen = [(p, point) for p, point in enumerate(ctx.report.points) if needs_improvement(point)]
    chosen.sort(
        key=lambda item: (
            item[1]["status"] != "requires_improvement",
            -(item[1]["share_low"] or 0),
            item[1]["interpolated_median"] or 0,
            item[0],
        )
    )
    items = []
    for p, point in chosen[:MAX_IMPROVEMENT_AREAS]:
        numbers = {
            "n": point["n"],
            "median": quoted(point["median_label"]),
            "consensus": str(CONSENSUS.get(point["leik_label"] or "", "—")),
        }
        if point["status"] == "requires_improvement":
            title = _("Requires improvement: %(text)s")
            low = low_count(ctx, point)
            body = (
                _(
                    "All %(n)d respondents who gave a rating rate this %(levels)s; the typical "
                    "answer is %(median)s. Consensus is %(consensus)s."
                )
                if low == point["n"]
                else _(
                    "%(low)d of the %(n)d respondents who gave a rating rate this %(levels)s; "
                    "the typical answer is %(median)s. Consensus is %(consensus)s."
                )
            ) % {
                **numbers,
                "low": low,
                "levels": levels_up_to(ctx.levels, ctx.low_level),
            }
        else:
            title = _("Needs attention: %(text)s")
            body = _(
                "Only %(met)d of the %(n)d respondents who gave a rating rate this %(levels)s; "
                "the typical answer is %(median)s. Consensus is %(consensus)s."
            ) % {
                **numbers,
                "met": met_count(ctx, point),
                "levels": levels_from(ctx.levels, ctx.met_level),
            }
        lowest_first = sorted(ctx.rated(p), key=lambda row: (row.code or 0, row.answer_id))
        items.append(
            DraftItem(
                key=f"improvement:pp{ctx.ids[p]}",
                kind=Kind.IMPROVEMENT_AREA,
                title=title % {"text": short(point["text"])},
                body=body + dont_know_sentence(point),
                proof_point_ids=[ctx.ids[p]],
                comments=supporting(lowest_first + ctx.unrated(p)),
            )
        )
    return items


def alternate(*sides: list[CommentRow]) -> list[CommentRow]:
    """One from each side in turn, then the rest of the longer side."""
    result: list[CommentRow] = []
    longest = max((len(side) for side in sides), default=0)
    for i in range(longest):
        result.extend(side[i] for side in sides if i < len(side))
    return result


def largest_supported_gaps(ctx: Context) -> list[dict[str, Any]]:
    """The largest statistically supported gap of each proof point, largest first."""
    largest: dict[str, dict[str, Any]] = {}
    for gap in ctx.report.document["group_gaps"]:
        if gap["verdict"] != "supported" or gap["cliffs_delta"] is None:
            continue
        current = largest.get(gap["key"])
        if current is None or abs(gap["cliffs_delta"]) > abs(current["cliffs_delta"]):
            largest[gap["key"]] = gap
    positions = {point["key"]: p for p, point in enumerate(ctx.report.points)}
    gaps = [{**gap, "p": positions[gap["key"]]} for gap in largest.values()]
    gaps.sort(key=lambda gap: (-abs(gap["cliffs_delta"]), gap["p"]))
    return gaps[:MAX_GAPS]


def gap_item(ctx: Context, gap: dict[str, Any]) -> DraftItem:
    p = gap["p"]
    point = ctx.report.points[p]
    higher, lower = (
        (gap["group_a"], gap["group_b"])
        if gap["cliffs_delta"] >= 0
        else (gap["group_b"], gap["group_a"])
    )
    cells = point["by_group"]
    body = _(
        "%(higher)s rate this higher than %(lower)s: the typical answer is %(median_higher)s "
        "for %(higher)s and %(median_lower)s for %(lower)s. The difference is %(magnitude)s "
        "(Cliff's delta %(delta)s) and statistically supported (q = %(q)s)."
    ) % {
        "higher": higher,
        "lower": lower,
        "median_higher": quoted(cells[higher].get("median_label") or "—"),
        "median_lower": quoted(cells[lower].get("median_label") or "—"),
        "magnitude": str(MAGNITUDES.get(gap["magnitude"] or "", gap["magnitude"] or "—")),
        "delta": decimal(gap["cliffs_delta"]),
        "q": q_text(gap["q_value"]),
    }
    # Both groups are shown groups (at or above the minimum size): the document names no other.
    sides = [
        [row for row in ctx.comments(p) if row.group_id == ctx.group_ids[name]]
        for name in (higher, lower)
    ]
    return DraftItem(
        key=f"gap:pp{ctx.ids[p]}",
        kind=Kind.MISALIGNMENT,
        title=_("%(higher)s and %(lower)s see this differently: %(text)s")
        % {"higher": higher, "lower": lower, "text": short(point["text"])},
        body=body,
        proof_point_ids=[ctx.ids[p]],
        comments=supporting(alternate(*sides)),
    )


def low_consensus_items(ctx: Context, explained: set[int]) -> list[DraftItem]:
    chosen = [
        (p, point)
        for p, point in enumerate(ctx.report.points)
        if shown(point) and point["leik_label"] == "low" and p not in explained
    ]
    chosen.sort(key=lambda item: (item[1]["leik"] or 0, item[0]))
    items = []
    for p, point in chosen[:MAX_LOW_CONSENSUS]:
        body = _(
            "Answers are spread across the scale, with low consensus: %(spread)s. The typical "
            "answer is %(median)s."
        ) % {"spread": spread(point, ctx.levels), "median": quoted(point["median_label"])}
        ascending = sorted(ctx.rated(p), key=lambda row: (row.code or 0, row.answer_id))
        both_ends = list(
            {row.answer_id: row for row in alternate(ascending, ascending[::-1])}.values()
        )
        items.append(
            DraftItem(
                key=f"consensus:pp{ctx.ids[p]}",
                kind=Kind.MISALIGNMENT,
                title=_("Opinions differ on: %(text)s") % {"text": short(point["text"])},
                body=body + dont_know_sentence(point),
                proof_point_ids=[ctx.ids[p]],
                comments=supporting(both_ends + ctx.unrated(p)),
            )
        )
    return items


def misalignments(ctx: Context) -> list[DraftItem]:
    gaps = largest_supported_gaps(ctx)
    items = [gap_item(ctx, gap) for gap in gaps]
    return items + low_consensus_items(ctx, {gap["p"] for gap in gaps})


# ---------------------------------------------------------------------------------------------
# Codes


def active_code(codes: dict[int, CodeRow], code_id: int) -> CodeRow | None:
    """The code a (possibly merged) code now lives on; None when the chain is broken."""
    seen: set[int] = set()
    code = codes.get(code_id)
    while code is not None and code.merged_into is not None and code.id not in seen:
        seen.add(code.id)
        code = codes.get(code.merged_into)
    return code if code is not None and code.merged_into is None else None


@dataclass
class CodedGroup:
    code: CodeRow
    # answer id -> quote, in the order first coded
    quotes: dict[int, str] = field(default_factory=dict)


def coded_groups(data: DraftInput, ctx: Context, kind: str) -> list[CodedGroup]:
    """Active codes of this kind with the session's comments coded with them (merged codes'
    applications count for the code they were merged into)."""
    codes = {code.id: code for code in data.codes}
    comments = {row.answer_id: row for rows in ctx.by_point.values() for row in rows}
    groups: dict[int, CodedGroup] = {}
    for applied in data.coded:
        code = active_code(codes, applied.code_id)
        row = comments.get(applied.answer_id)
        if code is None or code.kind != kind or row is None:
            continue
        group = groups.setdefault(code.id, CodedGroup(code))
        group.quotes.setdefault(row.answer_id, applied.quote.strip() or row.text)
    order = {code.id: i for i, code in enumerate(data.codes)}
    return sorted(groups.values(), key=lambda group: order[group.code.id])


def in_point_order(ctx: Context, answer_ids: Iterable[int]) -> list[CommentRow]:
    wanted = set(answer_ids)
    return [row for pk in ctx.ids for row in ctx.by_point.get(pk, []) if row.answer_id in wanted]


def round_robin(rows: list[CommentRow]) -> list[CommentRow]:
    """One comment per proof point in turn, so three quotes show three proof points."""
    by_point: dict[int, list[CommentRow]] = {}
    for row in rows:
        by_point.setdefault(row.proof_point_id, []).append(row)
    return alternate(*by_point.values())


def themes(data: DraftInput, ctx: Context) -> list[DraftItem]:
    items = []
    for group in coded_groups(data, ctx, "theme"):
        rows = in_point_order(ctx, group.quotes)
        point_ids = list(dict.fromkeys(row.proof_point_id for row in rows))
        body = ngettext(
            "One comment is coded %(name)s",
            "%(n)d comments are coded %(name)s",
            len(rows),
        ) % {"n": len(rows), "name": quoted(group.code.name)}
        body += " " + ngettext(
            "on one proof point.", "across %(m)d proof points.", len(point_ids)
        ) % {"m": len(point_ids)}
        if group.code.description.strip():
            body += " " + group.code.description.strip()
        items.append(
            DraftItem(
                key=f"theme:code{group.code.id}",
                kind=Kind.THEME,
                title=Truncator(group.code.name).chars(200),
                body=body,
                proof_point_ids=point_ids,
                comments=[
                    (row.answer_id, group.quotes[row.answer_id])
                    for row in round_robin(rows)[:COMMENTS_PER_FINDING]
                ],
            )
        )
    return items


CODED_TEXTS: dict[str, tuple[Any, Callable[[int], str]]] = {
    "question": (
        gettext_lazy("Questions about: %(text)s"),
        lambda n: ngettext(
            "One comment on this proof point asks a question that needs an answer.",
            "%(n)d comments on this proof point ask questions that need an answer.",
            n,
        ),
    ),
    "suggestion": (
        gettext_lazy("Suggestions on: %(text)s"),
        lambda n: ngettext(
            "One comment on this proof point suggests what to change.",
            "%(n)d comments on this proof point suggest what to change.",
            n,
        ),
    ),
}


def coded_by_proof_point(data: DraftInput, ctx: Context, kind: str) -> list[DraftItem]:
    """One finding per proof point with comments coded ``kind`` (question or suggestion)."""
    quotes: dict[int, str] = {}
    for group in coded_groups(data, ctx, kind):
        for answer_id, quote in group.quotes.items():
            quotes.setdefault(answer_id, quote)
    title, sentence = CODED_TEXTS[kind]
    items = []
    for p, pk in enumerate(ctx.ids):
        rows = [row for row in ctx.by_point.get(pk, []) if row.answer_id in quotes]
        if not rows:
            continue
        body = sentence(len(rows)) % {"n": len(rows)}
        if len(rows) > COMMENTS_PER_FINDING:
            body += " " + _("The first three are linked here; add others from the comments.")
        items.append(
            DraftItem(
                key=f"{kind}:pp{pk}",
                kind=CODE_KINDS[kind],
                title=str(title) % {"text": short(ctx.report.points[p]["text"])},
                body=body,
                proof_point_ids=[pk],
                comments=[(row.answer_id, quotes[row.answer_id]) for row in rows][
                    :COMMENTS_PER_FINDING
                ],
            )
        )
    return items


def build_draft(data: DraftInput) -> list[DraftItem]:
    """Every drafted finding, in board order within each kind."""
    ctx = Context(data)
    return [
        *strengths(ctx),
        *improvement_areas(ctx),
        *misalignments(ctx),
        *themes(data, ctx),
        *coded_by_proof_point(data, ctx, "suggestion"),
        *coded_by_proof_point(data, ctx, "question"),
    ]
