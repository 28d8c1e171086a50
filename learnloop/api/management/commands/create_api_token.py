"""learnloop create-api-token EMAIL [--name NAME]"""

from django.core.management.base import BaseCommand, CommandError

from learnloop.accounts.models import User
from learnloop.api.actions import ApiTokenError, do_create_api_token


class Command(BaseCommand):
    help = (
        "Create a personal API token for an existing account and print it once. The token "
        "acts with that account's roles; only a fingerprint of it is stored."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("email", help="Email address of the account the token acts for.")
        parser.add_argument(
            "--name",
            default="Command line",
            help="What the token is for, shown on the account's API tokens page "
            "(default: 'Command line').",
        )

    def handle(self, *args, **options) -> None:
        email = options["email"].strip().lower()
        user = User.objects.filter(email=email).first()
        if user is None:
            raise CommandError(f"No account has the email address {email!r}.")
        try:
            created = do_create_api_token(user, options["name"])
        except ApiTokenError as error:
            raise CommandError(str(error)) from error
        # The token alone on stdout so scripts can capture it; the advice goes to stderr.
        self.stdout.write(created.secret)
        self.stderr.write(
            f"Created the API token {created.token.name!r} for {user.email}. "
            "It is shown only this once; keep it like a password."
        )
