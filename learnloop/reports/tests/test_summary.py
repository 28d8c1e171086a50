"""The summary page: numbers equal the analytics engine, filters and sorting, module roll-ups,
the group filter, JSON, and a number of queries that does not grow with the data."""

import numpy as np
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from learnloop.analytics import summarize
from learnloop.lib.report.tests.test_renderers import media_boxes

from .conftest import (
    RESPONDENTS,
    SMALL_GROUP,
    add_respondents,
    grow,
    ordered_proof_points,
    session_url,
)


def histogram(group: str | None = None) -> np.ndarray:
    table = np.zeros((4, 1, 6), dtype=np.int64)
    for _name, group_name, codes, _comments in RESPONDENTS:
        if group is None or group_name == group:
            for p, code in enumerate(codes):
                if code is not None:
                    table[p, 0, code] += 1
    return table


def summary_json(client, session, **params) -> dict:
    query = "&".join(f"{key}={value}" for key, value in params.items())
    response = client.get(session_url("reports-show-summary", session) + f"?format=json&{query}")
    assert response.status_code == 200
    return response.json()


@pytest.mark.parametrize("group", [None, "Board", "Staff"])
def test_figures_equal_the_analytics_engine(report_session, admin_client, group):
    expected = summarize(histogram(group), 5, min_group_size=3)
    page = summary_json(admin_client, report_session, group=group or "")
    rows = {row["position"]: row["stats"] for row in page["proof_points"]}
    for p in range(4):
        cell, stats = expected.cells[p][0], rows[p]
        if cell.suppressed:  # Board on proof point 4: two ratings and a don't know
            assert stats == {"suppressed": True}
            continue
        assert stats["n"] == cell.n
        assert stats["dont_know"] == cell.n_dont_know
        assert stats["counts"] == list(cell.counts)
        assert stats["interpolated_median"] == pytest.approx(cell.interpolated_median)
        assert stats["share_met"] == pytest.approx(cell.share_met)
        assert stats["leik"] == pytest.approx(cell.leik_consensus)
        assert stats["leik_label"] == cell.consensus.value
        assert stats["status"] == cell.item_class.value


def test_page_shows_the_figures_of_the_json(report_session, admin_client):
    html = admin_client.get(session_url("reports-show-summary", report_session)).content.decode()
    page = summary_json(admin_client, report_session)
    first = page["proof_points"][0]
    assert first["stats"]["median_label"] in html
    assert first["text"] in html
    assert "<svg" in html  # a drawn bar...
    assert "<desc>" in html  # ...with its text equivalent
    assert "Not started 2 (22%), Beginning 2 (22%)" in html


def test_exact_split_reads_between_two_levels(report_session, admin_client):
    # Staff on proof point 1: 1, 1, 2, 2 -> half at Not started, half at Beginning.
    page = summary_json(admin_client, report_session, group="Staff")
    first = next(row for row in page["proof_points"] if row["position"] == 0)
    assert first["stats"]["median_label"] == "between Not started and Beginning"


def test_filter_by_status_keeps_only_that_status(report_session, admin_client):
    everything = summary_json(admin_client, report_session)
    statuses = {row["stats"]["status"] for row in everything["proof_points"]}
    for status in statuses:
        page = summary_json(admin_client, report_session, status=status)
        assert page["proof_points"]
        assert {row["stats"]["status"] for row in page["proof_points"]} == {status}


def test_filter_by_consensus_and_module(report_session, admin_client):
    page = summary_json(admin_client, report_session, module="module-2", consensus="low")
    assert all(row["module_key"] == "module-2" for row in page["proof_points"])
    assert all(row["stats"]["leik_label"] == "low" for row in page["proof_points"])
    assert page["total_proof_points"] == 4


def test_sort_by_median_puts_the_lowest_first(report_session, admin_client):
    page = summary_json(admin_client, report_session, sort="median")
    medians = [row["stats"]["interpolated_median"] for row in page["proof_points"]]
    assert medians == sorted(medians)
    page = summary_json(admin_client, report_session, sort="consensus")
    leik = [row["stats"]["leik"] for row in page["proof_points"]]
    assert leik == sorted(leik)


def test_sort_by_gap_puts_the_largest_first(report_session, admin_client):
    page = summary_json(admin_client, report_session, sort="gap")
    sizes = [row["misalignment"]["value"] for row in page["proof_points"] if row["misalignment"]]
    assert sizes == sorted(sizes, reverse=True)


@pytest.mark.parametrize(
    ("gap", "kept"),
    [("", [0, 1, 2, 3]), ("small", [0, 1, 2]), ("medium", [0, 1, 2]), ("large", [0, 2])],
)
def test_filter_by_gap_size_keeps_gaps_at_least_that_large(report_session, admin_client, gap, kept):
    # Five more Staff make the Board/Staff gaps large, medium, large and negligible.
    ratings = [[5, 2, 1, 1], [5, 1, 2, 2], [4, 2, 2, 1], [4, 1, 1, 2], [5, 2, 3, 1]]
    rows = [(f"Staff {i}", "Staff", codes, [""] * 4) for i, codes in enumerate(ratings)]
    proof_points = ordered_proof_points(report_session)
    add_respondents(report_session, rows, proof_points)
    page = summary_json(admin_client, report_session, gap=gap)
    assert page["filters"]["gap"] == gap
    assert [row["id"] for row in page["proof_points"]] == [proof_points[i].pk for i in kept]


def test_unknown_filters_are_ignored(report_session, admin_client):
    page = summary_json(
        admin_client, report_session, status="bogus", sort="x", group=SMALL_GROUP, gap="huge"
    )
    assert page["filters"] == {
        "sort": "module",
        "status": "",
        "consensus": "",
        "module": "",
        "group": "",
        "gap": "",
    }
    assert len(page["proof_points"]) == 4


def test_group_filter_offers_only_groups_at_the_minimum_size(report_session, admin_client):
    page = summary_json(admin_client, report_session)
    assert [option["value"] for option in page["options"]["group"]] == ["Board", "Staff"]
    html = admin_client.get(session_url("reports-show-summary", report_session)).content.decode()
    assert SMALL_GROUP not in html


def test_module_rollups_count_statuses(report_session, admin_client):
    page = summary_json(admin_client, report_session)
    expected = summarize(histogram(), 5, min_group_size=3)
    for m, module in enumerate(page["modules"]):
        classes = [expected.cells[p][0].item_class.value for p in (2 * m, 2 * m + 1)]
        counts = {status["status"]: status["count"] for status in module["statuses"]}
        assert counts == {
            status: classes.count(status)
            for status in ("met", "needs_attention", "requires_improvement", "insufficient_data")
        }


def test_filters_work_without_javascript(report_session, admin_client):
    url = session_url("reports-show-summary", report_session)
    html = admin_client.get(url + "?module=module-1").content.decode()
    assert 'method="get"' in html
    assert "2 of 4 proof points shown" in html
    assert "Proof point 2.1" not in html


def test_empty_session_says_nobody_answered(learning_session, admin_client):
    page = summary_json(admin_client, learning_session)
    assert all(row["stats"]["suppressed"] for row in page["proof_points"])
    html = admin_client.get(session_url("reports-show-summary", learning_session))
    assert "fewer than 3 respondents" in html.content.decode()


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


REPORT_PAGES = [
    "reports-show-summary",
    "reports-show-groups",
    "reports-show-conversation-starters",
]


@pytest.mark.parametrize("name", [*REPORT_PAGES, "drill-down", "respondent"])
def test_queries_do_not_grow_with_proof_points_or_respondents(
    report_session, admin_client, django_assert_max_num_queries, name
):
    def url() -> str:
        if name == "drill-down":
            proof_point = ordered_proof_points(report_session)[0]
            return session_url(
                "reports-show-proof-point", report_session, proof_point_id=proof_point.pk
            )
        if name == "respondent":
            return session_url("reports-show-respondent", report_session, number=1)
        return session_url(name, report_session)

    address = url()
    small = count_queries(admin_client, address)
    grow(report_session, extra_proof_points=20, extra_respondents=40)
    with django_assert_max_num_queries(9):
        large = count_queries(admin_client, address)
    assert large == small


def test_a_session_on_a_three_level_scale_has_a_report(report_session, admin_client):
    # Frameworks allow 2 to 11 levels; the met and low levels are placed on the scale.
    report_session.scale.choices.filter(code__gt=3).delete()
    page = summary_json(admin_client, report_session)
    assert page["report"]["scale"]["levels"] == ["Not started", "Beginning", "Partially meets"]
    assert {row["stats"]["status"] for row in page["proof_points"]} <= {
        "met",
        "needs_attention",
        "requires_improvement",
        "insufficient_data",
    }
    document = admin_client.get(session_url("reports-download-json", report_session)).json()
    assert (document["thresholds"]["met_level"], document["thresholds"]["low_level"]) == (3, 1)
    for name in ["reports-show-groups", "reports-download-xlsx", "reports-download-pdf"]:
        assert admin_client.get(session_url(name, report_session)).status_code == 200, name


@pytest.mark.parametrize(
    ("query", "width", "height"),
    [("", 595.28, 841.89), ("?paper=letter", 612.0, 792.0), ("?paper=a5", 595.28, 841.89)],
)
def test_the_pdf_prints_on_a4_or_letter(report_session, admin_client, query, width, height):
    summary = admin_client.get(session_url("reports-show-summary", report_session))
    assert "?paper=letter" in summary.content.decode()  # both sizes are offered
    response = admin_client.get(session_url("reports-download-pdf", report_session) + query)
    assert response.status_code == 200
    boxes = media_boxes(response.content)
    assert boxes
    for box in boxes:
        assert float(box[2]) == pytest.approx(width, abs=0.5)
        assert float(box[3]) == pytest.approx(height, abs=0.5)
