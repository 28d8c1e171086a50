"""Every anonymity mode, checked on every page, its JSON and every export: names only in named
mode and only to facilitators and above; a group below the minimum size never by name;
viewers never see a comment or an individual answer."""

import io
import zipfile

import openpyxl
import pytest

from conftest import client_for
from learnloop.learning_sessions.models import Anonymity

from .conftest import (
    NAMES,
    RESPONDENTS,
    SMALL_GROUP,
    add_respondents,
    ordered_proof_points,
    session_url,
)

PAGES = [
    "reports-show-summary",
    "reports-show-conversation-starters",
    "reports-show-groups",
]
EXPORTS = [
    "reports-download-xlsx",
    "reports-download-csv",
    "reports-download-json",
    "reports-download-pdf",
]
COMMENTS = [comment for row in RESPONDENTS for comment in row[3] if comment]


def readable(response) -> str:
    """The text of a response, with XLSX unzipped. A PDF's text is compressed: its privacy is
    that of the report document it is drawn from, which the JSON download shows."""
    content = response.content
    if content.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return " ".join(
                archive.read(name).decode("utf-8", "replace") for name in archive.namelist()
            )
    if content.startswith(b"%PDF"):
        return ""
    return content.decode("utf-8-sig")


def every_response(client, session) -> dict[str, str]:
    proof_points = ordered_proof_points(session)
    urls = [session_url(name, session) for name in PAGES + EXPORTS]
    urls += [u + "?format=json" for u in urls[: len(PAGES)]]
    for proof_point in proof_points:
        url = session_url("reports-show-proof-point", session, proof_point_id=proof_point.pk)
        urls += [url, url + "?format=json"]
    for number in range(1, len(RESPONDENTS) + 1):
        url = session_url("reports-show-respondent", session, number=number)
        urls += [url, url + "?format=json"]
    result = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        result[url] = readable(response)
    return result


def test_small_group_never_appears_by_name(any_mode_session, admin):
    for url, text in every_response(client_for(admin), any_mode_session).items():
        assert SMALL_GROUP not in text, url


@pytest.mark.parametrize("mode", [Anonymity.CONFIDENTIAL, Anonymity.ANONYMOUS])
def test_names_never_appear_outside_named_mode(report_session, admin, mode):
    report_session.anonymity = mode
    report_session.save(update_fields=["anonymity"])
    for url, text in every_response(client_for(admin), report_session).items():
        for name in NAMES:
            assert name not in text, (name, url)
    page = client_for(admin).get(session_url("reports-show-respondent", report_session, number=1))
    assert "Respondent 1" in page.content.decode()


def test_named_mode_shows_names_to_facilitators(named_session, facilitator):
    client = client_for(facilitator)
    proof_point = ordered_proof_points(named_session)[0]
    url = session_url("reports-show-proof-point", named_session, proof_point_id=proof_point.pk)
    html = client.get(url).content.decode()
    assert "Ada Lovelace" in html
    assert "Zelda Quartermain" in html  # the person, but not her small group
    assert SMALL_GROUP not in html
    csv_text = readable(client.get(session_url("reports-download-csv", named_session)))
    assert "Grace Hopper" in csv_text


@pytest.mark.parametrize("mode", [Anonymity.NAMED, Anonymity.CONFIDENTIAL, Anonymity.ANONYMOUS])
def test_viewer_sees_no_names_comments_or_answers(report_session, viewer, mode):
    report_session.anonymity = mode
    report_session.save(update_fields=["anonymity"])
    client = client_for(viewer)
    for name in ["reports-show-summary", *EXPORTS]:
        url = session_url(name, report_session)
        text = readable(client.get(url))
        if name == "reports-show-summary":
            text += readable(client.get(url + "?format=json"))
        for person in NAMES:
            assert person not in text, (person, url)
        for comment in COMMENTS:
            assert comment not in text, (comment, url)
        assert "Respondent 2" not in text, url  # no respondent rows at all


def test_viewers_workbook_has_no_respondent_sheets(report_session, viewer, facilitator):
    viewer_book = openpyxl.load_workbook(
        io.BytesIO(
            client_for(viewer).get(session_url("reports-download-xlsx", report_session)).content
        )
    )
    assert "Side by side" not in viewer_book.sheetnames
    assert "Comments" not in viewer_book.sheetnames
    about = [row[0] for row in viewer_book["About"].iter_rows(values_only=True)]
    assert "Side by side and Comments" in about
    analyst_book = openpyxl.load_workbook(
        io.BytesIO(
            client_for(facilitator)
            .get(session_url("reports-download-xlsx", report_session))
            .content
        )
    )
    assert analyst_book.sheetnames[:3] == ["Summary", "Side by side", "Comments"]


def test_facilitator_sees_comments_in_drilldown_and_exports(report_session, facilitator):
    client = client_for(facilitator)
    proof_point = ordered_proof_points(report_session)[1]
    url = session_url("reports-show-proof-point", report_session, proof_point_id=proof_point.pk)
    assert "Budget lines are unclear." in client.get(url).content.decode()
    csv_text = readable(client.get(session_url("reports-download-csv", report_session)))
    assert "Budget lines are unclear." in csv_text


def drilldown_groups(client, session) -> dict[str, str | None]:
    proof_point = ordered_proof_points(session)[0]
    url = session_url("reports-show-proof-point", session, proof_point_id=proof_point.pk)
    page = client.get(url + "?format=json").json()
    return {answer["label"]: answer["group"] for answer in page["answers"]}


def test_no_group_labels_when_the_unlabelled_would_form_a_small_group(named_session, admin):
    # Only the two Finance respondents would be without a label: that would name them.
    groups = drilldown_groups(client_for(admin), named_session)
    assert set(groups.values()) == {None}


def test_small_group_respondents_show_no_group_label(named_session, admin):
    proof_points = ordered_proof_points(named_session)
    add_respondents(
        named_session, [("Ivo Intern", "Interns", [3, 3, 3, 3], [""] * 4)], proof_points
    )
    groups = drilldown_groups(client_for(admin), named_session)
    assert groups["Ada Lovelace"] == "Board"
    assert groups["Zelda Quartermain"] is None
    assert groups["Ivo Intern"] is None


def test_spreadsheet_formulas_in_comments_stay_text(report_session, admin):
    from learnloop.learning_sessions.models import Answer

    Answer.objects.filter(session=report_session, comment="Nobody told us.").update(
        comment='=HYPERLINK("http://evil")'
    )
    client = client_for(admin)
    csv_text = readable(client.get(session_url("reports-download-csv", report_session)))
    assert "'=HYPERLINK" in csv_text
