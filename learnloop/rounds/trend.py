"""The trend across every round of a chain, per module and per proof point, as page data.

Rounds are read oldest first, up to this session. Proof points are followed from round to round
through the mapping between each round's framework version and the next (learnloop.rounds.
alignment); one asked in only some rounds keeps its row, marked "not asked" in the others.
Modules are followed by their stable key. Every round keeps its own minimum group size; all
rounds use this round's report thresholds (its met level), so share met means the same thing
in every column. At most nine queries after access, however many rounds there are.
"""

from __future__ import annotations

from itertools import pairwise
from typing import Any

from django.utils.translation import gettext as _

from learnloop.analytics.rounds import RoundCell, rollup_cells, round_cells
from learnloop.frameworks.models import ProofPoint
from learnloop.learning_sessions.models import LearningSession
from learnloop.rounds import labels, queries
from learnloop.rounds.access import Rounds
from learnloop.rounds.alignment import align
from learnloop.rounds.comparison import round_info


def trend_page(rounds: Rounds) -> dict[str, Any]:
    """Median and share met per round, for every module and proof point of the chain."""
    latest = rounds.session
    scales = queries.scales_of(rounds.chain)
    levels = scales[latest.scale_id].levels
    chain = [s for s in rounds.chain if len(scales[s.scale_id].levels) == len(levels)]
    left_out = [round_info(s) for s in rounds.chain if s not in chain]
    page: dict[str, Any] = {
        "rounds": [round_info(s) for s in chain],
        "left_out": left_out,
        "levels": levels,
        "modules": [],
        "proof_points": [],
        "mappings": [],
    }
    if len(chain) < 2:
        return page
    k = len(levels)
    thresholds = latest.report_thresholds(k)
    points = queries.proof_points_by_round(chain)
    by_id = {p.pk: p for ps in points.values() for p in ps}
    steps = list(pairwise(chain))
    mappings = queries.mappings_between(
        latest.organization_id, [(a.framework, b.framework) for a, b in steps]
    )
    step_links = [
        mappings[(a.framework_id, b.framework_id)].links
        if a.framework_id != b.framework_id
        else None
        for a, b in steps
    ]
    rows = align([[p.pk for p in points[s.pk]] for s in chain], step_links)
    counts = queries.counts_by_round(chain, k)
    columns = [
        round_cells(
            queries.histograms(counts, s.pk, [row[r] for row in rows], k),
            thresholds,
            s.min_group_size,
        )
        for r, s in enumerate(chain)
    ]
    page["proof_points"] = [
        _point_row(row, [columns[r][i] for r in range(len(chain))], by_id, levels, chain)
        for i, row in enumerate(rows)
    ]
    page["modules"] = _modules(chain, points, counts, thresholds, levels)
    page["met_level_label"] = levels[thresholds.met_level - 1]
    page["mappings"] = [
        {
            "earlier": a.pk,
            "later": b.pk,
            "reviewed": mappings[(a.framework_id, b.framework_id)].reviewed,
        }
        for a, b in steps
        if a.framework_id != b.framework_id
    ]
    return page


def _cell(cell: RoundCell | None, levels: list[str], session: LearningSession) -> dict[str, Any]:
    """A round's figures, or ``asked: False`` when the round did not ask it."""
    found = {"round_id": session.pk, "round_title": session.title}
    if cell is None:
        return {**found, "asked": False, "suppressed": False}
    return {**found, **labels.cell_data(cell, levels), "asked": True}


def _point_row(
    row: list[int | None],
    cells: list[RoundCell],
    by_id: dict[int, ProofPoint],
    levels: list[str],
    chain: list[LearningSession],
) -> dict[str, Any]:
    newest = next(pp for pp in reversed(row) if pp is not None)
    point = by_id[newest]
    return {
        "id": newest,
        "ids": row,
        "key": f"{point.module.key}.{point.principle.key}.{point.key}",
        "module": point.module.title,
        "module_key": point.module.key,
        "principle": point.principle.title,
        "text": point.text,
        "rounds": [
            _cell(cell if pp is not None else None, levels, session)
            for pp, cell, session in zip(row, cells, chain, strict=True)
        ],
    }


def _modules(
    chain: list[LearningSession],
    points: dict[int, list[ProofPoint]],
    counts: dict,
    thresholds,
    levels: list[str],
) -> list[dict[str, Any]]:
    """Each module (by key, newest title) rolled up per round: every rating of its proof
    points in that round, shown only when one of them has the round's minimum group size."""
    order: dict[str, str] = {}
    for session in reversed(chain):
        for point in points[session.pk]:
            order.setdefault(point.module.key, point.module.title)
    keys = list(order)
    position = {key: s for s, key in enumerate(keys)}
    columns = []
    for session in chain:
        asked = points[session.pk]
        table = queries.histograms(counts, session.pk, [p.pk for p in asked], len(levels))
        sections = [position[p.module.key] for p in asked]
        cells = rollup_cells(table, sections, len(keys), thresholds, session.min_group_size)
        present = set(sections)
        columns.append([cell if s in present else None for s, cell in enumerate(cells)])
    return [
        {
            "key": key,
            "title": title,
            "rounds": [
                _cell(column[s], levels, session)
                for column, session in zip(columns, chain, strict=True)
            ],
        }
        for s, (key, title) in enumerate(order.items())
    ]


def describe_line(title: str, rounds: list[dict[str, Any]], names: list[str]) -> str:
    """The sparkline's text equivalent: "Round 1: 40%; Round 2: too few answers; ..."."""
    parts = []
    for name, cell in zip(names, rounds, strict=True):
        if not cell.get("asked"):
            value = _("not asked")
        elif cell.get("suppressed"):
            value = _("too few answers")
        else:
            value = f"{round(100 * cell['share_met'])}%"
        parts.append(f"{name}: {value}")
    return f"{title}. " + "; ".join(parts)
