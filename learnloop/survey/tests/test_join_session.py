"""Anonymous sessions: one open link, the participant picks a group, no identity stored."""

import pytest
from django.urls import reverse

from learnloop.learning_sessions.models import (
    Anonymity,
    LearningSession,
    LinkKind,
    Participant,
    State,
)
from learnloop.lib.tokens import hash_token

OPEN_TOKEN = "open-link-token-for-the-spring-review"


@pytest.fixture
def anonymous_session(learning_session, groups):
    learning_session.anonymity = Anonymity.ANONYMOUS
    learning_session.open_link_hash = hash_token(OPEN_TOKEN)
    learning_session.save(update_fields=["anonymity", "open_link_hash"])
    return learning_session


def join_url(token=OPEN_TOKEN):
    return reverse("survey-join-session", args=[token])


def test_open_link_shows_introduction_privacy_and_groups(client, anonymous_session):
    response = client.get(join_url())
    assert response.status_code == 200
    content = response.content.decode()
    assert "We rate each proof point and say why." in content
    assert "This survey is anonymous" in content
    assert "Board" in content
    assert "Staff" in content


def test_joining_creates_a_participant_with_no_identity(client, anonymous_session, groups):
    response = client.post(join_url(), {"group": groups["Staff"].pk})
    assert response.status_code == 302
    participant = Participant.objects.get(session=anonymous_session)
    assert participant.person is None
    assert participant.group == groups["Staff"]
    assert set(participant.modules.all()) == set(anonymous_session.modules.all())
    token = response.url.split("/")[2]
    link = participant.links.get()
    assert (link.token_hash, link.kind) == (hash_token(token), LinkKind.ANONYMOUS)
    assert set(response.cookies) <= {"csrftoken"}
    page = client.get(response.url)
    assert page.status_code == 200
    assert "Bookmark this page." in page.content.decode()


def test_each_join_is_a_new_participant(client, anonymous_session, groups):
    client.post(join_url(), {"group": groups["Board"].pk})
    client.post(join_url(), {"group": groups["Board"].pk})
    assert Participant.objects.filter(session=anonymous_session).count() == 2


def test_joining_requires_a_group_of_the_organization(
    client, anonymous_session, other_organization
):
    from learnloop.organizations.models import Group

    foreign = Group.objects.create(organization=other_organization, name="Elsewhere")
    assert client.post(join_url(), {}).status_code == 400
    assert client.post(join_url(), {"group": foreign.pk}).status_code == 400
    assert not Participant.objects.exists()


def test_the_open_link_offers_only_the_groups_chosen_for_it(client, anonymous_session, groups):
    anonymous_session.open_link_groups.set([groups["Staff"]])
    content = client.get(join_url()).content.decode()
    assert f'value="{groups["Staff"].pk}"' in content
    assert f'value="{groups["Board"].pk}"' not in content
    assert "Board" not in content


def test_a_group_not_offered_is_refused_and_nobody_joins(client, anonymous_session, groups):
    anonymous_session.open_link_groups.set([groups["Staff"]])
    response = client.post(join_url(), {"group": groups["Board"].pk})
    assert response.status_code == 400
    assert not Participant.objects.exists()
    response = client.post(join_url(), {"group": groups["Staff"].pk})
    assert response.status_code == 302
    assert Participant.objects.get().group == groups["Staff"]


def test_with_no_group_chosen_the_open_link_offers_every_group(client, anonymous_session, groups):
    content = client.get(join_url()).content.decode()
    for group in groups.values():
        assert f'value="{group.pk}"' in content


def test_unknown_open_link_is_not_found(client, anonymous_session, groups):
    assert client.get(join_url("wrong")).status_code == 404
    assert client.post(join_url("wrong"), {"group": groups["Board"].pk}).status_code == 404
    assert not Participant.objects.exists()


def test_open_link_of_a_session_that_is_not_anonymous_is_not_found(
    client, anonymous_session, groups
):
    LearningSession.objects.filter(pk=anonymous_session.pk).update(anonymity=Anonymity.CONFIDENTIAL)
    assert client.post(join_url(), {"group": groups["Board"].pk}).status_code == 404
    assert not Participant.objects.exists()


def test_open_link_of_a_closed_session_is_refused(client, anonymous_session, groups):
    LearningSession.objects.filter(pk=anonymous_session.pk).update(state=State.CLOSED)
    response = client.post(join_url(), {"group": groups["Board"].pk})
    assert response.status_code == 410
    assert "has closed" in response.content.decode()
    assert not Participant.objects.exists()
