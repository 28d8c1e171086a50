"""The export formats of a report, each drawn by the report package from the same document
the pages show (so each obeys the same anonymity mode and minimum group size)."""

import io
import json
from collections.abc import Callable
from typing import IO

from django.contrib.auth.models import AnonymousUser

from learnloop.accounts.models import User
from learnloop.learning_sessions.models import LearningSession
from learnloop.organizations.access import Need
from learnloop.reports.access import access_report
from learnloop.reports.pages import Report, build
from learnloop.reports.queries import report_data

Writer = Callable[..., None]  # (report, target, **options)
PAPERS = ("a4", "letter")


def report_for_download(
    user: User | AnonymousUser, slug: str, session_id: int, need: str = Need.VIEW
) -> tuple[LearningSession, Report]:
    """The session and its whole report for this reader, or 404: what every download (and the
    API's report endpoint) renders.

    Viewers get the summary (no respondents, no comments); facilitators and above everything
    the anonymity mode allows. ``need`` is Need.FACILITATE for a format that is nothing but
    answers (the CSV), which would be empty for a viewer.
    """
    session, _membership, audience = access_report(user, slug, session_id, need)
    data = report_data(session, audience, with_answers=audience.details)
    return session, build(data)


def write_xlsx(report: Report, target: IO[bytes]) -> None:
    from learnloop.lib.report.xlsx import write_workbook

    write_workbook(report.document, report.data.report, target)


def write_csv(report: Report, target: IO[bytes]) -> None:
    from learnloop.lib.report.csv import write_csv as write

    # UTF-8 with a byte-order mark, so that spreadsheet programs read the accents right.
    text = io.TextIOWrapper(target, encoding="utf-8-sig", newline="", write_through=True)
    write(report.document, report.data.report, text)
    text.detach()


def write_pdf(report: Report, target: IO[bytes], paper: str = "a4") -> None:
    from learnloop.lib.report.pdf import write_pdf as write

    write(report.document, target, paper)


def write_json(report: Report, target: IO[bytes]) -> None:
    target.write(json.dumps(report.document, ensure_ascii=False, indent=1).encode())


# One row per answer: nothing in it a viewer may see, so viewers are not offered it.
ANSWERS_ONLY = {"csv"}

FORMATS: dict[str, tuple[str, str, Writer]] = {
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "xlsx",
        write_xlsx,
    ),
    "csv": ("text/csv; charset=utf-8", "csv", write_csv),
    "json": ("application/json", "json", write_json),
    "pdf": ("application/pdf", "pdf", write_pdf),
}
