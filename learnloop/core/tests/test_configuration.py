"""Every environment variable the code reads is documented, and production settings are safe."""

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
READ_PATTERNS = [
    re.compile(r"env(?:bool|int|str|list)\(\s*\"([A-Z_]+)\""),
    re.compile(r"os\.environ(?:\.get|\.setdefault)?\(\s*\"([A-Z_]+)\""),
    re.compile(r"os\.environ\[\"([A-Z_]+)\"\]"),
    re.compile(r"getenv\(\s*\"([A-Z_]+)\""),
]
NOT_OURS = {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE", "CI"}


def variables_read_by_the_code() -> set[str]:
    names = set()
    for path in (ROOT / "learnloop").rglob("*.py"):
        if "tests" in path.parts:
            continue
        text = path.read_text()
        for pattern in READ_PATTERNS:
            names.update(pattern.findall(text))
    return names - NOT_OURS


def test_every_variable_is_documented():
    documented = set(re.findall(r"`([A-Z_]+)`", (ROOT / "docs" / "configuration.md").read_text()))
    read = variables_read_by_the_code()
    assert "LEARNLOOP_DATA_DIR" in read  # the scan itself works
    assert read - documented == set()


def check_deploy(tmp_path, **variables):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "learnloop.settings",
        "LEARNLOOP_DATA_DIR": str(tmp_path),
        "LEARNLOOP_HTTPS": "true",
        "LEARNLOOP_SECRET_KEY": "a-production-secret-" + "k" * 50,
        "LEARNLOOP_ALLOWED_HOSTS": "learn.example.org",
        "LEARNLOOP_BASE_URL": "https://learn.example.org",
        "LEARNLOOP_TESTING": "",
        **variables,
    }
    env.pop("DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "learnloop.cli", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    result = check_deploy(tmp_path)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_warns_when_emailed_links_would_not_reach_the_server(tmp_path):
    for base_url in ("", "http://learn.example.org", "https://127.0.0.1:8000"):
        result = check_deploy(tmp_path, LEARNLOOP_BASE_URL=base_url)
        assert result.returncode != 0
        assert "learnloop.W001" in result.stderr


def test_secret_key_is_generated_once_and_kept(tmp_path):
    env = {**os.environ, "LEARNLOOP_DATA_DIR": str(tmp_path), "LEARNLOOP_SECRET_KEY": ""}
    code = (
        "import os, django; os.environ['DJANGO_SETTINGS_MODULE'] = 'learnloop.settings'; "
        "django.setup(); from django.conf import settings; print(settings.SECRET_KEY)"
    )
    run = [sys.executable, "-c", code]
    first = subprocess.run(run, env=env, capture_output=True, text=True, check=True).stdout
    second = subprocess.run(run, env=env, capture_output=True, text=True, check=True).stdout
    assert first == second
    assert len(first.strip()) >= 50
    assert oct((tmp_path / "secret_key").stat().st_mode)[-3:] == "600"
