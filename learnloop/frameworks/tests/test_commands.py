"""`learnloop import-framework` and `learnloop export-framework`."""

import dataclasses
import io
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from learnloop.frameworks.models import Framework
from learnloop.lib.framework_yaml import parse_framework


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_adds_a_framework_from_a_file(organization, small_yaml, tmp_path):
    path = tmp_path / "small.yaml"
    path.write_text(small_yaml)
    out, _ = run("import_framework", str(path), "--organization", "riverside")
    assert out == (
        "Imported 'Small framework' (small) as version 1 into riverside: 2 modules, "
        "3 proof points.\n"
    )
    assert Framework.objects.get(organization=organization, key="small").version == 1


def test_import_of_an_existing_key_adds_the_next_version(organization, small_yaml, tmp_path):
    path = tmp_path / "small.yaml"
    path.write_text(small_yaml)
    run("import_framework", str(path), "--organization", "riverside")
    out, _ = run("import_framework", str(path), "--organization", "riverside")
    assert "as version 2" in out


def test_import_adds_a_starter_framework(organization):
    out, _ = run(
        "import_framework", "--starter", "action-learning-sets", "--organization", "riverside"
    )
    assert "Imported 'Action learning set health'" in out
    framework = Framework.objects.get(organization=organization, key="action-learning-sets")
    assert framework.modules.count() == 6


def test_a_bad_file_is_refused_with_every_problem_and_nothing_imported(organization, tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("key: Bad Key\ntitle: ''\n")
    with pytest.raises(CommandError) as info:
        run("import_framework", str(path), "--organization", "riverside")
    assert str(info.value) == (
        "nothing was imported.\n"
        f"{path}: line 1: key: 'Bad Key' is not a valid key: use at most 80 lowercase letters, "
        "digits, hyphens and underscores, starting with a letter or digit\n"
        f"{path}: line 1: 'modules' is required\n"
        f"{path}: line 2: title: must not be empty"
    )
    assert not Framework.objects.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--organization", "riverside"], "give either a FILE or --starter KEY"),
        (["x.yaml", "--starter", "learning-routines", "--organization", "riverside"], "not both"),
        (["--starter", "nope", "--organization", "riverside"], "no starter framework 'nope'"),
        (["--starter", "learning-routines", "--organization", "nowhere"], "slug 'nowhere'"),
        (["/no/such/file.yaml", "--organization", "riverside"], "cannot read the file"),
    ],
)
@pytest.mark.usefixtures("organization")
def test_import_explains_wrong_arguments(args, message):
    with pytest.raises(CommandError, match=message):
        run("import_framework", *args)
    assert not Framework.objects.exists()


def test_export_writes_yaml_that_imports_back_identical(framework, tmp_path):
    path = tmp_path / "out.yaml"
    _, err = run(
        "export_framework", "test-framework", "--organization", "riverside", "-o", str(path)
    )
    assert err == f"Wrote 'Test framework' version 1 to {path}.\n"
    parsed = parse_framework(path.read_bytes())
    assert parsed.version == 1
    assert [m.key for m in parsed.modules] == ["module-1", "module-2"]
    run("import_framework", str(path), "--organization", "riverside")
    again, _ = run("export_framework", "test-framework", "--organization", "riverside")
    assert parse_framework(again) == dataclasses.replace(parsed, version=2)


def test_export_chooses_a_version_and_defaults_to_the_latest(framework, organization, tmp_path):
    run("import_framework", "--starter", "learning-routines", "--organization", "riverside")
    run("import_framework", "--starter", "learning-routines", "--organization", "riverside")
    latest, _ = run("export_framework", "learning-routines", "--organization", "riverside")
    first, _ = run(
        "export_framework", "learning-routines", "--organization", "riverside", "--version", "1"
    )
    assert parse_framework(latest).version == 2
    assert parse_framework(first).version == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nope", "--organization", "riverside"], "riverside has no framework with the key 'nope'"),
        (
            ["test-framework", "--organization", "riverside", "--version", "9"],
            "riverside has no version 9 of framework with the key 'test-framework'",
        ),
        (["test-framework", "--organization", "nowhere"], "slug 'nowhere'"),
        (
            ["test-framework", "--organization", "riverside", "-o", "/no/such/dir/out.yaml"],
            "cannot write the file",
        ),
    ],
)
@pytest.mark.usefixtures("framework")
def test_export_explains_what_it_cannot_find(args, message):
    with pytest.raises(CommandError, match=message):
        run("export_framework", *args)


def test_the_learnloop_script_maps_import_framework_and_exits_1_on_errors(tmp_path):
    """Through the console script in a real process: stderr and exit code 1.

    The file is checked before the database is opened, so no database is needed here.
    """
    bad = tmp_path / "bad.yaml"
    bad.write_text("title: x\n")
    script = "import sys; from learnloop.cli import main; main(['learnloop'] + sys.argv[1:])"
    result = subprocess.run(
        [sys.executable, "-c", script, "import-framework", str(bad), "--organization", "x"],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[3],
        env={"LEARNLOOP_DATA_DIR": str(tmp_path), "LEARNLOOP_SECRET_KEY": "t" * 50, "PATH": ""},
        check=False,
    )
    assert result.returncode == 1
    assert "CommandError: nothing was imported." in result.stderr
    assert f"{bad}: line 1: 'key' is required" in result.stderr
    assert result.stdout == ""


def test_import_reads_standard_input_when_the_file_is_a_dash(organization, small_yaml, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(small_yaml.encode())))
    out, _ = run("import_framework", "-", "--organization", "riverside")
    assert out.startswith("Imported 'Small framework' (small) as version 1")
    assert Framework.objects.filter(organization=organization, key="small").exists()
