"""Invitations and reminders: who gets them, what they say, and the links they carry."""

import re
from datetime import timedelta

from django.utils import timezone

from conftest import add_participant
from learnloop.frameworks.models import ProofPoint
from learnloop.learning_sessions.actions import do_revoke_link, do_send_reminders
from learnloop.learning_sessions.models import LinkKind, Participant, ParticipantLink, State
from learnloop.learning_sessions.tests.conftest import url
from learnloop.lib.tokens import hash_token
from learnloop.organizations.models import Person

LINK = re.compile(r"http://127\.0\.0\.1:8000/s/([A-Za-z0-9_-]+)/")


def invite(admin_client, session, participants):
    return admin_client.post(
        url("sessions-send-invitations", session),
        {"participants": [p.pk for p in participants]},
        follow=True,
    )


def test_invitation_names_the_session_and_carries_a_working_personal_link(
    admin_client, learning_session, everyone, mailoutbox
):
    learning_session.closes_at = timezone.now() + timedelta(days=10)
    learning_session.save(update_fields=["closes_at"])
    response = invite(admin_client, learning_session, everyone[:2])
    assert "Invitations: 2 emails sent." in response.content.decode()
    assert sorted(m.to[0] for m in mailoutbox) == ["person1@example.org", "person2@example.org"]
    message = next(m for m in mailoutbox if m.to == ["person1@example.org"])
    assert "Spring review" in message.subject
    assert message.body.startswith("Hello Person 1,")
    assert "Person 2" not in message.body
    assert "We rate each proof point and say why." in message.body
    assert learning_session.privacy_statement in message.body
    assert "Please answer before" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert "Open your survey" in html
    token = LINK.search(message.body).group(1)
    link = ParticipantLink.objects.get(token_hash=hash_token(token))
    assert (link.participant_id, link.kind) == (everyone[0].pk, LinkKind.INVITATION)
    assert Participant.objects.get(pk=everyone[0].pk).invited_at is not None
    assert admin_client.get(f"/s/{token}/").status_code == 200


def test_the_page_ticks_people_not_yet_invited_and_says_links_already_sent_keep_working(
    admin_client, learning_session, everyone
):
    everyone[0].invited_at = timezone.now()
    everyone[0].save(update_fields=["invited_at"])
    page = admin_client.get(url("sessions-send-invitations", learning_session)).content.decode()
    assert "the links they already have keep working" in page
    assert "stops working" not in page
    assert re.search(rf'value="{everyone[0].pk}"[^>]*checked', page) is None
    assert re.search(rf'value="{everyone[1].pk}"[^>]*checked', page)


def test_inviting_again_adds_a_link_and_the_earlier_one_keeps_working(
    admin_client, learning_session, participant_with_token, mailoutbox
):
    participant, old_token = participant_with_token
    invite(admin_client, learning_session, [participant])
    invite(admin_client, learning_session, [participant])
    tokens = [LINK.search(message.body).group(1) for message in mailoutbox]
    assert len(set(tokens)) == 2
    hashes = set(participant.links.values_list("token_hash", flat=True))
    assert hashes == {hash_token(t) for t in [old_token, *tokens]}
    for token in [old_token, *tokens]:
        assert admin_client.get(f"/s/{token}/").status_code == 200
    assert "still works too" in mailoutbox[1].body


def test_people_without_email_get_nothing_and_are_named(
    admin_client, learning_session, groups, mailoutbox
):
    person = Person.objects.create(organization=learning_session.organization, name="No Mail")
    participant, _token = add_participant(learning_session, person, groups["Staff"])
    response = invite(admin_client, learning_session, [participant])
    assert "nothing was sent to: No Mail" in response.content.decode()
    assert mailoutbox == []
    participant.refresh_from_db()
    assert participant.invited_at is None


def test_no_invitations_while_draft_or_closed(admin_client, learning_session, everyone, mailoutbox):
    for state in [State.DRAFT, State.CLOSED]:
        learning_session.state = state
        learning_session.save(update_fields=["state"])
        response = invite(admin_client, learning_session, everyone)
        assert "only while the session is open" in response.content.decode()
    assert mailoutbox == []


def test_no_invitations_past_the_closing_date(admin_client, learning_session, everyone, mailoutbox):
    learning_session.closes_at = timezone.now() - timedelta(minutes=1)
    learning_session.save(update_fields=["closes_at"])
    invite(admin_client, learning_session, everyone)
    assert mailoutbox == []


def test_invitations_need_someone_ticked(admin_client, learning_session, everyone, mailoutbox):
    response = admin_client.post(url("sessions-send-invitations", learning_session), {})
    assert "Tick at least one participant" in response.content.decode()
    assert mailoutbox == []


def test_reminders_go_only_to_people_who_have_not_finished_and_still_have_a_link(
    admin_client, learning_session, everyone, groups, mailoutbox
):
    done, started, revoked, never_linked = everyone[0], everyone[1], everyone[2], everyone[3]
    done.submitted_at = timezone.now()
    done.save(update_fields=["submitted_at"])
    started.started_at = timezone.now()
    started.save(update_fields=["started_at"])
    do_revoke_link(revoked)
    never_linked.links.all().delete()
    page = admin_client.get(url("sessions-send-reminders", learning_session)).content.decode()
    assert "3 people will be reminded" in page
    assert mailoutbox == []
    response = admin_client.post(url("sessions-send-reminders", learning_session), follow=True)
    recipients = sorted(m.to[0] for m in mailoutbox)
    assert recipients == ["person2@example.org", "person5@example.org", "person6@example.org"]
    assert "Reminders: 3 emails sent." in response.content.decode()
    reminded = Participant.objects.get(pk=started.pk)
    assert reminded.reminded_at is not None
    token = LINK.search(next(m for m in mailoutbox if m.to == ["person2@example.org"]).body)
    link = ParticipantLink.objects.get(token_hash=hash_token(token.group(1)))
    assert (link.participant_id, link.kind) == (started.pk, LinkKind.REMINDER)
    assert started.links.filter(revoked_at__isnull=True).count() == 2
    assert "still works too" in mailoutbox[0].body
    assert Participant.objects.get(pk=done.pk).reminded_at is None
    assert not revoked.links.filter(revoked_at__isnull=True).exists()


def test_reminders_report_who_lacks_an_email(admin_client, learning_session, groups, mailoutbox):
    person = Person.objects.create(organization=learning_session.organization, name="No Mail")
    add_participant(learning_session, person, groups["Staff"])
    page = admin_client.get(url("sessions-send-reminders", learning_session)).content.decode()
    assert "No email address, so no reminder, for:" in page
    report = do_send_reminders(learning_session)
    assert [str(p.person) for p in report.without_email] == ["No Mail"]
    assert report.queued == []
    assert mailoutbox == []


def test_reminders_can_leave_recently_contacted_people_alone(
    learning_session, everyone, mailoutbox
):
    everyone[0].reminded_at = timezone.now()
    everyone[0].save(update_fields=["reminded_at"])
    report = do_send_reminders(learning_session, timezone.now() - timedelta(days=3))
    assert len(report.queued) == 5
    assert "person1@example.org" not in [m.to[0] for m in mailoutbox]


def test_anonymous_sessions_send_no_email(admin_client, anonymous_session, mailoutbox):
    anonymous = Participant.objects.create(session=anonymous_session)
    anonymous.modules.set(anonymous_session.modules.all())
    page = admin_client.get(url("sessions-send-reminders", anonymous_session)).content.decode()
    assert "Anonymous sessions send no reminders" in page
    response = admin_client.post(url("sessions-send-reminders", anonymous_session), follow=True)
    assert "Anonymous sessions send no emails" in response.content.decode()
    invite(admin_client, anonymous_session, [anonymous])
    assert mailoutbox == []


def test_a_queued_reminder_is_dropped_if_they_submit_before_it_runs(
    learning_session, everyone, mailoutbox
):
    from learnloop.learning_sessions.actions import do_email_link

    participant = everyone[0]
    participant.submitted_at = timezone.now()
    participant.save(update_fields=["submitted_at"])
    assert do_email_link(participant.pk, "reminder") is False
    assert mailoutbox == []
    assert do_email_link(everyone[1].pk, "reminder") is True
    assert len(mailoutbox) == 1


def test_a_failed_send_leaves_the_old_link_working(
    learning_session, participant_with_token, settings
):
    import pytest

    from learnloop.learning_sessions.actions import do_email_link

    participant, token = participant_with_token
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = 9  # nothing listens on the discard port
    with pytest.raises(OSError):
        do_email_link(participant.pk, "invitation")
    participant.refresh_from_db()
    assert list(participant.links.values_list("token_hash", "revoked_at")) == [
        (hash_token(token), None)
    ]
    assert participant.invited_at is None


def test_the_task_queue_holds_participant_ids_never_tokens(
    learning_session, everyone, settings, mailoutbox
):
    """With the real database queue, what waits for the worker is an id; the link is made
    when the email is sent."""
    from django_tasks_db.models import DBTaskResult

    from learnloop.learning_sessions.actions import do_send_invitations
    from learnloop.learning_sessions.tasks import send_invitation

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    links_before = ParticipantLink.objects.count()
    report = do_send_invitations(learning_session, everyone[:2])
    queued = [row.args_kwargs for row in DBTaskResult.objects.all()]
    assert sorted(row["args"] for row in queued) == [[everyone[0].pk], [everyone[1].pk]]
    assert all(row["kwargs"] == {} for row in queued)
    assert len(report.queued) == 2
    assert mailoutbox == []
    assert ParticipantLink.objects.count() == links_before
    # What the worker does with one of them.
    assert send_invitation.call(everyone[0].pk) is True
    token = LINK.search(mailoutbox[0].body).group(1)
    assert (
        ParticipantLink.objects.get(token_hash=hash_token(token)).participant_id == everyone[0].pk
    )
    assert ParticipantLink.objects.count() == links_before + 1


def test_a_reminder_does_not_interrupt_a_survey_open_in_another_tab(
    client, learning_session, participant_with_token, mailoutbox
):
    """The participant is answering through their invitation link when a reminder goes out:
    the page they have open keeps saving, and the reminder's link shows the same answers."""
    participant, open_token = participant_with_token
    proof_point = ProofPoint.objects.filter(module__learning_sessions=learning_session).first()
    save = f"/s/{open_token}/answers/{proof_point.pk}/"
    assert client.post(save, {"code": "2", "comment": "Before"}).status_code == 200
    do_send_reminders(learning_session)
    reminder_token = LINK.search(mailoutbox[0].body).group(1)
    assert client.post(save, {"code": "3", "comment": "After the reminder"}).status_code == 200
    assert participant.answers.get().comment == "After the reminder"
    page = client.get(f"/s/{reminder_token}/modules/{proof_point.module_id}/")
    assert page.status_code == 200
    assert "After the reminder" in page.content.decode()
