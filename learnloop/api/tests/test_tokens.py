"""API tokens: only the hash is stored; unknown, revoked and missing tokens get 401."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from conftest import client_for
from learnloop.accounts.models import User
from learnloop.api.actions import (
    ApiTokenError,
    do_create_api_token,
    do_record_api_token_use,
    do_revoke_api_token,
)
from learnloop.api.models import ApiToken
from learnloop.api.tests.conftest import API, api_get, token_for
from learnloop.lib.tokens import hash_token

ORGANIZATIONS = f"{API}/organizations"


def test_creating_a_token_stores_only_its_hash(admin):
    created = do_create_api_token(admin, "  Monthly   export ")
    stored = ApiToken.objects.get()
    assert created.secret.startswith("ll_")
    assert len(created.secret) >= 3 + 32  # 192 random bits, base64url
    assert stored.token_hash == hash_token(created.secret)
    assert stored.hint == created.secret[:8]
    assert created.secret not in {stored.token_hash, stored.name, stored.hint}
    assert stored.name == "Monthly export"
    assert stored.user == admin
    assert stored.revoked_at is None
    assert stored.last_used_at is None


def test_two_tokens_differ(admin):
    assert token_for(admin) != token_for(admin)


@pytest.mark.parametrize("name", ["", "   ", "x" * 101])
def test_a_token_needs_a_sensible_name(admin, name):
    with pytest.raises(ApiTokenError):
        do_create_api_token(admin, name)
    assert not ApiToken.objects.exists()


def test_a_deactivated_account_gets_no_token(admin):
    admin.is_active = False
    admin.save(update_fields=["is_active"])
    with pytest.raises(ApiTokenError):
        do_create_api_token(admin, "Script")
    assert not ApiToken.objects.exists()


def test_a_valid_token_authenticates(admin, organization):
    response = api_get(ORGANIZATIONS, token_for(admin))
    assert response.status_code == 200
    assert [row["slug"] for row in response.json()["items"]] == ["riverside"]


def test_no_token_is_401_with_a_json_explanation(db):
    response = api_get(ORGANIZATIONS)
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert "Bearer" in response.json()["detail"]
    assert response["WWW-Authenticate"] == "Bearer"


@pytest.mark.parametrize(
    "header",
    ["ll_notatoken", "Token ll_abc", "Bearer", "Bearer ", "Basic dXNlcjpwYXNz"],
)
def test_malformed_authorization_is_401(admin, header):
    token_for(admin)
    response = Client().get(ORGANIZATIONS, headers={"Authorization": header})
    assert response.status_code == 401


def test_unknown_token_is_401(admin):
    real = token_for(admin)
    assert api_get(ORGANIZATIONS, real[:-1] + ("A" if real[-1] != "A" else "B")).status_code == 401
    assert api_get(ORGANIZATIONS, "ll_" + "x" * 32).status_code == 401


def test_a_token_without_the_prefix_is_401_even_if_its_hash_matches(admin):
    bare = "y" * 32
    ApiToken.objects.create(user=admin, name="Old", token_hash=hash_token(bare), hint="yyy")
    assert api_get(ORGANIZATIONS, bare).status_code == 401


def test_revoked_token_is_401(admin, organization):
    created = do_create_api_token(admin, "Script")
    assert api_get(ORGANIZATIONS, created.secret).status_code == 200
    do_revoke_api_token(created.token)
    assert api_get(ORGANIZATIONS, created.secret).status_code == 401


def test_revoking_twice_keeps_the_first_date(admin):
    created = do_create_api_token(admin, "Script")
    first = do_revoke_api_token(created.token).revoked_at
    assert do_revoke_api_token(created.token).revoked_at == first


def test_token_of_a_deactivated_account_is_401(admin, organization):
    token = token_for(admin)
    admin.is_active = False
    admin.save(update_fields=["is_active"])
    assert api_get(ORGANIZATIONS, token).status_code == 401


def test_a_signed_in_browser_session_does_not_open_the_api(admin_client, organization):
    """Only the bearer token authenticates, so another site cannot ride on the cookie."""
    assert admin_client.get(ORGANIZATIONS).status_code == 401


def test_using_a_token_records_when(admin, organization):
    created = do_create_api_token(admin, "Script")
    api_get(ORGANIZATIONS, created.secret)
    created.token.refresh_from_db()
    assert created.token.last_used_at is not None


def test_last_use_is_written_at_most_once_a_minute(admin, organization):
    created = do_create_api_token(admin, "Script")
    recent = timezone.now() - timedelta(seconds=30)
    ApiToken.objects.filter(pk=created.token.pk).update(last_used_at=recent)
    api_get(ORGANIZATIONS, created.secret)
    created.token.refresh_from_db()
    assert created.token.last_used_at == recent

    stale = timezone.now() - timedelta(minutes=2)
    ApiToken.objects.filter(pk=created.token.pk).update(last_used_at=stale)
    api_get(ORGANIZATIONS, created.secret)
    created.token.refresh_from_db()
    assert created.token.last_used_at > stale


def test_a_recent_use_costs_no_write(admin, django_assert_num_queries):
    created = do_create_api_token(admin, "Script")
    token = created.token
    token.last_used_at = timezone.now()
    with django_assert_num_queries(0):
        do_record_api_token_use(token)


def test_an_old_use_never_moves_the_time_backwards(admin):
    created = do_create_api_token(admin, "Script")
    token = created.token
    newer = timezone.now()
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=newer)
    token.last_used_at = newer - timedelta(minutes=5)  # a stale copy from an earlier read
    do_record_api_token_use(token)
    token.refresh_from_db()
    assert token.last_used_at == newer


def test_a_server_administrator_can_revoke_a_token_in_the_django_admin(admin, organization):
    superuser = User.objects.create_superuser("root@example.org", "a long test password")
    created = do_create_api_token(admin, "Leaked")
    response = client_for(superuser).post(
        "/django-admin/api/apitoken/",
        {"action": "revoke", "_selected_action": [created.token.pk]},
    )
    assert response.status_code == 302
    assert api_get(ORGANIZATIONS, created.secret).status_code == 401
    page = client_for(superuser).get(f"/django-admin/api/apitoken/{created.token.pk}/change/")
    assert created.token.token_hash not in page.content.decode()
