"""The report document (docs/report-json.md) and the privacy rules, in one place.

:func:`build_document` computes every statistic through :func:`learnloop.analytics.summarize`
and applies the privacy rules; :func:`visible_respondents` and :func:`answer_rows` give the
renderers the respondent-level rows with the same rules. No renderer looks at a name or a
group index any other way, so every export obeys the anonymity mode and the minimum group
size:

* names only in named mode; otherwise "Respondent 1", "Respondent 2", ... in input order;
* a group with fewer respondents (who gave at least one answer) than the minimum group size
  is never named: not in group columns, the groups list, gaps or respondent rows. Its answers
  still count in the all-respondents figures;
* a cell (proof point, group or all respondents) with fewer valid answers than the minimum
  group size shows only that fact (the engine's ``suppressed``);
* respondent rows show a group only when it is shown; when the respondents whose group is not
  shown are fewer than the minimum group size (so they could be picked out as a small group),
  no respondent row shows any group.
"""

from __future__ import annotations

import math
import statistics
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, fields
from datetime import UTC, datetime
from fractions import Fraction
from itertools import compress, repeat
from typing import Any

import numpy as np

from learnloop.analytics import Summary, summarize
from learnloop.lib.report import text
from learnloop.lib.report.model import AnswerRow, ReportInput

SCHEMA_VERSION = 1
STARTERS_PER_LIST = 3
COMMENTS_PER_STARTER = 3
OTHER_GROUPS = "Other groups"
STATUSES = ("met", "needs_attention", "requires_improvement", "insufficient_data")
FLAGS = ("split", "met_but_dissent", "low_consensus", "small_group")
TESTS = {0: "none", 1: "permutation", 2: "brunner_munzel"}


# ---------------------------------------------------------------------------------------------
# Privacy


@dataclass(frozen=True)
class RespondentView:
    """A respondent as every output shows them: privacy-safe label and group name ("" = none)."""

    label: str
    group: str


def group_sizes(data: ReportInput) -> list[int]:
    """Respondents per group who gave at least one answer.

    ``data.group_sizes`` when given; else the respondents listed per group (list only people
    who answered); else, without respondents, the most answers the group gave to one proof point.
    """
    if data.group_sizes is not None:
        if len(data.group_sizes) != len(data.groups):
            raise ValueError("group_sizes must give one size per group.")
        return [int(size) for size in data.group_sizes]
    if data.respondents:
        sizes = [0] * len(data.groups)
        for respondent in data.respondents:
            if respondent.group is not None:
                sizes[respondent.group] += 1
        return sizes
    if data.counts.shape[0] == 0:
        return [0] * len(data.groups)
    return data.counts.sum(axis=-1).max(axis=0).astype(int).tolist()


def shown_groups(data: ReportInput) -> list[int]:
    """Indexes of the groups large enough to be named."""
    return [g for g, size in enumerate(group_sizes(data)) if size >= data.min_group_size]


def visible_respondents(data: ReportInput) -> list[RespondentView]:
    """Every respondent as the outputs may show them (same order as ``data.respondents``)."""
    shown = set(shown_groups(data))
    named = data.anonymity == "named"
    hidden = sum(1 for r in data.respondents if r.group is None or r.group not in shown)
    small_group_hidden = len(shown) < len(data.groups)
    show_groups = not (small_group_hidden and 0 < hidden < data.min_group_size)
    views = []
    respondent_word = data.translate(text.RESPONDENT)
    for index, respondent in enumerate(data.respondents):
        label = respondent.label if named else respondent_word % {"number": index + 1}
        group = ""
        if show_groups and respondent.group is not None and respondent.group in shown:
            group = data.groups[respondent.group]
        views.append(RespondentView(label=label, group=group))
    return views


def respondent_groups_shown(data: ReportInput) -> bool:
    """Whether any respondent row shows a group (always True without groups)."""
    if data.respondents or not data.respondent_count:
        views = visible_respondents(data)
        return any(view.group for view in views) or not data.groups
    # Counted, not listed: the same rule as visible_respondents, from the group sizes.
    shown = shown_groups(data)
    sizes = group_sizes(data)
    in_shown = sum(sizes[g] for g in shown)
    hidden = data.respondent_count - in_shown
    small_group_hidden = len(shown) < len(data.groups)
    show_groups = not (small_group_hidden and 0 < hidden < data.min_group_size)
    return (show_groups and in_shown > 0) or not data.groups


def respondent_count(data: ReportInput) -> int:
    """How many respondents the report has, listed or only counted."""
    return len(data.respondents) or data.respondent_count or 0


def answers_once(data: ReportInput) -> Iterable[AnswerRow]:
    """``data.answers``, read into a list first when it is a one-shot iterator.

    Pass a re-iterable object (a list, or one whose ``__iter__`` runs the query again) to keep
    150,000 rows out of memory; a generator is read once here and kept for the next renderer.
    """
    answers = data.answers
    if isinstance(answers, Iterator):
        data.answers = list(answers)
    return data.answers


# ---------------------------------------------------------------------------------------------
# The document


def build_document(data: ReportInput) -> dict[str, Any]:
    """The report document of docs/report-json.md, with the privacy rules applied."""
    k = data.scale_size
    t = data.thresholds
    shown = shown_groups(data)
    sizes = group_sizes(data)
    sections = [info.module_key for info in data.proof_points]
    seed = zlib.crc32("|".join(info.key for info in data.proof_points).encode())
    total = data.counts.sum(axis=1)
    if data.counts_without_group is not None:
        total = total + data.counts_without_group
    by_group = None
    if shown and data.proof_points:
        # One engine call: the groups shown, and everybody (hidden groups and people without
        # a group too) as its all-respondents column.
        by_group = summarize(
            data.counts[:, shown],
            k,
            t,
            data.min_group_size,
            sections=sections,
            seed=seed,
            total=total,
        )
        overall = by_group
    else:
        overall = summarize(
            total[:, None, :], k, t, data.min_group_size, sections=sections or None, seed=seed
        )
    group_names = [data.groups[g] for g in shown]
    points = _proof_points(data, overall, by_group, group_names)
    gaps = [] if data.summary_only else _group_gaps(data, by_group, group_names)
    document: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "title": data.title,
        "generated_at": (data.generated_at or datetime.now(UTC)).isoformat(),
        "scale": {
            "levels": list(data.levels),
            "non_ordinal": [
                {"code": code, "label": label} for code, label in sorted(data.non_ordinal.items())
            ],
        },
        "anonymity": data.anonymity,
        "min_group_size": data.min_group_size,
        "thresholds": _thresholds(data),
        "privacy": {
            "names_shown": data.anonymity == "named",
            "respondent_labels": "names" if data.anonymity == "named" else "pseudonyms",
            "min_group_size": data.min_group_size,
            "groups_hidden": len(data.groups) - len(shown),
            "respondent_groups_shown": respondent_groups_shown(data),
            "suppressed_cells": _suppressed_cells(points),
        },
        "respondents": respondent_count(data) or None,
        "groups": [{"name": data.groups[g], "n_respondents": sizes[g]} for g in shown],
        "modules": _modules(points),
        "proof_points": points,
        "group_gaps": gaps,
        "conversation_starters": {},
        "krippendorff_alpha": None,
        "krippendorff_alpha_by_group": {},
    }
    if data.summary_only:
        return document
    document["krippendorff_alpha"] = _number(overall.alpha)
    if by_group:
        alphas = zip(group_names, by_group.alpha_by_group, strict=True)
        document["krippendorff_alpha_by_group"] = {name: _number(a) for name, a in alphas}
    document["conversation_starters"] = _conversation_starters(data, document)
    return document


def _number(value: Any) -> Any:
    """JSON-safe number: NaN and infinities become None, numpy scalars Python ones."""
    if value is None:
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _thresholds(data: ReportInput) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for item in fields(data.thresholds):
        value = getattr(data.thresholds, item.name)
        values[item.name] = float(value) if isinstance(value, Fraction) else value
    return values


def median_label(
    levels: list[str],
    median: int | None,
    upper: int | None,
    split: bool,
    translate: Callable[[str], str] = str,
) -> str:
    """ "Substantially meets", or "between Partially meets and Substantially meets" at a split."""
    if median is None:
        return ""
    if split and upper is not None and upper != median:
        return translate(text.BETWEEN) % {"lower": levels[median - 1], "upper": levels[upper - 1]}
    return levels[median - 1]


STATISTICS_KEYS = (
    "suppressed",
    "counts",
    "n",
    "dont_know",
    "share_dont_know",
    "median",
    "median_upper",
    "median_label",
    "interpolated_median",
    "share_met",
    "share_low",
    "leik",
    "leik_label",
    "ad_median",
    "cns",
    "cns_label",
    "r_wg",
    "iqr",
    "status",
    "flags",
)


def _values(members: Iterable[Any]) -> list[Any]:
    """Each enum member's value (a plain string), None for None."""
    return [None if member is None else member._value_ for member in members]


def _statistics_table(
    levels: list[str], summary: Summary, translate: Callable[[str], str] = str
) -> list[dict[str, Any]]:
    """The statistics of every cell of the engine, in its order (cell ``(p, g)`` at
    ``p * (G + 1) + g``, all respondents last; suppressed cells keep the keys, all None),
    built column by column from the engine's flat lists, then one dictionary per cell.

    The engine's columns are already JSON-safe (Python numbers, None for NaN or hidden)."""
    columns_by_name = summary.cell_columns
    suppressed = columns_by_name["suppressed"]
    medians = columns_by_name["median"]
    uppers = columns_by_name["median_upper"]
    labels: dict[tuple[Any, Any, Any], str | None] = {}
    median_labels = []
    for key in zip(medians, uppers, columns_by_name["exact_split"], strict=True):
        if key not in labels:
            labels[key] = median_label(levels, *key, translate) or None
        median_labels.append(labels[key])
    # Flags column by column: few cells have any, and compress() visits only those.
    flags: list[list[str]] = [[] for _ in suppressed]
    for name in FLAGS:
        for index in compress(range(len(flags)), columns_by_name[name]):
            if not suppressed[index]:
                flags[index].append(name)
    columns = [
        suppressed,
        [None if counts is None else list(counts) for counts in columns_by_name["counts"]],
        columns_by_name["n"],
        columns_by_name["n_dont_know"],
        columns_by_name["share_dont_know"],
        medians,
        uppers,
        median_labels,
        columns_by_name["interpolated_median"],
        columns_by_name["share_met"],
        columns_by_name["share_low"],
        columns_by_name["leik_consensus"],
        _values(columns_by_name["consensus"]),
        columns_by_name["ad_median"],
        columns_by_name["cns"],
        _values(columns_by_name["cns_label"]),
        columns_by_name["rwg"],
        columns_by_name["iqr"],
        [status or "insufficient_data" for status in _values(columns_by_name["item_class"])],
        flags,
    ]
    if len(columns) != len(STATISTICS_KEYS):
        raise ValueError("Every statistic needs its key.")
    # One dictionary per cell; the lengths are checked once above and by zip(strict) below.
    return list(map(dict, map(zip, repeat(STATISTICS_KEYS), zip(*columns, strict=True))))


def _proof_points(
    data: ReportInput, overall: Summary, by_group: Summary | None, group_names: list[str]
) -> list[dict[str, Any]]:
    levels = list(data.levels)
    # One table of every cell; the all-respondents cell is the last of each proof point's.
    width = len(group_names)
    table = _statistics_table(levels, by_group if by_group is not None else overall, data.translate)
    step = overall.n_groups + 1
    everyone = table[step - 1 :: step]
    cells = table if by_group is not None else []
    points = []
    for p, info in enumerate(data.proof_points):
        entry: dict[str, Any] = {
            "key": info.key,
            "module_key": info.module_key,
            "module": info.module,
            "principle_key": info.principle_key,
            "principle": info.principle,
            "proof_point": info.text,
            "text": info.text,
            **everyone[p],
            "by_group": {},
            "misalignment": None,
            "kruskal_wallis": None,
        }
        points.append(entry)
        if by_group is None:
            continue
        entry["by_group"] = {
            name: {"suppressed": True} if stats["suppressed"] else stats
            for name, stats in zip(
                group_names, cells[p * (width + 1) : p * (width + 1) + width], strict=True
            )
        }
        worst = by_group.misalignment[p]
        if worst is not None:
            entry["misalignment"] = {
                "value": _number(worst.value),
                "group_a": group_names[worst.group_a],
                "group_b": group_names[worst.group_b],
                "cliffs_delta": _number(worst.delta),
            }
        kw = None if data.summary_only else by_group.kruskal[p]
        if kw is not None:
            entry["kruskal_wallis"] = {
                "groups": [group_names[g] for g in kw.groups],
                "h": _number(kw.statistic),
                "df": kw.df,
                "p_value": _number(kw.p_value),
                "q_value": _number(kw.q_value),
                "epsilon_squared": _number(kw.epsilon_squared),
            }
    return points


GAP_KEYS = (
    "key",
    "module",
    "principle",
    "proof_point",
    "group_a",
    "group_b",
    "n_a",
    "n_b",
    "cliffs_delta",
    "magnitude",
    "direction",
    "gap",
    "test",
    "p_value",
    "q_value",
    "verdict",
)


def column_values(columns: dict[str, list[Any]], name: str, indexes: list[int]) -> list[Any]:
    values = columns[name]
    return [values[i] for i in indexes]


def _group_gaps(
    data: ReportInput, by_group: Summary | None, group_names: list[str]
) -> list[dict[str, Any]]:
    """Every compared group pair, proof point by proof point, built column by column."""
    if by_group is None:
        return []
    columns_by_name = by_group.gap_columns
    compared = [i for i, shown in enumerate(columns_by_name["compared"]) if shown]
    infos = [data.proof_points[p] for p in column_values(columns_by_name, "proof_point", compared)]

    def column(name: str) -> list[Any]:
        return column_values(columns_by_name, name, compared)

    columns = [
        [info.key for info in infos],
        [info.module for info in infos],
        [info.principle for info in infos],
        [info.text for info in infos],
        [group_names[g] for g in column("group_a")],
        [group_names[g] for g in column("group_b")],
        column("n_a"),
        column("n_b"),
        column("delta"),
        [member._value_ if member else None for member in column("magnitude")],
        [member._value_ if member else None for member in column("direction")],
        column("gap"),
        [TESTS[int(test)] for test in column("test")],
        column("p_value"),
        column("q_value"),
        [member._value_ if member else None for member in column("verdict")],
    ]
    return [dict(zip(GAP_KEYS, row, strict=True)) for row in zip(*columns, strict=True)]


def _suppressed_cells(points: list[dict[str, Any]]) -> int:
    cells = sum(1 for point in points if point["suppressed"])
    for point in points:
        cells += sum(1 for cell in point["by_group"].values() if cell["suppressed"])
    return cells


def _rollup(points: list[dict[str, Any]]) -> dict[str, Any]:
    statuses = dict.fromkeys(STATUSES, 0)
    for point in points:
        statuses[point["status"]] += 1
    medians = [p["interpolated_median"] for p in points if p["interpolated_median"] is not None]
    return {
        "proof_points": len(points),
        **statuses,
        "median_interpolated_median": float(statistics.median(medians)) if medians else None,
    }


def _modules(points: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per module (and per principle within it): how many proof points in each status."""
    modules: dict[str, dict[str, Any]] = {}
    for point in points:
        module = modules.setdefault(
            point["module_key"],
            {"key": point["module_key"], "title": point["module"], "points": {}},
        )
        module["points"].setdefault(point["principle_key"], []).append(point)
    result = []
    for module in modules.values():
        principles = []
        members = []
        for key, principle_points in module["points"].items():
            principles.append(
                {"key": key, "title": principle_points[0]["principle"], **_rollup(principle_points)}
            )
            members.extend(principle_points)
        result.append(
            {
                "key": module["key"],
                "title": module["title"],
                **_rollup(members),
                "principles": principles,
            }
        )
    return result


# ---------------------------------------------------------------------------------------------
# Conversation starters


def _eligible(point: dict[str, Any]) -> bool:
    return not point["suppressed"] and point["status"] != "insufficient_data"


def _starter_choices(
    document: dict[str, Any], translate: Callable[[str], str] = str
) -> dict[str, list[tuple[int, str]]]:
    """(proof point index, reason) for the three lists, before comments are attached."""
    points = document["proof_points"]
    eligible = [(i, p) for i, p in enumerate(points) if _eligible(p)]
    lowest = sorted(
        (item for item in eligible if item[1]["status"] != "met"),
        key=lambda item: (item[1]["interpolated_median"], -item[1]["share_low"], item[0]),
    )
    least = sorted(
        (item for item in eligible if item[1]["leik_label"] != "high"),
        key=lambda item: (item[1]["leik"], item[0]),
    )
    divided = sorted(
        (
            (i, p)
            for i, p in enumerate(points)
            if p["misalignment"] is not None
            and p["misalignment"]["value"] >= float(document["thresholds"]["gap_delta"]) - 1e-9
        ),
        key=lambda item: (-item[1]["misalignment"]["value"], item[0]),
    )
    lowest_rated, least_agreed = translate(text.LOWEST_RATED), translate(text.LEAST_AGREED)
    most_divided = translate(text.MOST_DIVIDED)
    return {
        "lowest_rated": [
            (i, lowest_rated % {"median": p["median_label"], "share": f"{p['share_low']:.0%}"})
            for i, p in lowest[:STARTERS_PER_LIST]
        ],
        "least_agreed": [
            (
                i,
                least_agreed
                % {
                    "consensus": translate(text.CONSENSUS[p["leik_label"]]),
                    "leik": f"{p['leik']:.2f}",
                },
            )
            for i, p in least[:STARTERS_PER_LIST]
        ],
        "most_divided": [
            (
                i,
                most_divided
                % {
                    "group_a": p["misalignment"]["group_a"],
                    "group_b": p["misalignment"]["group_b"],
                    "delta": f"{p['misalignment']['cliffs_delta']:+.2f}",
                },
            )
            for i, p in divided[:STARTERS_PER_LIST]
        ],
    }


def _conversation_starters(data: ReportInput, document: dict[str, Any]) -> dict[str, Any]:
    choices = _starter_choices(document, data.translate)
    wanted = {i for items in choices.values() for i, _ in items}
    comments = _comments_for(data, wanted)
    points = document["proof_points"]
    result: dict[str, Any] = {}
    for name, items in choices.items():
        result[name] = []
        for i, reason in items:
            point = points[i]
            result[name].append(
                {
                    "key": point["key"],
                    "module": point["module"],
                    "principle": point["principle"],
                    "proof_point": point["text"],
                    "reason": reason,
                    "comments": _pick_comments(name, comments.get(i, []), point),
                }
            )
    return result


def _comments_for(data: ReportInput, wanted: set[int]) -> dict[int, list[dict[str, Any]]]:
    """Comments (with their rating code) on the chosen proof points, privacy applied."""
    if not wanted or not data.respondents:
        return {}
    views = visible_respondents(data)
    found: dict[int, list[dict[str, Any]]] = {}
    for row in answers_once(data):
        text = row.comment.strip() if row.comment else ""
        if row.proof_point in wanted and text:
            view = views[row.respondent]
            found.setdefault(row.proof_point, []).append(
                {
                    "text": text,
                    "code": row.code,
                    "rating": rating_label(data, row.code),
                    "respondent": view.label,
                    "group": view.group or None,
                }
            )
    return found


def rating_label(data: ReportInput, code: int | None) -> str:
    """The label of an answer code ("" for a comment without a rating)."""
    if code is None:
        return ""
    if 1 <= code <= data.scale_size:
        return data.levels[code - 1]
    return data.non_ordinal.get(code, "")


def _pick_comments(name: str, comments: list[dict[str, Any]], point: dict[str, Any]) -> list:
    """Up to three comments: the lowest ratings first for the lowest rated, both ends for the
    least agreed, both groups of the pair for the most divided."""

    def level(comment: dict[str, Any]) -> int:
        code = comment["code"]
        return code if code is not None and code > 0 else 0

    rated = [c for c in comments if level(c) > 0]
    if name == "lowest_rated":
        ordered = sorted(rated, key=level) + [c for c in comments if level(c) == 0]
    elif name == "least_agreed":
        ascending = sorted(rated, key=level)
        ordered = [c for pair in zip(ascending, reversed(ascending), strict=True) for c in pair]
        ordered = list({id(c): c for c in ordered}.values())
    else:
        pair = point["misalignment"]
        sides = [[c for c in comments if c["group"] == pair[key]] for key in ("group_a", "group_b")]
        ordered = [c for both in zip(*sides, strict=False) for c in both]
        ordered += sides[0][len(ordered) // 2 :] + sides[1][len(ordered) // 2 :]
        if not any(sides):
            ordered = comments
    return [{k: v for k, v in c.items() if k != "code"} for c in ordered[:COMMENTS_PER_STARTER]]
