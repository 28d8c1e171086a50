"""`learnloop send-reminders` and `learnloop close-sessions`, as cron runs them."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from learnloop.learning_sessions.models import State


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_send_reminders_reminds_everyone_unfinished_in_open_sessions(
    learning_session, everyone, anonymous_session, mailoutbox
):
    everyone[0].submitted_at = timezone.now()
    everyone[0].save(update_fields=["submitted_at"])
    output = run("send_reminders")
    assert f"{learning_session.pk} Spring review: 5 reminders queued" in output
    assert "Anonymous pulse" not in output
    assert len(mailoutbox) == 5
    assert "person1@example.org" not in [m.to[0] for m in mailoutbox]


def test_send_reminders_leaves_recently_contacted_people_alone(
    learning_session, everyone, mailoutbox
):
    run("send_reminders")
    assert len(mailoutbox) == 6
    run("send_reminders")
    assert len(mailoutbox) == 6
    run("send_reminders", "--quiet-days", "0")
    assert len(mailoutbox) == 12


def test_send_reminders_for_one_session(learning_session, everyone, mailoutbox):
    output = run("send_reminders", "--session", str(learning_session.pk))
    assert "6 reminders queued" in output
    with pytest.raises(CommandError, match="No learning session with id 999"):
        run("send_reminders", "--session", "999")


def test_send_reminders_refuses_an_anonymous_session(anonymous_session, mailoutbox):
    with pytest.raises(CommandError, match="Anonymous sessions send no emails"):
        run("send_reminders", "--session", str(anonymous_session.pk))
    assert mailoutbox == []


def test_send_reminders_skips_sessions_past_their_closing_date(
    learning_session, everyone, mailoutbox
):
    learning_session.closes_at = timezone.now() - timedelta(minutes=5)
    learning_session.save(update_fields=["closes_at"])
    assert "not accepting answers, skipped" in run("send_reminders")
    assert mailoutbox == []


def test_close_sessions_closes_only_those_past_their_closing_date(
    learning_session, anonymous_session
):
    learning_session.closes_at = timezone.now() - timedelta(minutes=5)
    learning_session.save(update_fields=["closes_at"])
    anonymous_session.closes_at = timezone.now() + timedelta(days=1)
    anonymous_session.save(update_fields=["closes_at"])
    output = run("close_sessions")
    assert f"closed {learning_session.pk} Spring review" in output
    assert "1 sessions closed" in output
    learning_session.refresh_from_db()
    anonymous_session.refresh_from_db()
    assert learning_session.state == State.CLOSED
    assert learning_session.closed_at is not None
    assert anonymous_session.state == State.OPEN
    assert "0 sessions closed" in run("close_sessions")


def test_the_learnloop_script_accepts_hyphenated_names(learning_session, capsys):
    from learnloop.cli import main

    main(["learnloop", "close-sessions"])
    assert "0 sessions closed" in capsys.readouterr().out
