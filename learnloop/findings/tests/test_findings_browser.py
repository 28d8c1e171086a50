"""The findings board in a real headless Chromium on a phone-sized screen, used with the
keyboard where it matters: build a draft, mark a finding ready, link a supporting comment."""

import pytest

from conftest import sign_in
from learnloop.findings.models import Finding, FindingComment, Status

from .conftest import session_url

pytestmark = pytest.mark.browser


def test_analyst_drafts_the_board_marks_a_finding_ready_and_links_a_comment(
    transactional_db, live_server, browser_page, coded_session, facilitator
):
    from playwright.sync_api import expect

    page = browser_page
    sign_in(page, live_server.url, facilitator.email)
    page.goto(live_server.url + session_url("findings-show-board", coded_session))
    expect(page.get_by_role("heading", name="Findings: Spring review")).to_be_visible()

    draft = page.get_by_role("button", name="Build a first draft")
    draft.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Draft built: 7 new")).to_be_visible()
    strengths = page.get_by_role("region", name="Strengths")
    expect(strengths.get_by_role("heading", name="Met with high consensus")).to_be_visible()
    expect(strengths.get_by_text("Minutes go out within a week.")).to_be_visible()

    strengths.get_by_role("button", name="Mark ready").click()
    expect(page.get_by_text("is ready to share.")).to_be_visible()
    assert Finding.objects.get(kind="strength").status == Status.READY

    gap = page.locator(".finding", has_text="Board and Staff see this differently")
    gap.get_by_role("link", name="Comments").click()
    page.get_by_label("Words in the comment").fill("minutes")
    page.get_by_role("button", name="Show comments").click()
    card = page.locator(
        "section[aria-labelledby=pick] li", has_text="We always get the minutes on time."
    )
    card.get_by_text("Quote only a passage").click()
    card.get_by_label("Quote").fill("get the minutes")
    card.get_by_role("button", name="Link as support").click()
    expect(page.get_by_text("Comment linked as support.")).to_be_visible()
    linked = FindingComment.objects.get(
        finding__draft_key__startswith="gap:", quote__contains="get"
    )
    assert linked.quote == "get the minutes"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
