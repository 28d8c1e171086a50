"""Importing people through the pages: check, preview, confirm; nothing saved on a problem."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from learnloop.organizations import actions
from learnloop.organizations.models import Group, Person

from .spreadsheets import xlsx


def url(name: str, **kwargs) -> str:
    return reverse(name, kwargs={"slug": "riverside", **kwargs})


def upload(client, data: bytes, filename: str = "people.csv", update_existing: bool = False):
    form = {"file": SimpleUploadedFile(filename, data)}
    if update_existing:
        form["update_existing"] = "on"
    return client.post(url("organizations-import-people"), form)


def confirm(client):
    return client.post(url("organizations-confirm-import"))


def state(organization) -> tuple:
    people = organization.people.order_by("pk").values_list("name", "email", "groups__name")
    return list(people), list(organization.groups.order_by("pk").values_list("name", flat=True))


GOOD_CSV = (
    "\ufeffName,Email,Groups\nAda Lovelace,ada@example.org,Board; Finance\n,,\nBen Okafor,,staff\n"
).encode()


def test_import_page_explains_the_columns_and_offers_templates(admin_client):
    page = admin_client.get(url("organizations-import-people")).content.decode()
    assert "groups" in page
    assert url("organizations-download-people-template", file_format="csv") in page
    assert url("organizations-download-people-template", file_format="xlsx") in page


def test_a_good_file_is_previewed_then_saved(admin_client, organization, groups):
    preview = upload(admin_client, GOOD_CSV)
    page = preview.content.decode()
    assert preview.status_code == 200
    assert "Nothing has been saved yet." in page
    assert preview.context["plan"].new_groups == ["Finance"]
    assert "will be created" in page
    assert not Person.objects.filter(organization=organization).exists()

    response = confirm(admin_client)
    assert response.status_code == 302
    ada = Person.objects.get(email="ada@example.org")
    assert sorted(g.name for g in ada.groups.all()) == ["Board", "Finance"]
    ben = Person.objects.get(name="Ben Okafor")
    assert [g.name for g in ben.groups.all()] == ["Staff"]
    assert Group.objects.filter(organization=organization).count() == 3
    message = admin_client.get(response["Location"]).content.decode()
    assert "2 added" in message
    assert "New groups: Finance" in message


def test_confirming_twice_saves_once(admin_client, organization):
    upload(admin_client, GOOD_CSV)
    confirm(admin_client)
    response = confirm(admin_client)
    assert response["Location"] == url("organizations-import-people")
    assert Person.objects.filter(organization=organization).count() == 2


def test_an_xlsx_file_with_odd_cells_is_imported(admin_client, organization):
    data = xlsx(
        [
            ["NAME", "groups", "Email"],
            [None, None, None],
            ["Ada", 2024, "ada@example.org"],
            [42, None, None],
        ]
    )
    assert upload(admin_client, data, "people.xlsx").status_code == 200
    confirm(admin_client)
    assert sorted(organization.people.values_list("name", flat=True)) == ["42", "Ada"]
    assert Group.objects.filter(organization=organization, name="2024").exists()


BAD_FILES = [
    pytest.param(
        b"email,groups\nada@example.org,Board\n",
        "people.csv",
        "has no “name” column",
        id="missing-column",
    ),
    pytest.param(
        b"name,email\nAda,ada@example.org\nBen,ben@@example\nCleo,cleo@example.org\n",
        "people.csv",
        "Row 3 email: “ben@@example” is not a valid email address.",
        id="bad-email-on-row-3",
    ),
    pytest.param(
        b"name,email\nAda,ada@example.org\nAda B,ADA@example.org\n",
        "people.csv",
        "Row 3 email: The email ada@example.org is also on row 2.",
        id="duplicate-email",
    ),
    pytest.param(
        b"name,email\nAda,ada@example.org\n,ben@example.org\n",
        "people.csv",
        "Row 3 name: The name is missing.",
        id="missing-name",
    ),
    pytest.param(b"", "people.csv", "people.csv is empty.", id="empty-file"),
    pytest.param(
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00",
        "people.csv",
        "people.csv is not a CSV or XLSX file.",
        id="non-csv-bytes",
    ),
    pytest.param(
        b"name,email\n",
        "people.csv",
        "has a header row but nobody under it",
        id="header-only",
    ),
    pytest.param(
        xlsx([["name", "email"], ["Ada", "ada@example.org"], [None], ["Ben", "not an email"]]),
        "people.xlsx",
        "Row 4 email: “not an email” is not a valid email address.",
        id="xlsx-with-bad-row",
    ),
    pytest.param(
        b"name,email\nAda,ada@example.org\n",
        "people.xlsx",
        "could not be read as an Excel workbook",
        id="csv-named-xlsx",
    ),
    pytest.param(
        b"name,email\nAda,ada@example.org\n",
        "people.pdf",
        "people.pdf is not a CSV or XLSX file",
        id="wrong-suffix",
    ),
    pytest.param(
        b"name,email\nAda,person1@example.org\n",
        "people.csv",
        "Row 2 email: person1@example.org is already in the organization (Person 1).",
        id="email-already-in-organization",
    ),
]


def reported_text(response) -> str:
    """The report as a person reads it: 'Row 3 email: message', or the form's file error."""
    plan = response.context.get("plan")
    if plan is None:
        return " ".join(response.context["form"].errors["file"])
    from learnloop.organizations.importing import field_label, problem_message

    return " ".join(
        f"Row {p.row} {field_label(p.field)}: {problem_message(p)}" for p in plan.problems
    )


@pytest.mark.parametrize(("data", "filename", "message"), BAD_FILES)
def test_a_bad_file_is_reported_and_nothing_is_saved(
    admin_client, organization, people, data, filename, message
):
    before = state(organization)
    response = upload(admin_client, data, filename)
    assert response.status_code in {200, 422}
    assert message in reported_text(response)
    assert "Save the import" not in response.content.decode()
    assert confirm(admin_client)["Location"] == url("organizations-import-people")
    assert state(organization) == before


def test_the_report_lists_row_field_and_message(admin_client, organization):
    response = upload(admin_client, b"name,email\nAda,bad\n,\nBen,\n\nCleo,cleo@x\n")
    page = response.content.decode()
    assert response.status_code == 422
    assert "Nothing was saved: 2 problems must be fixed" in page
    assert "<td>2</td><td>email</td>" in page
    assert "<td>6</td><td>email</td>" in page


def test_a_file_over_the_size_limit_is_refused(admin_client, organization, settings):
    settings.MAX_UPLOAD_SIZE = 20
    response = upload(admin_client, b"name\n" + b"Someone with a long name\n" * 3)
    assert "the largest file accepted is 20" in " ".join(response.context["form"].errors["file"])
    assert not organization.people.exists()


def test_existing_people_are_updated_only_when_asked(admin_client, organization, people, groups):
    data = b"name,email,groups\nPerson One Renamed,PERSON1@example.org,Staff;Finance\n"
    data += b"Person 2,person2@example.org,\nNew Person,new@example.org,Board\n"
    refused = upload(admin_client, data)
    assert refused.status_code == 422
    assert "Tick “update existing people”" in refused.content.decode()

    preview = upload(admin_client, data, update_existing=True)
    plan = preview.context["plan"]
    assert [u.row.email for u in plan.updates] == ["person1@example.org"]
    assert [r.email for r in plan.unchanged] == ["person2@example.org"]
    assert "<del>Person 1</del> → Person One Renamed" in preview.content.decode()
    confirm(admin_client)

    people[0].refresh_from_db()
    assert people[0].name == "Person One Renamed"
    assert sorted(g.name for g in people[0].groups.all()) == ["Finance", "Staff"]
    assert [g.name for g in people[1].groups.all()] == ["Board"]
    assert organization.people.count() == 7


def test_a_same_name_without_email_is_flagged_but_allowed(admin_client, organization, people):
    preview = upload(admin_client, b"name\nperson 3\n")
    assert "Someone called person 3 is already in the organization" in preview.content.decode()
    confirm(admin_client)
    assert organization.people.filter(name__iexact="person 3").count() == 2


def test_changes_between_preview_and_confirm_are_caught(admin_client, organization):
    upload(admin_client, b"name,email\nAda,ada@example.org\n")
    Person.objects.create(
        organization=organization, name="Ada (added meanwhile)", email="ada@example.org"
    )
    response = confirm(admin_client)
    assert response.status_code == 422
    assert "changed since the file was checked" in response.content.decode()
    assert organization.people.count() == 1


def test_an_import_that_fails_midway_leaves_nothing_behind(organization, monkeypatch):
    rows = [
        actions.PersonRow(2, "Ada", "ada@example.org", ("Board",)),
        actions.PersonRow(3, "Ben", "", ("Brand new group",)),
    ]

    def fail(*args, **kwargs):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(Person.groups.through.objects, "bulk_create", fail)
    with pytest.raises(RuntimeError):
        actions.do_import_people(organization, rows)
    assert not organization.people.exists()
    assert not organization.groups.exists()


def test_a_large_import_takes_few_queries(organization, django_assert_max_num_queries):
    rows = [
        actions.PersonRow(i + 2, f"Person {i}", f"p{i}@example.org", ("Board", f"Unit {i % 5}"))
        for i in range(1200)
    ]
    with django_assert_max_num_queries(30):
        summary = actions.do_import_people(organization, rows)
    assert summary.created == 1200
    assert len(summary.groups_created) == 6
    assert Person.groups.through.objects.filter(person__organization=organization).count() == 2400


def test_templates_download_as_csv_and_xlsx(admin_client):
    csv_response = admin_client.get(
        url("organizations-download-people-template", file_format="csv")
    )
    assert csv_response["Content-Type"].startswith("text/csv")
    assert 'filename="people.csv"' in csv_response["Content-Disposition"]
    assert csv_response.content.decode("utf-8-sig").startswith("name,email,groups")
    xlsx_response = admin_client.get(
        url("organizations-download-people-template", file_format="xlsx")
    )
    workbook = openpyxl.load_workbook(io.BytesIO(xlsx_response.content))
    assert [c.value for c in workbook.worksheets[0][1]] == ["name", "email", "groups"]
    assert "How to fill" in workbook.sheetnames
