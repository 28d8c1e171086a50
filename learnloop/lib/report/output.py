"""Write a report to a file chosen by its extension, all or nothing. Django-free."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from learnloop.lib.report import csv as report_csv
from learnloop.lib.report.html import render_html
from learnloop.lib.report.model import ReportInput
from learnloop.lib.report.pdf import render_pdf
from learnloop.lib.report.xlsx import write_workbook

FORMATS = (".html", ".xlsx", ".pdf", ".json", ".csv")


def to_json(doc: dict[str, Any]) -> str:
    """The document as JSON (NaN is already None; refuse any that slipped through)."""
    return json.dumps(doc, ensure_ascii=False, indent=2, allow_nan=False) + "\n"


def write_report_file(
    doc: dict[str, Any], data: ReportInput, path: str | Path, paper: str = "a4"
) -> None:
    """Write ``doc`` as HTML, XLSX, PDF, JSON or CSV by ``path``'s extension.

    The file appears only when complete: it is written beside its destination under a
    temporary name and renamed, so a failure never leaves a partial file behind.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise ValueError(
            f"{path.name}: unknown output type; name it {', '.join(FORMATS[:-1])} or {FORMATS[-1]}."
        )
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent or ".")
    try:
        with os.fdopen(handle, "wb") as file:
            if suffix == ".html":
                file.write(render_html(doc).encode("utf-8"))
            elif suffix == ".pdf":
                file.write(render_pdf(doc, paper))
            elif suffix == ".json":
                file.write(to_json(doc).encode("utf-8"))
        if suffix == ".xlsx":
            write_workbook(doc, data, temporary)
        elif suffix == ".csv":
            report_csv.write_csv(doc, data, temporary)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
