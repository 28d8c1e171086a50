"""`learnloop import-framework FILE --organization SLUG`: add a framework, or its next version."""

import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from learnloop.frameworks.actions import do_import_framework
from learnloop.frameworks.library import STARTER_KEYS, UnknownStarterError, load_starter
from learnloop.lib.framework_yaml import FrameworkFileError, parse_framework
from learnloop.organizations.models import Organization


class Command(BaseCommand):
    help = (
        "Import a framework from a YAML file (see docs/frameworks.md), or add one from the "
        "starter library with --starter. A framework whose key already exists becomes its next "
        "version. On any error nothing is imported and the exit code is 1."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="the YAML file to import ('-' for stdin)")
        parser.add_argument(
            "--organization", required=True, metavar="SLUG", help="the organization's slug"
        )
        parser.add_argument(
            "--starter",
            metavar="KEY",
            help=f"add a starter framework instead of a file: {', '.join(STARTER_KEYS)}",
        )

    def handle(self, *args, **options):
        if bool(options["file"]) == bool(options["starter"]):
            raise CommandError("give either a FILE or --starter KEY, not both or neither")
        parsed = self._parsed(options["file"], options["starter"])
        organization = Organization.objects.filter(slug=options["organization"]).first()
        if organization is None:
            raise CommandError(
                f"there is no organization with the slug '{options['organization']}'"
            )
        framework = do_import_framework(organization, parsed)
        self.stdout.write(
            f"Imported '{framework.title}' ({framework.key}) as version {framework.version} "
            f"into {organization.slug}: {len(parsed.modules)} modules, "
            f"{parsed.proof_point_count} proof points."
        )

    def _parsed(self, file: str | None, starter: str | None):
        if starter:
            try:
                return load_starter(starter)
            except UnknownStarterError as exc:
                raise CommandError(str(exc)) from None
        assert file is not None
        try:
            data = sys.stdin.buffer.read() if file == "-" else Path(file).read_bytes()
        except OSError as exc:
            raise CommandError(f"{file}: cannot read the file ({exc.strerror})") from None
        try:
            return parse_framework(data, max_bytes=settings.MAX_UPLOAD_SIZE)
        except FrameworkFileError as exc:
            problems = "\n".join(f"{file}: {error}" for error in exc.errors)
            raise CommandError(f"nothing was imported.\n{problems}") from None
