"""`learnloop report INPUT -o OUTPUT` as a user runs it: a subprocess with an empty data folder."""

import json
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from learnloop.lib.report.tests.test_inputs import LONG

PROJECT = Path(__file__).resolve().parents[4]


def run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    data_dir = tmp_path / "data"
    env = {
        **os.environ,
        "LEARNLOOP_DATA_DIR": str(data_dir),
        "DJANGO_SETTINGS_MODULE": "learnloop.settings",
    }
    env.pop("DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "learnloop.cli", "report", *args],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=300,
        check=False,
    )


@pytest.fixture
def answers(tmp_path: Path) -> Path:
    path = tmp_path / "answers.csv"
    path.write_text(LONG, encoding="utf-8")
    return path


def test_report_writes_json_without_touching_the_database(tmp_path, answers):
    result = run(tmp_path, str(answers), "-o", "report.json", "--title", "Board review")
    assert result.returncode == 0, result.stderr
    doc = json.loads((tmp_path / "report.json").read_text())
    assert doc["title"] == "Board review"
    point = doc["proof_points"][0]
    for name in ("module", "principle", "proof_point", "counts", "n", "dont_know", "median"):
        assert name in point
    for name in ("leik", "cns", "status", "flags"):
        assert name in point
    assert "krippendorff_alpha" in doc
    assert isinstance(doc["group_gaps"], list)
    assert not list((tmp_path / "data").glob("*.sqlite3*"))


@pytest.mark.parametrize("suffix", [".html", ".xlsx", ".pdf", ".csv"])
def test_report_writes_every_output_type(tmp_path, answers, suffix):
    result = run(tmp_path, str(answers), "-o", f"report{suffix}", "--paper", "letter")
    assert result.returncode == 0, result.stderr
    content = (tmp_path / f"report{suffix}").read_bytes()
    if suffix == ".pdf":
        assert content.startswith(b"%PDF")
    if suffix == ".xlsx":
        openpyxl.load_workbook(tmp_path / "report.xlsx")
    if suffix == ".html":
        assert b"We have a plan" in content
    assert not list((tmp_path / "data").glob("*.sqlite3*"))


def test_named_mode_shows_respondent_ids_and_confidential_does_not(tmp_path, answers):
    run(tmp_path, str(answers), "-o", "named.csv", "--anonymity", "named")
    run(tmp_path, str(answers), "-o", "hidden.csv")
    assert "R4," in (tmp_path / "named.csv").read_text()
    assert "R4," not in (tmp_path / "hidden.csv").read_text()


def test_min_group_size_hides_small_groups(tmp_path, answers):
    result = run(tmp_path, str(answers), "-o", "r.json", "--min-group-size", "4")
    assert result.returncode == 0, result.stderr
    text = (tmp_path / "r.json").read_text()
    assert "Board" not in text
    assert "Staff" not in text


def test_custom_scale_and_dont_know(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text(
        "respondent,proof_point,rating\nA,Plan,never\nB,Plan,4\nC,Plan,skip\nD,Plan,Often\n"
    )
    result = run(
        tmp_path,
        str(path),
        "-o",
        "r.json",
        "--scale",
        "Never,Rarely,Often,Always",
        "--dont-know",
        "skip",
    )
    assert result.returncode == 0, result.stderr
    point = json.loads((tmp_path / "r.json").read_text())["proof_points"][0]
    assert point["dont_know"] == 1
    assert json.loads((tmp_path / "r.json").read_text())["scale"]["levels"][-1] == "Always"


@pytest.mark.parametrize(
    ("scale", "top", "met_level"),
    [("No,Yes", "Yes", 2), ("No,Partly,Yes", "Yes", 3), (",".join(map(str, range(11))), "10", 9)],
)
def test_a_scale_of_any_length_is_reported_with_met_placed_on_it(tmp_path, scale, top, met_level):
    path = tmp_path / "a.csv"
    rows = "".join(f"R{i},Plan,{top}\n" for i in range(4))
    path.write_text("respondent,proof_point,rating\n" + rows)
    result = run(tmp_path, str(path), "-o", "r.json", "--scale", scale)
    assert result.returncode == 0, result.stderr
    document = json.loads((tmp_path / "r.json").read_text())
    assert document["thresholds"]["met_level"] == met_level
    assert document["proof_points"][0]["status"] == "met"


@pytest.mark.parametrize(
    ("content", "args", "message"),
    [
        (
            "respondent,proof_point,rating\nA,Plan,Sometimes\n",
            (),
            "row 2, column 'rating': unknown rating 'Sometimes'",
        ),
        ("", (), "the file is empty"),
        ("respondent,proof_point,rating\nA,Plan,4\nA,Plan,4\n", (), "twice (rows 2 and 3)"),
        ("respondent,proof_point,rating\nA,Plan,4\n", ("--scale", "Low"), "between 2 and 11"),
        (
            "respondent,proof_point,rating\nA,Plan,4\n",
            ("--framework", "missing.yaml"),
            "missing.yaml: no such file",
        ),
    ],
)
def test_bad_input_exits_with_1_and_leaves_no_output(tmp_path, content, args, message):
    path = tmp_path / "a.csv"
    path.write_text(content)
    result = run(tmp_path, str(path), "-o", "out.xlsx", *args)
    assert result.returncode == 1
    assert message in result.stderr
    assert result.stdout == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.csv", "data"]


def test_unknown_output_type_is_refused(tmp_path, answers):
    result = run(tmp_path, str(answers), "-o", "report.docx")
    assert result.returncode == 1
    assert "unknown output type" in result.stderr
    assert not (tmp_path / "report.docx").exists()
