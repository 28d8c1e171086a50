"""`learnloop close-sessions`: close open sessions whose closing date has passed, for cron."""

from django.core.management.base import BaseCommand

from learnloop.learning_sessions.actions import do_close_due_sessions


class Command(BaseCommand):
    help = "Close every open learning session whose closing date has passed."

    def handle(self, *args, **options):
        closed = do_close_due_sessions()
        for session in closed:
            self.stdout.write(f"closed {session.pk} {session.title}")
        self.stdout.write(f"{len(closed)} sessions closed")
