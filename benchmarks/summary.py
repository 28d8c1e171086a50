"""The report summary from the database, beside the bare count query, on SQLite and PostgreSQL.

``summary``: 1,000 respondents x 150 proof points x 4 groups (150,000 answers), on SQLite (a
throwaway data directory) and on PostgreSQL (a throwaway ``learnloop_bench`` database). Target:
the median summary at most 2 times the median bare GROUP BY.

``summary-10m``: 20,000 respondents x 500 proof points (10 million answers) on PostgreSQL.
Targets: the median summary at most 1.5 times the median bare GROUP BY, and the peak memory
(maximum resident set size) of a fresh process computing the summary under 300 MB.

The summary is what the summary page computes before it formats anything (see
benchmarks/report_worker.py): the session, the report input from the database
(learnloop/reports/queries.py: proof points, respondents, scale, counts) and the report
document (learnloop/lib/report: every statistic through learnloop/analytics, privacy rules),
for an administrator. The baseline is the count query alone through a raw cursor, fetching
every row. Both run in one process on one connection, warmed up, then taking turns.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from benchmarks.common import (
    create_pg_database,
    django_env,
    drop_pg_database,
    load_note,
    migrate,
    pg_url,
    postgres_version,
    run_json,
    spread,
    table,
    verdict,
)

SMALL = (1000, 150)
LARGE = (20000, 500)
SMALL_TARGET = 2.0
LARGE_TARGET = 1.5
MEMORY_TARGET_MB = 300
WORKER = ["-m", "benchmarks.report_worker"]


def vacuum_analyze() -> None:
    """What autovacuum does soon after a bulk load: statistics and the visibility map."""
    import psycopg

    with psycopg.connect(pg_url(), autocommit=True) as connection:
        connection.execute("VACUUM ANALYZE")


def measure(env: dict, size: tuple[int, int], repeat: int, timeout: float) -> dict:
    """Build the data in the database ``env`` points at, then time bare and summary."""
    built = run_json([*WORKER, "build", str(size[0]), str(size[1])], env, timeout)
    if "DATABASE_URL" in env:
        vacuum_analyze()
    timing = run_json([*WORKER, "time", str(built["session_id"]), str(repeat)], env, timeout)
    timing["built"] = built
    timing["bare"] = spread(timing["times_ms"]["bare"])
    timing["summary"] = spread(timing["times_ms"]["summary"])
    timing["ratio"] = timing["summary"]["median"] / timing["bare"]["median"]
    return timing


def on_sqlite(size: tuple[int, int], repeat: int, timeout: float) -> dict:
    data_dir = Path(tempfile.mkdtemp(prefix="learnloop-bench-"))
    try:
        env = django_env(data_dir)
        migrate(env)
        return measure(env, size, repeat, timeout)
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


def with_postgres(work):
    """Run ``work(env)`` on a fresh ``learnloop_bench`` database, dropped afterwards."""
    data_dir = Path(tempfile.mkdtemp(prefix="learnloop-bench-"))
    try:
        env = django_env(data_dir, create_pg_database())
        migrate(env)
        return work(env)
    finally:
        drop_pg_database()
        shutil.rmtree(data_dir, ignore_errors=True)


def timing_row(name: str, result: dict, target: float) -> list:
    return [
        name,
        f"{result['built']['answers']:,}",
        f"{result['bare']['median']:.1f}",
        f"{result['summary']['median']:.1f}",
        f"{result['ratio']:.2f}",
        f"at most {target}",
        verdict(result["ratio"] <= target),
    ]


TIMING_HEADER = [
    "database",
    "answers",
    "bare GROUP BY median ms",
    "summary median ms",
    "summary / bare",
    "target",
    "",
]


def run(repeat: int = 30, size: tuple[int, int] = SMALL, timeout: float = 600) -> dict:
    results = {"sqlite": on_sqlite(size, repeat, timeout)}
    rows = [timing_row(results["sqlite"]["database_version"], results["sqlite"], SMALL_TARGET)]
    notes = []
    if postgres_version() is None:
        notes.append("PostgreSQL did not answer at the configured server: skipped.")
    else:
        results["postgresql"] = with_postgres(lambda env: measure(env, size, repeat, timeout))
        pg = results["postgresql"]
        rows.append(timing_row(pg["database_version"], pg, SMALL_TARGET))
    passed = all(r["ratio"] <= SMALL_TARGET for r in results.values())
    markdown = "\n".join(
        [
            f"### Summary from the database: {size[0]:,} respondents x {size[1]} proof points "
            f"x 4 groups; median of {repeat} interleaved runs after a warm-up",
            "",
            table(TIMING_HEADER, rows),
            "",
            *notes,
            f"{load_note()}. {verdict(passed)}",
        ]
    )
    return {"results": results, "target": SMALL_TARGET, "passed": passed, "markdown": markdown}


def measure_memory(env: dict, session_id: int, timeout: float) -> dict:
    """Each in a fresh process: peak RSS around one summary, one bare query, and the peak of
    Python allocations (tracemalloc) during one summary."""

    def memory(*extra: str) -> dict:
        return run_json([*WORKER, "memory", str(session_id), *extra], env, timeout)

    return {
        "summary": memory("summary"),
        "bare": memory("bare"),
        "summary_tracemalloc": memory("summary", "--tracemalloc"),
    }


def run_large(repeat: int = 5, size: tuple[int, int] = LARGE, timeout: float = 1800) -> dict:
    if postgres_version() is None:
        return {
            "skipped": True,
            "passed": True,
            "markdown": "### Summary of 10 million answers on PostgreSQL\n\n"
            "PostgreSQL did not answer at the configured server: skipped.",
        }

    def work(env: dict) -> dict:
        result = measure(env, size, repeat, timeout)
        result["memory"] = measure_memory(env, result["built"]["session_id"], timeout)
        return result

    result = with_postgres(work)
    memory = result["memory"]
    peak = memory["summary"]["max_rss_mb"]
    time_ok = result["ratio"] <= LARGE_TARGET
    memory_ok = peak < MEMORY_TARGET_MB
    passed = time_ok and memory_ok
    memory_rows = [
        [
            "bare GROUP BY",
            f"{memory['bare']['max_rss_before_mb']:.0f}",
            f"{memory['bare']['max_rss_mb']:.0f}",
            "",
            "",
        ],
        [
            "summary",
            f"{memory['summary']['max_rss_before_mb']:.0f}",
            f"{peak:.0f}",
            f"{memory['summary_tracemalloc']['tracemalloc_peak_mb']:.1f}",
            f"under {MEMORY_TARGET_MB} MB: {verdict(memory_ok)}",
        ],
    ]
    markdown = "\n".join(
        [
            f"### Summary of {result['built']['answers']:,} answers on PostgreSQL "
            f"({size[0]:,} respondents x {size[1]} proof points x 4 groups); median of {repeat} "
            "interleaved runs after a warm-up",
            "",
            table(TIMING_HEADER, [timing_row(result["database_version"], result, LARGE_TARGET)]),
            "",
            "Memory, each in a fresh process (maximum resident set size after imports and "
            "connecting, then after one call; Python allocations during the call by tracemalloc):",
            "",
            table(
                [
                    "call",
                    "max RSS before MB",
                    "max RSS after MB",
                    "tracemalloc peak MB",
                    "target",
                ],
                memory_rows,
            ),
            "",
            f"Data built in {result['built']['seconds']:.0f} s. {load_note()}. {verdict(passed)}",
        ]
    )
    return {
        "result": result,
        "targets": {"ratio": LARGE_TARGET, "max_rss_mb": MEMORY_TARGET_MB},
        "passed": passed,
        "markdown": markdown,
    }
