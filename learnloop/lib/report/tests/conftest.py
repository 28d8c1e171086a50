"""Small report inputs built in code, and helpers to read every output format back as text."""

import io
import os
import shutil
import subprocess
from pathlib import Path

import numpy as np
import openpyxl
import pytest

from learnloop.lib.report import AnswerRow, ProofPointInfo, ReportInput, Respondent

LEVELS = ["Not started", "Beginning", "Partially meets", "Substantially meets", "Fully meets"]


def make_input(
    ratings: dict[str, dict[str, int | None]],
    groups: dict[str, str | None] | None = None,
    comments: dict[tuple[str, str], str] | None = None,
    anonymity: str = "confidential",
    levels: list[str] | None = None,
    min_group_size: int = 3,
) -> ReportInput:
    """``ratings[person][proof point key] = code``; keys are "module.principle.point"."""
    levels = levels or LEVELS
    keys = list(dict.fromkeys(key for answers in ratings.values() for key in answers))
    points = [
        ProofPointInfo(
            key,
            key.split(".")[0].title(),
            key.split(".")[1].title(),
            f"Text of {key}",
            key.split(".")[0],
            key.split(".")[1],
        )
        for key in keys
    ]
    groups = groups or {}
    group_names = list(dict.fromkeys(g for g in groups.values() if g))
    people = list(ratings)
    respondents = [
        Respondent(person, group_names.index(group) if (group := groups.get(person)) else None)
        for person in people
    ]
    comments = comments or {}
    answers = [
        AnswerRow(r, keys.index(key), code, comments.get((person, key), ""))
        for r, person in enumerate(people)
        for key, code in ratings[person].items()
    ]
    counts = np.zeros((len(keys), len(group_names), len(levels) + 1), dtype=np.int64)
    without = np.zeros((len(keys), len(levels) + 1), dtype=np.int64)
    for answer in answers:
        if answer.code is None:
            continue
        column = max(answer.code, 0)
        position = respondents[answer.respondent].group
        if position is None:
            without[answer.proof_point, column] += 1
        else:
            counts[answer.proof_point, position, column] += 1
    return ReportInput(
        title="Test report",
        levels=levels,
        non_ordinal={0: "Don't know"},
        proof_points=points,
        groups=group_names,
        counts=counts,
        anonymity=anonymity,
        min_group_size=min_group_size,
        respondents=respondents,
        answers=answers,
        counts_without_group=without,
    )


def xlsx_text(content: bytes) -> str:
    """Every cell of every sheet, as text, one cell a line."""
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    cells = [
        str(value)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    ]
    return "\n".join(cells)


def pdf_text(content: bytes, tmp_path: Path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(content)
    result = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, check=True, text=True
    )
    return result.stdout


# CI installs poppler-utils (.ci/run), so there these tests always run.
HAS_PDFTOTEXT = shutil.which("pdftotext") is not None or os.environ.get("CI") == "true"
needs_pdftotext = pytest.mark.skipif(
    not HAS_PDFTOTEXT, reason="pdftotext (poppler-utils) is not installed"
)
