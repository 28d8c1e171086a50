"""learnloop create-api-token EMAIL [--name NAME]"""

import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from learnloop.api.models import ApiToken
from learnloop.api.tests.conftest import API, api_get
from learnloop.lib.tokens import hash_token


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("create_api_token", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_it_prints_a_working_token_once(admin, organization):
    out, err = run("ADMIN@example.org", "--name", "Nightly export")
    secret = out.strip()
    assert secret.startswith("ll_")
    token = ApiToken.objects.get()
    assert (token.user, token.name, token.token_hash) == (
        admin,
        "Nightly export",
        hash_token(secret),
    )
    assert "only this once" in err
    assert secret not in err
    assert api_get(f"{API}/organizations", secret).status_code == 200


def test_the_name_defaults_to_command_line(admin):
    run("admin@example.org")
    assert ApiToken.objects.get().name == "Command line"


def test_an_unknown_email_creates_nothing(db):
    with pytest.raises(CommandError, match=re.escape("nobody@example.org")):
        run("nobody@example.org")
    assert not ApiToken.objects.exists()


def test_a_deactivated_account_gets_no_token(admin):
    admin.is_active = False
    admin.save(update_fields=["is_active"])
    with pytest.raises(CommandError, match="deactivated"):
        run("admin@example.org")
    assert not ApiToken.objects.exists()


def test_it_runs_through_the_learnloop_console_script(admin, capsys):
    from learnloop.cli import main

    main(["learnloop", "create-api-token", "admin@example.org", "--name", "CLI"])
    secret = capsys.readouterr().out.strip()
    assert ApiToken.objects.get().token_hash == hash_token(secret)
