"""The benchmarks work, at a tiny size. Not part of the suite (testpaths leave benchmarks/ out);
run with ``.venv/bin/python -m pytest benchmarks/test_benchmarks.py -q``. Nothing here times
anything: the figures are the benchmarks' job, these tests check they measure the right thing."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter

import numpy as np
import pytest

from benchmarks import report_dataset, summary, summary_page, xlsx_export
from benchmarks.common import ROOT, interleaved, postgres_version, spread, table
from benchmarks.report_worker import BARE_GROUP_BY, bare
from benchmarks.report_worker import summary as summary_call


@pytest.fixture
def built(db):
    return report_dataset.build(participants=40, proof_points=12)


def test_dataset_answers_every_proof_point_for_every_participant(built):
    from learnloop.learning_sessions.models import Answer, Participant

    assert built.answers == 40 * 12
    assert Answer.objects.filter(session_id=built.session_id).count() == 480
    groups = Counter(Participant.objects.values_list("group__name", flat=True))
    assert groups == {"Staff": 24, "Volunteers": 8, "Board": 4, "Executive team": 4}


def test_dataset_codes_are_levels_dont_know_and_some_blanks(db):
    from learnloop.learning_sessions.models import Answer

    report_dataset.build(participants=300, proof_points=12)
    codes = Counter(Answer.objects.values_list("code", flat=True))
    assert set(codes) <= {None, 0, 1, 2, 3, 4, 5}
    assert all(codes[code] > 0 for code in range(6))
    assert codes[None] < codes[0]
    with_comment = Answer.objects.exclude(comment="").count()
    assert 0.1 < with_comment / 3600 < 0.3


def test_summary_counts_the_same_answers_as_the_bare_query(built):
    from django.db import connection

    from learnloop.learning_sessions.models import LearningSession
    from learnloop.reports.access import Audience
    from learnloop.reports.queries import report_data

    with connection.cursor() as cursor:
        cursor.execute(BARE_GROUP_BY, [built.session_id])
        rows = cursor.fetchall()
    session = LearningSession.objects.get(pk=built.session_id)
    data = report_data(session, Audience(details=True, names=False))
    counted = data.report.counts.sum() + data.report.counts_without_group.sum()
    assert counted == sum(n for _pp, _group, code, n in rows if code is not None)
    assert bare(built.session_id) == len(rows)
    assert summary_call(built.session_id) == 12


def test_interleaved_alternates_the_order():
    calls = []
    times = interleaved({"a": lambda: calls.append("a"), "b": lambda: calls.append("b")}, 3)
    assert calls == ["a", "b", "b", "a", "a", "b"]
    assert [len(values) for values in times.values()] == [3, 3]


@pytest.mark.parametrize(
    ("values", "median", "p90"),
    [([3.0], 3.0, 3.0), ([1.0, 2.0, 3.0, 4.0], 2.5, 4.0), (list(map(float, range(11))), 5.0, 9.0)],
)
def test_spread(values, median, p90):
    figures = spread(values)
    assert (figures["median"], figures["p90"]) == (median, p90)
    assert (figures["min"], figures["max"]) == (min(values), max(values))


def test_table_is_markdown():
    assert table(["a", "b"], [[1, 2]]) == "| a | b |\n|---|---|\n| 1 | 2 |"


def test_xlsx_baseline_writes_exactly_the_cells_of_the_export():
    result = xlsx_export.run(repeat=1, respondents=9, proof_points=6)
    assert result["same_cells"] is True
    assert result["answers"] == 54
    assert set(result["sheets"]) >= {"Summary", "Side by side", "Comments", "About"}
    assert "| Learnloop XLSX export |" in result["markdown"]


def test_xlsx_input_counts_match_its_answers():
    data = xlsx_export.report_input(respondents=20, proof_points=5)
    counts = np.zeros_like(data.counts)
    for answer in data.answers:
        counts[answer.proof_point, data.respondents[answer.respondent].group, answer.code] += 1
    assert (counts == data.counts).all()


def test_summary_benchmark_runs_on_sqlite():
    result = summary.on_sqlite((12, 6), repeat=2, timeout=300)
    assert result["vendor"] == "sqlite"
    assert result["built"]["answers"] == 72
    assert result["proof_points"] == 6
    assert len(result["times_ms"]["summary"]) == len(result["times_ms"]["bare"]) == 2


@pytest.mark.skipif(postgres_version() is None, reason="PostgreSQL does not answer")
def test_summary_benchmark_builds_with_the_migrated_indexes_on_postgresql():
    def work(env):
        result = summary.measure(env, (12, 6), 1, 300)
        result["memory"] = summary.measure_memory(env, result["built"]["session_id"], 300)
        return result

    result = summary.with_postgres(work)
    assert result["vendor"] == "postgresql"
    assert result["built"]["answers"] == 72
    assert (
        result["memory"]["summary"]["max_rss_mb"]
        >= result["memory"]["summary"]["max_rss_before_mb"]
    )
    assert result["memory"]["summary_tracemalloc"]["tracemalloc_peak_mb"] > 0
    assert postgres_version() is not None  # the benchmark database is dropped, not the server


def test_summary_page_benchmark_logs_in_and_serves_the_report():
    result = summary_page.run(repeat=1, size=(12, 150))
    assert result["html_bytes"] > 10_000
    assert set(result["figures"]) == {"healthz", "json", "page"}


def test_make_bench_offers_every_benchmark():
    completed = subprocess.run(
        [sys.executable, "benchmarks/run.py", "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    for name in ["autosave", "summary", "summary-10m", "summary-page", "xlsx-export"]:
        assert name in completed.stdout
