"""The API tokens page: create (shown once) and revoke (after confirming), own tokens only."""

import re

import pytest
from django.test import Client

from conftest import client_for
from learnloop.api.actions import MAX_ACTIVE_TOKENS, do_create_api_token
from learnloop.api.models import ApiToken
from learnloop.api.tests.conftest import API, api_get
from learnloop.lib.tokens import hash_token

LIST = "/account/api-tokens/"
CREATE = "/account/api-tokens/new/"


def revoke_url(token: ApiToken) -> str:
    return f"/account/api-tokens/{token.pk}/revoke/"


def shown_secret(response) -> str:
    match = re.search(r'value="(ll_[A-Za-z0-9_-]+)"', response.content.decode())
    assert match, "the new token is not on the page"
    return match.group(1)


@pytest.mark.parametrize("url", [LIST, CREATE, "/account/api-tokens/1/revoke/"])
def test_signed_out_visitors_are_sent_to_sign_in(db, url):
    response = Client().get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_page_has_an_empty_state(admin_client):
    response = admin_client.get(LIST)
    assert response.status_code == 200
    assert "You have no API tokens yet." in response.content.decode()


def test_creating_a_token_shows_it_once(admin_client, admin, organization):
    response = admin_client.post(CREATE, {"name": "Dashboard export"})
    assert response.status_code == 200
    secret = shown_secret(response)
    assert "no-store" in response["Cache-Control"]
    token = ApiToken.objects.get()
    assert (token.user, token.name, token.token_hash) == (
        admin,
        "Dashboard export",
        hash_token(secret),
    )
    assert api_get(f"{API}/organizations", secret).status_code == 200

    listing = admin_client.get(LIST).content.decode()
    assert "Dashboard export" in listing
    assert secret[:8] in listing
    assert secret not in listing


def test_creating_needs_a_post(admin_client):
    assert admin_client.get(CREATE).status_code == 405
    assert not ApiToken.objects.exists()


@pytest.mark.parametrize("name", ["", "   ", "x" * 101])
def test_a_bad_name_creates_nothing_and_says_why(admin_client, name):
    response = admin_client.post(CREATE, {"name": name})
    assert response.status_code == 400
    assert 'class="errorlist' in response.content.decode()
    assert not ApiToken.objects.exists()


def test_too_many_active_tokens_are_refused(admin_client, admin):
    for i in range(MAX_ACTIVE_TOKENS):
        do_create_api_token(admin, f"Script {i}")
    response = admin_client.post(CREATE, {"name": "One more"})
    assert response.status_code == 400
    assert "Revoke one" in response.content.decode()
    assert ApiToken.objects.count() == MAX_ACTIVE_TOKENS


def test_the_page_lists_only_the_users_own_tokens(admin_client, admin, viewer):
    do_create_api_token(admin, "Mine")
    do_create_api_token(viewer, "Someone else's")
    page = admin_client.get(LIST).content.decode()
    assert "Mine" in page
    assert "Someone else" not in page


def test_revoking_asks_for_confirmation_first(admin_client, admin):
    token = do_create_api_token(admin, "Script").token
    response = admin_client.get(revoke_url(token))
    assert response.status_code == 200
    assert "Revoke the token" in response.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is None


def test_confirming_revokes_the_token(admin_client, admin, organization):
    created = do_create_api_token(admin, "Script")
    response = admin_client.post(revoke_url(created.token))
    assert response.status_code == 302
    assert response["Location"] == LIST
    created.token.refresh_from_db()
    assert created.token.revoked_at is not None
    assert api_get(f"{API}/organizations", created.secret).status_code == 401
    assert "revoked" in admin_client.get(LIST).content.decode()


def test_nobody_can_revoke_someone_elses_token(outsider_client, admin):
    token = do_create_api_token(admin, "Script").token
    assert outsider_client.get(revoke_url(token)).status_code == 404
    assert outsider_client.post(revoke_url(token)).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_an_unknown_token_id_is_404(admin_client):
    assert admin_client.get("/account/api-tokens/999/revoke/").status_code == 404


def test_a_revoked_token_says_so_instead_of_asking_again(admin, organization):
    created = do_create_api_token(admin, "Script")
    client = client_for(admin)
    client.post(revoke_url(created.token))
    page = client.get(revoke_url(created.token)).content.decode()
    assert "was revoked on" in page
    assert 'type="submit" class="danger"' not in page
