"""The compiled spreadsheet: one XLSX workbook from a report document. Django-free.

Sheets: Summary (the statistics per proof point), Side by side (one row per proof point, a
rating and a comment column per respondent), Comments (one row per comment), Groups (the
statistics per proof point and shown group), Group gaps, Modules (roll-ups) and About (title,
scale, privacy). Written with XlsxWriter in constant-memory mode, row after row, so 150,000
answers cost little more than writing the cells. Every text from people or frameworks goes
through :func:`safe_cell`, and XlsxWriter's own conversions (formulas, URLs, numbers) are off:
a comment that begins with = + - @ stays text.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import IO, Any

import xlsxwriter

from learnloop.lib.report.document import answers_once, rating_label, visible_respondents
from learnloop.lib.report.model import ReportInput
from learnloop.lib.spreadsheets import safe_cell

# Excel has 16,384 columns; three describe the proof point, two per respondent follow.
RESPONDENTS_PER_SHEET = 8000
STATUS_TEXT = {
    "met": "Met",
    "needs_attention": "Needs attention",
    "requires_improvement": "Requires improvement",
    "insufficient_data": "Insufficient data",
}
FLAG_TEXT = {
    "split": "split",
    "met_but_dissent": "met but dissent",
    "low_consensus": "low consensus",
    "small_group": "small group",
}
WORKBOOK_OPTIONS = {
    "constant_memory": True,
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
    # Every cell wraps its text and aligns to the top by default (a long comment or proof point
    # wraps within its column, and the rating beside it reads on its first line), so that only
    # number-formatted columns need a format of their own: XlsxWriter writes a column's format
    # in every one of its cells, which cost 10-20% of the export when comments carried one.
    "default_format_properties": {
        "font_name": "Calibri",
        "font_size": 11,
        "valign": "top",
        "text_wrap": True,
    },
}


def suppressed_text(doc: dict[str, Any]) -> str:
    return f"Fewer than {doc['min_group_size']} answers: not shown"


def write_workbook(doc: dict[str, Any], data: ReportInput, target: str | IO[bytes]) -> None:
    """Write the workbook for ``doc`` (from :func:`build_report` on ``data``) to a path or file."""
    workbook = xlsxwriter.Workbook(target, WORKBOOK_OPTIONS)
    formats = {
        "header": workbook.add_format({"bold": True, "bottom": 1}),
        "percent": workbook.add_format({"num_format": "0%"}),
        "decimal": workbook.add_format({"num_format": "0.00"}),
        "bold": workbook.add_format({"bold": True}),
    }
    workbook.set_properties({"title": safe_cell(doc["title"]), "comments": "Learnloop report"})
    _summary(workbook, doc, formats)
    # A reader who sees the summary only (a viewer) gets no respondent sheets at all rather
    # than empty ones; the About sheet says why.
    if data.respondents:
        _side_by_side_and_comments(workbook, doc, data, formats)
    _groups(workbook, doc, formats)
    _gaps(workbook, doc, formats)
    _modules(workbook, doc, formats)
    _about(workbook, doc, formats, respondents_listed=bool(data.respondents))
    workbook.close()


def _sheet(
    workbook: Any,
    name: str,
    header: Sequence[str],
    formats: dict[str, Any],
    widths: Sequence[tuple[int, int, float, str | None]],
) -> Any:
    sheet = workbook.add_worksheet(name)
    for first, last, width, fmt in widths:
        sheet.set_column(first, last, width, formats[fmt] if fmt else None)
    sheet.write_row(0, 0, [safe_cell(h) for h in header], formats["header"])
    sheet.freeze_panes(1, 3)
    return sheet


def _place(point: dict[str, Any]) -> list[Any]:
    return [safe_cell(point["module"]), safe_cell(point["principle"]), safe_cell(point["text"])]


def _flags(cell: dict[str, Any]) -> str:
    return ", ".join(FLAG_TEXT[f] for f in cell["flags"])


def _statistics(doc: dict[str, Any], cell: dict[str, Any], k: int) -> list[Any]:
    if cell["suppressed"]:
        return [None] * (2 + k) + [suppressed_text(doc)]
    return [
        cell["n"],
        cell["dont_know"],
        *cell["counts"],
        safe_cell(cell["median_label"] or ""),
        cell["interpolated_median"],
        cell["share_met"],
        cell["share_low"],
        cell["leik"],
        cell["leik_label"],
        cell["cns"],
        cell["r_wg"],
        STATUS_TEXT[cell["status"]],
        _flags(cell),
    ]


def _statistics_header(levels: list[str]) -> list[str]:
    return [
        "n (valid answers)",
        "Don't know",
        *levels,
        "Typical answer (median)",
        "Interpolated median",
        "Share met",
        "Share low",
        "Consensus (Leik)",
        "Consensus label",
        "Cns (Tastle-Wierman)",
        "r_wg",
        "Status",
        "Flags",
    ]


def _statistics_widths(first: int, k: int) -> list[tuple[int, int, float, str | None]]:
    at = first + 2 + k
    return [
        (first, first + 1 + k, 9, None),
        (at, at, 24, None),
        (at + 1, at + 1, 11, "decimal"),
        (at + 2, at + 3, 9, "percent"),
        (at + 4, at + 4, 11, "decimal"),
        (at + 5, at + 5, 11, None),
        (at + 6, at + 7, 11, "decimal"),
        (at + 8, at + 9, 20, None),
    ]


def _summary(workbook: Any, doc: dict[str, Any], formats: dict[str, Any]) -> None:
    levels = doc["scale"]["levels"]
    k = len(levels)
    header = ["Module", "Principle", "Proof point", *_statistics_header(levels)]
    widths = [(0, 1, 20, None), (2, 2, 50, None), *_statistics_widths(3, k)]
    sheet = _sheet(workbook, "Summary", header, formats, widths)
    for row, point in enumerate(doc["proof_points"], start=1):
        sheet.write_row(row, 0, _place(point) + _statistics(doc, point, k))


def _side_by_side_and_comments(
    workbook: Any, doc: dict[str, Any], data: ReportInput, formats: dict[str, Any]
) -> None:
    """Side by side: proof points as rows, respondents as column pairs (rating, comment)."""
    views = visible_respondents(data)
    points = doc["proof_points"]
    respondents = len(views)
    # Safe labels once per code, not once per answer.
    labels: dict[int | None, object] = {
        code: safe_cell(rating_label(data, code))
        for code in (*range(1, data.scale_size + 1), *data.non_ordinal)
    }
    labels[None] = ""
    grid: list[list[object]] = [[None] * (2 * respondents) for _ in points]
    comments: list[tuple[int, int, object, object]] = []
    for answer in answers_once(data) if respondents else ():
        row = grid[answer.proof_point]
        column = 2 * answer.respondent
        row[column] = labels.get(answer.code, "")
        if answer.comment:
            text = safe_cell(answer.comment)
            row[column + 1] = text
            comments.append((answer.proof_point, answer.respondent, row[column], text))
    groups_shown = any(view.group for view in views)
    chunks = range(0, max(respondents, 1), RESPONDENTS_PER_SHEET)
    for number, start in enumerate(chunks, start=1):
        name = "Side by side" if number == 1 else f"Side by side {number}"
        _side_by_side_sheet(workbook, name, points, views, grid, start, groups_shown, formats)
    _comments_sheet(workbook, points, views, comments, formats)


def _side_by_side_sheet(
    workbook: Any,
    name: str,
    points: list[dict[str, Any]],
    views: list[Any],
    grid: list[list[Any]],
    start: int,
    groups_shown: bool,
    formats: dict[str, Any],
) -> None:
    stop = min(start + RESPONDENTS_PER_SHEET, len(views))
    sheet = workbook.add_worksheet(name)
    sheet.set_column(0, 1, 18)
    sheet.set_column(2, 2, 45)
    for index in range(stop - start):
        sheet.set_column(3 + 2 * index, 3 + 2 * index, 19)
        sheet.set_column(4 + 2 * index, 4 + 2 * index, 36)
    header_rows = 3 if groups_shown else 2
    header = formats["header"]
    sheet.write_row(0, 0, ["Module", "Principle", "Proof point"], header)
    for index, view in enumerate(views[start:stop]):
        column = 3 + 2 * index
        sheet.merge_range(0, column, 0, column + 1, safe_cell(view.label), header)
    if groups_shown:
        sheet.write_row(1, 0, ["", "", "Group"], header)
        for index, view in enumerate(views[start:stop]):
            column = 3 + 2 * index
            sheet.merge_range(1, column, 1, column + 1, safe_cell(view.group), header)
    sheet.write_row(
        header_rows - 1, 0, ["", "", ""] + ["Rating", "Comment"] * (stop - start), header
    )
    sheet.freeze_panes(header_rows, 3)
    for p, point in enumerate(points):
        sheet.write_row(header_rows + p, 0, _place(point) + grid[p][2 * start : 2 * stop])


def _comments_sheet(
    workbook: Any,
    points: list[dict[str, Any]],
    views: list[Any],
    comments: list[tuple[int, int, object, object]],
    formats: dict[str, Any],
) -> None:
    header = ["Module", "Principle", "Proof point", "Respondent", "Group", "Rating", "Comment"]
    widths = [(0, 1, 18, None), (2, 2, 45, None), (3, 5, 19, None), (6, 6, 70, None)]
    sheet = _sheet(workbook, "Comments", header, formats, widths)
    comments.sort(key=lambda item: (item[0], item[1]))
    places = [_place(point) for point in points]
    for row, (p, r, rating, text) in enumerate(comments, start=1):
        view = views[r]
        sheet.write_row(
            row, 0, [*places[p], safe_cell(view.label), safe_cell(view.group), rating, text]
        )


def _groups(workbook: Any, doc: dict[str, Any], formats: dict[str, Any]) -> None:
    levels = doc["scale"]["levels"]
    k = len(levels)
    sizes = {group["name"]: group["n_respondents"] for group in doc["groups"]}
    header = [
        "Module",
        "Principle",
        "Proof point",
        "Group",
        "Respondents in group",
        *_statistics_header(levels),
    ]
    widths = [
        (0, 1, 18, None),
        (2, 2, 45, None),
        (3, 3, 18, None),
        (4, 4, 12, None),
        *_statistics_widths(5, k),
    ]
    sheet = _sheet(workbook, "Groups", header, formats, widths)
    row = 1
    for point in doc["proof_points"]:
        for name, cell in point["by_group"].items():
            values = _statistics(doc, {"suppressed": True} if cell["suppressed"] else cell, k)
            sheet.write_row(row, 0, [*_place(point), safe_cell(name), sizes[name], *values])
            row += 1
    if not doc["groups"]:
        sheet.write(1, 0, "No group has enough respondents to be shown.")


def _gaps(workbook: Any, doc: dict[str, Any], formats: dict[str, Any]) -> None:
    header = [
        "Module",
        "Principle",
        "Proof point",
        "Group A",
        "Group B",
        "n A",
        "n B",
        "Cliff's delta (A minus B)",
        "Magnitude",
        "Gap",
        "Test",
        "p",
        "q (BH, per module)",
        "Verdict",
    ]
    widths = [
        (0, 1, 18, None),
        (2, 2, 45, None),
        (3, 4, 16, None),
        (5, 6, 7, None),
        (7, 7, 12, "decimal"),
        (8, 10, 14, None),
        (11, 12, 9, "decimal"),
        (13, 13, 24, None),
    ]
    sheet = _sheet(workbook, "Group gaps", header, formats, widths)
    for row, gap in enumerate(doc["group_gaps"], start=1):
        place = [
            safe_cell(gap["module"]),
            safe_cell(gap["principle"]),
            safe_cell(gap["proof_point"]),
        ]
        sheet.write_row(
            row,
            0,
            [
                *place,
                safe_cell(gap["group_a"]),
                safe_cell(gap["group_b"]),
                gap["n_a"],
                gap["n_b"],
                gap["cliffs_delta"],
                gap["magnitude"],
                "yes" if gap["gap"] else "no",
                gap["test"].replace("_", " "),
                gap["p_value"],
                gap["q_value"],
                (gap["verdict"] or "").replace("_", " "),
            ],
        )


def _modules(workbook: Any, doc: dict[str, Any], formats: dict[str, Any]) -> None:
    header = [
        "Module",
        "Principle",
        "Proof points",
        "Met",
        "Needs attention",
        "Requires improvement",
        "Insufficient data",
        "Median of interpolated medians",
    ]
    widths = [(0, 1, 24, None), (2, 6, 12, None), (7, 7, 14, "decimal")]
    sheet = _sheet(workbook, "Modules", header, formats, widths)
    sheet.freeze_panes(1, 1)
    row = 1
    for module in doc["modules"]:
        for item, principle in [
            (module, "All principles"),
            *[(p, p["title"]) for p in module["principles"]],
        ]:
            sheet.write_row(
                row,
                0,
                [
                    safe_cell(module["title"]),
                    safe_cell(principle),
                    item["proof_points"],
                    item["met"],
                    item["needs_attention"],
                    item["requires_improvement"],
                    item["insufficient_data"],
                    item["median_interpolated_median"],
                ],
                formats["bold"] if item is module else None,
            )
            row += 1


def _about(
    workbook: Any, doc: dict[str, Any], formats: dict[str, Any], *, respondents_listed: bool
) -> None:
    sheet = workbook.add_worksheet("About")
    sheet.set_column(0, 0, 28, formats["bold"])
    sheet.set_column(1, 1, 70)
    privacy = doc["privacy"]
    rows = [
        ("Title", safe_cell(doc["title"])),
        ("Generated", doc["generated_at"]),
        ("Scale, lowest first", safe_cell(", ".join(doc["scale"]["levels"]))),
        ("Other answers", safe_cell(", ".join(c["label"] for c in doc["scale"]["non_ordinal"]))),
        ("Anonymity", doc["anonymity"]),
        ("Respondents", "names" if privacy["names_shown"] else "pseudonyms (Respondent 1, 2, ...)"),
        ("Minimum group size", doc["min_group_size"]),
        ("Groups not shown (too small)", privacy["groups_hidden"]),
        ("Cells not shown (too few answers)", privacy["suppressed_cells"]),
        ("Krippendorff's alpha (ordinal)", doc["krippendorff_alpha"]),
        (
            "Formulas",
            "Text beginning with = + - @ is shown with a leading apostrophe and never runs.",
        ),
    ]
    if not respondents_listed:
        rows.append(
            (
                "Side by side and Comments",
                "Not included: this report lists no respondents (a viewer sees the summary only).",
            )
        )
    for row, values in enumerate(rows):
        sheet.write_row(row, 0, values)
