"""`learnloop report INPUT -o OUTPUT`: a report from answers collected anywhere.

No server and no database: the command reads a CSV or XLSX file (docs/report-cli.md), computes
the report with the same engine and privacy rules as the web pages, and writes HTML, XLSX, PDF,
JSON or CSV by the output's extension. On any error it writes nothing and exits with 1.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from learnloop.lib.report import ANONYMITY_MODES, build_report
from learnloop.lib.report.inputs import (
    DEFAULT_DONT_KNOW,
    InputError,
    parse_scale,
    read_framework,
    read_input,
)
from learnloop.lib.report.output import FORMATS, write_report_file


class Command(BaseCommand):
    help = (
        "Make a report from a CSV or XLSX file of answers (long or wide format, see "
        "docs/report-cli.md) without a server or a database. The output type follows the "
        "extension of OUTPUT: .html (one self-contained page), .xlsx, .pdf, .json or .csv."
    )
    # Reading a file must never open the database, not even for system checks.
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser):
        parser.add_argument("input", metavar="INPUT", help="the answers: a .csv or .xlsx file")
        parser.add_argument(
            "-o",
            "--output",
            required=True,
            metavar="OUTPUT",
            help=f"the report file to write: {', '.join(FORMATS)}",
        )
        parser.add_argument(
            "--framework",
            metavar="FILE",
            help="a framework YAML file: proof points, modules, principles and scale come from it",
        )
        parser.add_argument(
            "--scale",
            metavar='"L1,L2,...,LK"',
            help="the level labels, lowest first, separated by commas (default: Not started, "
            "Beginning, Partially meets, Substantially meets, Fully meets)",
        )
        parser.add_argument(
            "--dont-know",
            default=DEFAULT_DONT_KNOW,
            metavar="LABEL",
            help=f'the rating that means "don\'t know" (default "{DEFAULT_DONT_KNOW}")',
        )
        parser.add_argument(
            "--min-group-size",
            type=int,
            default=3,
            metavar="N",
            help="groups with fewer respondents, and figures from fewer answers, are not shown "
            "(default 3)",
        )
        parser.add_argument("--title", help="the report title (default: the input file's name)")
        parser.add_argument(
            "--anonymity",
            choices=ANONYMITY_MODES,
            default="confidential",
            help="named shows the respondent column as given; confidential (default) and "
            "anonymous show Respondent 1, 2, ... instead",
        )
        parser.add_argument(
            "--paper", choices=("a4", "letter"), default="a4", help="PDF page size (default a4)"
        )

    def handle(self, *args, **options):
        output = Path(options["output"])
        if output.suffix.lower() not in FORMATS:
            raise CommandError(
                f"{output.name}: unknown output type; name it {', '.join(FORMATS)}", returncode=1
            )
        if not output.parent.is_dir():
            raise CommandError(f"{output.parent}: no such folder for the output", returncode=1)
        try:
            framework = read_framework(Path(options["framework"])) if options["framework"] else None
            levels = parse_scale(options["scale"]) if options["scale"] else None
            data = read_input(
                options["input"],
                framework=framework,
                levels=levels,
                dont_know=options["dont_know"],
                anonymity=options["anonymity"],
                min_group_size=options["min_group_size"],
                title=options["title"],
            )
        except InputError as error:
            raise CommandError("\n".join(error.errors), returncode=1) from None
        doc = build_report(data)
        write_report_file(doc, data, output, paper=options["paper"])
        self.stdout.write(
            f"Wrote {output} from {len(data.respondents)} respondents and "
            f"{len(data.proof_points)} proof points."
        )
