"""Offline survey worksheets: written with XlsxWriter, read back with openpyxl.

Knows nothing of Django. The caller passes the participant's proof points, the scale and the
words to show (already translated); reading returns the rows to save and every problem found,
each naming its sheet and row, so that nothing is saved unless the whole file is valid.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import openpyxl
import xlsxwriter

from learnloop.lib.spreadsheets import FORMULA_PREFIXES, safe_cell

INSTRUCTIONS_SHEET = "Instructions"
# Rows a module sheet may hold beyond its proof points before the file is refused as not ours.
MAX_ROWS_PER_SHEET = 5000
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


@dataclass(frozen=True)
class WorksheetRow:
    key: str  # module.principle.proof_point: stable across downloads, hidden in column A
    principle: str
    proof_point: str
    guidance: str = ""
    rating: str = ""  # the scale label of the current answer, or ""
    comment: str = ""


@dataclass(frozen=True)
class WorksheetModule:
    title: str
    rows: list[WorksheetRow]


@dataclass(frozen=True)
class WorksheetWords:
    """Every text the worksheet shows, translated by the caller."""

    key: str = "Key"
    principle: str = "Principle"
    proof_point: str = "Proof point"
    guidance: str = "Guidance"
    rating: str = "Rating"
    comment: str = "Comment"
    scale_heading: str = "Rating scale"
    rating_prompt: str = "Pick a rating from the list."
    comment_prompt: str = "Rationale, concerns and suggestions."
    comment_too_long: str = "This comment is too long."
    rating_not_on_scale: str = "Pick a rating from the list."


@dataclass(frozen=True)
class ParsedAnswer:
    key: str
    code: int | None
    comment: str
    sheet: str
    row: int


@dataclass
class ParsedWorksheet:
    answers: list[ParsedAnswer] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def sheet_names(titles: Iterable[str]) -> list[str]:
    """Excel-safe, unique sheet names (at most 31 characters, no []:*?/\\)."""
    names: list[str] = []
    taken = {INSTRUCTIONS_SHEET.lower()}
    for title in titles:
        base = SHEET_NAME_FORBIDDEN.sub("-", title).strip().strip("'") or "Module"
        name = base[:31]
        n = 2
        while name.lower() in taken:
            suffix = f" ({n})"
            name = base[: 31 - len(suffix)] + suffix
            n += 1
        taken.add(name.lower())
        names.append(name)
    return names


def write_worksheet(
    modules: list[WorksheetModule],
    scale_labels: list[str],
    instructions: list[str],
    words: WorksheetWords,
    max_comment_length: int,
) -> bytes:
    """The workbook: an instructions sheet with the scale, then one sheet per module."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    bold = workbook.add_format({"bold": True})
    wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
    header = workbook.add_format({"bold": True, "bg_color": "#E8EDF5", "border": 1})
    editable = workbook.add_format({"text_wrap": True, "valign": "top", "bg_color": "#FFF9E0"})

    sheet = workbook.add_worksheet(INSTRUCTIONS_SHEET)
    sheet.set_column(0, 0, 100, wrap)
    for row, line in enumerate(instructions):
        sheet.write_string(row, 0, str(safe_cell(line)), bold if row == 0 else wrap)
    scale_row = len(instructions) + 1
    sheet.write_string(scale_row, 0, words.scale_heading, bold)
    for offset, label in enumerate(scale_labels, start=1):
        sheet.write_string(scale_row + offset, 0, str(safe_cell(label)))
    first, last = scale_row + 2, scale_row + len(scale_labels) + 1  # 1-based for Excel
    scale_source = f"='{INSTRUCTIONS_SHEET}'!$A${first}:$A${last}"

    for module, name in zip(modules, sheet_names(m.title for m in modules), strict=True):
        sheet = workbook.add_worksheet(name)
        headings = [words.key, words.principle, words.proof_point, words.guidance]
        headings += [words.rating, words.comment]
        sheet.write_row(0, 0, headings, header)
        sheet.set_column(0, 0, 20, None, {"hidden": True})
        sheet.set_column(1, 1, 28, wrap)
        sheet.set_column(2, 2, 50, wrap)
        sheet.set_column(3, 3, 30, wrap)
        sheet.set_column(4, 4, 22, editable)
        sheet.set_column(5, 5, 60, editable)
        sheet.freeze_panes(1, 0)
        for row, item in enumerate(module.rows, start=1):
            values = [item.key, item.principle, item.proof_point, item.guidance]
            values += [item.rating, item.comment]
            for col, value in enumerate(values):
                sheet.write_string(row, col, str(safe_cell(value)), editable if col > 3 else wrap)
        last_row = max(len(module.rows), 1)
        sheet.data_validation(
            1,
            4,
            last_row,
            4,
            {
                "validate": "list",
                "source": scale_source,
                "input_message": words.rating_prompt,
                "error_message": words.rating_not_on_scale,
            },
        )
        sheet.data_validation(
            1,
            5,
            last_row,
            5,
            {
                "validate": "length",
                "criteria": "<=",
                "value": max_comment_length,
                "input_message": words.comment_prompt,
                "error_message": words.comment_too_long,
            },
        )
    workbook.close()
    return buffer.getvalue()


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


def _unneutralize(text: str) -> str:
    """Undo safe_cell: an apostrophe it added before a formula sign is not the participant's."""
    if text.startswith("'") and text[1:].startswith(FORMULA_PREFIXES):
        return text[1:]
    return text


def normalize_label(label: str) -> str:
    """How a rating typed in a cell is compared with the scale: case and spacing ignored."""
    return " ".join(label.replace("\u2019", "'").split()).casefold()


@dataclass(frozen=True)
class ReadMessages:
    """Every message reading can produce, translated by the caller (%-style placeholders)."""

    not_a_workbook: str = "The file is not an Excel workbook (.xlsx)."
    no_proof_points: str = "No proof points were found: is this a Learnloop worksheet?"
    missing_columns: str = "Sheet '%(sheet)s': row 1 needs the columns %(columns)s."
    too_many_rows: str = "Sheet '%(sheet)s' has more than %(limit)s rows."
    missing_key: str = "Sheet '%(sheet)s', row %(row)s: the hidden key is empty."
    unknown_key: str = "Sheet '%(sheet)s', row %(row)s: '%(key)s' is not one of your proof points."
    duplicate_key: str = (
        "Sheet '%(sheet)s', row %(row)s: this proof point is already on sheet "
        "'%(first_sheet)s', row %(first_row)s."
    )
    bad_rating: str = (
        "Sheet '%(sheet)s', row %(row)s: rating '%(rating)s' is not on the scale (%(labels)s)."
    )
    comment_too_long: str = (
        "Sheet '%(sheet)s', row %(row)s: the comment has %(length)s characters; "
        "the limit is %(limit)s."
    )


def _open_workbook(data: bytes):
    if not data.startswith(b"PK"):
        return None
    try:
        return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError):
        return None


def _columns(header: tuple, words: WorksheetWords) -> dict[str, int] | None:
    names = [normalize_label(_text(v)) for v in header]
    wanted = {"key": words.key, "rating": words.rating, "comment": words.comment}
    found = {}
    for name, heading in wanted.items():
        if normalize_label(heading) not in names:
            return None
        found[name] = names.index(normalize_label(heading))
    return found


def read_worksheet(
    data: bytes,
    keys: set[str],
    scale: list[tuple[str, int]],
    words: WorksheetWords,
    messages: ReadMessages,
    max_comment_length: int,
) -> ParsedWorksheet:
    """The answers in an uploaded worksheet and every problem in it.

    `scale` lists each (label, code); a rating matches a label whatever its case and spacing.
    A row with neither rating nor comment is skipped (it leaves the answer as it is); any
    other row is an answer. Sheets without a Key column (the instructions, the participant's
    own notes) are ignored.
    """
    reader = _Reader(keys, scale, messages, max_comment_length)
    workbook = _open_workbook(data)
    if workbook is None:
        reader.result.errors.append(messages.not_a_workbook)
        return reader.result
    try:
        for sheet in workbook.worksheets:
            if sheet.title != INSTRUCTIONS_SHEET:
                reader.read_sheet(sheet.title, sheet.iter_rows(values_only=True), words)
    finally:
        workbook.close()
    if not reader.found_module_sheet and not reader.result.errors:
        reader.result.errors.append(messages.no_proof_points)
    if reader.result.errors:
        reader.result.answers.clear()  # all or nothing
    return reader.result


def _cell(values: tuple, index: int) -> str:
    return _text(values[index]).strip() if index < len(values) else ""


class _Reader:
    """Reads module sheets one row at a time, collecting answers and errors."""

    def __init__(
        self, keys: set[str], scale: list[tuple[str, int]], messages: ReadMessages, limit: int
    ) -> None:
        self.keys = keys
        self.codes = {normalize_label(label): code for label, code in scale}
        self.labels = ", ".join(label for label, _ in scale)
        self.messages = messages
        self.limit = limit
        self.seen: dict[str, tuple[str, int]] = {}
        self.found_module_sheet = False
        self.result = ParsedWorksheet()

    def error(self, message: str, **values: object) -> None:
        self.result.errors.append(message % values)

    def read_sheet(self, title: str, rows: Iterator[tuple], words: WorksheetWords) -> None:
        header = next(rows, None)
        if header is None:
            return
        columns = _columns(header, words)
        if columns is None:
            if normalize_label(words.key) in [normalize_label(_text(v)) for v in header]:
                needed = ", ".join([words.key, words.rating, words.comment])
                self.error(self.messages.missing_columns, sheet=title, columns=needed)
            return
        self.found_module_sheet = True
        for number, values in enumerate(rows, start=2):
            if number > MAX_ROWS_PER_SHEET + 1:
                self.error(self.messages.too_many_rows, sheet=title, limit=MAX_ROWS_PER_SHEET)
                return
            self.read_row(values, columns, title, number)

    def read_row(self, values: tuple, columns: dict[str, int], sheet: str, row: int) -> None:
        key = _cell(values, columns["key"])
        rating = _unneutralize(_cell(values, columns["rating"]))
        comment = _unneutralize(_cell(values, columns["comment"]))
        if not rating and not comment:
            return
        if not key:
            self.error(self.messages.missing_key, sheet=sheet, row=row)
            return
        if key not in self.keys:
            self.error(self.messages.unknown_key, sheet=sheet, row=row, key=key)
            return
        if key in self.seen:
            first_sheet, first_row = self.seen[key]
            self.error(
                self.messages.duplicate_key,
                sheet=sheet, row=row, first_sheet=first_sheet, first_row=first_row,
            )  # fmt: skip
            return
        self.seen[key] = (sheet, row)
        code = self.codes.get(normalize_label(rating)) if rating else None
        valid = True
        if rating and code is None:
            self.error(
                self.messages.bad_rating, sheet=sheet, row=row, rating=rating, labels=self.labels
            )
            valid = False
        if len(comment) > self.limit:
            self.error(
                self.messages.comment_too_long,
                sheet=sheet, row=row, length=len(comment), limit=self.limit,
            )  # fmt: skip
            valid = False
        if valid:
            self.result.answers.append(ParsedAnswer(key, code, comment, sheet, row))
