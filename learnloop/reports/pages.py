"""What each report page shows, as plain data drawn from the report document.

The report document (``learnloop.lib.report.build_report``) computes every statistic through
the analytics engine and applies the privacy rules in one place; exports render the same
document. The pages here only choose, filter and sort parts of it, and the templates and
``?format=json`` both render these dictionaries, so a page's JSON is exactly its data under the
same rules. Nothing here computes a statistic or looks at a group the document does not show.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from learnloop.analytics.gaps import romano_magnitude
from learnloop.lib.report import build_report
from learnloop.lib.report.charts import heatmap_colour
from learnloop.lib.report.document import rating_label, visible_respondents
from learnloop.reports.queries import ReportData

STATUS_LABELS = {
    "met": _("met"),
    "needs_attention": _("needs attention"),
    "requires_improvement": _("requires improvement"),
    "insufficient_data": _("insufficient data"),
}
CONSENSUS_LABELS = {
    "high": _("high consensus"),
    "moderate": _("moderate consensus"),
    "low": _("low consensus"),
}
FLAG_LABELS = {
    "split": _("split"),
    "met_but_dissent": _("met but dissent"),
    "low_consensus": _("low consensus"),
    "small_group": _("small group"),
}
SORTS = {
    "module": _("Module order"),
    "median": _("Median, lowest first"),
    "consensus": _("Consensus, lowest first"),
    "gap": _("Gap between groups, largest first"),
}
# The largest gap between two shown groups, at least this size (Romano's labels of Cliff's delta).
GAP_SIZES = {
    "small": _("Small gap or larger"),
    "medium": _("Medium gap or larger"),
    "large": _("Large gap"),
}
GAP_ORDER = ("negligible", "small", "medium", "large")
HEATMAP_MEASURES = {"median": _("Median"), "met": _("Share met")}
STARTER_TITLES = {
    "lowest_rated": _("Lowest rated"),
    "least_agreed": _("Least agreed"),
    "most_divided": _("Most divided between groups"),
}
# The document's report-level facts every page carries.
HEADER_KEYS = ("schema_version", "title", "generated_at", "anonymity", "min_group_size", "scale")


@dataclass
class Report:
    """A report document and the database ids behind its positions."""

    data: ReportData
    document: dict[str, Any]

    @property
    def points(self) -> list[dict[str, Any]]:
        return self.document["proof_points"]

    @property
    def group_names(self) -> list[str]:
        return [group["name"] for group in self.document["groups"]]

    def header(self) -> dict[str, Any]:
        header = {key: self.document[key] for key in HEADER_KEYS}
        header["session_id"] = self.data.session.pk
        header["privacy"] = self.document["privacy"]
        header["groups"] = self.document["groups"]
        return header


def build(data: ReportData) -> Report:
    return Report(data, build_report(data.report))


def describe(stats: dict[str, Any], levels: list[str]) -> dict[str, Any]:
    """One cell of the document with the words a page shows beside its numbers."""
    if stats.get("suppressed"):
        return {"suppressed": True}
    counts = stats.get("counts") or []
    n = stats.get("n") or 0
    return {
        **stats,
        "distribution": [
            {
                "level": i + 1,
                "label": levels[i],
                "count": count,
                "share": round(count / n, 4) if n else None,
            }
            for i, count in enumerate(counts)
        ],
        "status_text": str(STATUS_LABELS.get(stats.get("status") or "", "")),
        "consensus_text": str(CONSENSUS_LABELS.get(stats.get("leik_label") or "", "")),
        "flag_texts": [str(FLAG_LABELS[flag]) for flag in stats.get("flags") or []],
    }


def _point_base(report: Report, p: int) -> dict[str, Any]:
    point = report.points[p]
    return {
        "id": report.data.proof_point_ids[p],
        "key": point["key"],
        "module": point["module"],
        "module_key": point["module_key"],
        "principle": point["principle"],
        "text": point["text"],
    }


# ---------------------------------------------------------------------------------------------
# Summary


@dataclass(frozen=True)
class SummaryFilters:
    """The summary page's GET parameters; anything not on offer is ignored."""

    sort: str = "module"
    status: str = ""
    consensus: str = ""
    module: str = ""
    group: str = ""
    gap: str = ""

    @classmethod
    def parse(cls, query, report: Report) -> SummaryFilters:
        def pick(name: str, allowed) -> str:
            value = query.get(name, "")
            return value if value in allowed else ""

        return cls(
            sort=pick("sort", SORTS) or "module",
            status=pick("status", STATUS_LABELS),
            consensus=pick("consensus", CONSENSUS_LABELS),
            module=pick("module", {point["module_key"] for point in report.points}),
            group=pick("group", report.group_names),  # shown groups only
            gap=pick("gap", GAP_SIZES),
        )

    def as_dict(self) -> dict[str, str]:
        return {
            "sort": self.sort,
            "status": self.status,
            "consensus": self.consensus,
            "module": self.module,
            "group": self.group,
            "gap": self.gap,
        }

    def keeps(self, row: dict[str, Any]) -> bool:
        stats = row["stats"]
        return (
            (not self.module or row["module_key"] == self.module)
            and (not self.status or stats.get("status") == self.status)
            and (not self.consensus or stats.get("leik_label") == self.consensus)
            and (not self.gap or _gap_at_least(row["misalignment"], self.gap))
        )


def _gap_at_least(misalignment: dict[str, Any] | None, size: str) -> bool:
    """Whether the largest gap between shown groups is at least ``size`` (none: never)."""
    if misalignment is None or misalignment.get("value") is None:
        return False
    found = romano_magnitude(misalignment["value"]).value
    return GAP_ORDER.index(found) >= GAP_ORDER.index(size)


def _sort_key(sort: str):
    def key(row: dict[str, Any]) -> tuple:
        stats = row["stats"]
        if sort == "median":
            value = stats.get("interpolated_median")
        elif sort == "consensus":
            value = stats.get("leik")
        elif sort == "gap":
            size = (row["misalignment"] or {}).get("value")
            value = None if size is None else -size
        else:
            return (row["position"],)
        return (value is None, value if value is not None else 0, row["position"])

    return key


def _options(report: Report) -> dict[str, list[dict[str, str]]]:
    modules = {point["module_key"]: point["module"] for point in report.points}
    return {
        "sort": [{"value": k, "label": str(v)} for k, v in SORTS.items()],
        "status": [{"value": k, "label": str(v)} for k, v in STATUS_LABELS.items()],
        "consensus": [{"value": k, "label": str(v)} for k, v in CONSENSUS_LABELS.items()],
        "module": [{"value": k, "label": v} for k, v in modules.items()],
        "group": [{"value": name, "label": name} for name in report.group_names],
        "gap": [{"value": k, "label": str(v)} for k, v in GAP_SIZES.items()],
    }


def _rollups(report: Report) -> list[dict[str, Any]]:
    rollups = []
    for module in report.document["modules"]:
        statuses = [
            {"status": key, "label": str(label), "count": module[key]}
            for key, label in STATUS_LABELS.items()
        ]
        rollups.append({**module, "statuses": statuses})
    return rollups


def summary_page(report: Report, filters: SummaryFilters) -> dict[str, Any]:
    """Module roll-ups, then every proof point (for everyone or one shown group)."""
    levels = report.document["scale"]["levels"]
    rows = []
    for p, point in enumerate(report.points):
        stats = point["by_group"].get(filters.group, {}) if filters.group else point
        row = _point_base(report, p)
        row["position"] = p
        row["stats"] = describe(stats, levels)
        row["misalignment"] = point["misalignment"]
        rows.append(row)
    shown = sorted((row for row in rows if filters.keeps(row)), key=_sort_key(filters.sort))
    return {
        "report": report.header(),
        "filters": filters.as_dict(),
        "options": _options(report),
        "modules": _rollups(report),
        "proof_points": shown,
        "total_proof_points": len(rows),
    }


# ---------------------------------------------------------------------------------------------
# Group comparison


def groups_page(report: Report, measure: str) -> dict[str, Any]:
    """Proof points by shown group: median or share met in every cell, significant gaps marked
    (Benjamini-Hochberg q at or below the session's threshold)."""
    levels = report.document["scale"]["levels"]
    supported: dict[str, list[dict[str, Any]]] = {}
    for gap in report.document["group_gaps"]:
        if gap["verdict"] == "supported":
            supported.setdefault(gap["key"], []).append(gap)
    rows = []
    for p, point in enumerate(report.points):
        gaps = supported.get(point["key"], [])
        marked = {gap["group_a"] for gap in gaps} | {gap["group_b"] for gap in gaps}
        row = _point_base(report, p)
        row["all_respondents"] = describe(point, levels)
        row["cells"] = [
            {
                "group": name,
                **describe(point["by_group"][name], levels),
                "in_significant_gap": name in marked,
                "heat": heat(point["by_group"][name], measure, len(levels)),
            }
            for name in report.group_names
        ]
        row["significant_gaps"] = [_gap_text(gap) for gap in gaps]
        rows.append(row)
    return {
        "report": report.header(),
        "measure": measure,
        "measures": [{"value": k, "label": str(v)} for k, v in HEATMAP_MEASURES.items()],
        "fdr_q": report.document["thresholds"]["fdr_q"],
        "proof_points": rows,
    }


def heat(stats: dict[str, Any], measure: str, k: int) -> dict[str, str] | None:
    """Background and text colour of a heatmap cell (None when there is nothing to colour).

    The share met is placed on the same 1..K colour scale as the median, so both views read
    the same way: red is low, blue is high.
    """
    if stats.get("suppressed") or not stats.get("n"):
        return None
    if measure == "met":
        share = stats.get("share_met")
        value = None if share is None else 1 + share * (k - 1)
    else:
        value = stats.get("interpolated_median")
    background, text = heatmap_colour(value, k)
    return {"background": background, "text": text}


def _gap_text(gap: dict[str, Any]) -> dict[str, Any]:
    delta = gap["cliffs_delta"] or 0
    higher, lower = (
        (gap["group_a"], gap["group_b"]) if delta >= 0 else (gap["group_b"], gap["group_a"])
    )
    return {**gap, "higher": higher, "lower": lower}


# ---------------------------------------------------------------------------------------------
# Conversation starters and drill-downs


def starters_page(report: Report) -> dict[str, Any]:
    ids = {point["key"]: report.data.proof_point_ids[p] for p, point in enumerate(report.points)}
    sections = []
    for key, items in report.document["conversation_starters"].items():
        sections.append(
            {
                "key": key,
                "title": str(STARTER_TITLES.get(key, key)),
                "proof_points": [{**item, "id": ids[item["key"]]} for item in items],
            }
        )
    return {"report": report.header(), "sections": sections}


def _answer(report: Report, views, row) -> dict[str, Any]:
    view = views[row.respondent]
    return {
        "respondent": row.respondent + 1,
        "label": view.label,
        "group": view.group or None,
        "code": row.code,
        "rating": rating_label(report.data.report, row.code),
        "comment": row.comment,
    }


def proof_point_page(report: Report, p: int) -> dict[str, Any]:
    """One proof point: everyone's figures, each shown group's, and every answer."""
    levels = report.document["scale"]["levels"]
    point = report.points[p]
    views = visible_respondents(report.data.report)
    rows = sorted(
        (row for row in report.data.report.answers if row.proof_point == p),
        key=lambda row: row.respondent,
    )
    return {
        "report": report.header(),
        **_point_base(report, p),
        "stats": describe(point, levels),
        "groups": [
            {"group": name, **describe(point["by_group"][name], levels)}
            for name in report.group_names
        ],
        "misalignment": point["misalignment"],
        "kruskal_wallis": point["kruskal_wallis"],
        "answers": [_answer(report, views, row) for row in rows],
    }


def respondent_page(report: Report, r: int) -> dict[str, Any]:
    """One respondent's answers in framework order, under their privacy-safe label."""
    views = visible_respondents(report.data.report)
    rows = sorted(
        (row for row in report.data.report.answers if row.respondent == r),
        key=lambda row: row.proof_point,
    )
    return {
        "report": report.header(),
        "respondent": r + 1,
        "label": views[r].label,
        "group": views[r].group or None,
        "respondents": len(views),
        "answers": [
            {**_point_base(report, row.proof_point), **_answer(report, views, row)} for row in rows
        ],
    }
