"""What the benchmarks share: the machine's description, interleaved timing, Markdown tables,
throwaway databases and the Django subprocesses the database benchmarks run in."""

from __future__ import annotations

import json
import os
import platform
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The PostgreSQL server (trust auth); the benchmarks create and drop their own database on it.
PG_SERVER = os.environ.get("LEARNLOOP_BENCH_PG", "postgres://postgres@127.0.0.1:5432")
PG_DATABASE = "learnloop_bench"
SECRET_KEY = "benchmark-only-" + "s" * 40


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def postgres_version() -> str | None:
    try:
        import psycopg

        with psycopg.connect(pg_url("postgres"), connect_timeout=3) as connection:
            return "PostgreSQL " + connection.execute("SHOW server_version").fetchone()[0]
    except Exception:  # noqa: BLE001  (any failure means: not available)
        return None


def machine() -> dict:
    """The facts docs/performance.md records beside every figure."""
    return {
        "cpus": os.cpu_count(),
        "cpu_model": cpu_model(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "postgresql": postgres_version(),
    }


def load_note() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.1f} (1 min), {five:.1f} (5 min) on {os.cpu_count()} cores"


def interleaved(functions: dict[str, Callable[[], object]], repeat: int) -> dict[str, list[float]]:
    """Milliseconds per call, the functions taking turns (order alternating each round), so
    that drift on a shared machine falls on all of them alike."""
    times: dict[str, list[float]] = {name: [] for name in functions}
    names = list(functions)
    for i in range(repeat):
        for name in names if i % 2 == 0 else reversed(names):
            started = time.perf_counter()
            functions[name]()
            times[name].append((time.perf_counter() - started) * 1000)
    return times


def spread(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    return {
        "median": statistics.median(ordered),
        "min": ordered[0],
        "p90": ordered[min(len(ordered) - 1, round(0.9 * (len(ordered) - 1)))],
        "max": ordered[-1],
    }


def table(header: list[str], rows: list[list[object]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def verdict(passed: bool) -> str:
    return "PASS" if passed else "FAIL"


def pg_url(database: str = PG_DATABASE) -> str:
    return f"{PG_SERVER.rstrip('/')}/{database}".replace("postgres://", "postgresql://", 1)


def create_pg_database() -> str:
    """A fresh, empty ``learnloop_bench`` database; its URL."""
    import psycopg

    with psycopg.connect(pg_url("postgres"), autocommit=True, connect_timeout=5) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")
        connection.execute(f"CREATE DATABASE {PG_DATABASE}")
    return pg_url()


def drop_pg_database() -> None:
    import psycopg

    with psycopg.connect(pg_url("postgres"), autocommit=True, connect_timeout=5) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")


def django_env(data_dir: Path, database_url: str | None = None) -> dict[str, str]:
    """Environment for a Django subprocess on a throwaway data directory (and database)."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "learnloop.settings",
        "LEARNLOOP_DATA_DIR": str(data_dir),
        "LEARNLOOP_SECRET_KEY": SECRET_KEY,
        "PYTHONPATH": str(ROOT),
    }
    env.pop("DATABASE_URL", None)
    env.pop("LEARNLOOP_TESTING", None)
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def run_json(args: list[str], env: dict[str, str], timeout: float) -> dict:
    """Run ``python -m ...`` and return the JSON object on the last line of its output."""
    completed = subprocess.run(
        [sys.executable, *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed:\n{completed.stderr[-3000:]}")
    return json.loads(completed.stdout.strip().splitlines()[-1])


def migrate(env: dict[str, str], timeout: float = 300) -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "learnloop.cli", "migrate", "-v0"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"migrate failed:\n{completed.stderr[-3000:]}")
