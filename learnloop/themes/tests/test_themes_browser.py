"""Suggested themes in a real headless Chromium on a phone-sized screen, used with the
keyboard: suggest themes, rename one, accept it as a code, discard another after confirming."""

import pytest

from conftest import sign_in
from learnloop.analysis.models import CodeApplication
from learnloop.themes.models import Theme, ThemeStatus
from learnloop.themes.tests.comments import BUDGET, TRAINING
from learnloop.themes.tests.conftest import session_url

pytestmark = pytest.mark.browser


def test_analyst_suggests_renames_accepts_and_discards_themes_on_a_phone(
    transactional_db, live_server, browser_page, themed_session, facilitator
):
    from playwright.sync_api import expect

    page = browser_page
    sign_in(page, live_server.url, facilitator.email)
    page.goto(live_server.url + session_url("themes-list-themes", themed_session))
    expect(page.get_by_text("No themes suggested yet")).to_be_visible()

    suggest = page.get_by_role("button", name="Suggest themes")
    suggest.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("3 themes suggested from 18 comments.")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scroll

    budget = Theme.objects.get(members__answer__comment=BUDGET[0])
    card = page.locator("article.theme-card", has_text=budget.label)
    expect(card.locator(".quotes li")).to_have_count(3)
    card.get_by_role("link", name=f"All comments — {budget.label}").click()
    page.get_by_label("Name").fill("Budget transparency")
    page.get_by_label("Name").press("Enter")
    expect(page.get_by_text("Theme renamed.")).to_be_visible()
    page.get_by_role("button", name="Accept as a code").click()
    expect(page.get_by_text("“Budget transparency” accepted")).to_be_visible()
    accepted = page.get_by_role("region", name="Accepted themes")
    expect(accepted.get_by_role("heading", name="Budget transparency")).to_be_visible()
    budget.refresh_from_db()
    assert budget.status == ThemeStatus.ACCEPTED
    assert CodeApplication.objects.filter(code=budget.code).count() == 6

    training = Theme.objects.get(members__answer__comment=TRAINING[0])
    page.locator("article.theme-card", has_text=training.label).get_by_role(
        "link", name=f"Discard — {training.label}"
    ).click()
    expect(page.get_by_role("heading", name=f"Discard “{training.label}”?")).to_be_visible()
    page.get_by_role("button", name="Discard").click()
    expect(page.get_by_text("1 discarded theme")).to_be_visible()
    training.refresh_from_db()
    assert training.status == ThemeStatus.DISCARDED
