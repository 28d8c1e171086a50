"""Telling participants that a release is ready: one email each, with a personal link that
opens the release, never twice, never to someone whose links were stopped."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from conftest import add_participant, client_for
from learnloop.learning_sessions.actions import do_revoke_link
from learnloop.learning_sessions.models import Anonymity, LinkKind, ParticipantLink, State
from learnloop.organizations.models import Person
from learnloop.plan.tests.conftest import make_other_session
from learnloop.sharing import actions, emails
from learnloop.sharing.models import ReleaseNotice
from learnloop.sharing.tests.conftest import (
    EMAILS,
    NAMES,
    make_release,
    review_everything,
    session_url,
)

LINK = re.compile(r"https?://[^\s\"]+(/s/[^/\s\"]+/findings/)")


def link_in(message) -> str:
    return LINK.search(message.body).group(1)


def test_each_participant_gets_one_email_whose_link_opens_the_release(
    published, sharing_session, mailoutbox
):
    plan = actions.do_notify_participants(published)
    assert len(plan.to_send) == len(NAMES)
    assert sorted(message.to[0] for message in mailoutbox) == sorted(EMAILS)
    for message in mailoutbox:
        (recipient,) = message.to
        name = NAMES[EMAILS.index(recipient)]
        html = message.alternatives[0][0]
        for text in (message.body, html):
            assert name in text
            assert published.title in text
            assert published.message in text
            # Nobody else is named: not the other participants, not their addresses.
            for other in NAMES + EMAILS:
                if other not in (name, recipient):
                    assert other not in text, (recipient, other)
        page = Client().get(link_in(message))
        assert page.status_code == 200
        assert published.title in page.content.decode()
    assert ReleaseNotice.objects.filter(release=published).count() == len(NAMES)
    assert ParticipantLink.objects.filter(kind=LinkKind.FINDINGS).count() == len(NAMES)


def test_nobody_is_emailed_twice_about_the_same_release(published, mailoutbox):
    actions.do_notify_participants(published)
    mailoutbox.clear()
    plan = actions.do_notify_participants(published)
    assert (plan.to_send, plan.already_told) == ([], len(NAMES))
    assert mailoutbox == []
    # A task queued twice for the same person sends once.
    notice = ReleaseNotice.objects.filter(release=published).first()
    assert not actions.do_email_release_notice(published.pk, notice.participant_id)
    assert mailoutbox == []


def test_people_without_an_address_or_a_working_link_are_counted_not_emailed(
    published, sharing_session, mailoutbox
):
    first, second = sharing_session.participants_in_order[:2]
    first.person.email = ""
    first.person.save()
    do_revoke_link(second)
    plan = actions.do_notify_participants(published)
    assert (plan.without_email, plan.without_link) == (1, 1)
    assert len(plan.to_send) == len(mailoutbox) == len(NAMES) - 2
    sent_to = {message.to[0] for message in mailoutbox}
    assert EMAILS[0] not in sent_to
    assert EMAILS[1] not in sent_to
    assert plan.everyone == len(NAMES)


def test_a_closed_session_still_sends_links_that_open_the_release(
    published, sharing_session, mailoutbox
):
    sharing_session.state = State.CLOSED
    sharing_session.save()
    actions.do_notify_participants(published)
    assert len(mailoutbox) == len(NAMES)
    assert Client().get(link_in(mailoutbox[0])).status_code == 200


@pytest.mark.parametrize(
    # Not open yet: with tasks run at once (no worker to wait), the email cannot wait.
    "change",
    ["draft", "withdrawn", "review over", "review not open yet", "anonymous"],
)
def test_refused_when_there_is_nothing_to_invite_people_to(
    change, sharing_session, findings, admin, mailoutbox
):
    review_everything(sharing_session, admin)
    release = make_release(sharing_session, admin)
    if change != "draft":
        actions.do_publish_release(release, admin)
    if change == "withdrawn":
        actions.do_withdraw_release(release)
        release.refresh_from_db()
    if change == "review over":
        release.review_closes_at = timezone.now() - timedelta(minutes=1)
        release.save()
    if change == "review not open yet":  # the link would not open it yet
        release.review_opens_at = timezone.now() + timedelta(days=1)
        release.save()
    if change == "anonymous":
        sharing_session.anonymity = Anonymity.ANONYMOUS
        sharing_session.save()
        release.session = sharing_session
    with pytest.raises(actions.SharingError):
        actions.do_notify_participants(release)
    participant = sharing_session.participants_in_order[0]
    assert not actions.do_email_release_notice(release.pk, participant.pk)
    assert mailoutbox == []
    assert not ReleaseNotice.objects.exists()


def test_a_task_for_another_sessions_participant_sends_nothing(
    published, sharing_session, mailoutbox
):
    other = make_other_session(sharing_session)
    person = Person.objects.create(
        organization=sharing_session.organization, name="Elsewhere", email="else@example.org"
    )
    participant, _token = add_participant(other, person, None)
    assert not actions.do_email_release_notice(published.pk, participant.pk)
    assert mailoutbox == []


def test_a_failed_send_leaves_no_notice_and_no_link(published, sharing_session, monkeypatch):
    def fail(*args, **kwargs):
        raise OSError("The mail server did not answer")

    monkeypatch.setattr(emails, "send_release_email", fail)
    participant = sharing_session.participants_in_order[0]
    with pytest.raises(OSError):
        actions.do_email_release_notice(published.pk, participant.pk)
    assert not ReleaseNotice.objects.exists()
    assert not ParticipantLink.objects.filter(kind=LinkKind.FINDINGS).exists()


def test_the_page_asks_first_then_queues_and_the_overview_counts(
    published, sharing_session, admin, mailoutbox
):
    client = client_for(admin)
    url = session_url("sharing-notify-participants", sharing_session, release_id=published.pk)
    page = client.get(url).content.decode()
    assert f"Email {len(NAMES)} participants" in page
    assert mailoutbox == []
    response = client.post(url, follow=True)
    assert f"{len(NAMES)} emails are on their way." in response.content.decode()
    assert len(mailoutbox) == len(NAMES)
    overview = client.get(session_url("sharing-show-sharing", sharing_session)).content.decode()
    assert f"emailed to {len(NAMES)} participants" in overview
    again = client.get(url).content.decode()
    assert "Nobody is left to email about this release." in again
    assert f"{len(NAMES)} were emailed about it already" in again


def test_publishing_leads_to_the_email_page(sharing_session, findings, admin):
    review_everything(sharing_session, admin)
    release = make_release(sharing_session, admin)
    client = client_for(admin)
    response = client.post(
        session_url("sharing-publish-release", sharing_session, release_id=release.pk)
    )
    assert response.url == session_url(
        "sharing-notify-participants", sharing_session, release_id=release.pk
    )


def test_only_administrators_email_participants(published, sharing_session, facilitator, viewer):
    url = session_url("sharing-notify-participants", sharing_session, release_id=published.pk)
    for user in (facilitator, viewer):
        client = client_for(user)
        assert client.get(url).status_code == 404
        assert client.post(url).status_code == 404
    assert not ReleaseNotice.objects.exists()


def test_links_stopped_after_queueing_are_not_overruled(published, sharing_session, mailoutbox):
    participant = sharing_session.participants_in_order[0]
    do_revoke_link(participant)  # after the task was queued, before it ran
    assert not actions.do_email_release_notice(published.pk, participant.pk)
    assert mailoutbox == []
    assert not participant.links.filter(revoked_at__isnull=True).exists()


def test_the_link_works_before_the_email_is_sent(published, sharing_session, monkeypatch):
    opened = []

    def open_at_once(release, participant, link):  # as a mail scanner would
        opened.append(Client().get(LINK.search(link + " ").group(1)).status_code)

    monkeypatch.setattr(emails, "send_release_email", open_at_once)
    participant = sharing_session.participants_in_order[0]
    assert actions.do_email_release_notice(published.pk, participant.pk)
    assert opened == [200]


@pytest.fixture
def deferred_tasks(settings):
    """A task backend that keeps tasks (with when to run them) instead of running them, as the
    worker's database queue does."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    from django_tasks import default_task_backend

    default_task_backend.clear()
    return default_task_backend


def test_before_the_review_opens_the_emails_wait_for_it(
    sharing_session, findings, admin, mailoutbox, deferred_tasks
):
    review_everything(sharing_session, admin)
    opens = timezone.now() + timedelta(days=2)
    release = make_release(sharing_session, admin, review_opens_at=opens)
    release = actions.do_publish_release(release, admin)
    client = client_for(admin)
    url = session_url("sharing-notify-participants", sharing_session, release_id=release.pk)
    page = client.get(url).content.decode()
    assert f"Email {len(NAMES)} participants when the review opens" in page
    response = client.post(url, follow=True)
    assert "when the review opens" in response.content.decode()
    queued = deferred_tasks.results
    assert len(queued) == len(NAMES)
    assert {result.task.run_after for result in queued} == {opens}
    assert mailoutbox == []
    release.refresh_from_db()
    assert release.notices_scheduled_for == opens
    overview = client.get(session_url("sharing-show-sharing", sharing_session)).content.decode()
    assert "emails scheduled for" in overview
    # Pressing again schedules nothing more.
    with pytest.raises(actions.SharingError):
        actions.do_notify_participants(release)
    assert len(deferred_tasks.results) == len(NAMES)
    # When the review opens, the worker runs them: each sends its email.
    release.review_opens_at = timezone.now() - timedelta(minutes=1)
    release.save(update_fields=["review_opens_at"])
    for result in queued:
        assert actions.do_email_release_notice(*result.args)
    assert len(mailoutbox) == len(NAMES)


def test_a_scheduled_email_waits_again_when_the_opening_moves_later(
    sharing_session, findings, admin, mailoutbox, deferred_tasks
):
    review_everything(sharing_session, admin)
    release = make_release(
        sharing_session, admin, review_opens_at=timezone.now() + timedelta(days=1)
    )
    release = actions.do_publish_release(release, admin)
    actions.do_notify_participants(release)
    first = deferred_tasks.results[0]
    later = timezone.now() + timedelta(days=5)
    release.review_opens_at = later
    release.save(update_fields=["review_opens_at"])
    deferred_tasks.clear()
    assert not actions.do_email_release_notice(*first.args)  # run at the old time
    assert mailoutbox == []
    (again,) = deferred_tasks.results
    assert (again.args, again.task.run_after) == (first.args, later)
