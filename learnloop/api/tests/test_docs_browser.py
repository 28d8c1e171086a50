"""The API reference page in a real headless Chromium: it loads nothing from elsewhere, and a
token pasted into "Authorize" makes a working call."""

import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from learnloop.api.tests.conftest import token_for

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

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        yield page
        context.close()
        browser.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


def test_reference_page_works_offline_with_a_token(
    transactional_db, live_server, browser_page, admin, organization
):
    from playwright.sync_api import expect

    page = browser_page
    hosts: set[str] = set()
    page.on("request", lambda request: hosts.add(urlsplit(request.url).netloc))
    page.goto(f"{live_server.url}/api/v1/docs")
    expect(page.get_by_role("heading", name="Learnloop API")).to_be_visible()

    page.get_by_role("button", name="Authorize").first.click()
    page.locator("#auth-bearer-value").fill(token_for(admin))
    page.get_by_role("button", name="Apply credentials").click()
    page.locator(".modal-ux .btn-done").click()

    page.locator("#operations-organizations-list_organizations").click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_role("button", name="Execute").click()
    expect(page.locator(".responses-wrapper .live-responses-table")).to_contain_text("riverside")

    assert hosts == {urlsplit(live_server.url).netloc}
