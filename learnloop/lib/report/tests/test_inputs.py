"""Reading answers collected anywhere: long and wide, CSV and XLSX, scales, frameworks, errors."""

import numpy as np
import openpyxl
import pytest

from learnloop.lib.report import build_report
from learnloop.lib.report.inputs import InputError, parse_scale, read_framework, read_input

LONG = """respondent,group,module,principle,proof_point,rating,comment
R1,Board,Governance,Planning,We have a plan,Fully meets,Good plan
R2,Board,Governance,Planning,We have a plan,4,
R3,Board,Governance,Planning,We have a plan,don't know,
R4,Staff,Governance,Planning,We have a plan,1,Never seen it
R5,Staff,Governance,Planning,We have a plan,2,
R6,Staff,Governance,Planning,We have a plan,2,
R1,Board,Governance,Planning,We review it,3,
R4,Staff,Governance,Planning,We review it,,Only a comment
"""

WIDE_HEADER = ",".join(
    [
        "respondent",
        "group",
        "Governance | Planning | We have a plan",
        "Governance | Planning | We have a plan [comment]",
        "Governance | Planning | We review it [rating]",
        "Governance | Planning | We review it [comment]",
    ]
)
WIDE = (
    WIDE_HEADER
    + """
R1,Board,Fully meets,Good plan,3,
R2,Board,4,,,
R3,Board,Don't Know,,,
R4,Staff,1,Never seen it,,Only a comment
R5,Staff,2,,,
R6,Staff,2,,,
"""
)


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def write_xlsx(tmp_path, name, text):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for line in text.strip().splitlines():
        sheet.append([cell if not cell.isdigit() else int(cell) for cell in line.split(",")])
    path = tmp_path / name
    workbook.save(path)
    return path


def test_long_format_counts_every_answer(tmp_path):
    data = read_input(write(tmp_path, "answers.csv", LONG))
    assert [p.text for p in data.proof_points] == ["We have a plan", "We review it"]
    assert data.proof_points[0].key == "governance.planning.we-have-a-plan"
    assert data.groups == ["Board", "Staff"]
    assert data.counts[0].tolist() == [[1, 0, 0, 0, 1, 1], [0, 1, 2, 0, 0, 0]]
    assert len(data.respondents) == 6
    comment_only = [a for a in data.answers if a.comment == "Only a comment"]
    assert comment_only[0].code is None


def test_wide_and_long_give_the_same_report(tmp_path):
    long = build_report(read_input(write(tmp_path, "long.csv", LONG), title="T"))
    wide = build_report(read_input(write(tmp_path, "wide.csv", WIDE), title="T"))
    for doc in (long, wide):
        doc.pop("generated_at")
    assert long == wide


def test_xlsx_input_reads_like_csv(tmp_path):
    from_csv = read_input(write(tmp_path, "a.csv", LONG))
    from_xlsx = read_input(write_xlsx(tmp_path, "a.xlsx", LONG))
    assert np.array_equal(from_csv.counts, from_xlsx.counts)
    assert from_csv.answers == from_xlsx.answers


def test_semicolon_separated_csv_is_read(tmp_path):
    data = read_input(write(tmp_path, "a.csv", LONG.replace(",", ";")))
    assert data.counts.sum() == 7


def test_respondents_without_a_group_count_for_everyone(tmp_path):
    text = "respondent,proof_point,rating\nA,Plan,1\nB,Plan,2\nC,Plan,3\n"
    data = read_input(write(tmp_path, "a.csv", text))
    assert data.groups == []
    assert data.counts_without_group.tolist() == [[0, 1, 1, 1, 0, 0]]
    assert build_report(data)["proof_points"][0]["n"] == 3


@pytest.mark.parametrize(
    ("scale", "ratings", "expected"),
    [
        ("Never,Rarely,Often,Always", ["never", "2", "Always", "4"], [1, 1, 0, 2]),
        (
            "1 poor,2,3,4,5,6,7 excellent",
            ["1 poor", "7", "7 EXCELLENT", "4"],
            [1, 0, 0, 1, 0, 0, 2],
        ),
    ],
)
def test_custom_scales_of_four_and_seven_levels(tmp_path, scale, ratings, expected):
    rows = "".join(f"R{i},Plan,{rating}\n" for i, rating in enumerate(ratings))
    path = write(tmp_path, "a.csv", "respondent,proof_point,rating\n" + rows)
    levels = parse_scale(scale)
    data = read_input(path, levels=levels)
    assert data.levels == levels
    assert data.counts_without_group[0, 1:].tolist() == expected
    doc = build_report(data)
    assert len(doc["proof_points"][0]["counts"]) == len(levels)


def test_dont_know_label_can_be_changed(tmp_path):
    path = write(tmp_path, "a.csv", "respondent,proof_point,rating\nA,Plan,N/A\nB,Plan,2\n")
    data = read_input(path, dont_know="N/A")
    assert data.non_ordinal == {0: "N/A"}
    assert data.counts_without_group[0].tolist() == [1, 0, 1, 0, 0, 0]


FRAMEWORK = """key: gov
title: Governance framework
modules:
  - key: governance
    title: Governance
    principles:
      - key: planning
        title: Planning
        proof_points:
          - key: plan
            text: We have a written plan
          - key: review
            text: We review the plan every year
"""


def test_framework_gives_titles_order_and_keys(tmp_path):
    framework = read_framework(write(tmp_path, "framework.yaml", FRAMEWORK))
    text = (
        "respondent,We review the plan every year,plan [rating],plan [comment]\n"
        "A,2,4,Fine\nB,3,5,\n"
    )
    data = read_input(write(tmp_path, "wide.csv", text), framework=framework)
    assert [p.key for p in data.proof_points] == [
        "governance.planning.plan",
        "governance.planning.review",
    ]
    assert data.proof_points[0].module == "Governance"
    assert data.counts_without_group[:, 1:].tolist() == [[0, 0, 0, 1, 1], [0, 1, 1, 0, 0]]


def test_a_broken_framework_is_reported_with_its_file(tmp_path):
    with pytest.raises(InputError, match=r"framework\.yaml"):
        read_framework(write(tmp_path, "framework.yaml", "key: [unclosed"))


BAD_INPUTS = [
    ("empty.csv", "", "empty.csv: the file is empty"),
    ("blank.csv", "\n\n  \n", "blank.csv: the file is empty"),
    ("header.csv", "respondent,proof_point,rating\n", "no answers found"),
    ("notes.txt.pdf", "whatever", "not a CSV or XLSX file"),
    (
        "unknown.csv",
        "respondent,proof_point,rating\nA,Plan,4\nB,Plan,Sometimes\n",
        "unknown.csv, row 3, column 'rating': unknown rating 'Sometimes'",
    ),
    (
        "range.csv",
        "respondent,proof_point,rating\nA,Plan,6\n",
        "range.csv, row 2, column 'rating': rating '6' is not a whole number between 1 and 5",
    ),
    (
        "twice.csv",
        "respondent,proof_point,rating\nR12,Plan,4\nR13,Plan,4\nR12,Plan,3\n",
        "respondent 'R12' answers 'Plan' twice (rows 2 and 4)",
    ),
    (
        "wide.csv",
        "respondent,Plan\nR12,4\nR13,4\nR12,3\n",
        "wide.csv, row 4, column 'respondent': duplicate respondent 'R12' (rows 2 and 4)",
    ),
    (
        "missing.csv",
        "respondent,proof_point,comment\nA,Plan,Hi\n",
        "missing.csv, row 1: missing required header 'rating'",
    ),
    (
        "long_row.csv",
        "respondent,proof_point,rating\nA,Plan,4,extra\n",
        "long_row.csv, row 2: 4 cells but the header has 3",
    ),
    (
        "nobody.csv",
        "respondent,proof_point,rating\n,Plan,4\n",
        "nobody.csv, row 2, column 'respondent': the respondent is empty",
    ),
    (
        "groups.csv",
        "respondent,group,proof_point,rating\nA,Board,Plan,4\nA,Staff,Review,4\n",
        "respondent 'A' is in group 'Staff' here but in group 'Board' on row 2",
    ),
    ("one_column.csv", "respondent\nA\n", "needs a respondent column and at least one"),
    ("binary.csv", "a,b\x00c\n", "not a CSV file"),
]


@pytest.mark.parametrize(("name", "text", "message"), BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS])
def test_bad_input_is_refused_with_a_clear_message(tmp_path, name, text, message):
    with pytest.raises(InputError) as caught:
        read_input(write(tmp_path, name, text))
    assert message in str(caught.value)


def test_a_csv_that_is_really_a_workbook_is_named_as_such(tmp_path):
    workbook = write_xlsx(tmp_path, "a.xlsx", LONG)
    renamed = workbook.rename(tmp_path / "a.csv")
    with pytest.raises(InputError, match=r"name it \.xlsx"):
        read_input(renamed)


def test_a_broken_xlsx_is_refused(tmp_path):
    with pytest.raises(InputError, match="not a valid XLSX workbook"):
        read_input(write(tmp_path, "a.xlsx", "not a zip"))


def test_text_that_is_not_utf8_names_the_line(tmp_path):
    path = tmp_path / "a.csv"
    path.write_bytes(b"respondent,proof_point,rating\nJos\xe9,Plan,4\n")
    with pytest.raises(InputError, match=r"a\.csv, line 2: not UTF-8"):
        read_input(path)


def test_unknown_proof_point_with_a_framework_names_the_column(tmp_path):
    framework = read_framework(write(tmp_path, "framework.yaml", FRAMEWORK))
    path = write(tmp_path, "a.csv", "respondent,Budget\nA,4\n")
    with pytest.raises(InputError, match="column 'Budget': proof point 'Budget' is not in"):
        read_input(path, framework=framework)


@pytest.mark.parametrize(
    ("scale", "message"),
    [("Low,,High", "empty"), ("Only", "between 2 and 11"), ("Low,low", "appears twice")],
)
def test_bad_scales_are_refused(scale, message):
    with pytest.raises(InputError, match=message):
        parse_scale(scale)
