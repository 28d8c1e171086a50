"""Autosave through gunicorn (2 workers) on SQLite, beside a bare Django write view.

Both run in the same server, through the same middleware, loaded from 127.0.0.1 by wrk for a
bounded time. Targets: autosave at least 60% of the bare view's requests per second, p99 at
most 50 ms, no errors, and every write read back afterwards.
"""

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HERE = ROOT / "benchmarks"
CONNECTIONS = 8
THREADS = 2


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wrk_path() -> str:
    path = shutil.which("wrk")
    if path is None:
        sys.exit("wrk is needed for this benchmark: apt-get install wrk")
    return path


def parse_wrk(output: str) -> dict:
    def latency_ms(text: str) -> float:
        value, unit = re.match(r"([\d.]+)(us|ms|s)", text).groups()
        return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]

    requests = int(re.search(r"(\d+) requests in", output).group(1))
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p50 = latency_ms(re.search(r"\s50%\s+(\S+)", output).group(1))
    p99 = latency_ms(re.search(r"\s99%\s+(\S+)", output).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    errors = int(non_2xx.group(1)) if non_2xx else 0
    if socket_errors:
        errors += sum(int(n) for n in socket_errors.groups())
    return {"requests": requests, "rps": rps, "p50_ms": p50, "p99_ms": p99, "errors": errors}


def load(port: int, targets: Path, duration: int) -> dict:
    output = subprocess.run(
        [
            wrk_path(),
            f"-t{THREADS}",
            f"-c{CONNECTIONS}",
            f"-d{duration}s",
            "--timeout",
            "5s",
            "--latency",
            "-s",
            str(HERE / "autosave.lua"),
            f"http://127.0.0.1:{port}",
            "--",
            str(targets),
            str(THREADS),
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=duration + 30,
    ).stdout
    return parse_wrk(output)


def manage(env: dict, *args: str) -> str:
    return subprocess.run(
        [sys.executable, "-m", "learnloop.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    ).stdout


def sql(env: dict, statement: str) -> str:
    code = (
        "import django; django.setup(); from django.db import connection\n"
        "with connection.cursor() as c:\n"
        f"    c.execute({statement!r})\n"
        "    rows = c.fetchall() if c.description else []\n"
        "print(rows[0][0] if rows else '')"
    )
    return subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout.strip()


def reset(env: dict) -> None:
    sql(env, "DELETE FROM learning_sessions_answer")
    sql(env, "DELETE FROM bench_bare_write")


def read_back(env: dict, table: str, completed: int) -> dict:
    """Rows written, and whether each completed request's write is there.

    Requests still in flight when wrk stops may also land, so up to CONNECTIONS extra rows
    are expected; fewer rows than completed requests means a lost write.
    """
    column = "comment" if table == "learning_sessions_answer" else "v"
    rows = int(sql(env, f"SELECT COUNT(*) FROM {table} WHERE {column} LIKE 'w%'"))
    return {"rows": rows, "all_read_back": completed <= rows <= completed + CONNECTIONS}


def wait_for(port: int) -> None:
    for _ in range(200):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2).read()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("the server did not start")


def run(duration: int = 10) -> dict:
    data_dir = Path(tempfile.mkdtemp(prefix="learnloop-bench-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "benchmarks.bench_settings",
        "LEARNLOOP_DATA_DIR": str(data_dir),
        "PYTHONPATH": str(ROOT),
        "LEARNLOOP_SECRET_KEY": "benchmark-only-" + "b" * 40,
    }
    env.pop("DATABASE_URL", None)
    manage(env, "migrate", "-v0")
    autosave_targets, bare_targets = data_dir / "autosave.txt", data_dir / "bare.txt"
    subprocess.run(
        [sys.executable, str(HERE / "setup_autosave.py"), str(autosave_targets), str(bare_targets)],
        env=env,
        check=True,
        cwd=ROOT,
    )
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "learnloop.cli", "serve", "--workers", "2", "--port", str(port)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(port)
        load(port, bare_targets, 2)  # warm up both paths
        load(port, autosave_targets, 2)
        runs: dict[str, list[dict]] = {"bare": [], "autosave": []}
        for _ in range(2):  # interleaved, so drift on a noisy machine hits both
            for name, targets, table in [
                ("bare", bare_targets, "bench_bare_write"),
                ("autosave", autosave_targets, "learning_sessions_answer"),
            ]:
                reset(env)
                figures = load(port, targets, duration)
                figures.update(read_back(env, table, figures["requests"]))
                runs[name].append(figures)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        shutil.rmtree(data_dir, ignore_errors=True)
    return summarize(runs, duration)


def summarize(runs: dict[str, list[dict]], duration: int) -> dict:
    bare = max(runs["bare"], key=lambda r: r["rps"])
    autosave = max(runs["autosave"], key=lambda r: r["rps"])
    ratio = autosave["rps"] / bare["rps"]
    errors = sum(r["errors"] for rs in runs.values() for r in rs)
    read_back_ok = all(r["all_read_back"] for rs in runs.values() for r in rs)
    worst_p99 = max(r["p99_ms"] for r in runs["autosave"])
    passed = ratio >= 0.6 and worst_p99 <= 50 and errors == 0 and read_back_ok
    markdown = "\n".join(
        [
            f"### Autosave through gunicorn (2 workers, SQLite), {THREADS} wrk threads, "
            f"{CONNECTIONS} connections, {duration} s per run, best of 2",
            "",
            "| path | requests/s | p50 ms | p99 ms | errors | rows read back |",
            "|---|---|---|---|---|---|",
            *(
                f"| {name} | {r['rps']:.0f} | {r['p50_ms']:.1f} | {r['p99_ms']:.1f} | "
                f"{r['errors']} | {r['rows']} of {r['requests']} completed |"
                for name, r in [("bare Django write view", bare), ("autosave", autosave)]
            ),
            "",
            f"Autosave is {ratio:.0%} of the bare view (target at least 60%); worst autosave "
            f"p99 {worst_p99:.1f} ms (target at most 50); errors {errors}; every write read "
            f"back: {'yes' if read_back_ok else 'NO'}. {'PASS' if passed else 'FAIL'}",
        ]
    )
    return {"runs": runs, "ratio": ratio, "passed": passed, "markdown": markdown}
