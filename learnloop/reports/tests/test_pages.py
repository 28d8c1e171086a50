"""Group comparison, conversation starters and drill-downs show what the document holds."""

from learnloop.lib.report import build_report
from learnloop.reports.access import Audience
from learnloop.reports.queries import report_data

from .conftest import SMALL_GROUP, add_respondents, ordered_proof_points, session_url

FACILITATOR = Audience(details=True, names=False)


def test_heatmap_has_a_column_per_shown_group_and_a_value_in_every_cell(
    report_session, admin_client
):
    url = session_url("reports-show-groups", report_session)
    page = admin_client.get(url + "?format=json").json()
    assert [group["name"] for group in page["report"]["groups"]] == ["Board", "Staff"]
    for row in page["proof_points"]:
        assert [cell["group"] for cell in row["cells"]] == ["Board", "Staff"]
    html = admin_client.get(url).content.decode()
    assert "fewer than 3" in html  # Board on proof point 4
    assert SMALL_GROUP not in html


def test_heatmap_marks_the_significant_gaps_of_the_document(report_session, admin_client):
    proof_points = ordered_proof_points(report_session)
    more = [(f"High {i}", "Board", [5, 5, 4, 5], [""] * 4) for i in range(8)]
    more += [(f"Low {i}", "Staff", [1, 2, 1, 2], [""] * 4) for i in range(8)]
    add_respondents(report_session, more, proof_points)
    document = build_report(report_data(report_session, FACILITATOR).report)
    supported = {
        (gap["key"], gap["group_a"], gap["group_b"])
        for gap in document["group_gaps"]
        if gap["verdict"] == "supported"
    }
    page = admin_client.get(session_url("reports-show-groups", report_session) + "?format=json")
    marked = {
        (row["key"], gap["group_a"], gap["group_b"])
        for row in page.json()["proof_points"]
        for gap in row["significant_gaps"]
    }
    assert supported
    assert marked == supported
    html = admin_client.get(session_url("reports-show-groups", report_session)).content.decode()
    assert "Board rates higher than Staff" in html


def test_heatmap_toggles_to_share_met(report_session, admin_client):
    url = session_url("reports-show-groups", report_session)
    page = admin_client.get(url + "?measure=met&format=json").json()
    assert page["measure"] == "met"
    html = admin_client.get(url + "?measure=met").content.decode()
    assert "100%" in html  # Board on proof point 1: all at 4 or 5


def test_starters_list_the_documents_choices_with_comments(report_session, admin_client):
    url = session_url("reports-show-conversation-starters", report_session)
    page = admin_client.get(url + "?format=json").json()
    lowest = next(section for section in page["sections"] if section["key"] == "lowest_rated")
    assert lowest["proof_points"]
    html = admin_client.get(url).content.decode()
    assert "Staff never see the minutes." in html or "Nobody told us." in html


def test_drilldown_lists_every_answer_side_by_side(report_session, admin_client):
    proof_point = ordered_proof_points(report_session)[0]
    url = session_url("reports-show-proof-point", report_session, proof_point_id=proof_point.pk)
    page = admin_client.get(url + "?format=json").json()
    assert len(page["answers"]) == 9
    assert sorted(answer["code"] for answer in page["answers"]) == [1, 1, 2, 2, 3, 3, 4, 5, 5]
    assert "Minutes go out within a week." in [answer["comment"] for answer in page["answers"]]


def test_respondent_page_lists_their_answers_in_framework_order(report_session, admin_client):
    url = session_url("reports-show-respondent", report_session, number=1)
    page = admin_client.get(url + "?format=json").json()
    assert page["label"] == "Respondent 1"
    ids = [answer["id"] for answer in page["answers"]]
    assert ids == [pp.pk for pp in ordered_proof_points(report_session)][: len(ids)]


def test_session_dashboard_links_to_the_report(report_session, facilitator_client):
    dashboard = session_url("sessions-show-session", report_session)
    html = facilitator_client.get(dashboard).content.decode()
    assert session_url("reports-show-summary", report_session) in html
