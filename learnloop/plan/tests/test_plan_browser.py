"""The improvement plan in a real headless Chromium on a phone-sized screen: filter the
organization's plan (the list updates in place), open an action and record progress."""

import re

import pytest

from conftest import sign_in
from learnloop.plan.models import ActionStatus, ProgressNote
from learnloop.plan.tests.conftest import days_from_today, make_action

pytestmark = pytest.mark.browser


def test_facilitator_filters_the_plan_and_records_progress_on_a_phone(
    transactional_db, live_server, browser_page, learning_session, people, facilitator
):
    from playwright.sync_api import expect

    late = make_action(
        learning_session, "Brief staff on risks", owner=people[0], due_on=days_from_today(-2)
    )
    make_action(learning_session, "Publish the minutes", owner=people[1], due_on=days_from_today(5))
    make_action(learning_session, "Budget lines", status=ActionStatus.DONE)

    page = browser_page
    sign_in(page, live_server.url, facilitator.email)
    page.get_by_role("link", name="Improvement plan").first.click()
    expect(page.get_by_role("heading", name="Improvement plan: Riverside Trust")).to_be_visible()
    table = page.locator("#plan-actions tbody tr")
    expect(table).to_have_count(3)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    page.get_by_label("Status", exact=True).select_option("overdue")
    expect(table).to_have_count(1)  # swapped in place by htmx, no button pressed
    expect(page).to_have_url(re.compile(r"/o/riverside/plan/\?.*status=overdue"))
    expect(page.locator("tr.overdue")).to_contain_text("Brief staff on risks")

    page.get_by_role("link", name="Brief staff on risks").click()
    page.get_by_role("textbox", name="Progress").fill("Drafted the first note for staff.")
    page.get_by_label("Status after this note").select_option("in_progress")
    page.get_by_role("button", name="Add the note").press("Enter")
    expect(page.get_by_text("Progress note added.")).to_be_visible()
    expect(page.get_by_text("Drafted the first note for staff.")).to_be_visible()
    assert ProgressNote.objects.get().action == late
    late.refresh_from_db()
    assert late.status == ActionStatus.IN_PROGRESS
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
