"""Reading a report in a real headless Chromium on a phone-sized screen: open the summary,
filter it, drill down to one proof point."""

import pytest

from conftest import sign_in

from .conftest import add_respondents, ordered_proof_points, session_url

pytestmark = pytest.mark.browser


def test_facilitator_filters_the_summary_and_drills_down(
    transactional_db, live_server, browser_page, report_session, facilitator
):
    from playwright.sync_api import expect

    page = browser_page
    sign_in(page, live_server.url, facilitator.email)
    page.goto(live_server.url + session_url("reports-show-summary", report_session))
    expect(page.get_by_role("heading", name="Report: Spring review")).to_be_visible()
    expect(page.get_by_text("4 of 4 proof points shown")).to_be_visible()
    # On a phone each proof point is a card: its cells stack under their column names.
    table_head = page.locator(".report-table thead")
    assert table_head.bounding_box()["x"] < 0

    page.get_by_label("Module", exact=True).select_option(label="Module 2")
    expect(page.get_by_text("2 of 4 proof points shown")).to_be_visible()
    expect(page.get_by_role("link", name="Proof point 1.1")).to_have_count(0)
    assert "module=module-2" in page.url  # the filtered view can be bookmarked

    page.get_by_role("link", name="Proof point 2.1").click()
    expect(page.get_by_role("heading", name="Every answer")).to_be_visible()
    # The comment in the answers table (the coding panel below may load and repeat it).
    expect(page.locator("td", has_text="Training was cancelled.")).to_be_visible()
    expect(page.get_by_text("Emmy Noether")).to_have_count(0)  # confidential: pseudonyms


@pytest.fixture
def many_groups_session(learning_session):
    """Five groups of four, each split exactly in half on every proof point, so every cell of
    the heatmap reads "between ... and ..." (the longest text a cell can hold)."""
    proof_points = ordered_proof_points(learning_session)
    rows = [
        (f"Person {g}.{i}", f"Group number {g}", [2 + (i + g) % 2] * 4, [LONG_WORD] * 4)
        for g in range(5)
        for i in range(4)
    ]
    add_respondents(learning_session, rows, proof_points)
    return learning_session


LONG_WORD = "=HYPERLINK(" + "x" * 120 + ")"  # one long word, as pasted links and formulas are


def test_group_comparison_fits_a_desktop_and_becomes_cards_on_a_phone(
    transactional_db, live_server, browser_page, many_groups_session, facilitator
):
    from playwright.sync_api import expect

    page = browser_page
    sign_in(page, live_server.url, facilitator.email)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server.url + session_url("reports-show-groups", many_groups_session))
    expect(page.get_by_role("columnheader", name="Group number 4")).to_be_visible()
    # Every group's column is on screen: nothing to scroll sideways to find.
    header = page.get_by_role("columnheader", name="Group number 4").bounding_box()
    assert header["x"] + header["width"] <= 1280
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280

    page.set_viewport_size({"width": 390, "height": 844})
    # On a phone each proof point is a card; the page itself never scrolls sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    cell = page.locator("td.heat").first
    assert cell.evaluate("cell => getComputedStyle(cell).display") == "block"
    assert cell.evaluate("cell => getComputedStyle(cell, '::before').content") == '"Group number 0"'


@pytest.mark.parametrize("name", ["reports-show-conversation-starters", "drill-down"])
def test_a_long_unbroken_comment_wraps_on_a_phone(
    transactional_db, live_server, browser_page, many_groups_session, facilitator, name
):
    from playwright.sync_api import expect

    page = browser_page
    sign_in(page, live_server.url, facilitator.email)
    if name == "drill-down":
        proof_point = ordered_proof_points(many_groups_session)[0]
        url = session_url(
            "reports-show-proof-point", many_groups_session, proof_point_id=proof_point.pk
        )
    else:
        url = session_url(name, many_groups_session)
    page.goto(live_server.url + url)
    expect(page.get_by_text(LONG_WORD).first).to_be_visible()
    page.wait_for_load_state("networkidle")  # panels loaded afterwards (coding) count too
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
