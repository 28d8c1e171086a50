"""The record of a discussion as Markdown and as PDF: what it holds, that typed text stays
text, and that it never says who voted for what."""

import os
import shutil
import subprocess

import pytest

from learnloop.discussions import actions
from learnloop.discussions.record import md, md_line, record_data, to_markdown
from learnloop.frameworks.models import ProofPoint

from .conftest import durl

HAS_PDFTOTEXT = shutil.which("pdftotext") is not None or os.environ.get("CI") == "true"


@pytest.mark.parametrize(
    ("typed", "escaped"),
    [
        ("plain words", "plain words"),
        ("*bold* and _it_", r"\*bold\* and \_it\_"),
        ("[link](http://x)", r"\[link\]\(http://x\)"),
        ("<b>html</b>", r"\<b\>html\</b\>"),
        ("# heading", r"\# heading"),
        ("- item\n+ item\n1. one\n2) two", "\\- item\n\\+ item\n1\\. one\n2\\) two"),
        ("`code` | pipe & amp", r"\`code\` \| pipe \& amp"),
        ("=== underline", r"\=== underline"),
    ],
)
def test_markdown_escapes_what_people_typed(typed, escaped):
    assert md(typed) == escaped


def test_md_line_keeps_one_line():
    assert md_line("one\n- two") == r"one \- two"


def test_the_markdown_record_holds_the_whole_discussion(recorded, facilitator_client):
    response = facilitator_client.get(durl("discussions-download-markdown", recorded))
    assert response["Content-Type"] == "text/markdown; charset=utf-8"
    assert 'filename="board-and-staff-discussion-2026-05-14.md"' in response["Content-Disposition"]
    text = response.content.decode()
    for expected in [
        "# Board and staff discussion",
        "- **Date:** May 14, 2026",
        "- **Facilitator:** facilitator@example.org",
        "- **Who was there:** Person 1, Person 2, Person 3, Person 4",
        "### Celebrate strengths",
        "3 votes placed by 2 people.",
        "1. Budget lines are unclear — **2**",
        "2. Who decides the training budget? — **1**",
        "### 1. Budget lines are unclear",
        "1. Why? Nobody explains the budget",
        "2. Why? The finance lead left",
        "- *People:* No budget owner",
        r"- *Tools and technology:* \<script\>alert\(1\)\</script\> sheet",
        "- Publish a budget summary (Planned)",
        "- **Train the board**: In progress",
        "  Booked",
        r"**Note:** \# Not a heading  ",
        r"  \- not a list",
        r"**Decision:** Publish \*\*monthly\*\*",
    ]:
        assert expected in text, expected
    assert text.index("Celebrate strengths") < text.index("Most pressing problems")
    assert "<script>" not in text


def test_the_record_never_says_who_voted_for_what(recorded):
    data = record_data(recorded)
    text = to_markdown(data)
    votes_part = text[text.index("## Vote results") : text.index("## Problems")]
    for name in ("Person 2", "Person 3"):
        assert name not in votes_part


def test_the_record_of_an_empty_discussion_says_so(discussion):
    text = to_markdown(record_data(discussion))
    for expected in [
        "No agenda was recorded.",
        "No votes were placed.",
        "No problem was chosen.",
        "No action was reviewed.",
        "No note was taken.",
    ]:
        assert expected in text


def test_the_pdf_record(recorded, facilitator_client, tmp_path):
    response = facilitator_client.get(durl("discussions-download-pdf", recorded))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    if not HAS_PDFTOTEXT:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "record.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    for expected in [
        "Board and staff discussion",
        "Person 1, Person 2, Person 3, Person 4",
        "Budget lines are unclear",
        "Nobody explains the budget",
        "No budget owner",
        "<script>alert(1)</script> sheet",  # shown as text, never run or rendered
        "Train the board",
        "Publish **monthly**",
    ]:
        assert expected in text, expected


def test_the_pdf_template_escapes_html(recorded):
    from learnloop.discussions.record import record_html

    html = record_html(record_data(recorded))
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; sheet" in html


def test_several_causes_and_proof_points_are_listed_one_per_line(
    recorded, facilitator_client, framework
):
    """Causes and proof points end with a full stop; joined with "; " they read ".;"."""
    problem = recorded.problems.get()
    points = list(ProofPoint.objects.filter(module__framework=framework)[:2])
    problem.proof_points.set(points)
    actions.do_add_cause(problem, category="people", text="Nobody owns it either.")
    text = facilitator_client.get(durl("discussions-download-markdown", recorded)).content.decode()
    assert "- *People:*\n  - No budget owner\n  - Nobody owns it either." in text
    assert f"*Proof points:*\n\n- {md_line(points[0].text)}\n- {md_line(points[1].text)}" in text
    page = facilitator_client.get(durl("discussions-show-discussion", recorded)).content.decode()
    assert "<li>No budget owner</li><li>Nobody owns it either.</li>" in page
    html = facilitator_client.get(durl("discussions-show-problem", recorded, problem_id=problem.pk))
    assert f"<li>{points[0].text}</li><li>{points[1].text}</li>" in html.content.decode()
