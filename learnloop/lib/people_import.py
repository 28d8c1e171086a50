"""Read and check a people file (CSV or XLSX) without Django.

The file has a header row with the columns `name`, `email` and `groups` (any case, in any
order; only `name` is required). Groups in one cell are separated by ";" or ",". Problems are
returned as codes with parameters, so the caller can word and translate them.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime
import io
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

COLUMNS = ("name", "email", "groups")
REQUIRED_COLUMNS = ("name",)
# Other spellings people use in their spreadsheets for the same columns.
COLUMN_ALIASES = {
    "name": "name",
    "full name": "name",
    "email": "email",
    "e-mail": "email",
    "email address": "email",
    "e-mail address": "email",
    "groups": "groups",
    "group": "groups",
}
NAME_MAX_LENGTH = 200
EMAIL_MAX_LENGTH = 254
GROUP_MAX_LENGTH = 120
GROUP_SEPARATORS = re.compile(r"[;,]")
CSV_DELIMITERS = (",", ";", "\t")
XLSX_MAGIC = b"PK\x03\x04"
# A plain pattern for files read outside Django; the application passes Django's validator.
SIMPLE_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

# File problems: the whole file is refused.
EMPTY_FILE = "empty_file"
NOT_A_SPREADSHEET = "not_a_spreadsheet"
UNREADABLE_XLSX = "unreadable_xlsx"
NO_HEADER = "no_header"
MISSING_COLUMN = "missing_column"
UNKNOWN_COLUMN = "unknown_column"
DUPLICATE_COLUMN = "duplicate_column"
NO_ROWS = "no_rows"

# Row problems: reported with the row number and the field.
MISSING_NAME = "missing_name"
NAME_TOO_LONG = "name_too_long"
INVALID_EMAIL = "invalid_email"
DUPLICATE_EMAIL = "duplicate_email"
GROUP_TOO_LONG = "group_too_long"


class PeopleFileError(Exception):
    """The file cannot be read as a people list at all."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


@dataclass(frozen=True)
class PersonRow:
    """One person as written in the file; `row` is the spreadsheet row number (header is 1)."""

    row: int
    name: str
    email: str
    groups: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        return {"row": self.row, "name": self.name, "email": self.email, "groups": self.groups}

    @classmethod
    def from_dict(cls, data: dict) -> PersonRow:
        return cls(
            row=int(data["row"]),
            name=str(data["name"]),
            email=str(data["email"]),
            groups=tuple(str(g) for g in data["groups"]),
        )


@dataclass(frozen=True)
class Problem:
    row: int
    field: str
    code: str
    params: dict = dataclasses.field(default_factory=dict)


def cell_text(value: object) -> str:
    """Any spreadsheet cell as trimmed text: numbers without a useless ".0", dates as ISO."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime) and value.time() == datetime.time():
        return value.date().isoformat()
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    return str(value).replace("\u00a0", " ").strip()


def split_groups(text: str) -> tuple[str, ...]:
    """Group names in one cell, in order, without blanks or repeats (ignoring case)."""
    seen: set[str] = set()
    result = []
    for part in GROUP_SEPARATORS.split(text):
        name = " ".join(part.split())
        if name and name.casefold() not in seen:
            seen.add(name.casefold())
            result.append(name)
    return tuple(result)


def read_people_file(filename: str, data: bytes) -> list[PersonRow]:
    """The people in a CSV or XLSX file, skipping fully empty rows.

    Raises PeopleFileError when the file is empty, not a spreadsheet, or its header is wrong.
    """
    if not data.strip():
        raise PeopleFileError(EMPTY_FILE, filename=filename)
    if data.startswith(XLSX_MAGIC) or filename.lower().endswith((".xlsx", ".xlsm")):
        records = _xlsx_records(filename, data)
    else:
        records = _csv_records(filename, data)
    return _people_from_records(filename, records)


def _csv_records(filename: str, data: bytes) -> Iterator[tuple[int, list[object]]]:
    text = _decode(filename, data)
    first_line = text.splitlines()[0] if text.splitlines() else ""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(first_line))
    try:
        rows: list[list[object]] = [list(record) for record in reader]
    except csv.Error as error:
        raise PeopleFileError(NOT_A_SPREADSHEET, filename=filename) from error
    return enumerate(rows, start=1)


def _decode(filename: str, data: bytes) -> str:
    if b"\x00" in data:
        raise PeopleFileError(NOT_A_SPREADSHEET, filename=filename)
    # UTF-8 (with or without the byte order mark Excel writes), else Windows' Western encoding.
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if not any(ord(c) < 32 and c not in "\t\r\n" for c in text):
            return text
    raise PeopleFileError(NOT_A_SPREADSHEET, filename=filename)


def _delimiter(header_line: str) -> str:
    """The delimiter that splits the header into known columns (Excel uses ";" in some locales)."""
    best, best_known = ",", 0
    for delimiter in CSV_DELIMITERS:
        cells = next(csv.reader([header_line], delimiter=delimiter), [])
        known = sum(1 for cell in cells if _column_key(cell) in COLUMN_ALIASES)
        if known > best_known:
            best, best_known = delimiter, known
    return best


def _xlsx_records(filename: str, data: bytes) -> Iterator[tuple[int, list[object]]]:
    import openpyxl  # imported here: reading CSV needs none of it

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds on a damaged file
        raise PeopleFileError(UNREADABLE_XLSX, filename=filename) from error
    try:
        sheet = workbook.worksheets[0]
        rows = [
            (number, list(values))
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1)
        ]
    except Exception as error:  # a damaged sheet fails while it is read
        raise PeopleFileError(UNREADABLE_XLSX, filename=filename) from error
    finally:
        workbook.close()
    return iter(rows)


def _column_key(header: object) -> str:
    return " ".join(cell_text(header).lower().replace("_", " ").split())


def _header_columns(filename: str, header: list[object]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, cell in enumerate(header):
        key = _column_key(cell)
        if not key:
            continue
        column = COLUMN_ALIASES.get(key)
        if column is None:
            raise PeopleFileError(
                UNKNOWN_COLUMN, filename=filename, column=cell_text(cell), expected=COLUMNS
            )
        if column in columns:
            raise PeopleFileError(DUPLICATE_COLUMN, filename=filename, column=column)
        columns[column] = index
    for column in REQUIRED_COLUMNS:
        if column not in columns:
            raise PeopleFileError(MISSING_COLUMN, filename=filename, column=column)
    return columns


def _cell(texts: list[str], columns: dict[str, int], column: str) -> str:
    index = columns.get(column)
    return texts[index] if index is not None and index < len(texts) else ""


def _people_from_records(
    filename: str, records: Iterable[tuple[int, list[object]]]
) -> list[PersonRow]:
    header: list[object] | None = None
    columns: dict[str, int] = {}
    people = []
    for number, values in records:
        texts = [cell_text(value) for value in values]
        if not any(texts):
            continue
        if header is None:
            header = values
            columns = _header_columns(filename, header)
            continue

        people.append(
            PersonRow(
                row=number,
                name=" ".join(_cell(texts, columns, "name").split()),
                email=_cell(texts, columns, "email").lower(),
                groups=split_groups(_cell(texts, columns, "groups")),
            )
        )
    if header is None:
        raise PeopleFileError(NO_HEADER, filename=filename)
    if not people:
        raise PeopleFileError(NO_ROWS, filename=filename)
    return people


def check_people(
    people: list[PersonRow], email_is_valid: Callable[[str], bool] | None = None
) -> list[Problem]:
    """Problems found within the file itself, row by row, in row order."""
    is_valid = email_is_valid or (lambda email: bool(SIMPLE_EMAIL.match(email)))
    problems = []
    first_row_of_email: dict[str, int] = {}
    for person in people:
        if not person.name:
            problems.append(Problem(person.row, "name", MISSING_NAME))
        elif len(person.name) > NAME_MAX_LENGTH:
            problems.append(Problem(person.row, "name", NAME_TOO_LONG, {"limit": NAME_MAX_LENGTH}))
        if person.email:
            if len(person.email) > EMAIL_MAX_LENGTH or not is_valid(person.email):
                problems.append(
                    Problem(person.row, "email", INVALID_EMAIL, {"email": person.email})
                )
            elif person.email in first_row_of_email:
                problems.append(
                    Problem(
                        person.row,
                        "email",
                        DUPLICATE_EMAIL,
                        {"email": person.email, "other_row": first_row_of_email[person.email]},
                    )
                )
            else:
                first_row_of_email[person.email] = person.row
        for group in person.groups:
            if len(group) > GROUP_MAX_LENGTH:
                problems.append(
                    Problem(
                        person.row,
                        "groups",
                        GROUP_TOO_LONG,
                        {"group": group[:40], "limit": GROUP_MAX_LENGTH},
                    )
                )
    return problems


def template_csv() -> bytes:
    """An empty people file: the header row, with a byte order mark so Excel reads UTF-8."""
    return ("\ufeff" + ",".join(COLUMNS) + "\r\n").encode("utf-8")


def template_xlsx(instructions: list[str]) -> bytes:
    """An empty people workbook: the header on the first sheet, instructions on a second."""
    import xlsxwriter

    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {"in_memory": True})
    bold = workbook.add_format({"bold": True})
    sheet = workbook.add_worksheet("People")
    for index, column in enumerate(COLUMNS):
        sheet.write_string(0, index, column, bold)
    sheet.set_column(0, 0, 30)
    sheet.set_column(1, 1, 34)
    sheet.set_column(2, 2, 40)
    sheet.freeze_panes(1, 0)
    help_sheet = workbook.add_worksheet("How to fill")
    help_sheet.set_column(0, 0, 100)
    for index, line in enumerate(instructions):
        help_sheet.write_string(index, 0, line)
    workbook.close()
    return output.getvalue()
