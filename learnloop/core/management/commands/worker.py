"""`learnloop worker`: runs background tasks (emails, reminders) from the database queue."""

from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand


class Command(DatabaseWorkerCommand):
    help = (
        "Run Learnloop's background tasks (invitation and reminder emails, long work) "
        "from the database queue. Run one or more next to `learnloop serve`."
    )
