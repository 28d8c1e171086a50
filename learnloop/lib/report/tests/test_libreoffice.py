"""LibreOffice opens the report's XLSX and CSV files, and no formula in them runs.

Each file is converted by a headless LibreOffice Calc (Debian's libreoffice-calc-nogui, which
CI installs): the workbook sheet by sheet to CSV, the CSV to a workbook. What LibreOffice wrote
is then read back: every sheet is there with its rows, the proof points and ratings are where
the export put them, and a comment that begins with = + - @ is text, never a computed value.
"""

import csv
import io
import os
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from learnloop.lib.report import build_report
from learnloop.lib.report.csv import HEADER, write_csv
from learnloop.lib.report.tests.test_renderers import FORMULA, privacy_input
from learnloop.lib.report.xlsx import write_workbook

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(
    SOFFICE is None and os.environ.get("CI") != "true",
    reason="LibreOffice (libreoffice-calc-nogui) is not installed",
)
# Comma-separated, double quotes, UTF-8, every sheet to a file of its own (the last field).
EVERY_SHEET_AS_CSV = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"
COMMENTS_HEADER = ["Module", "Principle", "Proof point", "Respondent", "Group", "Rating", "Comment"]
SHEETS = ["Summary", "Side by side", "Comments", "Groups", "Group gaps", "Modules", "About"]


def convert(source: Path, to: str, out: Path, *extra: str) -> subprocess.CompletedProcess:
    """Run LibreOffice on ``source`` with a profile of its own (tests run in parallel)."""
    assert SOFFICE is not None, "LibreOffice is needed for these tests in CI"
    profile = (out / "profile").as_uri()
    command = [SOFFICE, f"-env:UserInstallation={profile}", "--headless", *extra]
    command += ["--convert-to", to, "--outdir", str(out), str(source)]
    completed = subprocess.run(
        command,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert completed.returncode == 0, completed.stderr
    return completed


def test_libreoffice_opens_every_sheet_of_the_workbook(tmp_path):
    data = privacy_input()
    doc = build_report(data)
    source = tmp_path / "report.xlsx"
    write_workbook(doc, data, str(source))
    convert(source, EVERY_SHEET_AS_CSV, tmp_path)
    read = {}
    for name in SHEETS:
        written = tmp_path / f"report-{name}.csv"
        assert written.exists(), f"LibreOffice wrote no {name} sheet"
        read[name] = list(csv.reader(written.read_text(encoding="utf-8").splitlines()))
    summary = read["Summary"]
    assert summary[0][:3] == ["Module", "Principle", "Proof point"]
    assert [row[2] for row in summary[1:]] == [point["text"] for point in doc["proof_points"]]
    comments = read["Comments"]
    assert comments[0] == COMMENTS_HEADER
    texts = [row[6] for row in comments[1:]]
    # Still text, with its apostrophe: LibreOffice shows what was written, computes nothing.
    assert "'" + FORMULA in texts
    assert "'-1 for this" in texts
    assert "'+ and @ too" in texts
    assert {row[5] for row in comments[1:]} <= set(data.levels)


def test_libreoffice_opens_the_csv_and_runs_no_formula(tmp_path):
    data = privacy_input()
    table = io.StringIO()
    write_csv(build_report(data), data, table)
    source = tmp_path / "report.csv"
    source.write_text(table.getvalue(), encoding="utf-8")
    # Comma-separated, double quotes, UTF-8, from the first line.
    convert(source, "xlsx", tmp_path, "--infilter=CSV:44,34,76,1")
    sheet = openpyxl.load_workbook(tmp_path / "report.xlsx").active
    rows = list(sheet.iter_rows())
    assert tuple(cell.value for cell in rows[0]) == HEADER
    assert len(rows) == 1 + 10
    comments = [row[6] for row in rows[1:] if row[6].value]
    assert {cell.data_type for cell in comments} == {"s"}  # text, never "f"
    assert "'" + FORMULA in {cell.value for cell in comments}
