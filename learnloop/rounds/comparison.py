"""The round comparison: this round against an earlier round of the same chain, as page data.

The numbers are analytics.rounds'; the counts come from learnloop.rounds.queries (one GROUP BY
over both rounds, one join on the person for paired rounds). The page, its JSON and its CSV are
all drawn from the dictionary :func:`comparison_page` returns, so they cannot disagree. Nothing
in it names a person or a group: each round shows only proof points with at least its minimum
group size of ratings, and paired figures only with at least that many people in both rounds.
"""

from __future__ import annotations

import csv
import io
from typing import Any

import numpy as np
from django.urls import reverse
from django.utils.translation import gettext as _

from learnloop.analytics.rounds import (
    SCREEN_RESAMPLES,
    Design,
    ProofPointChange,
    RoundCell,
    choose_design,
    compare_rounds,
    round_cells,
)
from learnloop.frameworks.models import ProofPoint
from learnloop.learning_sessions.models import LearningSession
from learnloop.lib.spreadsheets import safe_cell
from learnloop.plan.queries import actions_by_proof_point
from learnloop.rounds import labels, queries
from learnloop.rounds.access import Rounds
from learnloop.rounds.alignment import align


def round_info(session: LearningSession) -> dict[str, Any]:
    return {
        "id": session.pk,
        "title": session.title,
        "framework": str(session.framework),
        "framework_id": session.framework_id,
        "anonymity": session.anonymity,
        "anonymity_text": session.get_anonymity_display(),
        "min_group_size": session.min_group_size,
        "state": session.state,
        "closed_at": session.closed_at,
    }


def _point(point: ProofPoint) -> dict[str, Any]:
    return {
        "key": f"{point.module.key}.{point.principle.key}.{point.key}",
        "module": point.module.title,
        "module_key": point.module.key,
        "principle": point.principle.title,
        "text": point.text,
    }


def _interval(method: str, low: float | None, high: float | None) -> dict[str, Any] | None:
    if low is None or high is None:
        return None
    return {"method": method, "low": low, "high": high}


def change_data(change: ProofPointChange) -> dict[str, Any]:
    """A proof point's change between the rounds, with the words the page shows."""
    data: dict[str, Any] = {
        "compared": change.compared,
        "design": change.design.value,
        "verdict": change.verdict.value,
        "verdict_text": str(labels.VERDICTS[change.verdict.value]),
        "reason": change.reason.value if change.reason else None,
        "test": change.test.value,
        "test_text": str(labels.TESTS[change.test.value]),
        "effect": change.effect,
        "effect_name": "net_improvement" if change.design is Design.PAIRED else "cliffs_delta",
        "effect_text": str(labels.EFFECTS[change.design.value]),
        "magnitude": change.magnitude.value if change.magnitude else None,
        "magnitude_text": str(labels.MAGNITUDES[change.magnitude.value])
        if change.magnitude
        else "",
        "p_value": change.p_value,
        "q_value": change.q_value,
        "median_change": change.median_change,
        "share_met_change": change.share_met_change,
        "share_met_interval": _interval(
            "newcombe", change.share_met_change_low, change.share_met_change_high
        ),
        "pairs": None,
    }
    if change.design is Design.PAIRED and change.compared and change.n_up is not None:
        data["pairs"] = {
            "n": change.n_pairs,
            "up": change.n_up,
            "down": change.n_down,
            "same": change.n_same,
            "met_gained": change.met_gained,
            "met_lost": change.met_lost,
            "share_met_change": change.pairs_share_met_change,
            "interval": _interval(
                "paired_bootstrap",
                change.pairs_share_met_change_low,
                change.pairs_share_met_change_high,
            ),
            "wilcoxon_p": change.wilcoxon_p,
            "mcnemar_p": change.mcnemar_p,
        }
    return data


def _actions(found: dict[int, list], ids: list[int | None], slug: str) -> list[dict[str, Any]]:
    """The plan's actions on either round's proof point, each once."""
    seen, result = set(), []
    for pp in ids:
        for action in found.get(pp, []) if pp is not None else []:
            if action.pk in seen:
                continue
            seen.add(action.pk)
            result.append(
                {
                    "id": action.pk,
                    "title": action.title,
                    "status": action.status,
                    "status_text": str(action.get_status_display()),
                    "owner": action.owner.name if action.owner else None,
                    "session_id": action.session_id,
                    "url": reverse(
                        "plan-show-action",
                        kwargs={
                            "slug": slug,
                            "session_id": action.session_id,
                            "action_id": action.pk,
                        },
                    ),
                }
            )
    return result


def _base(rounds: Rounds, earlier: LearningSession | None) -> dict[str, Any]:
    return {
        "session": round_info(rounds.session),
        "earlier": round_info(earlier) if earlier else None,
        "choices": [
            {"id": s.pk, "title": s.title, "selected": earlier is not None and s.pk == earlier.pk}
            for s in reversed(rounds.earlier)
        ],
        "problem": None,
        "proof_points": [],
        "new": [],
        "retired": [],
    }


def comparison_page(
    rounds: Rounds, earlier: LearningSession | None, *, resamples: int = SCREEN_RESAMPLES
) -> dict[str, Any]:
    """This round against ``earlier`` (None: there is no earlier round), proof point by proof
    point. At most nine queries after access."""
    page = _base(rounds, earlier)
    if earlier is None:
        return page
    later = rounds.session
    scales = queries.scales_of([earlier, later])
    levels = scales[later.scale_id].levels
    if len(scales[earlier.scale_id].levels) != len(levels):
        page["problem"] = _(
            "The two rounds use rating scales with different numbers of levels (%(a)s and "
            "%(b)s), so their ratings cannot be compared."
        ) % {"a": len(scales[earlier.scale_id].levels), "b": len(levels)}
        return page
    k = len(levels)
    points = queries.proof_points_by_round([earlier, later])
    by_id = {p.pk: p for ps in points.values() for p in ps}
    mapping = None
    if earlier.framework_id != later.framework_id:
        pair = (earlier.framework, later.framework)
        mapping = queries.mappings_between(later.organization_id, [pair])[
            (earlier.framework_id, later.framework_id)
        ]
    rows = align(
        [[p.pk for p in points[earlier.pk]], [p.pk for p in points[later.pk]]],
        [mapping.links if mapping else None],
    )
    compared = [row for row in rows if row[0] is not None and row[1] is not None]
    counts = queries.counts_by_round([earlier, later], k)
    before = queries.histograms(counts, earlier.pk, [row[0] for row in compared], k)
    after = queries.histograms(counts, later.pk, [row[1] for row in compared], k)
    thresholds = later.report_thresholds(k)
    design, people, why = _design(earlier, later)
    transitions = None
    if design is Design.PAIRED:
        pairs = [(row[0], row[1]) for row in compared]
        transitions = queries.paired_transitions(earlier, later, pairs, k)  # type: ignore[arg-type]
    result = compare_rounds(
        before,
        after,
        thresholds,
        min_group_size_before=earlier.min_group_size,
        min_group_size_after=later.min_group_size,
        transitions=transitions,
        seed=later.pk,
        resamples=resamples,
    )
    between = [s for s in rounds.chain if s.pk != later.pk]
    start = next(i for i, s in enumerate(between) if s.pk == earlier.pk)
    found = actions_by_proof_point(between[start:])
    slug = later.organization.slug
    listed = []
    for p in result.order:
        before_id, after_id = compared[p]
        row = _point(by_id[after_id])  # type: ignore[index]
        row.update(
            id=after_id,
            earlier_id=before_id,
            before=labels.cell_data(result.before[p], levels),
            after=labels.cell_data(result.after[p], levels),
            change=change_data(result.changes[p]),
            actions=_actions(found, [before_id, after_id], slug),
        )
        listed.append(row)
    page.update(
        proof_points=listed,
        new=_single(rows, 1, later, counts, thresholds, levels, by_id, mapping, found, slug),
        retired=_single(rows, 0, earlier, counts, thresholds, levels, by_id, mapping, found, slug),
        design=design.value,
        design_text=str(labels.DESIGNS[why]),
        people=people,
        levels=levels,
        met_level=thresholds.met_level,
        met_level_label=levels[thresholds.met_level - 1],
        q_threshold=float(thresholds.fdr_q),
        mapping=_mapping_info(mapping),
        summary=_summary(listed),
    )
    return page


def _design(
    earlier: LearningSession, later: LearningSession
) -> tuple[Design, dict[str, int] | None, str]:
    """Paired or independent, the people counts (identified rounds only), and why."""
    if earlier.is_anonymous or later.is_anonymous:
        return Design.INDEPENDENT, None, "anonymous"
    people = queries.people_in_rounds(earlier, later)
    design = choose_design(True, True, people.both, (people.before, people.after))
    counts = {
        "before": people.before,
        "after": people.after,
        "both": people.both,
        "new": people.new,
        "dropped": people.dropped,
    }
    return design, counts, "paired" if design is Design.PAIRED else "different_people"


def _single(
    rows: list[list[int | None]],
    column: int,
    session: LearningSession,
    counts: dict,
    thresholds,
    levels: list[str],
    by_id: dict[int, ProofPoint],
    mapping: queries.VersionMapping | None,
    found: dict[int, list],
    slug: str,
) -> list[dict[str, Any]]:
    """Proof points asked in only one of the two rounds: new (column 1) or retired (0)."""
    ids = [row[column] for row in rows if row[1 - column] is None]
    cells: list[RoundCell] = round_cells(
        queries.histograms(counts, session.pk, ids, len(levels)), thresholds, session.min_group_size
    )
    continued = set(mapping.links.values()) if mapping else set()
    result = []
    for pp, cell in zip(ids, cells, strict=True):
        if column == 1:
            kind = "not_asked_before" if mapping is None or pp in mapping.links else "new"
        else:
            kind = "not_asked_now" if mapping is None or pp in continued else "retired"
        row = _point(by_id[pp])  # type: ignore[index]
        row.update(
            id=pp,
            kind=kind,
            kind_text=str(labels.KINDS[kind]),
            figures=labels.cell_data(cell, levels),
            actions=_actions(found, [pp], slug),
        )
        result.append(row)
    return result


def _mapping_info(mapping: queries.VersionMapping | None) -> dict[str, Any]:
    if mapping is None:
        return {"same_version": True, "reviewed": None, "reviewed_at": None}
    return {
        "same_version": False,
        "reviewed": mapping.reviewed,
        "reviewed_at": mapping.saved.reviewed_at if mapping.saved else None,
        "earlier_version": str(mapping.earlier),
        "later_version": str(mapping.later),
    }


def _summary(rows: list[dict[str, Any]]) -> dict[str, int]:
    verdicts = [row["change"]["verdict"] for row in rows]
    return {verdict: verdicts.count(verdict) for verdict in labels.VERDICTS}


# ---------------------------------------------------------------------------------------------
# CSV


CSV_HEADER = (
    "module",
    "principle",
    "proof_point_key",
    "proof_point",
    "in_rounds",
    "earlier_n",
    "earlier_dont_know",
    "earlier_median",
    "earlier_share_met",
    "earlier_consensus",
    "later_n",
    "later_dont_know",
    "later_median",
    "later_share_met",
    "later_consensus",
    "verdict",
    "test",
    "effect_name",
    "effect",
    "magnitude",
    "p_value",
    "q_value",
    "median_change",
    "share_met_change",
    "share_met_change_low",
    "share_met_change_high",
    "pairs",
    "pairs_up",
    "pairs_down",
    "pairs_same",
    "pairs_share_met_change",
    "pairs_share_met_change_low",
    "pairs_share_met_change_high",
    "actions",
)


def _figures(cell: dict[str, Any]) -> list[Any]:
    if cell.get("suppressed", True):
        return [_("too few answers"), "", "", "", ""]
    return [
        cell["n"],
        cell["dont_know"],
        cell["median_label"],
        _round(cell["share_met"]),
        cell["consensus"] or "",
    ]


def _round(value: float | None, digits: int = 4) -> Any:
    return "" if value is None or not np.isfinite(value) else round(value, digits)


def comparison_csv(page: dict[str, Any]) -> str:
    """The comparison as CSV: one row per proof point, compared ones first in the page's order,
    then new and retired ones. Text that a spreadsheet would run as a formula is neutralized."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_HEADER)
    for row in page["proof_points"]:
        change = row["change"]
        pairs = change["pairs"] or {}
        interval = change["share_met_interval"] or {}
        pairs_interval = pairs.get("interval") or {}
        writer.writerow(
            [
                *_text(row),
                "both",
                *_figures(row["before"]),
                *_figures(row["after"]),
                change["verdict"],
                change["test"],
                change["effect_name"],
                _round(change["effect"]),
                change["magnitude"] or "",
                _round(change["p_value"], 6),
                _round(change["q_value"], 6),
                _round(change["median_change"]),
                _round(change["share_met_change"]),
                _round(interval.get("low")),
                _round(interval.get("high")),
                pairs.get("n", ""),
                pairs.get("up", ""),
                pairs.get("down", ""),
                pairs.get("same", ""),
                _round(pairs.get("share_met_change")),
                _round(pairs_interval.get("low")),
                _round(pairs_interval.get("high")),
                _action_text(row),
            ]
        )
    for key, column in (("new", "later only"), ("retired", "earlier only")):
        for row in page[key]:
            figures, blank = _figures(row["figures"]), [""] * 5
            before, after = (blank, figures) if key == "new" else (figures, blank)
            writer.writerow(
                [*_text(row), column, *before, *after, row["kind"], *[""] * 17, _action_text(row)]
            )
    return buffer.getvalue()


def _text(row: dict[str, Any]) -> list[Any]:
    return [
        safe_cell(row["module"]),
        safe_cell(row["principle"]),
        row["key"],
        safe_cell(row["text"]),
    ]


def _action_text(row: dict[str, Any]) -> Any:
    return safe_cell("; ".join(f"{a['title']} ({a['status_text']})" for a in row["actions"]))
