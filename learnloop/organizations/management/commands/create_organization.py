"""learnloop create-organization NAME --owner EMAIL [--password-from-env VAR]"""

import os

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse

from learnloop.accounts.models import User
from learnloop.organizations.actions import do_create_organization
from learnloop.organizations.invitations import password_set_link


class Command(BaseCommand):
    help = (
        "Create an organization and its owner's account. Without --password-from-env, a new "
        "owner gets a link to choose a password."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("name", help="The organization's name, for example 'Riverside Trust'.")
        parser.add_argument(
            "--owner", required=True, help="Email of the owner; the account is created if needed."
        )
        parser.add_argument("--owner-name", default="", help="The owner's name, for a new account.")
        parser.add_argument(
            "--password-from-env",
            metavar="VAR",
            help="Name of an environment variable holding the new owner's password "
            "(never put a password on the command line).",
        )

    def handle(self, *args, **options) -> None:
        name = " ".join(options["name"].split())
        if not name:
            raise CommandError("The organization needs a name.")
        email = options["owner"].strip().lower()
        try:
            validate_email(email)
        except ValidationError as error:
            raise CommandError(f"{email!r} is not a valid email address.") from error
        password = self._password(options["password_from_env"], email)
        with transaction.atomic():
            user, created = self._owner(email, options["owner_name"], password)
            organization = do_create_organization(name, user)
        path = reverse("organizations-show-organization", kwargs={"slug": organization.slug})
        self.stdout.write(f"Created {organization.name}: {settings.BASE_URL}{path}")
        self._report_owner(user, created, password)

    def _password(self, variable: str | None, email: str) -> str | None:
        if not variable:
            return None
        password = os.environ.get(variable, "")
        if not password:
            raise CommandError(f"The environment variable {variable} is not set or is empty.")
        try:
            validate_password(password, User(email=email))
        except ValidationError as error:
            raise CommandError("The password is too weak: " + " ".join(error.messages)) from error
        return password

    def _owner(self, email: str, name: str, password: str | None) -> tuple[User, bool]:
        user = User.objects.filter(email__iexact=email).first()
        if user is not None:
            return user, False
        return User.objects.create_user(email=email, password=password, name=name.strip()), True

    def _report_owner(self, user: User, created: bool, password: str | None) -> None:
        if created:
            self.stdout.write(f"Created the owner account {user.email}.")
        else:
            self.stdout.write(f"{user.email} already had an account and is now an owner.")
            if password:
                self.stdout.write("Its password was left unchanged.")
        if not user.has_usable_password():
            self.stdout.write(f"Choose the password here (works once): {password_set_link(user)}")
