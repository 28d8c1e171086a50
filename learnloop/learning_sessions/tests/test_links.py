"""Personal links and the anonymous open link: random, hashed, shown once, revocable."""

import re

import pytest
from django.forms.models import model_to_dict

from learnloop.learning_sessions.actions import SessionError, do_issue_link
from learnloop.learning_sessions.models import Participant, State
from learnloop.learning_sessions.tests.conftest import url
from learnloop.lib.tokens import hash_token

TOKEN_IN_LINK = re.compile(r"/s/([A-Za-z0-9_-]+)/")


def shown_token(response) -> str:
    return TOKEN_IN_LINK.search(response.content.decode()).group(1)


def test_a_token_has_at_least_128_bits_and_only_its_hash_is_stored(
    learning_session, people, groups, admin_client, participant_with_token
):
    participant, _old = participant_with_token
    token = do_issue_link(participant)
    # token_urlsafe: 6 bits per character
    assert len(token) * 6 >= 128
    participant.refresh_from_db()
    assert participant.token_hash == hash_token(token)
    stored = [str(value) for value in model_to_dict(participant).values()]
    assert not any(token in value for value in stored)
    assert token not in str(Participant.objects.filter(pk=participant.pk).values().first())


def test_two_links_are_never_the_same(participant_with_token):
    participant, _old = participant_with_token
    assert len({do_issue_link(participant) for _ in range(20)}) == 20


def test_copy_link_explains_first_that_the_old_link_stops_working(
    admin_client, learning_session, participant_with_token
):
    participant, _token = participant_with_token
    address = url("sessions-copy-link", learning_session, participant_id=participant.pk)
    page = admin_client.get(address).content.decode()
    assert "never the link itself" in page
    assert "Their current link stops working" in page
    old_hash = Participant.objects.get(pk=participant.pk).token_hash
    assert old_hash == participant.token_hash


def test_copy_link_issues_a_new_link_shown_once_and_revokes_the_old_hash(
    admin_client, learning_session, participant_with_token
):
    participant, old_token = participant_with_token
    address = url("sessions-copy-link", learning_session, participant_id=participant.pk)
    response = admin_client.post(address)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    token = shown_token(response)
    assert f"http://127.0.0.1:8000/s/{token}/" in response.content.decode()
    participant.refresh_from_db()
    assert participant.token_hash == hash_token(token)
    assert participant.token_hash != hash_token(old_token)
    assert not Participant.objects.filter(token_hash=hash_token(old_token)).exists()
    # The survey accepts the new link and refuses the old one.
    assert admin_client.get(f"/s/{token}/").status_code == 200
    assert admin_client.get(f"/s/{old_token}/").status_code == 404


def test_revoke_asks_first_then_stops_the_link(
    admin_client, learning_session, participant_with_token
):
    participant, token = participant_with_token
    address = url("sessions-revoke-link", learning_session, participant_id=participant.pk)
    assert "stops working at once" in admin_client.get(address).content.decode()
    participant.refresh_from_db()
    assert participant.link_revoked_at is None
    response = admin_client.post(address)
    assert response.status_code == 302
    participant.refresh_from_db()
    assert participant.link_revoked_at is not None
    assert not participant.has_working_link
    assert admin_client.get(f"/s/{token}/").status_code == 410


def test_revoking_twice_says_there_is_no_working_link(
    admin_client, learning_session, participant_with_token
):
    participant, _token = participant_with_token
    address = url("sessions-revoke-link", learning_session, participant_id=participant.pk)
    admin_client.post(address)
    response = admin_client.post(address, follow=True)
    assert "has no working link to revoke" in response.content.decode()


def test_copy_link_after_revoking_makes_a_working_link_again(
    admin_client, learning_session, participant_with_token
):
    participant, _token = participant_with_token
    admin_client.post(url("sessions-revoke-link", learning_session, participant_id=participant.pk))
    response = admin_client.post(
        url("sessions-copy-link", learning_session, participant_id=participant.pk)
    )
    participant.refresh_from_db()
    assert participant.has_working_link
    assert participant.token_hash == hash_token(shown_token(response))


def test_no_link_is_issued_once_the_session_is_closed(
    admin_client, learning_session, participant_with_token
):
    participant, token = participant_with_token
    learning_session.state = State.CLOSED
    learning_session.save(update_fields=["state"])
    response = admin_client.post(
        url("sessions-copy-link", learning_session, participant_id=participant.pk), follow=True
    )
    assert "links are no longer issued" in response.content.decode()
    participant.refresh_from_db()
    assert participant.token_hash == hash_token(token)
    with pytest.raises(SessionError):
        do_issue_link(participant)
    assert admin_client.get(f"/s/{token}/").status_code == 410


def test_open_link_is_shown_once_and_only_its_hash_kept(admin_client, anonymous_session):
    address = url("sessions-create-open-link", anonymous_session)
    assert "shown once" in admin_client.get(address).content.decode()
    response = admin_client.post(address)
    assert response.status_code == 200
    token = re.search(r"/s/open/([A-Za-z0-9_-]+)/", response.content.decode()).group(1)
    anonymous_session.refresh_from_db()
    assert anonymous_session.open_link_hash == hash_token(token)
    assert len(token) * 6 >= 128


def test_regenerating_the_open_link_stops_the_old_one(admin_client, anonymous_session):
    address = url("sessions-create-open-link", anonymous_session)
    first = re.search(r"/s/open/([A-Za-z0-9_-]+)/", admin_client.post(address).content.decode())
    assert "current open link stops working" in admin_client.get(address).content.decode()
    second = re.search(r"/s/open/([A-Za-z0-9_-]+)/", admin_client.post(address).content.decode())
    anonymous_session.refresh_from_db()
    assert anonymous_session.open_link_hash == hash_token(second.group(1))
    assert anonymous_session.open_link_hash != hash_token(first.group(1))


def test_named_sessions_have_no_open_link(admin_client, learning_session):
    response = admin_client.post(url("sessions-create-open-link", learning_session), follow=True)
    assert "Only anonymous sessions have an open link" in response.content.decode()
    learning_session.refresh_from_db()
    assert learning_session.open_link_hash is None
