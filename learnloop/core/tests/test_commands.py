"""The console script and the serve command."""

import io
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_console_script_maps_hyphens_to_commands():
    result = subprocess.run(
        [sys.executable, "-m", "learnloop.cli", "import-framework", "--help"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "import_framework" in result.stdout or "FILE" in result.stdout.upper()


@pytest.mark.parametrize("command", ["serve", "worker", "demo"])
def test_every_documented_command_has_help(command):
    result = subprocess.run(
        [sys.executable, "-m", "learnloop.cli", command, "--help"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_serve_binds_loopback_and_answers_healthz(tmp_path):
    port = free_port()
    env = {**os.environ, "LEARNLOOP_DATA_DIR": str(tmp_path), "PORT": str(port)}
    env.pop("DATABASE_URL", None)
    subprocess.run([sys.executable, "-m", "learnloop.cli", "migrate", "-v0"], env=env, check=True)
    server = subprocess.Popen(
        [sys.executable, "-m", "learnloop.cli", "serve", "--workers", "1"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        body = None
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                    body = r.read()
                break
            except OSError:
                time.sleep(0.1)
        assert body == b"ok\n"
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=20)


def test_serve_warns_when_links_would_not_lead_to_it(monkeypatch):
    from django.core.management import call_command

    from learnloop.core.management.commands import serve

    started = []
    monkeypatch.setattr(serve, "run_gunicorn", lambda **options: started.append(options))
    monkeypatch.delenv("LEARNLOOP_BASE_URL", raising=False)
    monkeypatch.delenv("PORT", raising=False)
    errors = io.StringIO()
    call_command("serve", "--port", "8123", stderr=errors)
    assert "set LEARNLOOP_BASE_URL" in errors.getvalue()
    assert started[0]["port"] == 8123
    for arguments, environment in [([], {}), (["--port", "8123"], {"LEARNLOOP_BASE_URL": "x"})]:
        for name, value in environment.items():
            monkeypatch.setenv(name, value)
        errors = io.StringIO()
        call_command("serve", *arguments, stderr=errors)
        assert errors.getvalue() == ""
