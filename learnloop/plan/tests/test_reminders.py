"""Reminders to action owners: before the due date and when overdue, through the background
worker, never twice for the same due date and kind, only for open actions whose owner has an
email address."""

import datetime
from io import StringIO
from unittest import mock

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from conftest import client_for, make_framework
from learnloop.learning_sessions.models import LearningSession
from learnloop.organizations.models import Person
from learnloop.plan.actions import (
    actions_to_remind,
    do_email_action_reminder,
    do_send_action_reminders,
    reminder_kind,
)
from learnloop.plan.models import ActionReminder, ActionStatus, ReminderKind
from learnloop.plan.tests.conftest import days_from_today, make_action

TODAY = datetime.date(2030, 6, 10)


@pytest.mark.parametrize(
    ("due_in", "status", "days", "kind"),
    [
        (-1, ActionStatus.PLANNED, 3, ReminderKind.OVERDUE),
        (-30, ActionStatus.IN_PROGRESS, 3, ReminderKind.OVERDUE),
        (0, ActionStatus.PLANNED, 3, ReminderKind.DUE_SOON),
        (3, ActionStatus.PLANNED, 3, ReminderKind.DUE_SOON),
        (4, ActionStatus.PLANNED, 3, None),
        (0, ActionStatus.PLANNED, 0, None),
        (-1, ActionStatus.PLANNED, 0, ReminderKind.OVERDUE),
        (10, ActionStatus.PLANNED, 10, ReminderKind.DUE_SOON),
        (-1, ActionStatus.DONE, 3, None),
        (1, ActionStatus.DROPPED, 3, None),
        (None, ActionStatus.PLANNED, 3, None),
    ],
)
def test_reminder_kind(learning_session, due_in, status, days, kind):
    due_on = None if due_in is None else TODAY + datetime.timedelta(days=due_in)
    action = make_action(learning_session, due_on=due_on, status=status)
    assert reminder_kind(action, TODAY, days) == kind


@pytest.fixture
def owner_person(people) -> Person:
    return people[3]  # person4@example.org


def test_owner_is_reminded_before_the_due_date_with_a_link_to_the_action(
    learning_session, owner_person, mailoutbox
):
    action = make_action(
        learning_session,
        "Brief staff on risks",
        owner=owner_person,
        due_on=days_from_today(2),
        description="After each board meeting.",
    )
    report = do_send_action_reminders()
    assert report.queued == [action]
    assert len(mailoutbox) == 1
    email = mailoutbox[0]
    assert email.to == ["person4@example.org"]
    assert email.subject == "Due soon: Brief staff on risks"
    link = f"http://127.0.0.1:8000/o/riverside/sessions/{learning_session.pk}/plan/{action.pk}/"
    for body in [email.body, email.alternatives[0][0]]:
        assert "Hello Person 4," in body
        assert "Brief staff on risks" in body
        assert "Spring review" in body
        assert action.due_on.strftime("%Y") in body
        assert link in body
    assert "is due on" in email.body
    reminder = ActionReminder.objects.get()
    assert (reminder.kind, reminder.due_on, reminder.sent_to) == (
        ReminderKind.DUE_SOON,
        action.due_on,
        "person4@example.org",
    )


def test_overdue_owner_is_reminded_once(learning_session, owner_person, mailoutbox):
    make_action(learning_session, "Late", owner=owner_person, due_on=days_from_today(-1))
    do_send_action_reminders()
    do_send_action_reminders()
    assert [email.subject for email in mailoutbox] == ["Overdue: Late"]
    assert "was due on" in mailoutbox[0].body


def test_due_soon_then_overdue_are_two_reminders_never_more(
    learning_session, owner_person, mailoutbox
):
    action = make_action(learning_session, "Minutes", owner=owner_person, due_on=days_from_today(1))
    do_send_action_reminders()
    do_send_action_reminders()
    assert len(mailoutbox) == 1
    # The due date passes: the "due soon" reminder was for this date, now "overdue" is due.
    action.due_on = days_from_today(-1)
    action.save()
    ActionReminder.objects.update(due_on=action.due_on)
    do_send_action_reminders()
    do_send_action_reminders()
    assert [email.subject for email in mailoutbox] == ["Due soon: Minutes", "Overdue: Minutes"]


def test_a_new_due_date_allows_new_reminders(learning_session, owner_person, mailoutbox):
    action = make_action(
        learning_session, "Minutes", owner=owner_person, due_on=days_from_today(-2)
    )
    do_send_action_reminders()
    action.due_on = days_from_today(1)
    action.save()
    do_send_action_reminders()
    action.due_on = days_from_today(-1)
    action.save()
    do_send_action_reminders()
    assert [email.subject for email in mailoutbox] == [
        "Overdue: Minutes",
        "Due soon: Minutes",
        "Overdue: Minutes",
    ]
    assert ActionReminder.objects.count() == 3


def test_only_open_actions_due_soon_or_overdue_are_reminded(
    learning_session, owner_person, mailoutbox
):
    make_action(
        learning_session, "Done", owner=owner_person, due_on=days_from_today(-1), status="done"
    )
    make_action(
        learning_session, "Dropped", owner=owner_person, due_on=days_from_today(1), status="dropped"
    )
    make_action(learning_session, "Later", owner=owner_person, due_on=days_from_today(4))
    make_action(learning_session, "Undated", owner=owner_person)
    going = make_action(
        learning_session,
        "Going",
        owner=owner_person,
        due_on=days_from_today(3),
        status="in_progress",
    )
    report = do_send_action_reminders()
    assert report.queued == [going]
    assert [email.subject for email in mailoutbox] == ["Due soon: Going"]


def test_owners_without_an_email_are_reported_not_reminded(
    learning_session, organization, mailoutbox
):
    silent = Person.objects.create(organization=organization, name="No Mail")
    nobody = make_action(learning_session, "Nobody owns it", due_on=days_from_today(-1))
    no_mail = make_action(learning_session, "No mail", owner=silent, due_on=days_from_today(1))
    report = do_send_action_reminders()
    assert report.queued == []
    assert report.without_email == [nobody, no_mail]
    assert mailoutbox == []
    assert not ActionReminder.objects.exists()


def test_the_number_of_days_comes_from_the_setting(
    learning_session, owner_person, mailoutbox, settings
):
    make_action(learning_session, "In ten days", owner=owner_person, due_on=days_from_today(10))
    make_action(learning_session, "Today", owner=owner_person, due_on=days_from_today(0))
    settings.ACTION_REMINDER_DAYS = 0
    assert do_send_action_reminders().queued == []
    settings.ACTION_REMINDER_DAYS = 10
    assert [a.title for a in do_send_action_reminders().queued] == ["Today", "In ten days"]
    assert len(mailoutbox) == 2


def test_the_task_gets_only_the_action_id(learning_session, owner_person):
    action = make_action(learning_session, owner=owner_person, due_on=days_from_today(1))
    with mock.patch("learnloop.plan.tasks.send_action_reminder") as task:
        do_send_action_reminders()
    task.enqueue.assert_called_once_with(action.pk)


def test_the_task_checks_again_when_it_runs(learning_session, owner_person, mailoutbox):
    action = make_action(learning_session, owner=owner_person, due_on=days_from_today(1))
    with mock.patch("learnloop.plan.tasks.send_action_reminder"):
        do_send_action_reminders()
    action.status = ActionStatus.DONE
    action.save()
    assert do_email_action_reminder(action.pk) is False
    assert do_email_action_reminder(999999) is False
    assert mailoutbox == []


def test_two_tasks_for_the_same_reminder_send_one_email(learning_session, owner_person, mailoutbox):
    action = make_action(learning_session, owner=owner_person, due_on=days_from_today(1))
    assert do_email_action_reminder(action.pk) is True
    assert do_email_action_reminder(action.pk) is False
    assert len(mailoutbox) == 1


def test_a_failed_send_logs_nothing_so_a_later_run_tries_again(
    learning_session, owner_person, mailoutbox
):
    action = make_action(learning_session, owner=owner_person, due_on=days_from_today(1))
    with (
        mock.patch("learnloop.core.emails.EmailMultiAlternatives.send", side_effect=OSError),
        pytest.raises(OSError),
    ):
        do_email_action_reminder(action.pk)
    assert not ActionReminder.objects.exists()
    assert do_email_action_reminder(action.pk) is True
    assert len(mailoutbox) == 1


def test_reminders_of_one_organization_leave_the_others_alone(
    learning_session, owner_person, other_organization, mailoutbox
):
    framework = make_framework(other_organization, key="theirs")
    theirs = LearningSession.objects.create(
        organization=other_organization,
        title="Theirs",
        framework=framework,
        scale=framework.default_scale,
    )
    stranger = Person.objects.create(
        organization=other_organization, name="Stranger", email="stranger@example.org"
    )
    make_action(theirs, "Theirs", owner=stranger, due_on=days_from_today(-1))
    ours = make_action(learning_session, "Ours", owner=owner_person, due_on=days_from_today(-1))
    assert do_send_action_reminders(learning_session.organization).queued == [ours]
    assert [email.to for email in mailoutbox] == [["person4@example.org"]]
    assert len(actions_to_remind(days_from_today(0), 3)) == 1  # theirs is still due


def test_command_queues_reminders_and_prints_how_many(
    learning_session, owner_person, organization, mailoutbox
):
    make_action(learning_session, "Soon", owner=owner_person, due_on=days_from_today(1))
    make_action(learning_session, "Late", owner=owner_person, due_on=days_from_today(-1))
    make_action(learning_session, "Unowned", due_on=days_from_today(-1))
    out = StringIO()
    call_command("send_action_reminders", stdout=out)
    assert "2 action reminders queued (due within 3 days or overdue)." in out.getvalue()
    assert "not reminded, no email address: Unowned" in out.getvalue()
    assert len(mailoutbox) == 2
    out = StringIO()
    call_command("send_action_reminders", "--organization", "riverside", stdout=out)
    assert "0 action reminders queued" in out.getvalue()
    assert len(mailoutbox) == 2


def test_command_refuses_an_unknown_organization(db):
    with pytest.raises(CommandError, match="No organization"):
        call_command("send_action_reminders", "--organization", "nowhere")


def test_learnloop_cli_runs_the_command(learning_session, owner_person, mailoutbox, capsys):
    from learnloop.cli import main

    make_action(learning_session, "Soon", owner=owner_person, due_on=days_from_today(1))
    with mock.patch("sys.argv", ["learnloop", "send-action-reminders"]):
        main()
    assert "1 action reminders queued" in capsys.readouterr().out
    assert len(mailoutbox) == 1


def test_administrator_sends_reminders_now_from_the_plan_page(
    learning_session, owner_person, admin, mailoutbox
):
    make_action(learning_session, "Soon", owner=owner_person, due_on=days_from_today(1))
    make_action(learning_session, "Unowned", due_on=days_from_today(-1))
    url = reverse("plan-send-reminders", kwargs={"slug": "riverside"})
    response = client_for(admin).post(url, follow=True)
    html = response.content.decode()
    assert "1 reminder queued for the owner of an action due soon or overdue." in html
    assert "1 action could not be reminded" in html
    assert len(mailoutbox) == 1


def test_facilitators_and_viewers_cannot_send_reminders(
    learning_session, owner_person, facilitator, viewer, mailoutbox
):
    make_action(learning_session, "Soon", owner=owner_person, due_on=days_from_today(1))
    url = reverse("plan-send-reminders", kwargs={"slug": "riverside"})
    for user in [facilitator, viewer]:
        assert client_for(user).post(url).status_code == 404
    assert client_for(facilitator).get(url).status_code == 405
    assert mailoutbox == []
