"""The report benchmarks' work inside one Django process (started by benchmarks/summary.py).

    python -m benchmarks.report_worker build PARTICIPANTS PROOF_POINTS
    python -m benchmarks.report_worker time SESSION_ID REPEAT
    python -m benchmarks.report_worker memory SESSION_ID {summary,bare} [--tracemalloc]

Each prints one JSON object on its last line. The database is the one DATABASE_URL (or
LEARNLOOP_DATA_DIR for SQLite) names; summary.py points it at a throwaway one.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import time

import django

BARE_GROUP_BY = (
    "SELECT proof_point_id, group_id, code, COUNT(*) FROM learning_sessions_answer "
    "WHERE session_id = %s GROUP BY proof_point_id, group_id, code"
)


def bare(session_id: int) -> int:
    """The baseline: the count query alone, through a raw cursor, every row fetched."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(BARE_GROUP_BY, [session_id])
        return len(cursor.fetchall())


def summary(session_id: int) -> int:
    """What the summary page does before it formats anything, for an administrator.

    Access check aside (one query for the session and its organization), the same calls as
    learnloop.reports.load.summary, which the summary page, its JSON and the API summary use:
    the report input from the database (queries.summary_data), then the report document
    (statistics, privacy) through pages.build.
    """
    from learnloop.learning_sessions.models import LearningSession
    from learnloop.reports import pages
    from learnloop.reports.access import Audience
    from learnloop.reports.queries import summary_data

    session = LearningSession.objects.select_related("organization", "scale").get(pk=session_id)
    audience = Audience(details=True, names=session.shows_names)
    report = pages.build(summary_data(session, audience))
    return len(report.points)


def max_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kilobytes


def command_build(args: argparse.Namespace) -> dict:
    from benchmarks.report_dataset import as_dict, build

    started = time.perf_counter()
    built = as_dict(build(args.participants, args.proof_points, args.slug))
    built["seconds"] = round(time.perf_counter() - started, 1)
    return built


def command_time(args: argparse.Namespace) -> dict:
    """Warm up both, then time them interleaved (the order alternating), medians in ms."""
    from django.db import connection

    session_id = args.session_id
    rows = bare(session_id)
    points = summary(session_id)  # the first call pays the SciPy import
    bare(session_id)
    summary(session_id)
    times: dict[str, list[float]] = {"bare": [], "summary": []}
    functions = {"bare": bare, "summary": summary}
    for i in range(args.repeat):
        order = ["bare", "summary"] if i % 2 == 0 else ["summary", "bare"]
        for name in order:
            started = time.perf_counter()
            functions[name](session_id)
            times[name].append((time.perf_counter() - started) * 1000)
    return {
        "vendor": connection.vendor,
        "database_version": database_version(),
        "group_by_rows": rows,
        "proof_points": points,
        "times_ms": times,
        "median_ms": {name: statistics.median(values) for name, values in times.items()},
    }


def command_memory(args: argparse.Namespace) -> dict:
    """Peak memory of this fresh process around one call (after imports and connecting)."""
    from django.db import connection

    import learnloop.analytics  # imports paid before the measurement
    import learnloop.reports.pages  # noqa: F401

    connection.ensure_connection()
    before = max_rss_mb()
    function = summary if args.what == "summary" else bare
    result: dict = {"what": args.what, "max_rss_before_mb": before}
    if args.tracemalloc:
        import tracemalloc

        tracemalloc.start()
        function(args.session_id)
        result["tracemalloc_peak_mb"] = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    else:
        started = time.perf_counter()
        function(args.session_id)
        result["seconds"] = time.perf_counter() - started
    result["max_rss_mb"] = max_rss_mb()
    return result


def database_version() -> str:
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            return "PostgreSQL " + cursor.fetchone()[0]
    import sqlite3

    return "SQLite " + sqlite3.sqlite_version


def main() -> None:
    parser = argparse.ArgumentParser()
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build")
    build.add_argument("participants", type=int)
    build.add_argument("proof_points", type=int)
    build.add_argument("--slug", default="bench")
    timing = commands.add_parser("time")
    timing.add_argument("session_id", type=int)
    timing.add_argument("repeat", type=int)
    memory = commands.add_parser("memory")
    memory.add_argument("session_id", type=int)
    memory.add_argument("what", choices=["summary", "bare"])
    memory.add_argument("--tracemalloc", action="store_true")
    args = parser.parse_args()
    django.setup()
    handler = {"build": command_build, "time": command_time, "memory": command_memory}
    print(json.dumps(handler[args.command](args)))


if __name__ == "__main__":
    main()
