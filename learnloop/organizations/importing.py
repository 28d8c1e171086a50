"""What a people import will do, and the words for what is wrong with one.

Reading the file is Django-free (learnloop.lib.people_import); here the rows are compared with
the organization's people and groups. actions.do_import_people() saves the plan.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from learnloop.lib import people_import as lib
from learnloop.lib.people_import import PeopleFileError, PersonRow, Problem
from learnloop.organizations.models import Organization, Person

ALREADY_IN_ORGANIZATION = "already_in_organization"
SAME_NAME_EXISTS = "same_name_exists"


@dataclass
class PlannedUpdate:
    row: PersonRow
    person: Person
    old_groups: list[str]
    new_groups: list[str]

    @property
    def name_changes(self) -> bool:
        return self.person.name != self.row.name

    @property
    def groups_change(self) -> bool:
        return bool(self.row.groups) and sorted(self.old_groups) != sorted(self.new_groups)


@dataclass
class ImportPlan:
    rows: list[PersonRow]
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    new_people: list[PersonRow] = field(default_factory=list)
    updates: list[PlannedUpdate] = field(default_factory=list)
    unchanged: list[PersonRow] = field(default_factory=list)
    new_groups: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def django_email_is_valid(email: str) -> bool:
    try:
        validate_email(email)
    except ValidationError:
        return False
    return True


def plan_people_import(
    organization: Organization, rows: list[PersonRow], update_existing: bool
) -> ImportPlan:
    """Check the rows against themselves and the organization; nothing is written."""
    plan = ImportPlan(rows=rows, problems=lib.check_people(rows, django_email_is_valid))
    groups = {g.name.casefold(): g.name for g in organization.groups.all()}
    people = list(organization.people.prefetch_related("groups"))
    by_email = {p.email.lower(): p for p in people if p.email}
    names = {p.name.casefold() for p in people}
    rows_with_problems = {problem.row for problem in plan.problems}
    for row in rows:
        for name in row.groups:
            if name.casefold() not in groups:
                groups[name.casefold()] = name
                plan.new_groups.append(name)
        existing = by_email.get(row.email) if row.email else None
        if row.row in rows_with_problems:
            continue
        if existing is None:
            plan.new_people.append(row)
            if not row.email and row.name.casefold() in names:
                plan.warnings.append(Problem(row.row, "name", SAME_NAME_EXISTS, {"name": row.name}))
        elif not update_existing:
            plan.problems.append(
                Problem(
                    row.row,
                    "email",
                    ALREADY_IN_ORGANIZATION,
                    {"email": row.email, "name": existing.name},
                )
            )
        else:
            _plan_update(plan, row, existing, groups)
    plan.problems.sort(key=lambda problem: problem.row)
    return plan


def _plan_update(plan: ImportPlan, row: PersonRow, person: Person, groups: dict) -> None:
    old_groups = [g.name for g in person.groups.all()]
    new_groups = [groups[name.casefold()] for name in row.groups] if row.groups else old_groups
    update = PlannedUpdate(row, person, old_groups, new_groups)
    if update.name_changes or update.groups_change:
        plan.updates.append(update)
    else:
        plan.unchanged.append(row)


def problem_message(problem: Problem) -> str:
    """The problem in the user's words; the row and field are shown beside it."""
    messages = {
        lib.MISSING_NAME: _("The name is missing."),
        lib.NAME_TOO_LONG: _("The name is longer than %(limit)s characters."),
        lib.INVALID_EMAIL: _("“%(email)s” is not a valid email address."),
        lib.DUPLICATE_EMAIL: _("The email %(email)s is also on row %(other_row)s."),
        lib.GROUP_TOO_LONG: _("The group “%(group)s…” is longer than %(limit)s characters."),
        ALREADY_IN_ORGANIZATION: _(
            "%(email)s is already in the organization (%(name)s). Tick “update existing "
            "people” to update them from this file, or remove the row."
        ),
        SAME_NAME_EXISTS: _(
            "Someone called %(name)s is already in the organization; this row adds another "
            "person with that name."
        ),
    }
    return messages[problem.code] % problem.params


def field_label(field_name: str) -> str:
    return {"name": _("name"), "email": _("email"), "groups": _("groups")}[field_name]


def file_error_message(error: PeopleFileError) -> str:
    params = dict(error.params)
    if "expected" in params:
        params["expected"] = ", ".join(params["expected"])
    messages = {
        lib.EMPTY_FILE: _("%(filename)s is empty."),
        lib.NOT_A_SPREADSHEET: _(
            "%(filename)s is not a CSV or XLSX file. Save it from your spreadsheet program as "
            "CSV (UTF-8) or as an Excel workbook (.xlsx) and try again."
        ),
        lib.UNREADABLE_XLSX: _(
            "%(filename)s could not be read as an Excel workbook (.xlsx). Open it in your "
            "spreadsheet program, save it again as .xlsx or CSV, and try again."
        ),
        lib.NO_HEADER: _("%(filename)s has no header row. The first row must name the columns."),
        lib.MISSING_COLUMN: _(
            "%(filename)s has no “%(column)s” column. The first row must name the columns: "
            "name, email, groups."
        ),
        lib.UNKNOWN_COLUMN: _(
            "%(filename)s has a column “%(column)s” that Learnloop does not know. The columns "
            "are: %(expected)s."
        ),
        lib.DUPLICATE_COLUMN: _("%(filename)s has the column “%(column)s” twice."),
        lib.NO_ROWS: _("%(filename)s has a header row but nobody under it."),
    }
    return messages[error.code] % params


def template_instructions() -> list[str]:
    return [
        _("Fill in the first sheet, one person per row, under the header row."),
        _("name: required, the person's full name."),
        _("email: optional; people without an email can still be invited with a personal link."),
        _(
            "groups: optional; one or more groups separated by ; or , (for example: Board; "
            "Finance). Groups that do not exist yet are created."
        ),
        _("Learnloop checks every row first and saves nothing if any row has a problem."),
    ]
