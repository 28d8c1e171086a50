"""`learnloop send-reminders`: remind everyone who has not finished, for cron."""

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from learnloop.learning_sessions.actions import SessionError, do_send_reminders
from learnloop.learning_sessions.models import Anonymity, LearningSession, State


class Command(BaseCommand):
    help = (
        "Email a reminder, with a fresh personal link, to every participant of open sessions "
        "who has a working link and has not submitted. Anonymous sessions are skipped."
    )

    def add_arguments(self, parser):
        parser.add_argument("--session", type=int, help="only this learning session (its id)")
        parser.add_argument(
            "--quiet-days",
            type=int,
            default=3,
            help="skip people invited or reminded within this many days (default 3; 0 for none)",
        )

    def handle(self, *args, **options):
        sessions = LearningSession.objects.filter(state=State.OPEN).exclude(
            anonymity=Anonymity.ANONYMOUS
        )
        if options["session"] is not None:
            sessions = LearningSession.objects.filter(pk=options["session"])
            if not sessions.exists():
                raise CommandError(f"No learning session with id {options['session']}.")
        quiet_days = options["quiet_days"]
        if quiet_days < 0:
            raise CommandError("--quiet-days cannot be negative.")
        quiet_since = timezone.now() - timedelta(days=quiet_days) if quiet_days else None
        for session in sessions.select_related("organization"):
            if not session.accepts_answers:
                self.stdout.write(f"{session.pk} {session.title}: not accepting answers, skipped")
                continue
            try:
                report = do_send_reminders(session, quiet_since)
            except SessionError as error:
                raise CommandError(f"{session.pk} {session.title}: {error}") from error
            line = f"{session.pk} {session.title}: {len(report.queued)} reminders queued"
            if report.without_email:
                names = ", ".join(str(p.person) for p in report.without_email)
                line += f"; no email address for {names}"
            self.stdout.write(line)
