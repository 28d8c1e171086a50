"""Reading and checking people files, without the database (learnloop.lib.people_import)."""

import datetime

import pytest

from learnloop.lib import people_import as lib
from learnloop.lib.people_import import PeopleFileError, PersonRow, Problem

from .spreadsheets import xlsx


def read(text: str, filename: str = "people.csv") -> list[PersonRow]:
    return lib.read_people_file(filename, text.encode("utf-8"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "name,email,groups\nAda,ada@x.org,Board\n",
            [PersonRow(2, "Ada", "ada@x.org", ("Board",))],
        ),
        ("\ufeffName,EMAIL,Groups\nAda,,\n", [PersonRow(2, "Ada", "", ())]),
        (
            "name;email;groups\nAda;ADA@X.ORG;Board, Staff\n",
            [PersonRow(2, "Ada", "ada@x.org", ("Board", "Staff"))],
        ),
        (
            "groups\tname\nBoard;staff;BOARD\t Ada  Byron \n",
            [PersonRow(2, "Ada Byron", "", ("Board", "staff"))],
        ),
        (
            "Full name,E-mail address,Group\nAda,a@x.org,Board\n",
            [PersonRow(2, "Ada", "a@x.org", ("Board",))],
        ),
        ("name\n\n,\nAda\n", [PersonRow(4, "Ada", "", ())]),
        (
            'name,groups\n"Lovelace, Ada","Board;;  ;Staff"\n',
            [PersonRow(2, "Lovelace, Ada", "", ("Board", "Staff"))],
        ),
        ("name,email\r\nAda\r\n", [PersonRow(2, "Ada", "", ())]),
        ("\n\nname\nAda\n", [PersonRow(4, "Ada", "", ())]),
    ],
)
def test_csv_files_are_read(text, expected):
    assert read(text) == expected


def test_windows_encoded_csv_is_read():
    data = "name\nJosé Müller\n".encode("cp1252")
    assert lib.read_people_file("people.csv", data)[0].name == "José Müller"


@pytest.mark.parametrize(
    ("data", "filename", "code"),
    [
        (b"", "people.csv", lib.EMPTY_FILE),
        (b"  \n\n", "people.csv", lib.EMPTY_FILE),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "people.csv", lib.NOT_A_SPREADSHEET),
        (b"\x00\x01\x02binary", "people.txt", lib.NOT_A_SPREADSHEET),
        (b"just some text", "people.xlsx", lib.UNREADABLE_XLSX),
        (b"PK\x03\x04broken zip", "people.csv", lib.UNREADABLE_XLSX),
        (b"email,groups\na@x.org,Board\n", "people.csv", lib.MISSING_COLUMN),
        (b"name,emial\nAda,a@x.org\n", "people.csv", lib.UNKNOWN_COLUMN),
        (b"name,email,e-mail\nAda,a,b\n", "people.csv", lib.DUPLICATE_COLUMN),
        (b"name,email,groups\n", "people.csv", lib.NO_ROWS),
        (b",,\n,,\n", "people.csv", lib.NO_HEADER),
    ],
)
def test_unreadable_files_are_refused_with_a_reason(data, filename, code):
    with pytest.raises(PeopleFileError) as raised:
        lib.read_people_file(filename, data)
    assert raised.value.code == code
    assert raised.value.params["filename"] == filename


def test_xlsx_first_sheet_is_read_with_odd_cells():
    data = xlsx(
        [
            ["Name", "Email", "Groups"],
            [12345, None, 2024],
            [None, None, None],
            ["Ada", " ADA@X.ORG ", datetime.date(2024, 1, 2)],
            [3.5, True, "Board;Staff"],
        ]
    )
    assert lib.read_people_file("people.xlsx", data) == [
        PersonRow(2, "12345", "", ("2024",)),
        PersonRow(4, "Ada", "ada@x.org", ("2024-01-02",)),
        PersonRow(5, "3.5", "true", ("Board", "Staff")),
    ]


def test_xlsx_is_recognised_by_its_content_whatever_its_name():
    data = xlsx([["name"], ["Ada"]])
    assert lib.read_people_file("export.bin", data) == [PersonRow(2, "Ada", "", ())]


@pytest.mark.parametrize(
    ("rows", "problems"),
    [
        ([PersonRow(2, "", "", ())], [Problem(2, "name", lib.MISSING_NAME)]),
        (
            [PersonRow(2, "A" * 201, "", ())],
            [Problem(2, "name", lib.NAME_TOO_LONG, {"limit": 200})],
        ),
        (
            [PersonRow(2, "A", "a@x.org", ()), PersonRow(3, "B", "not-an-email", ())],
            [Problem(3, "email", lib.INVALID_EMAIL, {"email": "not-an-email"})],
        ),
        (
            [PersonRow(2, "A", "a@x.org", ()), PersonRow(3, "B", "a@x.org", ())],
            [Problem(3, "email", lib.DUPLICATE_EMAIL, {"email": "a@x.org", "other_row": 2})],
        ),
        (
            [PersonRow(2, "A", "", ("G" * 121,))],
            [Problem(2, "groups", lib.GROUP_TOO_LONG, {"group": "G" * 40, "limit": 120})],
        ),
        ([PersonRow(2, "A", "", ()), PersonRow(3, "B", "", ())], []),
    ],
)
def test_rows_are_checked(rows, problems):
    assert lib.check_people(rows) == problems


def test_a_caller_may_bring_its_own_email_check():
    rows = [PersonRow(2, "A", "a@x.org", ())]
    assert lib.check_people(rows, email_is_valid=lambda email: False)[0].code == lib.INVALID_EMAIL


def test_templates_have_the_header_and_nobody_under_it():
    assert lib.template_csv().decode("utf-8-sig") == "name,email,groups\r\n"
    for data, filename in [(lib.template_csv(), "t.csv"), (lib.template_xlsx(["Help"]), "t.xlsx")]:
        with pytest.raises(PeopleFileError) as raised:
            lib.read_people_file(filename, data)
        assert raised.value.code == lib.NO_ROWS


def test_rows_survive_a_round_trip_through_a_dict():
    row = PersonRow(7, "Ada", "a@x.org", ("Board", "Staff"))
    assert PersonRow.from_dict(row.to_dict()) == row
