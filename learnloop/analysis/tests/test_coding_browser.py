"""Coding with the keyboard in a real headless Chromium: number keys toggle codes, selected
words get a code, j moves on, a accepts a suggestion; and coding from the report's drill-down."""

import pytest

from conftest import sign_in
from learnloop.analysis import actions
from learnloop.analysis.models import Code, CodeApplication, CodeSuggestion
from learnloop.analysis.tests.conftest import comment, ordered_proof_points, session_url

pytestmark = pytest.mark.browser


@pytest.fixture
def browser_page(browser_page):
    """The shared Chromium page, with more patience: other test processes may share the
    machine, so allow for a slow server, not a broken page."""
    from playwright.sync_api import expect

    expect.set_options(timeout=15_000)
    return browser_page


def select_words(page, card, words: str) -> None:
    """Select `words` inside the card's comment, as a person dragging the mouse would."""
    page.evaluate(
        """([selector, words]) => {
            const text = document.querySelector(selector + " [data-comment-text]");
            const node = text.firstChild;
            const start = node.textContent.indexOf(words);
            const range = document.createRange();
            range.setStart(node, start);
            range.setEnd(node, start + words.length);
            const selection = window.getSelection();
            selection.removeAllRanges();
            selection.addRange(range);
        }""",
        [f"#{card}", words],
    )


def test_analyst_codes_with_the_keyboard(
    transactional_db, live_server, browser_page, coded_session, facilitator
):
    from playwright.sync_api import expect

    actions.do_generate_suggestions(coded_session)
    answer = comment(coded_session, "Who signs off the budget?")
    page = browser_page
    sign_in(page, live_server.url, facilitator.email)
    coding = session_url("analysis-show-coding", coded_session)
    page.goto(f"{live_server.url}{coding}?comment={answer.pk}")
    card = f"comment-{answer.pk}"
    theme = page.locator(f"#{card} .code-toggles button", has_text="Theme")
    expect(theme).to_have_attribute("aria-pressed", "false")

    page.keyboard.press("1")
    expect(page.locator(f"#{card} .code-toggles button", has_text="Theme")).to_have_attribute(
        "aria-pressed", "true"
    )

    select_words(page, card, "the budget")
    page.keyboard.press("2")
    expect(page.locator(f"#{card} .coded-spans")).to_contain_text("“the budget”")
    expect(page.locator(f"#{card} mark")).to_have_text("the budget")

    page.keyboard.press("a")  # accept the suggested Question
    expect(page.locator(f"#{card} [data-suggestion]")).to_have_count(0)

    position = int(page.locator(".coding-count").inner_text().split()[1])
    page.keyboard.press("k" if position == 7 else "j")
    moved = position - 1 if position == 7 else position + 1
    expect(page.locator(".coding-count")).to_have_text(f"Comment {moved} of 7")

    strength = Code.objects.get(session=coded_session, name="Strength")
    span = CodeApplication.objects.get(answer=answer, code=strength)
    assert (span.start, span.end, span.quote) == (14, 24, "the budget")
    assert CodeApplication.objects.filter(answer=answer, start__isnull=True).count() == 2
    assert CodeSuggestion.objects.get(answer=answer, kind="question").status == "accepted"


def test_analyst_codes_from_the_report_drilldown(
    transactional_db, live_server, browser_page, coded_session, facilitator
):
    from playwright.sync_api import expect

    point = ordered_proof_points(coded_session)[1]
    answer = comment(coded_session, "Budget is shared monthly.")
    page = browser_page
    sign_in(page, live_server.url, facilitator.email)
    url = session_url("reports-show-proof-point", coded_session, proof_point_id=point.pk)
    page.goto(live_server.url + url)
    card = page.locator(f"#comment-{answer.pk}")
    expect(card).to_be_visible()
    card.locator(".code-toggles button", has_text="Strength").click()
    expect(card.locator(".code-toggles button", has_text="Strength")).to_have_attribute(
        "aria-pressed", "true"
    )
    assert page.url.endswith(url)  # coded in place
    assert Code.objects.get(session=coded_session, name="Strength").applications.count() == 1
