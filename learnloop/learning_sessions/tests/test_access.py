"""Every page of this app walked by people who may not use it."""

import pytest
from django.urls import resolve, reverse

from conftest import add_participant, client_for
from learnloop.learning_sessions.models import (
    LearningSession,
    Participant,
    ParticipantLink,
    State,
)
from learnloop.learning_sessions.tests.conftest import url

SESSION_ADMIN_URLS = [
    "sessions-edit-session",
    "sessions-open-session",
    "sessions-close-session",
    "sessions-list-participants",
    "sessions-add-participants",
    "sessions-send-invitations",
    "sessions-send-reminders",
    "sessions-create-open-link",
]
PARTICIPANT_URLS = [
    "sessions-edit-participant",
    "sessions-remove-participant",
    "sessions-copy-link",
    "sessions-revoke-link",
]


# Pages that only show something: a POST is answered 405, to anyone, before any access check.
SHOW_ONLY = ("sessions-list-sessions", "sessions-show-session", "sessions-list-participants")


def refusal(address: str, method: str) -> int:
    """404 (nothing here for you), or 405 for a POST to a page that only shows something."""
    if method == "post" and resolve(address).url_name in SHOW_ONLY:
        return 405
    return 404


def every_url(session: LearningSession, participant: Participant) -> list[str]:
    slug = session.organization.slug
    return [
        reverse("sessions-list-sessions", kwargs={"slug": slug}),
        reverse("sessions-create-session", kwargs={"slug": slug}),
        url("sessions-show-session", session),
        *[url(name, session) for name in SESSION_ADMIN_URLS],
        *[url(name, session, participant_id=participant.pk) for name in PARTICIPANT_URLS],
    ]


def admin_urls(session: LearningSession, participant: Participant) -> list[str]:
    return [
        reverse("sessions-create-session", kwargs={"slug": session.organization.slug}),
        *[url(name, session) for name in SESSION_ADMIN_URLS],
        *[url(name, session, participant_id=participant.pk) for name in PARTICIPANT_URLS],
    ]


def snapshot(session: LearningSession) -> tuple:
    session.refresh_from_db()
    participants = list(
        Participant.objects.filter(session=session)
        .order_by("pk")
        .values_list("pk", "invited_at", "group_id")
    )
    links = list(
        ParticipantLink.objects.filter(participant__session=session)
        .order_by("pk")
        .values_list("participant_id", "token_hash", "revoked_at")
    )
    return (
        session.state,
        session.title,
        session.open_link_hash,
        LearningSession.objects.count(),
        participants,
        links,
    )


@pytest.mark.parametrize("method", ["get", "post"])
def test_outsider_gets_404_on_every_page(
    outsider_client, learning_session, participant_with_token, method, mailoutbox
):
    participant, _token = participant_with_token
    before = snapshot(learning_session)
    for address in every_url(learning_session, participant):
        response = getattr(outsider_client, method)(address, {"title": "Taken"})
        assert response.status_code == refusal(address, method), address
    assert snapshot(learning_session) == before
    assert mailoutbox == []


def test_signed_out_visitor_is_sent_to_sign_in(client, learning_session, participant_with_token):
    participant, _token = participant_with_token
    for address in every_url(learning_session, participant):
        response = client.post(address)
        assert response.status_code == 302, address
        assert reverse("accounts-login") in response["Location"]


@pytest.mark.parametrize("method", ["get", "post"])
def test_viewer_sees_only_the_list_of_titles(
    viewer, learning_session, participant_with_token, method, mailoutbox
):
    participant, _token = participant_with_token
    client = client_for(viewer)
    before = snapshot(learning_session)
    listing = client.get(reverse("sessions-list-sessions", kwargs={"slug": "riverside"}))
    assert listing.status_code == 200
    assert "Spring review" in listing.content.decode()
    # No link to the dashboard (the session's report, under the same address, is the reports
    # app's to offer).
    dashboard = url("sessions-show-session", learning_session)
    assert f'href="{dashboard}"' not in listing.content.decode()
    for address in every_url(learning_session, participant)[1:]:
        response = getattr(client, method)(address, {"title": "Taken"})
        assert response.status_code == refusal(address, method), address
    assert snapshot(learning_session) == before
    assert mailoutbox == []


@pytest.mark.parametrize("method", ["get", "post"])
def test_facilitator_sees_the_dashboard_but_cannot_change_anything(
    facilitator, learning_session, participant_with_token, method, mailoutbox
):
    participant, _token = participant_with_token
    client = client_for(facilitator)
    before = snapshot(learning_session)
    dashboard = client.get(url("sessions-show-session", learning_session))
    assert dashboard.status_code == 200
    assert url("sessions-close-session", learning_session) not in dashboard.content.decode()
    for address in admin_urls(learning_session, participant):
        response = getattr(client, method)(address, {"title": "Taken"})
        assert response.status_code == refusal(address, method), address
    assert snapshot(learning_session) == before
    assert mailoutbox == []


@pytest.mark.parametrize("name", PARTICIPANT_URLS)
@pytest.mark.parametrize("method", ["get", "post"])
def test_participant_of_another_session_is_404(
    admin_client, learning_session, framework, people, groups, name, method
):
    other = LearningSession.objects.create(
        organization=learning_session.organization,
        title="Other",
        framework=framework,
        scale=framework.default_scale,
        state=State.OPEN,
    )
    other.modules.set(framework.modules.all())
    stranger, _token = add_participant(other, people[1], groups["Board"])
    before = snapshot(other)
    response = getattr(admin_client, method)(
        url(name, learning_session, participant_id=stranger.pk)
    )
    assert response.status_code == 404
    assert snapshot(other) == before
    assert Participant.objects.filter(pk=stranger.pk).exists()


def test_session_of_another_organization_is_404(admin_client, outsider, other_organization):
    from conftest import make_framework

    framework = make_framework(other_organization, key="theirs")
    theirs = LearningSession.objects.create(
        organization=other_organization,
        title="Theirs",
        framework=framework,
        scale=framework.default_scale,
    )
    address = reverse(
        "sessions-show-session", kwargs={"slug": "riverside", "session_id": theirs.pk}
    )
    assert admin_client.get(address).status_code == 404
    edit = reverse("sessions-edit-session", kwargs={"slug": "riverside", "session_id": theirs.pk})
    assert admin_client.post(edit, {"title": "Mine now"}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.title == "Theirs"


def test_admin_and_owner_can_open_every_page(
    admin_client, owner, learning_session, participant_with_token, framework, groups
):
    from learnloop.learning_sessions.models import Answer

    participant, _token = participant_with_token
    Answer.objects.create(
        participant=participant,
        session=learning_session,
        group=groups["Board"],
        proof_point=framework.modules.first().proof_points.first(),
        code=2,
    )
    for client in [admin_client, client_for(owner)]:
        for address in every_url(learning_session, participant):
            response = client.get(address)
            assert response.status_code == 200, address
            assert "{%" not in response.content.decode(), address
    remove = url("sessions-remove-participant", learning_session, participant_id=participant.pk)
    assert "has already answered 1 proof point" in admin_client.get(remove).content.decode()


def test_pages_of_an_anonymous_session_explain_that_nobody_is_named(
    admin_client, anonymous_session
):
    page = admin_client.get(url("sessions-list-participants", anonymous_session)).content.decode()
    assert "nobody is invited by name" in page
    dashboard = admin_client.get(url("sessions-show-session", anonymous_session)).content.decode()
    assert url("sessions-create-open-link", anonymous_session) in dashboard
    assert url("sessions-list-participants", anonymous_session) not in dashboard
