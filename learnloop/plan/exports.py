"""The organization plan as CSV: one row per action, every cell safe to open in a spreadsheet
(text starting with = + - @ is never run as a formula)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from django.utils.translation import gettext as _

from learnloop.lib.spreadsheets import safe_cell
from learnloop.plan.models import Action


def header() -> list[str]:
    return [
        _("Action id"),
        _("Title"),
        _("What will be done"),
        _("Status"),
        _("Due date"),
        _("Overdue"),
        _("Owner"),
        _("Learning session"),
        _("Problem it addresses"),
        _("Modules"),
        _("Proof points"),
        _("Progress notes"),
        _("Link"),
    ]


def row(action: Action, link: str) -> list[object]:
    proof_points = list(action.proof_points.all())
    modules = list(dict.fromkeys(pp.module.title for pp in proof_points))
    return [
        action.pk,
        safe_cell(action.title),
        safe_cell(action.description),
        action.get_status_display(),
        action.due_on.isoformat() if action.due_on else "",
        _("yes") if action.is_overdue else _("no"),
        safe_cell(action.owner.name) if action.owner else "",
        safe_cell(action.session.title),
        safe_cell(action.problem.title) if action.problem else "",
        safe_cell("; ".join(modules)),
        safe_cell("; ".join(pp.text for pp in proof_points)),
        action.note_count,
        link,
    ]


def actions_csv(rows: Iterable[tuple[Action, str]]) -> bytes:
    """UTF-8 with a byte-order mark, so that spreadsheet programs read the accents right."""
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(header())
    writer.writerows(row(action, link) for action, link in rows)
    return text.getvalue().encode("utf-8-sig")
