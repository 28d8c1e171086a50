"""Reassessment in a real headless Chromium on a phone-sized screen: an administrator runs a
session again through the form and its confirmation, then reads the comparison and the trend."""

import pytest

from conftest import sign_in
from learnloop.learning_sessions.models import LearningSession, State
from learnloop.rounds.tests.conftest import rounds_url

pytestmark = pytest.mark.browser


def fits_the_screen(page) -> bool:
    """Nothing wider than the phone: wide tables scroll inside their own box."""
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_administrator_runs_a_session_again_and_reads_the_comparison(
    transactional_db, live_server, browser_page, first_round, second_round, admin
):
    from playwright.sync_api import expect

    page = browser_page
    sign_in(page, live_server.url, admin.email)
    page.goto(live_server.url + rounds_url("sessions-show-session", second_round))
    page.get_by_role("link", name="Run again").click()
    expect(page.get_by_role("heading", name="Run “Autumn review” again")).to_be_visible()
    page.get_by_label("Title of the new round").fill("Winter review")
    page.get_by_label("Module 2").uncheck()
    page.get_by_role("button", name="Review").click()

    expect(page.get_by_role("heading", name="Create the next round?")).to_be_visible()
    expect(page.get_by_text("10 participants, with their groups and modules")).to_be_visible()
    assert LearningSession.objects.count() == 2
    page.get_by_role("button", name="Create the next round").click()
    expect(page.get_by_text("The next round is created as a draft.")).to_be_visible()
    new = LearningSession.objects.get(title="Winter review")
    assert new.previous_round == second_round
    assert new.state == State.DRAFT
    assert [m.key for m in new.modules.all()] == ["module-1"]

    page.goto(live_server.url + rounds_url("rounds-show-comparison", second_round))
    table = page.get_by_role("table")
    expect(table.first).to_be_visible()
    expect(page.get_by_text("Significant improvement").first).to_be_visible()
    assert fits_the_screen(page)

    page.goto(live_server.url + rounds_url("rounds-show-trend", second_round))
    expect(page.get_by_role("heading", name="Proof points")).to_be_visible()
    assert page.locator("svg.sparkline").count() == 6
    assert fits_the_screen(page)
