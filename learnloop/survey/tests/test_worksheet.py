"""The offline worksheet: download, fill in, upload; every row checked, all or nothing."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from learnloop.learning_sessions.models import Answer
from learnloop.lib.worksheet import (
    ReadMessages,
    WorksheetModule,
    WorksheetRow,
    WorksheetWords,
    normalize_label,
    read_worksheet,
    sheet_names,
    write_worksheet,
)
from learnloop.survey.tests.conftest import answers_of


def download(client, token) -> openpyxl.Workbook:
    response = client.get(reverse("survey-download-worksheet", args=[token]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert "attachment" in response["Content-Disposition"]
    return openpyxl.load_workbook(io.BytesIO(response.content))


def upload(client, token, workbook: openpyxl.Workbook, name="worksheet.xlsx"):
    buffer = io.BytesIO()
    workbook.save(buffer)
    return upload_bytes(client, token, buffer.getvalue(), name)


def upload_bytes(client, token, data: bytes, name="worksheet.xlsx"):
    return client.post(
        reverse("survey-upload-worksheet", args=[token]),
        {"worksheet": SimpleUploadedFile(name, data)},
    )


def test_worksheet_has_instructions_a_sheet_per_module_and_a_rating_list(
    client, participant, token
):
    workbook = download(client, token)
    assert workbook.sheetnames == ["Instructions", "Module 1", "Module 2"]
    sheet = workbook["Module 1"]
    assert [c.value for c in sheet[1]] == [
        "Key",
        "Principle",
        "Proof point",
        "Guidance",
        "Rating",
        "Comment",
    ]
    assert sheet["A2"].value == "module-1.principle-1.pp-1"
    assert sheet.column_dimensions["A"].hidden
    assert sheet["C3"].value == "Proof point 1.2"
    rating_lists = [v for v in sheet.data_validations.dataValidation if v.type == "list"]
    assert len(rating_lists) == 1
    assert "E2:E3" in str(rating_lists[0].sqref)
    instructions = [row[0] for row in workbook["Instructions"].iter_rows(values_only=True)]
    assert "Don't know" in instructions
    assert "Fully meets" in instructions


def test_worksheet_round_trips_through_upload(client, participant, token, proof_points):
    Answer.objects.create(
        participant=participant,
        session=participant.session,
        proof_point=proof_points[3],
        code=2,
        comment="=SUM(A1:A9) is how we count",
    )
    workbook = download(client, token)
    assert workbook["Module 2"]["E3"].value == "Beginning"
    assert workbook["Module 2"]["F3"].value == "'=SUM(A1:A9) is how we count"
    workbook["Module 1"]["E2"] = "fully meets"  # case does not matter
    workbook["Module 1"]["F2"] = "Strong board\nand staff"
    workbook["Module 1"]["E3"] = "Don't know"
    response = upload(client, token, workbook)
    assert response.status_code == 302
    assert response.url.endswith("?uploaded=3")
    assert answers_of(participant) == {
        proof_points[0].pk: (5, "Strong board\nand staff"),
        proof_points[1].pk: (0, ""),
        proof_points[3].pk: (2, "=SUM(A1:A9) is how we count"),
    }
    assert "3 answers updated" in client.get(response.url).content.decode()


def test_blank_rows_leave_online_answers_as_they_are(client, participant, token, proof_points):
    workbook = download(client, token)
    Answer.objects.create(
        participant=participant, session=participant.session, proof_point=proof_points[0], code=4
    )
    workbook["Module 2"]["E2"] = "Beginning"
    assert upload(client, token, workbook).status_code == 302
    assert answers_of(participant) == {
        proof_points[0].pk: (4, ""),
        proof_points[2].pk: (2, ""),
    }


def test_bad_rating_is_reported_by_sheet_and_row_and_nothing_is_saved(client, participant, token):
    workbook = download(client, token)
    workbook["Module 1"]["E2"] = "Beginning"
    workbook["Module 2"]["E3"] = "Sometimes"
    response = upload(client, token, workbook)
    assert response.status_code == 400
    content = response.content.decode()
    assert "Nothing was saved" in content
    assert "Sheet &#x27;Module 2&#x27;, row 3: rating &#x27;Sometimes&#x27; is not on" in content
    assert not Answer.objects.exists()


def test_unknown_key_is_reported_and_nothing_is_saved(client, participant, token):
    workbook = download(client, token)
    workbook["Module 1"]["E2"] = "Beginning"
    workbook["Module 1"]["A3"] = "someone-else.principle.pp"
    workbook["Module 1"]["E3"] = "Beginning"
    response = upload(client, token, workbook)
    assert response.status_code == 400
    assert "row 3: &#x27;someone-else.principle.pp&#x27; is not one of your proof points" in (
        response.content.decode()
    )
    assert not Answer.objects.exists()


def test_proof_point_of_a_module_not_assigned_is_refused(client, participant, token, modules):
    workbook = download(client, token)
    participant.modules.set([modules[0]])
    workbook["Module 2"]["E2"] = "Beginning"
    response = upload(client, token, workbook)
    assert response.status_code == 400
    assert "Sheet &#x27;Module 2&#x27;, row 2" in response.content.decode()
    assert not Answer.objects.exists()


def test_comment_over_the_limit_is_reported_and_nothing_is_saved(
    client, participant, token, settings
):
    workbook = download(client, token)
    settings.MAX_COMMENT_LENGTH = 10
    workbook["Module 1"]["F2"] = "x" * 11
    response = upload(client, token, workbook)
    assert response.status_code == 400
    assert "row 2: the comment has 11 characters; the limit is 10" in response.content.decode()
    assert not Answer.objects.exists()


def test_file_that_is_not_xlsx_is_refused(client, participant, token):
    response = upload_bytes(client, token, b"code,comment\n3,hi\n", name="answers.csv")
    assert response.status_code == 400
    assert "is not an Excel workbook" in response.content.decode()
    response = upload_bytes(client, token, b"PK\x03\x04 not really a zip", name="fake.xlsx")
    assert response.status_code == 400
    assert "The file is not an Excel workbook" in response.content.decode()
    assert not Answer.objects.exists()


def test_workbook_without_proof_points_is_refused(client, participant, token):
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "My notes"
    response = upload(client, token, workbook)
    assert response.status_code == 400
    assert "No proof points were found" in response.content.decode()


def test_upload_page_explains_and_offers_the_download(client, participant, token):
    response = client.get(reverse("survey-upload-worksheet", args=[token]))
    assert response.status_code == 200
    assert reverse("survey-download-worksheet", args=[token]) in response.content.decode()


# The worksheet library, without Django.

WORDS = WorksheetWords()
MESSAGES = ReadMessages()
SCALE = [("Not started", 1), ("Fully meets", 2), ("Don't know", 0)]


def sample(rows: list[WorksheetRow]) -> bytes:
    return write_worksheet(
        [WorksheetModule("Leadership", rows)],
        [label for label, _ in SCALE],
        ["Title", "How to"],
        WORDS,
        100,
    )


def read(data: bytes, keys=frozenset({"a.b.c", "a.b.d"})):
    return read_worksheet(data, set(keys), SCALE, WORDS, MESSAGES, 100)


def fill(data: bytes, cells: dict[str, object]) -> bytes:
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    for ref, value in cells.items():
        workbook["Leadership"][ref] = value
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


ROWS = [WorksheetRow("a.b.c", "P", "One"), WorksheetRow("a.b.d", "P", "Two")]


@pytest.mark.parametrize(
    ("cells", "answers", "errors"),
    [
        ({}, [], []),
        ({"E2": "  not   STARTED "}, [("a.b.c", 1, "")], []),
        ({"F3": "only a comment"}, [("a.b.d", None, "only a comment")], []),
        ({"F2": "'+1 said it"}, [("a.b.c", None, "+1 said it")], []),
        ({"E2": "Often"}, [], ["Sheet 'Leadership', row 2: rating 'Often' is not on the scale"]),
        ({"A2": None, "E2": "Fully meets"}, [], ["row 2: the hidden key is empty"]),
        ({"A3": "a.b.c", "E3": "Fully meets", "E2": "Fully meets"}, [], ["already on sheet"]),
        ({"F2": "y" * 101}, [], ["the comment has 101 characters; the limit is 100"]),
        ({"E2": 2}, [], ["rating '2' is not on the scale"]),
    ],
)
def test_reading_a_worksheet(cells, answers, errors):
    result = read(fill(sample(ROWS), cells))
    assert [(a.key, a.code, a.comment) for a in result.answers] == answers
    assert len(result.errors) == len(errors)
    for error, expected in zip(result.errors, errors, strict=True):
        assert expected in error


def test_reading_reports_every_problem_not_just_the_first():
    result = read(fill(sample(ROWS), {"E2": "Often", "E3": "Rarely"}))
    assert len(result.errors) == 2
    assert result.answers == []


def test_sheet_names_are_excel_safe_and_unique():
    names = sheet_names(["Finance: budget/plan?", "x" * 40, "x" * 40, "Instructions"])
    assert names[0] == "Finance- budget-plan-"
    assert len(names[1]) == 31
    assert names[2].endswith("(2)")
    assert len(names[2]) <= 31
    assert names[3] == "Instructions (2)"


def test_labels_match_whatever_the_case_spacing_and_apostrophe():
    assert normalize_label("  Don\u2019t   KNOW ") == normalize_label("Don't know")
