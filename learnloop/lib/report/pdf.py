"""The printable summary: the HTML report through WeasyPrint, on A4 or Letter. Django-free."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import IO, Any

from learnloop.lib.report.html import PAPER_SIZES, render_html


def render_pdf(doc: dict[str, Any], paper: str = "a4") -> bytes:
    """The report as PDF bytes: distribution charts, conversation starters, module roll-ups."""
    if paper not in PAPER_SIZES:
        raise ValueError(f"Unknown paper size {paper!r}; use a4 or letter.")
    # WeasyPrint logs every unsupported CSS property (our screen-only rules) as a warning.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    from weasyprint import HTML

    def no_fetch(url: str, *args: object, **kwargs: object) -> dict[str, Any]:
        # The page is self-contained; refuse anything that would reach out.
        raise ValueError(f"The report may not load {url}.")

    result: bytes = HTML(string=render_html(doc, paper=paper), url_fetcher=no_fetch).write_pdf()
    return result


def write_pdf(doc: dict[str, Any], target: str | Path | IO[bytes], paper: str = "a4") -> None:
    content = render_pdf(doc, paper)
    if isinstance(target, str | Path):
        Path(target).write_bytes(content)
    else:
        target.write(content)
