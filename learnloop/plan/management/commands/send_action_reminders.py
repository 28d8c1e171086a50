"""`learnloop send-action-reminders`: remind owners of actions due soon or overdue, for cron."""

from django.core.management.base import BaseCommand, CommandError

from learnloop.organizations.models import Organization
from learnloop.plan.actions import do_send_action_reminders, reminder_days


class Command(BaseCommand):
    help = (
        "Queue an email to the owner of every open improvement plan action that is due within "
        "LEARNLOOP_ACTION_REMINDER_DAYS days or overdue, unless that reminder was already sent "
        "for the action's current due date. Run it daily; running it twice sends nothing twice."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--organization", metavar="SLUG", help="only this organization (its short name)"
        )

    def handle(self, *args, **options):
        organization = None
        if options["organization"]:
            organization = Organization.objects.filter(slug=options["organization"]).first()
            if organization is None:
                raise CommandError(f"No organization with short name {options['organization']!r}.")
        report = do_send_action_reminders(organization)
        days = reminder_days()
        self.stdout.write(
            f"{len(report.queued)} action reminders queued (due within {days} days or overdue)."
        )
        for action in report.without_email:
            owner = action.owner.name if action.owner else "no owner"
            self.stdout.write(
                f"not reminded, no email address: {action.title} "
                f"(learning session {action.session_id}, {owner})"
            )
