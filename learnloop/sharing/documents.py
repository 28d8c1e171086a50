"""The release as files: the PDF pack for those who read on paper, and the raw data as CSV."""

from __future__ import annotations

import csv
import io
import logging
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from learnloop.lib.spreadsheets import safe_cell
from learnloop.sharing.models import ShareRelease


def raw_data_csv(raw: dict[str, Any]) -> bytes:
    """The raw data rows as CSV (UTF-8 with a byte-order mark so spreadsheet programs read the
    accents right); every cell a spreadsheet could run as a formula is neutralized."""
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(raw["columns"])
    for row in raw["rows"]:
        writer.writerow([safe_cell(cell) for cell in row])
    return text.getvalue().encode("utf-8-sig")


def pack_html(release: ShareRelease, contents: dict[str, Any]) -> str:
    """The pack as one self-contained HTML page (A4, its styles inline)."""
    return render_to_string(
        "sharing/pack.html",
        {
            "release": release,
            "session": release.session,
            "contents": contents,
            "generated_at": timezone.now(),
        },
    )


def render_pack(release: ShareRelease, contents: dict[str, Any]) -> bytes:
    """The PDF pack: the message, the findings with their quotes, the summary and, when
    included, the raw data, on A4."""
    # WeasyPrint logs every unsupported CSS property as a warning.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    from weasyprint import HTML

    def no_fetch(url: str, *args: object, **kwargs: object) -> dict[str, Any]:
        # The page is self-contained; refuse anything that would reach out.
        raise ValueError(f"The pack may not load {url}.")

    pdf: bytes = HTML(string=pack_html(release, contents), url_fetcher=no_fetch).write_pdf()
    return pdf


def responses_document(summary: dict[str, Any]) -> dict[str, Any]:
    """The responses summary (``queries.response_summary``) as plain JSON data, for the API:
    per finding the tally and the comments (a name only in named mode, as on the page), then
    the themes and questions participants added."""
    return {
        "findings": [
            {
                "id": item["finding"].pk,
                "title": item["finding"].title,
                "kind": item["finding"].kind,
                "tally": {entry["response"]: entry["count"] for entry in item["tally"]},
                "total": item["total"],
                "comments": item["comments"],
            }
            for item in summary["findings"]
        ],
        "contributions": summary["contributions"],
    }
