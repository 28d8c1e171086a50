"""The summary page for 1,000 respondents x 150 proof points, served by `learnloop serve`.

A throwaway SQLite database gets the data (benchmarks/report_dataset.py), gunicorn serves it
on 127.0.0.1 (2 workers, as `learnloop serve` does by default), and one client logged in as the
organization's administrator asks for the page a bounded number of times, one request after
another. Server time is the response time on the loopback interface, first byte to last.
Beside it, in the same run and taking turns with it: /healthz (the server and middleware with
no work) and the same page as JSON (?format=json: the same data, no template).
Target: median time of the HTML page at most 150 ms.
"""

from __future__ import annotations

import http.cookiejar
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import urllib.parse
import urllib.request
from pathlib import Path

from benchmarks.autosave import free_port, wait_for
from benchmarks.common import (
    ROOT,
    django_env,
    interleaved,
    load_note,
    migrate,
    run_json,
    spread,
    table,
    verdict,
)

SIZE = (1000, 150)
TARGET_MS = 150.0
WARM_UP = 6  # both gunicorn workers import SciPy on their first report


class Client:
    """A browser's worth of cookies and CSRF, with urllib."""

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def get(self, path: str) -> bytes:
        with self.opener.open(self.base + path, timeout=30) as response:
            if response.status != 200:
                raise RuntimeError(f"GET {path} answered {response.status}")
            return response.read()

    def log_in(self, email: str, password: str) -> None:
        page = self.get("/accounts/login/").decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        form = urllib.parse.urlencode(
            {"username": email, "password": password, "csrfmiddlewaretoken": token}
        ).encode()
        request = urllib.request.Request(
            self.base + "/accounts/login/", data=form, headers={"Referer": self.base + "/"}
        )
        with self.opener.open(request, timeout=30) as response:
            if "/accounts/login/" in response.url:
                raise RuntimeError("the administrator could not log in")


def run(repeat: int = 30, size: tuple[int, int] = SIZE, timeout: float = 600) -> dict:
    data_dir = Path(tempfile.mkdtemp(prefix="learnloop-bench-"))
    env = django_env(data_dir)
    server = None
    try:
        migrate(env)
        built = run_json(
            ["-m", "benchmarks.report_worker", "build", str(size[0]), str(size[1])], env, timeout
        )
        port = free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "learnloop.cli", "serve", "--workers", "2", "--port", str(port)],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(port)
        client = Client(f"http://127.0.0.1:{port}")
        client.log_in(built["administrator_email"], built["password"])
        page = f"/o/{built['organization_slug']}/sessions/{built['session_id']}/report/"
        html = client.get(page)
        if b"Proof point 150" not in html:
            raise RuntimeError(f"{page} does not show the report")
        for _ in range(WARM_UP):
            client.get(page)
            client.get(page + "?format=json")
        times = interleaved(
            {
                "healthz": lambda: client.get("/healthz"),
                "json": lambda: client.get(page + "?format=json"),
                "page": lambda: client.get(page),
            },
            repeat,
        )
    finally:
        if server is not None:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
        shutil.rmtree(data_dir, ignore_errors=True)
    figures = {name: spread(values) for name, values in times.items()}
    passed = figures["page"]["median"] <= TARGET_MS
    rows = [
        [label, f"{f['median']:.1f}", f"{f['min']:.1f}", f"{f['p90']:.1f}", f"{f['max']:.1f}"]
        for label, f in [
            ("/healthz (no work)", figures["healthz"]),
            ("summary page as JSON", figures["json"]),
            ("summary page (HTML)", figures["page"]),
        ]
    ]
    markdown = "\n".join(
        [
            f"### Summary page through gunicorn (2 workers, SQLite): {built['answers']:,} answers "
            f"({size[0]:,} respondents x {size[1]} proof points x 4 groups), administrator, "
            f"{repeat} sequential requests each, interleaved, after {WARM_UP} warm-up requests",
            "",
            table(["request", "median ms", "min ms", "p90 ms", "max ms"], rows),
            "",
            f"HTML page {len(html) / 1024:.0f} KiB; median {figures['page']['median']:.0f} ms "
            f"(target at most {TARGET_MS:.0f}); {load_note()}. {verdict(passed)}",
        ]
    )
    return {
        "page": page,
        "html_bytes": len(html),
        "times_ms": times,
        "figures": figures,
        "target_ms": TARGET_MS,
        "passed": passed,
        "markdown": markdown,
    }
