"""Personal links and the anonymous open link: random, hashed, shown once, revocable."""

import re

import pytest
from django.forms.models import model_to_dict

from learnloop.learning_sessions.actions import SessionError, do_issue_link, do_revoke_link
from learnloop.learning_sessions.models import LinkKind, Participant, ParticipantLink, State
from learnloop.learning_sessions.tests.conftest import url
from learnloop.lib.tokens import hash_token

TOKEN_IN_LINK = re.compile(r"/s/([A-Za-z0-9_-]+)/")


def shown_token(response) -> str:
    return TOKEN_IN_LINK.search(response.content.decode()).group(1)


def links_of(participant) -> list[ParticipantLink]:
    return list(ParticipantLink.objects.filter(participant=participant))


def test_a_token_has_at_least_128_bits_and_only_its_hash_is_stored(participant_with_token):
    participant, _old = participant_with_token
    token = do_issue_link(participant, LinkKind.COPIED)
    # token_urlsafe: 6 bits per character
    assert len(token) * 6 >= 128
    link = ParticipantLink.objects.get(token_hash=hash_token(token))
    assert link.participant == participant
    assert link.kind == LinkKind.COPIED
    for row in [
        Participant.objects.filter(pk=participant.pk).values().first(),
        *ParticipantLink.objects.filter(participant=participant).values(),
    ]:
        assert not any(token in str(value) for value in row.values())
    assert not any(token in str(value) for value in model_to_dict(participant).values())


def test_two_links_are_never_the_same(participant_with_token):
    participant, _old = participant_with_token
    assert len({do_issue_link(participant, LinkKind.COPIED) for _ in range(20)}) == 20


def test_copy_link_explains_first_that_the_links_they_have_keep_working(
    admin_client, learning_session, participant_with_token
):
    participant, _token = participant_with_token
    address = url("sessions-copy-link", learning_session, participant_id=participant.pk)
    page = admin_client.get(address).content.decode()
    assert "never the link itself" in page
    assert "The links they already have keep working" in page
    assert 'class="danger"' not in page
    assert len(links_of(participant)) == 1


def test_copy_link_adds_a_link_shown_once_and_the_earlier_one_keeps_working(
    admin_client, learning_session, participant_with_token
):
    participant, old_token = participant_with_token
    address = url("sessions-copy-link", learning_session, participant_id=participant.pk)
    response = admin_client.post(address)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    token = shown_token(response)
    assert f"http://127.0.0.1:8000/s/{token}/" in response.content.decode()
    assert "keep working until you revoke them" in response.content.decode()
    new = ParticipantLink.objects.get(token_hash=hash_token(token))
    assert (new.participant, new.kind, new.revoked_at) == (participant, LinkKind.COPIED, None)
    assert len(links_of(participant)) == 2
    # Both links open the same participant's survey.
    assert admin_client.get(f"/s/{token}/").status_code == 200
    assert admin_client.get(f"/s/{old_token}/").status_code == 200


def test_revoke_asks_first_then_stops_every_link_of_the_participant(
    admin_client, learning_session, participant_with_token
):
    participant, token = participant_with_token
    emailed = do_issue_link(participant, LinkKind.INVITATION)
    address = url("sessions-revoke-link", learning_session, participant_id=participant.pk)
    page = admin_client.get(address).content.decode()
    assert "Every link Person 1 has for this session stops working at once" in page
    assert re.search(r"Working links: copied by an administrator, [^;]+; invitation email", page)
    assert all(link.revoked_at is None for link in links_of(participant))
    response = admin_client.post(address, follow=True)
    assert "The 2 links of Person 1 no longer work." in response.content.decode()
    assert all(link.revoked_at is not None for link in links_of(participant))
    assert not Participant.objects.get(pk=participant.pk).has_working_link
    for old in [token, emailed]:
        response = admin_client.get(f"/s/{old}/")
        assert response.status_code == 410
        assert "withdrawn" in response.content.decode()


def test_revoking_leaves_other_participants_links_alone(admin_client, learning_session, everyone):
    first, second = everyone[0], everyone[1]
    admin_client.post(url("sessions-revoke-link", learning_session, participant_id=first.pk))
    assert ParticipantLink.objects.get(participant=second).revoked_at is None


def test_revoking_twice_says_there_is_no_working_link(
    admin_client, learning_session, participant_with_token
):
    participant, _token = participant_with_token
    address = url("sessions-revoke-link", learning_session, participant_id=participant.pk)
    admin_client.post(address)
    revoked_at = links_of(participant)[0].revoked_at
    response = admin_client.post(address, follow=True)
    assert "has no working link to revoke" in response.content.decode()
    assert links_of(participant)[0].revoked_at == revoked_at


def test_copy_link_after_revoking_makes_a_working_link_again(
    admin_client, learning_session, participant_with_token
):
    participant, old_token = participant_with_token
    admin_client.post(url("sessions-revoke-link", learning_session, participant_id=participant.pk))
    response = admin_client.post(
        url("sessions-copy-link", learning_session, participant_id=participant.pk)
    )
    assert Participant.objects.get(pk=participant.pk).has_working_link
    token = shown_token(response)
    assert admin_client.get(f"/s/{token}/").status_code == 200
    assert admin_client.get(f"/s/{old_token}/").status_code == 410


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
    with pytest.raises(SessionError):
        do_issue_link(participant, LinkKind.COPIED)
    assert [link.token_hash for link in links_of(participant)] == [hash_token(token)]
    assert admin_client.get(f"/s/{token}/").status_code == 410


def test_anonymous_respondents_get_no_personal_link_from_an_administrator(anonymous_session):
    respondent = Participant.objects.create(session=anonymous_session)
    with pytest.raises(SessionError, match="Anonymous sessions have no personal links"):
        do_issue_link(respondent, LinkKind.COPIED)
    assert not ParticipantLink.objects.exists()


def test_participant_list_shows_working_revoked_and_missing_links(
    admin_client, learning_session, everyone
):
    several, revoked, none = everyone[0], everyone[1], everyone[2]
    do_issue_link(several, LinkKind.REMINDER)
    do_revoke_link(revoked)
    ParticipantLink.objects.filter(participant=none).delete()
    page = admin_client.get(url("sessions-list-participants", learning_session)).content.decode()
    rows = {p.pk: row_of(page, p) for p in everyone}
    assert "2 working links" in rows[several.pk]
    assert "Revoke links" in rows[several.pk]
    assert "Revoked" in rows[revoked.pk]
    assert "revoke-link" not in rows[revoked.pk]
    assert "None yet" in rows[none.pk]
    assert "Working" in rows[everyone[3].pk]
    assert "Revoke link<" in rows[everyone[3].pk]


def row_of(page: str, participant) -> str:
    """The table row that holds the participant's edit link."""
    marker = f"/participants/{participant.pk}/edit/"
    at = page.index(marker)
    return page[page.rindex("<tr>", 0, at) : page.index("</tr>", at)]


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
