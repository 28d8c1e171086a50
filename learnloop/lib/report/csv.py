"""The answers as CSV in the long format ``learnloop report`` reads back. Django-free.

One row per answer: ``respondent,group,module,principle,proof_point,rating,comment``, with the
report's privacy rules (pseudonyms unless named; a group too small to show is left blank).
Text beginning with = + - @ gets a leading apostrophe so no spreadsheet runs it as a formula.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import IO, Any

from learnloop.lib.report.document import answers_once, rating_label, visible_respondents
from learnloop.lib.report.model import ReportInput
from learnloop.lib.spreadsheets import safe_cell

HEADER = ("respondent", "group", "module", "principle", "proof_point", "rating", "comment")


def write_csv(doc: dict[str, Any], data: ReportInput, target: str | Path | IO[str]) -> None:
    """Write the long-format CSV (UTF-8 with a byte-order mark when given a path, for Excel)."""
    if isinstance(target, str | Path):
        with open(target, "w", encoding="utf-8-sig", newline="") as handle:
            _write(doc, data, handle)
    else:
        _write(doc, data, target)


def _write(doc: dict[str, Any], data: ReportInput, handle: IO[str]) -> None:
    writer = csv.writer(handle)
    writer.writerow(HEADER)
    views = [(safe_cell(v.label), safe_cell(v.group)) for v in visible_respondents(data)]
    places = [
        (safe_cell(p["module"]), safe_cell(p["principle"]), safe_cell(p["text"]))
        for p in doc["proof_points"]
    ]
    codes = (*range(1, data.scale_size + 1), *data.non_ordinal)
    labels: dict[int | None, Any] = {code: safe_cell(rating_label(data, code)) for code in codes}
    labels[None] = ""
    writer.writerows(
        (
            *views[row.respondent],
            *places[row.proof_point],
            labels.get(row.code, ""),
            safe_cell(row.comment or ""),
        )
        for row in answers_once(data)
    )
