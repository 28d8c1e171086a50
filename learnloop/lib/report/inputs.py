"""Read answers collected anywhere (CSV or XLSX, long or wide) into a report input. Django-free.

docs/report-cli.md describes the formats. In short:

* **Long**: a header with at least ``respondent``, ``proof_point`` and ``rating`` (optional
  ``group``, ``module``, ``principle``, ``comment``); one row per answer, a missing row means
  no answer.
* **Wide**: the first column names the respondent, an optional column headed ``group``, then
  one column per proof point headed by its text (or key), optionally written
  ``Module | Principle | Proof point``; a column headed ``<proof point> [comment]`` holds the
  comments on it and ``<proof point> [rating]`` may mark the rating column explicitly.

Ratings are level labels (any case) or the numbers 1..K, or the don't-know label. Every problem
is reported with the file, row and column, up to :data:`MAX_ERRORS` at a time.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from learnloop.lib.framework_yaml import (
    DEFAULT_SCALE,
    FrameworkFileError,
    ParsedFramework,
    parse_framework,
)
from learnloop.lib.report.model import (
    ANONYMITY_MODES,
    AnswerRow,
    ProofPointInfo,
    ReportInput,
    Respondent,
)

DEFAULT_LEVELS = [choice.label for choice in DEFAULT_SCALE.levels]
DEFAULT_DONT_KNOW = "don't know"
LONG_HEADERS = ("respondent", "group", "module", "principle", "proof_point", "rating", "comment")
LONG_REQUIRED = ("respondent", "proof_point", "rating")
CSV_SUFFIXES = (".csv", ".tsv", ".txt")
XLSX_SUFFIXES = (".xlsx", ".xlsm")
MAX_ERRORS = 20
MAX_LEVELS = 11
_SUFFIX = re.compile(r"^(?P<name>.*?)\s*\[(?P<kind>rating|comment)\]\s*$", re.IGNORECASE)


class InputError(Exception):
    """A file that cannot become a report; ``errors`` lists every problem, one a line."""

    def __init__(self, errors: str | list[str]):
        self.errors = [errors] if isinstance(errors, str) else list(errors)
        super().__init__("\n".join(self.errors))


def normalize(text: str) -> str:
    """Labels and headers compare without case, surrounding space or curly apostrophes."""
    return " ".join(text.replace("\u2019", "'").split()).casefold()


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", normalize(text)).strip("-")


def parse_scale(text: str) -> list[str]:
    """``"label 1,label 2,...,label K"`` (lowest first) as a list of labels."""
    levels = [label.strip() for label in text.split(",")]
    if any(not label for label in levels):
        raise InputError(f"--scale {text!r}: a level label is empty.")
    if not 2 <= len(levels) <= MAX_LEVELS:
        raise InputError(f"--scale {text!r}: give between 2 and {MAX_LEVELS} levels.")
    if len({normalize(label) for label in levels}) != len(levels):
        raise InputError(f"--scale {text!r}: a level label appears twice.")
    return levels


# ---------------------------------------------------------------------------------------------
# Reading cells


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_table(path: Path) -> list[tuple[int, list[str]]]:
    """(row number, cells) for every row of the first sheet or the CSV, header first."""
    name = path.name
    try:
        content = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{name}: no such file.") from None
    except OSError as error:
        raise InputError(f"{name}: cannot be read ({error.strerror}).") from None
    if not content.strip():
        raise InputError(f"{name}: the file is empty.")
    suffix = path.suffix.lower()
    if suffix in XLSX_SUFFIXES:
        rows = _read_xlsx(name, content)
    elif suffix in CSV_SUFFIXES:
        rows = _read_csv(name, content)
    else:
        raise InputError(f"{name}: not a CSV or XLSX file (name it .csv or .xlsx).")
    rows = [(number, cells) for number, cells in rows if any(cells)]
    if not rows:
        raise InputError(f"{name}: the file is empty.")
    return rows


def _read_csv(name: str, content: bytes) -> list[tuple[int, list[str]]]:
    if content.startswith(b"PK\x03\x04"):
        raise InputError(f"{name}: this is a spreadsheet workbook, not CSV text; name it .xlsx.")
    if b"\x00" in content[:65536]:
        raise InputError(f"{name}: not a CSV file (it contains binary data).")
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = content[: error.start].count(b"\n") + 1
        raise InputError(
            f"{name}, line {line}: not UTF-8 text; save the file as CSV UTF-8."
        ) from None
    sample = text[:65536]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    rows = []
    try:
        for number, cells in enumerate(reader, start=1):
            rows.append((number, [cell.strip() for cell in cells]))
    except csv.Error as error:
        raise InputError(f"{name}, row {reader.line_num}: malformed CSV ({error}).") from None
    return rows


def _read_xlsx(name: str, content: bytes) -> list[tuple[int, list[str]]]:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise InputError(f"{name}: not a valid XLSX workbook ({error}).") from None
    try:
        sheet = workbook.worksheets[0]
        return [
            (number, [_cell_text(value) for value in values])
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1)
        ]
    finally:
        workbook.close()


# ---------------------------------------------------------------------------------------------
# Scale and proof points


@dataclass
class _Scale:
    levels: list[str]
    non_ordinal: dict[int, str]
    codes: dict[str, int]

    @classmethod
    def build(cls, levels: list[str], dont_know: str, framework: ParsedFramework | None) -> _Scale:
        non_ordinal: dict[int, str] = {}
        if framework is not None and framework.scale is not None:
            non_ordinal = {choice.code: choice.label for choice in framework.scale.non_ordinal}
        codes = {normalize(label): code for code, label in non_ordinal.items()}
        if normalize(dont_know) not in codes:
            code = 0 if 0 not in non_ordinal else min(non_ordinal) - 1
            non_ordinal[code] = "Don't know" if dont_know == DEFAULT_DONT_KNOW else dont_know
            codes[normalize(dont_know)] = code
        for code, label in enumerate(levels, start=1):
            if normalize(label) in codes:
                raise InputError(f"The level {label!r} is also the don't-know label.")
            codes[normalize(label)] = code
        return cls(levels, non_ordinal, codes)

    def code(self, text: str) -> int | str:
        """The answer code of a rating, or the error message."""
        key = normalize(text)
        if key in self.codes:
            return self.codes[key]
        k = len(self.levels)
        try:
            number = float(key)
        except ValueError:
            expected = ", ".join([*self.levels, *self.non_ordinal.values()])
            return f"unknown rating {text!r} (use one of: {expected}; or a number 1 to {k})"
        if number.is_integer() and 1 <= number <= k:
            return int(number)
        return f"rating {text!r} is not a whole number between 1 and {k}"


@dataclass
class _ProofPoints:
    """Proof points in order; found by key or text, or added as they appear (no framework)."""

    framework: ParsedFramework | None
    infos: list[ProofPointInfo] = field(default_factory=list)
    lookup: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.framework is None:
            return
        bare: dict[str, list[int]] = {}
        for module in self.framework.modules:
            for principle in module.principles:
                for point in principle.proof_points:
                    index = len(self.infos)
                    key = f"{module.key}.{principle.key}.{point.key}"
                    self.infos.append(
                        ProofPointInfo(
                            key,
                            module.title,
                            principle.title,
                            point.text,
                            module.key,
                            principle.key,
                        )
                    )
                    self.lookup[normalize(key)] = index
                    bare.setdefault(normalize(point.key), []).append(index)
                    bare.setdefault(normalize(point.text), []).append(index)
        for name, indexes in bare.items():
            if len(indexes) == 1:
                self.lookup.setdefault(name, indexes[0])

    def find(self, module: str, principle: str, text: str) -> int | str:
        """Index of the proof point, or the error message."""
        if self.framework is not None:
            for name in (text, f"{module}.{principle}.{text}"):
                if normalize(name) in self.lookup:
                    return self.lookup[normalize(name)]
            return f"proof point {text!r} is not in the framework (give its key or its text)"
        if not text:
            return "the proof point is empty"
        identity = "\x1f".join(normalize(part) for part in (module, principle, text))
        if identity not in self.lookup:
            self.lookup[identity] = len(self.infos)
            module_key, principle_key = slug(module), slug(principle)
            key = f"{module_key}.{principle_key}.{slug(text)}"
            taken = {info.key for info in self.infos}
            base, number = key, 2
            while key in taken:
                key, number = f"{base}-{number}", number + 1
            self.infos.append(
                ProofPointInfo(key, module, principle, text, module_key, principle_key)
            )
        return self.lookup[identity]


# ---------------------------------------------------------------------------------------------
# Collecting answers


@dataclass
class _Collector:
    name: str
    scale: _Scale
    points: _ProofPoints
    errors: list[str] = field(default_factory=list)
    respondents: dict[str, int] = field(default_factory=dict)
    labels: list[str] = field(default_factory=list)
    groups_of: list[int | None] = field(default_factory=list)
    group_rows: list[int] = field(default_factory=list)
    groups: dict[str, int] = field(default_factory=dict)
    group_names: list[str] = field(default_factory=list)
    answered: dict[tuple[int, int], int] = field(default_factory=dict)
    answers: list[AnswerRow] = field(default_factory=list)

    def error(self, row: int, column: str | None, message: str) -> None:
        where = f"{self.name}, row {row}" + (f", column {column!r}" if column else "")
        self.errors.append(f"{where}: {message}.")
        if len(self.errors) >= MAX_ERRORS:
            self.errors.append("Stopped after 20 errors.")
            raise InputError(self.errors)

    def respondent(self, row: int, label: str, group: str) -> int:
        group_index = None
        if group:
            group_index = self.groups.setdefault(normalize(group), len(self.groups))
            if group_index == len(self.group_names):
                self.group_names.append(group)
        index = self.respondents.get(label)
        if index is None:
            index = self.respondents[label] = len(self.labels)
            self.labels.append(label)
            self.groups_of.append(group_index)
            self.group_rows.append(row)
        elif self.groups_of[index] != group_index:
            before = self.groups_of[index]
            self.error(
                row,
                "group",
                f"respondent {label!r} is in group {group or '(none)'!r} here but in group "
                f"{self.group_names[before] if before is not None else '(none)'!r} "
                f"on row {self.group_rows[index]}",
            )
        return index

    def answer(
        self, row: int, respondent: int, point: int, rating: str, comment: str, column: str
    ) -> None:
        earlier = self.answered.get((respondent, point))
        if earlier is not None:
            self.error(
                row,
                None,
                f"duplicate answer: respondent {self.labels[respondent]!r} answers "
                f"{self.points.infos[point].text!r} twice (rows {earlier} and {row})",
            )
            return
        self.answered[(respondent, point)] = row
        code: int | None = None
        if rating:
            found = self.scale.code(rating)
            if isinstance(found, str):
                self.error(row, column, found)
                return
            code = found
        self.answers.append(AnswerRow(respondent, point, code, comment))


def _read_long(collector: _Collector, rows: list[tuple[int, list[str]]]) -> None:
    header_row, header = rows[0]
    names = [normalize(cell).replace(" ", "_") for cell in header]
    column = {name: i for i, name in reversed(list(enumerate(names))) if name in LONG_HEADERS}
    missing = [name for name in LONG_REQUIRED if name not in column]
    if missing:
        collector.error(
            header_row,
            None,
            f"missing required header {', '.join(repr(m) for m in missing)} (the long format "
            f"needs {', '.join(LONG_REQUIRED)}; it may also have group, module, principle, "
            "comment)",
        )
        raise InputError(collector.errors)
    width = len(header)
    for number, cells in rows[1:]:
        if len(cells) > width and any(cells[width:]):
            collector.error(number, None, f"{len(cells)} cells but the header has {width}")
            continue

        def get(name: str, cells: list[str] = cells) -> str:
            i = column.get(name)
            return cells[i] if i is not None and i < len(cells) else ""

        label = get("respondent")
        rating, comment = get("rating"), get("comment")
        if not label:
            collector.error(number, "respondent", "the respondent is empty")
            continue
        point = collector.points.find(get("module"), get("principle"), get("proof_point"))
        if isinstance(point, str):
            collector.error(number, "proof_point", point)
            continue
        respondent = collector.respondent(number, label, get("group"))
        if rating or comment:
            collector.answer(number, respondent, point, rating, comment, "rating")


def _wide_columns(
    collector: _Collector, header_row: int, header: list[str]
) -> tuple[int | None, list[tuple[int, int, str]]]:
    """(group column, [(column, proof point, "rating" | "comment")])."""
    group_column = None
    columns: list[tuple[int, int, str]] = []
    seen: dict[tuple[int, str], str] = {}
    for i, title in enumerate(header[1:], start=1):
        if not title:
            collector.error(header_row, f"#{i + 1}", "the column has no header")
            continue
        if normalize(title) == "group" and group_column is None:
            group_column = i
            continue
        match = _SUFFIX.match(title)
        name, kind = (match["name"], match["kind"].lower()) if match else (title, "rating")
        parts = [part.strip() for part in name.split(" | ")]
        module, principle, text = ["", "", *parts][-3:] if len(parts) <= 3 else ("", "", name)
        point = collector.points.find(module, principle, text)
        if isinstance(point, str):
            collector.error(header_row, title, point)
            continue
        if (point, kind) in seen:
            collector.error(
                header_row, title, f"a second {kind} column for {seen[(point, kind)]!r}"
            )
            continue
        seen[(point, kind)] = title
        columns.append((i, point, kind))
    return group_column, columns


def _read_wide(collector: _Collector, rows: list[tuple[int, list[str]]]) -> None:
    header_row, header = rows[0]
    if len(header) < 2:
        raise InputError(
            f"{collector.name}, row {header_row}: the header needs a respondent column and at "
            "least one proof point column (wide format), or the headers "
            f"{','.join(LONG_HEADERS)} (long format)."
        )
    group_column, columns = _wide_columns(collector, header_row, header)
    if collector.errors:
        raise InputError(collector.errors)
    first_row: dict[str, int] = {}
    titles = {i: header[i] for i, _, _ in columns}
    for number, cells in rows[1:]:
        cells = cells + [""] * (len(header) - len(cells))
        if any(cells[len(header) :]):
            collector.error(number, None, f"{len(cells)} cells but the header has {len(header)}")
            continue
        label = cells[0]
        if not label:
            collector.error(number, header[0] or "#1", "the respondent is empty")
            continue
        if label in first_row:
            collector.error(
                number,
                header[0] or "#1",
                f"duplicate respondent {label!r} (rows {first_row[label]} and {number})",
            )
            continue
        first_row[label] = number
        by_point: dict[int, list[str]] = {}
        for i, point, kind in columns:
            pair = by_point.setdefault(point, ["", "", titles[i]])
            if kind == "rating":
                pair[0], pair[2] = cells[i], titles[i]
            else:
                pair[1] = cells[i]
        if not any(rating or comment for rating, comment, _ in by_point.values()):
            continue
        group = cells[group_column] if group_column is not None else ""
        respondent = collector.respondent(number, label, group)
        for point, (rating, comment, title) in by_point.items():
            if rating or comment:
                collector.answer(number, respondent, point, rating, comment, title)


# ---------------------------------------------------------------------------------------------


def read_framework(path: Path) -> ParsedFramework:
    try:
        return parse_framework(path.read_bytes())
    except FileNotFoundError:
        raise InputError(f"{path.name}: no such file.") from None
    except FrameworkFileError as error:
        raise InputError([f"{path.name}: {line}" for line in error.errors]) from None


def is_long_format(header: Sequence[str]) -> bool:
    names = {normalize(cell).replace(" ", "_") for cell in header}
    return bool(names & {"proof_point", "rating"}) and "respondent" in names


def read_input(
    path: str | Path,
    *,
    framework: ParsedFramework | None = None,
    levels: list[str] | None = None,
    dont_know: str = DEFAULT_DONT_KNOW,
    anonymity: str = "confidential",
    min_group_size: int = 3,
    title: str | None = None,
) -> ReportInput:
    """A report input from a long or wide CSV/XLSX file; raises :class:`InputError`."""
    path = Path(path)
    if anonymity not in ANONYMITY_MODES:
        raise InputError(f"Unknown anonymity {anonymity!r}; use {', '.join(ANONYMITY_MODES)}.")
    if min_group_size < 1:
        raise InputError("The minimum group size must be at least 1.")
    if levels is None:
        scale_levels = DEFAULT_LEVELS
        if framework is not None and framework.scale is not None:
            scale_levels = [choice.label for choice in framework.scale.levels]
    else:
        scale_levels = levels
    scale = _Scale.build(list(scale_levels), dont_know, framework)
    rows = read_table(path)
    collector = _Collector(path.name, scale, _ProofPoints(framework))
    if is_long_format(rows[0][1]):
        _read_long(collector, rows)
    else:
        _read_wide(collector, rows)
    if collector.errors:
        raise InputError(collector.errors)
    if not collector.answers:
        raise InputError(f"{path.name}: no answers found, only a header row.")
    return _report_input(collector, title or path.stem, anonymity, min_group_size)


def _report_input(
    collector: _Collector, title: str, anonymity: str, min_group_size: int
) -> ReportInput:
    scale, infos = collector.scale, collector.points.infos
    k, n_groups = len(scale.levels), len(collector.group_names)
    answers = collector.answers
    rated = [a for a in answers if a.code is not None]
    point = np.fromiter((a.proof_point for a in rated), dtype=np.int64, count=len(rated))
    code = np.fromiter((a.code for a in rated), dtype=np.int64, count=len(rated))
    group = np.fromiter(
        (g if (g := collector.groups_of[a.respondent]) is not None else -1 for a in rated),
        dtype=np.int64,
        count=len(rated),
    )
    column = np.where(code > 0, code, 0)
    counts = np.zeros((len(infos), n_groups, k + 1), dtype=np.int64)
    grouped = group >= 0
    np.add.at(counts, (point[grouped], group[grouped], column[grouped]), 1)
    without = np.zeros((len(infos), k + 1), dtype=np.int64)
    np.add.at(without, (point[~grouped], column[~grouped]), 1)
    return ReportInput(
        title=title,
        levels=scale.levels,
        non_ordinal=scale.non_ordinal,
        proof_points=infos,
        groups=collector.group_names,
        counts=counts,
        anonymity=anonymity,
        min_group_size=min_group_size,
        respondents=[
            Respondent(label, group)
            for label, group in zip(collector.labels, collector.groups_of, strict=True)
        ],
        answers=answers,
        counts_without_group=without,
    )
