"""Taking the survey in a real headless Chromium: autosave, keyboard, reload, retry, submit."""

import re

import pytest

from learnloop.learning_sessions.models import Answer

pytestmark = pytest.mark.browser


def answer(participant, proof_point):
    found = Answer.objects.filter(participant=participant, proof_point=proof_point).first()
    return None if found is None else (found.code, found.comment)


def test_participant_rates_comments_reloads_and_submits(
    transactional_db, live_server, browser_page, participant_with_token, learning_session
):
    from playwright.sync_api import expect

    participant, token = participant_with_token
    module = learning_session.modules.order_by("position").first()
    first = module.proof_points.order_by("principle__position", "position").first()
    page = browser_page
    page.goto(f"{live_server.url}/s/{token}/")
    expect(page.get_by_text("Who will see your answers")).to_be_visible()
    page.get_by_role("link", name="Start").click()

    block = page.locator(f"#pp-{first.pk}")
    status = block.locator("[data-status]")
    radios = block.locator("input[type=radio]")
    radios.first.focus()
    page.keyboard.press("Space")  # Not started
    page.keyboard.press("ArrowDown")  # Beginning: arrow keys move within the group
    expect(radios.nth(1)).to_be_checked()
    block.locator("textarea").press_sequentially("Minutes are late; publish within a week.")
    expect(block.locator("[data-counter]")).to_contain_text("40 of 5000 characters")
    expect(status).to_contain_text("Saved")
    expect(block.locator("[data-retry]")).to_be_hidden()
    expect(page.locator("[data-progress-count]")).to_have_text("1")
    assert answer(participant, first) == (2, "Minutes are late; publish within a week.")

    page.reload()
    expect(radios.nth(1)).to_be_checked()
    expect(block.locator("textarea")).to_have_value("Minutes are late; publish within a week.")
    drafts = page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('learnloop:'))")
    assert drafts == []

    page.goto(f"{live_server.url}/s/{token}/review/")
    page.get_by_role("button", name="Submit my answers").click()
    expect(page.get_by_text("your answers are submitted")).to_be_visible()
    participant.refresh_from_db()
    assert participant.submitted_at is not None


def test_failed_save_is_shown_retried_and_never_loses_text(
    transactional_db, live_server, browser_page, participant_with_token, learning_session
):
    from playwright.sync_api import expect

    participant, token = participant_with_token
    module = learning_session.modules.order_by("position").first()
    first = module.proof_points.order_by("principle__position", "position").first()
    page = browser_page
    page.goto(f"{live_server.url}/s/{token}/modules/{module.pk}/")
    block = page.locator(f"#pp-{first.pk}")
    status = block.locator("[data-status]")

    page.route("**/answers/**", lambda route: route.abort())
    block.locator("textarea").press_sequentially("Typed while offline")
    expect(status).to_contain_text(re.compile("Not saved — retrying"))
    expect(block.locator("[data-retry]")).to_be_visible()
    assert answer(participant, first) is None

    # Leaving warns; coming back restores the unsaved text and saves it.
    warnings = []

    def accept(dialog):
        warnings.append(dialog.type)
        dialog.accept()

    page.on("dialog", accept)
    page.unroute("**/answers/**")
    page.reload()
    assert warnings == ["beforeunload"]
    expect(block.locator("textarea")).to_have_value("Typed while offline")
    expect(status).to_contain_text("Saved")
    assert answer(participant, first) == (None, "Typed while offline")


def test_retry_button_saves_at_once(
    transactional_db, live_server, browser_page, participant_with_token, learning_session
):
    from playwright.sync_api import expect

    participant, token = participant_with_token
    module = learning_session.modules.order_by("position").first()
    first = module.proof_points.order_by("principle__position", "position").first()
    page = browser_page
    page.goto(f"{live_server.url}/s/{token}/modules/{module.pk}/")
    block = page.locator(f"#pp-{first.pk}")
    page.route("**/answers/**", lambda route: route.fulfill(status=503, body="busy"))
    block.locator("input[type=radio]").nth(4).check()
    expect(block.locator("[data-status]")).to_contain_text("Not saved")
    page.unroute("**/answers/**")
    block.get_by_role("button", name="Retry now").click()
    expect(block.locator("[data-status]")).to_contain_text("Saved")
    expect(block.locator("[data-retry]")).to_be_hidden()
    assert answer(participant, first) == (5, "")
