"""`learnloop demo`: load the demo organization, print the logins and a participant link, serve."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils.translation import gettext as _

from learnloop.core.management.commands.serve import default_port, run_gunicorn
from learnloop.demo import content
from learnloop.demo.actions import (
    CyclePages,
    DemoError,
    cycle_pages,
    do_ensure_demo,
    do_issue_demo_link,
)

# Addresses that mean "every interface": a browser on this machine reaches them at 127.0.0.1.
WILDCARD_HOSTS = {"0.0.0.0", "::", ""}  # noqa: S104 (recognised, not bound)


def base_url(host: str, port: int) -> str:
    """The address to open in a browser for a server bound to `host` and `port`."""
    shown = "127.0.0.1" if host in WILDCARD_HOSTS else host
    if ":" in shown:
        shown = f"[{shown}]"
    return f"http://{shown}:{port}"


def database_is_migrated() -> bool:
    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    return not executor.migration_plan(executor.loader.graph.leaf_nodes())


class Command(BaseCommand):
    help = (
        "Load the demo organization, Riverside Community Trust, with a closed and an open "
        "learning session, the closed one's discussions, improvement plan and second round (only "
        "when it is not there yet), print the logins, a participant link and the pages to open, "
        "and serve Learnloop. See docs/demo.md."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--no-serve",
            action="store_true",
            help="Only load the demo data and print the logins; do not start the server.",
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Delete the demo organization and everything done in it, then load it afresh.",
        )
        parser.add_argument(
            "--host", default="127.0.0.1", help="Address to bind (default 127.0.0.1)."
        )
        parser.add_argument("--port", type=int, default=None, help="Port (default $PORT or 8000).")
        parser.add_argument(
            "--workers",
            type=int,
            default=2,
            help="Number of gunicorn worker processes (default 2).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not database_is_migrated():
            raise CommandError(
                _("The database is not up to date: run `learnloop migrate` first, then try again.")
            )
        port = options["port"] or default_port()
        url = base_url(options["host"], port)
        try:
            state = do_ensure_demo(reset=options["reset"])
        except DemoError as error:
            raise CommandError(str(error)) from error
        token = do_issue_demo_link(state.organization)
        self.print_summary(state.created, state.password_works, token, url)
        self.print_cycle(cycle_pages(state.organization), url)
        self.stdout.write(_("Open %s/") % url)
        # Out before gunicorn takes over the process (and forks workers that would inherit it).
        self.stdout.flush()
        if not options["no_serve"]:
            run_gunicorn(host=options["host"], port=port, workers=options["workers"])

    def print_summary(self, created: bool, password_works: bool, token: str | None, url: str):
        if created:
            self.stdout.write(_("Loaded the demo organization %s.") % content.ORGANIZATION_NAME)
        else:
            self.stdout.write(
                _(
                    "The demo organization %s is already loaded and was left as it is "
                    "(`learnloop demo --reset` loads it afresh)."
                )
                % content.ORGANIZATION_NAME
            )
        self.stdout.write(_("Administrator: %s") % content.ADMIN_EMAIL)
        if password_works:
            self.stdout.write(_("Password: %s") % content.DEMO_PASSWORD)
        else:
            self.stdout.write(
                _(
                    "Password: changed since the demo was loaded "
                    "(`learnloop demo --reset` sets it back)"
                )
            )
        self.stdout.write(_("Facilitator: %s (same password)") % content.FACILITATOR_EMAIL)
        if token:
            link = url + reverse("survey-show-introduction", kwargs={"token": token})
            self.stdout.write(_("Participant link: %s") % link)
        else:
            self.stdout.write(
                _("The demo's open session has been closed, so there is no participant link.")
            )

    def print_cycle(self, pages: CyclePages, url: str) -> None:
        """The pages that show the closed session's cycle, one per line."""
        if pages.discussion:
            self.stdout.write(_("Discussion record: %s") % (url + pages.discussion))
        self.stdout.write(_("Improvement plan: %s") % (url + pages.plan))
        if pages.comparison:
            self.stdout.write(_("Round comparison: %s") % (url + pages.comparison))
