"""The findings board in a real headless Chromium on a phone-sized screen, used with the
keyboard where it matters: build a draft, mark a finding ready, link a supporting comment."""

import os
from pathlib import Path

import pytest

from learnloop.findings.models import Finding, FindingComment, Status

from .conftest import session_url

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = pytest.mark.browser


@pytest.fixture
def browser_page():
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{CHROMIUM} is needed for browser tests in CI")
        pytest.skip(f"{CHROMIUM} is not installed")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls here are safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 390, "height": 844})  # a phone
        page = context.new_page()
        yield page
        context.close()
        browser.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


def sign_in(page, base_url: str, email: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill("a long test password")
    page.get_by_role("button", name="Sign in").click()


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
