"""The XLSX export of 150,000 answers beside a bare XlsxWriter write of the same cells.

The subject is learnloop.lib.report.xlsx.write_workbook on a report of 1,000 respondents x 150
proof points x 4 groups (every respondent answers every proof point, one in five with a
comment). The baseline writes exactly the cells the subject wrote (read back once with
openpyxl: same sheets, same rows, same values) with XlsxWriter in constant-memory mode and the
same string options, and nothing else: no formats, widths, merges or safety checks. Both write
to memory. The report document is built once, before timing (the summary benchmark times that).
Target: the median export at most 1.2 times the median bare write.
"""

from __future__ import annotations

import io
import random

import numpy as np
import openpyxl
import xlsxwriter

from benchmarks.common import interleaved, load_note, spread, table, verdict
from learnloop.lib.report import AnswerRow, ProofPointInfo, ReportInput, Respondent, build_report
from learnloop.lib.report.xlsx import WORKBOOK_OPTIONS, write_workbook

RESPONDENTS, PROOF_POINTS = 1000, 150
GROUPS = ["Board", "Executive team", "Staff", "Volunteers"]
LEVELS = ["Not started", "Beginning", "Partially meets", "Substantially meets", "Fully meets"]
TARGET = 1.2


def report_input(respondents: int = RESPONDENTS, proof_points: int = PROOF_POINTS) -> ReportInput:
    """A session's report input with every answer listed, counts consistent with the answers."""
    rng = random.Random(20261123)
    people = [
        Respondent(label=f"Person {r + 1}", group=r % 10 // 3 % 4) for r in range(respondents)
    ]
    counts = np.zeros((proof_points, len(GROUPS), len(LEVELS) + 1), dtype=np.int64)
    answers = []
    for p in range(proof_points):
        typical = 2 + p * 7 % 3
        for r, person in enumerate(people):
            draw = rng.random()
            code = 0 if draw < 0.06 else max(1, min(5, typical + rng.choice((-1, 0, 0, 1))))
            counts[p, person.group, code] += 1
            comment = ""
            if draw > 0.8:
                comment = f"Respondent {r + 1} on proof point {p + 1}: we do some of this, but not "
                comment += "everywhere, and the reasons are rarely written down."
            answers.append(AnswerRow(respondent=r, proof_point=p, code=code, comment=comment))
    return ReportInput(
        title="Benchmark: 150,000 answers",
        levels=LEVELS,
        non_ordinal={0: "Don't know"},
        proof_points=[
            ProofPointInfo(
                key=f"m{p // 30}.p{p // 6}.pp{p % 6}",
                module=f"Module {p // 30 + 1}",
                principle=f"Principle {p // 6 + 1}",
                text=f"Proof point {p + 1}: the organization does what it says it does.",
                module_key=f"m{p // 30}",
                principle_key=f"p{p // 6}",
            )
            for p in range(proof_points)
        ],
        groups=GROUPS,
        counts=counts,
        anonymity="confidential",
        respondents=people,
        answers=answers,  # a list: every write reads it again
    )


def export(document: dict, data: ReportInput) -> bytes:
    buffer = io.BytesIO()
    write_workbook(document, data, buffer)
    return buffer.getvalue()


def cells_of(content: bytes) -> dict[str, list[tuple]]:
    """Every sheet's rows as written (None where nothing was written)."""
    workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    try:
        return {
            sheet.title: [tuple(row) for row in sheet.iter_rows(values_only=True)]
            for sheet in workbook.worksheets
        }
    finally:
        workbook.close()


def bare_write(sheets: dict[str, list[tuple]]) -> bytes:
    """The floor: the same cells, row after row, through XlsxWriter and nothing else."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, WORKBOOK_OPTIONS)
    for name, rows in sheets.items():
        sheet = workbook.add_worksheet(name)
        for r, row in enumerate(rows):
            sheet.write_row(r, 0, row)
    workbook.close()
    return buffer.getvalue()


def count_cells(sheets: dict[str, list[tuple]]) -> int:
    return sum(1 for rows in sheets.values() for row in rows for cell in row if cell is not None)


def run(repeat: int = 5, respondents: int = RESPONDENTS, proof_points: int = PROOF_POINTS) -> dict:
    data = report_input(respondents, proof_points)
    document = build_report(data)
    written = cells_of(export(document, data))  # also the warm-up of the subject
    rewritten = cells_of(bare_write(written))  # and of the baseline
    same_cells = rewritten == written
    times = interleaved(
        {"bare": lambda: bare_write(written), "export": lambda: export(document, data)}, repeat
    )
    bare, subject = spread(times["bare"]), spread(times["export"])
    ratio = subject["median"] / bare["median"]
    passed = ratio <= TARGET and same_cells
    answers = len(data.answers)
    cells = count_cells(written)
    rows = [
        [name, f"{s['median']:.0f}", f"{s['min']:.0f}", f"{s['max']:.0f}"]
        for name, s in [("bare XlsxWriter, same cells", bare), ("Learnloop XLSX export", subject)]
    ]
    markdown = "\n".join(
        [
            f"### XLSX export: {answers:,} answers ({respondents:,} respondents x {proof_points} "
            f"proof points), {len(written)} sheets, {cells:,} cells; {repeat} runs each, "
            "interleaved",
            "",
            table(["writer", "median ms", "min ms", "max ms"], rows),
            "",
            f"Export / bare = {ratio:.2f} (target at most {TARGET}); the baseline wrote the "
            f"same cells: {'yes' if same_cells else 'NO'}; {load_note()}. {verdict(passed)}",
        ]
    )
    return {
        "answers": answers,
        "sheets": {name: len(rows) for name, rows in written.items()},
        "cells": cells,
        "times_ms": times,
        "bare_ms": bare,
        "export_ms": subject,
        "ratio": ratio,
        "target": TARGET,
        "same_cells": same_cells,
        "passed": passed,
        "markdown": markdown,
    }
