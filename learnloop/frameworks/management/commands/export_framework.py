"""`learnloop export-framework KEY --organization SLUG -o FILE`: write a framework as YAML."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from learnloop.frameworks.models import Framework
from learnloop.frameworks.queries import framework_as_parsed
from learnloop.lib.framework_yaml import dump_framework
from learnloop.organizations.models import Organization


class Command(BaseCommand):
    help = (
        "Write a framework version as YAML that import-framework reads back. "
        "The latest version unless --version is given."
    )

    def create_parser(self, prog_name, subcommand, **kwargs):
        # Our --version (of the framework) replaces Django's --version (of Django).
        return super().create_parser(prog_name, subcommand, conflict_handler="resolve", **kwargs)

    def add_arguments(self, parser):
        parser.add_argument("key", help="the framework's key")
        parser.add_argument(
            "--organization", required=True, metavar="SLUG", help="the organization's slug"
        )
        parser.add_argument(
            "--version",
            dest="framework_version",
            type=int,
            metavar="N",
            help="the version to export (default: the latest)",
        )
        parser.add_argument(
            "-o", "--output", default="-", metavar="FILE", help="where to write ('-' for stdout)"
        )

    def handle(self, *args, **options):
        organization = Organization.objects.filter(slug=options["organization"]).first()
        if organization is None:
            raise CommandError(
                f"there is no organization with the slug '{options['organization']}'"
            )
        framework = self._framework(organization, options["key"], options["framework_version"])
        text = dump_framework(framework_as_parsed(framework))
        if options["output"] == "-":
            self.stdout.write(text, ending="")
            return
        try:
            Path(options["output"]).write_text(text, encoding="utf-8")
        except OSError as exc:
            message = f"{options['output']}: cannot write the file ({exc.strerror})"
            raise CommandError(message) from None
        self.stderr.write(
            f"Wrote '{framework.title}' version {framework.version} to {options['output']}."
        )

    def _framework(self, organization, key: str, version: int | None) -> Framework:
        versions = Framework.objects.filter(organization=organization, key=key)
        if version is not None:
            versions = versions.filter(version=version)
        framework = versions.order_by("-version").first()
        if framework is None:
            which = f"version {version} of " if version is not None else ""
            raise CommandError(f"{organization.slug} has no {which}framework with the key '{key}'")
        return framework
