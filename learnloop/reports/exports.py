"""The export formats of a report, each drawn by the report package from the same document
the pages show (so each obeys the same anonymity mode and minimum group size)."""

import json
from collections.abc import Callable
from typing import IO

from learnloop.reports.pages import Report

Writer = Callable[[Report, IO[bytes]], None]


def write_xlsx(report: Report, target: IO[bytes]) -> None:
    from learnloop.lib.report.xlsx import write_workbook

    write_workbook(report.document, report.data.report, target)


def write_json(report: Report, target: IO[bytes]) -> None:
    target.write(json.dumps(report.document, ensure_ascii=False, indent=1).encode())


FORMATS: dict[str, tuple[str, str, Writer]] = {
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "xlsx",
        write_xlsx,
    ),
    "json": ("application/json", "json", write_json),
}
