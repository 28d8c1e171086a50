"""XLSX, CSV, HTML, PDF and JSON outputs: sheets, formulas neutralized, privacy in every format."""

import csv
import io
import json
import re
import zlib

import openpyxl
import pytest

from learnloop.lib.report import build_report
from learnloop.lib.report.charts import distribution_bar, distribution_text, heatmap_colour
from learnloop.lib.report.csv import HEADER, write_csv
from learnloop.lib.report.html import render_html
from learnloop.lib.report.output import to_json
from learnloop.lib.report.pdf import render_pdf
from learnloop.lib.report.tests.conftest import (
    HAS_PDFTOTEXT,
    make_input,
    needs_pdftotext,
    pdf_text,
    xlsx_text,
)
from learnloop.lib.report.xlsx import write_workbook

GROUPS = {
    "Alice Zebra": "Staff",
    "Bob Yarrow": "Staff",
    "Carol Xenon": "Staff",
    "Dan Wolfe": "Trustees",
    "Eve Violet": "Trustees",
}
FORMULA = '=HYPERLINK("http://evil.example","x")'


def privacy_input(anonymity="confidential"):
    ratings = {
        person: {"gov.plan.a": 2 + i % 3, "gov.plan.b": 4} for i, person in enumerate(GROUPS)
    }
    comments = {
        ("Alice Zebra", "gov.plan.a"): FORMULA,
        ("Bob Yarrow", "gov.plan.a"): "-1 for this",
        ("Dan Wolfe", "gov.plan.a"): "+ and @ too",
    }
    return make_input(ratings, GROUPS, comments, anonymity=anonymity)


def render_all(data, tmp_path):
    """Every output format as text."""
    doc = build_report(data)
    workbook = io.BytesIO()
    write_workbook(doc, data, workbook)
    table = io.StringIO()
    write_csv(doc, data, table)
    outputs = {
        "json": to_json(doc),
        "html": render_html(doc),
        "xlsx": xlsx_text(workbook.getvalue()),
        "csv": table.getvalue(),
    }
    if HAS_PDFTOTEXT:
        outputs["pdf"] = pdf_text(render_pdf(doc), tmp_path)
    return outputs


def test_names_appear_in_no_output_when_confidential(tmp_path):
    outputs = render_all(privacy_input("confidential"), tmp_path)
    for name, text in outputs.items():
        for person in GROUPS:
            assert person not in text, (name, person)
    assert "Respondent 1" in outputs["csv"]


def test_names_appear_when_named(tmp_path):
    outputs = render_all(privacy_input("named"), tmp_path)
    for name in ("csv", "xlsx"):
        assert "Alice Zebra" in outputs[name]


def test_a_group_of_two_is_named_in_no_output(tmp_path):
    outputs = render_all(privacy_input("named"), tmp_path)
    for name, text in outputs.items():
        assert "Trustees" not in text, name
    assert "Staff" in outputs["xlsx"]


@needs_pdftotext
def test_pdf_shows_charts_starters_and_rollups(tmp_path):
    text = pdf_text(render_pdf(build_report(privacy_input())), tmp_path)
    assert "Conversation starters" in text
    assert "Modules at a glance" in text
    assert "Text of gov.plan.a" in text


def test_xlsx_has_the_documented_sheets_and_neutralized_formulas():
    data = privacy_input()
    doc = build_report(data)
    target = io.BytesIO()
    write_workbook(doc, data, target)
    workbook = openpyxl.load_workbook(io.BytesIO(target.getvalue()))
    assert workbook.sheetnames[:4] == ["Summary", "Side by side", "Comments", "Groups"]
    comments = list(workbook["Comments"].iter_rows(min_row=2, values_only=True))
    texts = {row[6] for row in comments}
    assert "'" + FORMULA in texts
    assert "'-1 for this" in texts
    assert "'+ and @ too" in texts
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate)
    assert workbook["Summary"].freeze_panes == "D2"
    side = workbook["Side by side"]
    assert side.cell(1, 4).value == "Respondent 1"
    assert side.cell(side.max_row, 3).value == "Text of gov.plan.b"


def test_xlsx_cells_read_from_the_top_and_texts_wrap():
    data = privacy_input()
    doc = build_report(data)
    target = io.BytesIO()
    write_workbook(doc, data, target)
    workbook = openpyxl.load_workbook(io.BytesIO(target.getvalue()))
    comments = workbook["Comments"]
    rating, comment = comments.cell(2, 6), comments.cell(2, 7)
    side = workbook["Side by side"]
    summary = workbook["Summary"]
    share_met = summary.cell(1, 1 + [c.value for c in summary[1]].index("Share met"))
    share_met = summary.cell(2, share_met.column)
    texts = [rating, comment, side.cell(3, 3), side.cell(3, 5), summary.cell(2, 3)]
    assert all(cell.value for cell in texts)
    for cell in [*texts, share_met]:  # the workbook's default format, or one made from it
        assert cell.alignment.vertical == "top", cell.coordinate
        assert cell.alignment.wrap_text, cell.coordinate
    assert share_met.number_format == "0%"
    assert summary.cell(1, 1).font.bold


def test_csv_is_the_long_format_with_neutralized_formulas():
    data = privacy_input()
    target = io.StringIO()
    write_csv(build_report(data), data, target)
    rows = list(csv.reader(io.StringIO(target.getvalue())))
    assert tuple(rows[0]) == HEADER
    assert len(rows) == 1 + 10
    by_comment = {row[6]: row for row in rows[1:]}
    assert "'" + FORMULA in by_comment
    assert by_comment["'" + FORMULA][5] == "Beginning"
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


def test_html_is_self_contained():
    page = render_html(build_report(privacy_input()))
    assert page.startswith("<!DOCTYPE html>")
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", page)
    assert "<link" not in page
    assert "<script" not in page
    assert "<svg" in page
    assert "<title>" in page
    assert "Conversation starters" in page
    assert "Modules at a glance" in page


def test_html_escapes_what_people_wrote():
    data = make_input(
        {f"p{i}": {"gov.plan.a": 1} for i in range(3)},
        comments={("p0", "gov.plan.a"): "<script>alert(1)</script>"},
    )
    page = render_html(build_report(data))
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)" in page


def media_boxes(content: bytes) -> list[tuple[bytes, ...]]:
    """Every page's /MediaBox, also from compressed object streams."""
    texts = [content]
    for stream in re.findall(rb"stream\r?\n(.*?)endstream", content, re.DOTALL):
        try:
            texts.append(zlib.decompress(stream))
        except zlib.error:
            continue
    pattern = rb"/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]"
    return [box for text in texts for box in re.findall(pattern, text)]


@pytest.mark.parametrize(
    ("paper", "width", "height"), [("a4", 595.28, 841.89), ("letter", 612.0, 792.0)]
)
def test_pdf_pages_are_a4_or_letter(paper, width, height):
    content = render_pdf(build_report(privacy_input()), paper=paper)
    assert content.startswith(b"%PDF")
    boxes = media_boxes(content)
    assert boxes
    for box in boxes:
        assert float(box[2]) == pytest.approx(width, abs=0.5)
        assert float(box[3]) == pytest.approx(height, abs=0.5)


def test_pdf_refuses_an_unknown_paper_size():
    with pytest.raises(ValueError, match="a4 or letter"):
        render_pdf(build_report(privacy_input()), paper="a5")


def test_json_has_no_nan_and_reads_back():
    doc = json.loads(to_json(build_report(privacy_input())))
    assert doc["proof_points"][0]["key"] == "gov.plan.a"


def test_distribution_bar_is_accessible_and_proportional():
    svg = distribution_bar([1, 0, 1], ["Low", "Mid", "High"], title="Plan")
    assert svg.count("<rect") == 3  # two segments and the outline
    assert "<title>Plan</title>" in svg
    assert "<desc>Low 1 (50%), Mid 0 (0%), High 1 (50%); n = 2</desc>" in svg
    assert 'width="120.00"' in svg


def test_distribution_text_says_when_too_few_answers():
    assert distribution_text(None, ["a", "b"]) == "Not shown: too few answers."


def test_heatmap_colour_runs_from_red_to_blue_with_readable_text():
    assert heatmap_colour(1, 5) == ("#ca0020", "#ffffff")
    assert heatmap_colour(5, 5) == ("#0571b0", "#ffffff")
    assert heatmap_colour(3, 5)[1] == "#000000"
    assert heatmap_colour(None, 5)[0] == "#d9d9d9"


@needs_pdftotext
def test_pdf_wraps_a_comment_that_is_one_long_word(tmp_path):
    # A pasted link is one word wider than the page; it must wrap, not run off the paper.
    link = "https://example.org/?minutes=" + "a1b2c3d4" * 25
    ratings = {person: {"gov.plan.a": 1 + i % 5} for i, person in enumerate(GROUPS)}
    data = make_input(ratings, GROUPS, {("Alice Zebra", "gov.plan.a"): link})
    text = pdf_text(render_pdf(build_report(data)), tmp_path)
    assert link not in text  # broken across lines...
    assert link in "".join(text.split())  # ...and nothing of it lost
