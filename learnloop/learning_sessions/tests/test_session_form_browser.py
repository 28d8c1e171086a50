"""The session form in a real headless Chromium: the open link's groups appear only when the
anonymous mode is chosen, and what is ticked is saved."""

import os
from pathlib import Path

import pytest
from django.test import Client

from learnloop.learning_sessions.models import LearningSession

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--no-first-run",
]

pytestmark = pytest.mark.browser


@pytest.fixture
def admin_page(live_server, admin):
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{CHROMIUM} is needed for browser tests in CI")
        pytest.skip(f"{CHROMIUM} is not installed")
    from playwright.sync_api import sync_playwright

    signed_in = Client()
    signed_in.force_login(admin)
    cookie = {"name": "sessionid", "value": signed_in.cookies["sessionid"].value}
    # Playwright's sync API runs an event loop in this thread; the ORM calls here are safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 390, "height": 844})  # a phone
        context.add_cookies([{**cookie, "url": live_server.url}])
        yield context.new_page()
        context.close()
        browser.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


def test_groups_for_the_open_link_show_only_in_anonymous_mode(
    transactional_db, live_server, admin_page, framework, groups
):
    page = admin_page
    page.goto(f"{live_server.url}/o/riverside/sessions/new/")
    chooser = page.locator("#open-link-groups")
    assert chooser.is_hidden()
    page.fill("#id_title", "Pulse check")
    page.select_option("#id_framework", str(framework.pk))
    page.select_option("#id_anonymity", "anonymous")
    assert chooser.is_visible()
    page.get_by_label("Staff", exact=True).check()
    page.select_option("#id_anonymity", "named")
    assert chooser.is_hidden()
    page.select_option("#id_anonymity", "anonymous")
    page.get_by_role("button", name="Create as draft").click()
    page.wait_for_url("**/sessions/*/")
    session = LearningSession.objects.get(title="Pulse check")
    assert list(session.open_link_groups.all()) == [groups["Staff"]]
    assert "The open link offers these groups: Staff." in page.content()
