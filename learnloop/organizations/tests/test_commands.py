import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from learnloop.accounts.models import User
from learnloop.organizations.models import Membership, Organization, Role


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("create_organization", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_creates_an_organization_and_prints_a_password_link_for_a_new_owner(settings):
    settings.BASE_URL = "https://learn.example.org"
    output = run("Lakeside Schools", "--owner", "Ana@Example.org")
    organization = Organization.objects.get(name="Lakeside Schools")
    user = User.objects.get(email="ana@example.org")
    assert Membership.objects.get(user=user, organization=organization).role == Role.OWNER
    assert not user.has_usable_password()
    assert "https://learn.example.org/o/lakeside-schools/" in output
    link = re.search(r"https://learn\.example\.org(/accounts/password/reset/\S+)", output)
    assert link is not None
    assert Client().get(link.group(1), follow=True).context["validlink"] is True


@pytest.mark.django_db
def test_takes_the_password_from_the_environment(monkeypatch):
    monkeypatch.setenv("OWNER_PASSWORD", "a sturdy passphrase for ana")
    output = run("Lakeside", "--owner", "ana@example.org", "--password-from-env", "OWNER_PASSWORD")
    assert User.objects.get(email="ana@example.org").check_password("a sturdy passphrase for ana")
    assert "/accounts/password/reset/" not in output


@pytest.mark.django_db
def test_an_existing_account_becomes_owner_and_keeps_its_password(monkeypatch):
    User.objects.create_user(email="ana@example.org", password="her own password 123")
    monkeypatch.setenv("OWNER_PASSWORD", "another sturdy passphrase")
    output = run("Lakeside", "--owner", "ana@example.org", "--password-from-env", "OWNER_PASSWORD")
    assert User.objects.get(email="ana@example.org").check_password("her own password 123")
    assert "left unchanged" in output


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "env", "message"),
    [
        (["Lakeside", "--owner", "not-an-email"], {}, "not a valid email"),
        (["   ", "--owner", "ana@example.org"], {}, "needs a name"),
        (["Lakeside", "--owner", "ana@example.org", "--password-from-env", "NOPE"], {}, "NOPE"),
        (
            ["Lakeside", "--owner", "ana@example.org", "--password-from-env", "PW"],
            {"PW": "123"},
            "too weak",
        ),
    ],
)
def test_bad_input_is_refused_and_nothing_created(monkeypatch, args, env, message):
    monkeypatch.delenv("NOPE", raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(CommandError, match=message):
        run(*args)
    assert not Organization.objects.exists()
    assert not User.objects.exists()
