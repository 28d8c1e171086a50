"""Two people vote in the same discussion in a real headless Chromium, each in their own
browser: one through their personal voting link, the facilitator signed in on the discussion
page. Each sees the other's votes appear without reloading (the room polls every two
seconds), and their own remaining votes."""

import pytest

from conftest import sign_in
from learnloop.discussions import actions
from learnloop.discussions.models import Vote

from .conftest import durl, place

pytestmark = pytest.mark.browser


def test_two_people_see_each_others_votes_without_reloading(
    transactional_db, live_server, browser_page, drafted, people, facilitator
):
    from playwright.sync_api import expect

    problem = drafted.agenda.get(section="problems")
    question = drafted.agenda.get(section="questions")
    problem_key, question_key = f"f{problem.finding_id}", f"f{question.finding_id}"
    token = actions.do_issue_voting_link(place(drafted, people[1]))

    facilitator_page = browser_page
    sign_in(facilitator_page, live_server.url, facilitator.email)
    facilitator_page.goto(live_server.url + durl("discussions-show-discussion", drafted))
    voter_context = facilitator_page.context.browser.new_context(
        viewport={"width": 390, "height": 844}
    )
    voter_page = voter_context.new_page()
    voter_page.goto(f"{live_server.url}/vote/{token}/")
    expect(voter_page.get_by_text("You are voting as Person 2.")).to_be_visible()
    for page in (facilitator_page, voter_page):
        page.evaluate("window.notReloaded = true")

    def result(page, key):
        return page.locator(f".results-list li[data-key='{key}'] .result-votes")

    # Person 2 votes twice on the budget, through their link.
    voter_page.locator(f"#add-{problem_key}").click()
    expect(result(voter_page, problem_key)).to_have_text("1 vote")
    voter_page.locator(f"#add-{problem_key}").click()
    expect(result(voter_page, problem_key)).to_have_text("2 votes")
    expect(voter_page.locator("#remaining")).to_contain_text("You have 1 of your 3 votes left.")
    # The facilitator's page shows them without a reload.
    expect(result(facilitator_page, problem_key)).to_have_text("2 votes", timeout=8000)

    # The facilitator votes signed in, from the discussion page, with the keyboard.
    facilitator_page.locator(f"#add-{question_key}").focus()
    facilitator_page.keyboard.press("Enter")
    expect(result(facilitator_page, question_key)).to_have_text("1 vote")
    expect(facilitator_page.locator("#remaining")).to_contain_text("You have 2 of your 3 votes")
    # Person 2 sees it appear, and the budget still first.
    expect(result(voter_page, question_key)).to_have_text("1 vote", timeout=8000)
    first = voter_page.locator(".results-list li").first
    expect(first).to_have_attribute("data-key", problem_key)

    # Person 2 takes one back; the facilitator sees it go.
    voter_page.locator(f"#remove-{problem_key}").click()
    expect(result(voter_page, problem_key)).to_have_text("1 vote")
    expect(result(facilitator_page, problem_key)).to_have_text("1 vote", timeout=8000)

    for page in (facilitator_page, voter_page):
        assert page.evaluate("window.notReloaded === true")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert Vote.objects.filter(participant=place(drafted, people[1])).count() == 1
    assert Vote.objects.filter(participant=place(drafted, people[0])).count() == 1
    voter_context.close()


def test_keyboard_voter_keeps_their_place_when_a_button_turns_off(
    transactional_db, live_server, browser_page, drafted, people
):
    """Voting with the keyboard: when the pressed button becomes disabled (the last vote placed,
    or the last one taken back), the focus moves to the other button of the same item instead
    of falling back to the top of the page, and the votes left are said."""
    from playwright.sync_api import expect

    problem = drafted.agenda.get(section="problems")
    key = f"f{problem.finding_id}"
    voter = place(drafted, people[1])
    actions.do_add_vote(voter, key)
    actions.do_add_vote(voter, key)
    token = actions.do_issue_voting_link(voter)
    page = browser_page
    page.goto(f"{live_server.url}/vote/{token}/")

    page.locator(f"#add-{key}").focus()
    page.keyboard.press("Enter")  # the third and last vote: every Vote button turns off
    expect(page.locator("#remaining")).to_contain_text("You have 0 of your 3 votes left.")
    expect(page.locator(f"#add-{key}")).to_be_disabled()
    expect(page.locator(f"#remove-{key}")).to_be_focused()
    expect(page.locator("#room-news")).to_have_text("You have 0 of your 3 votes left.")

    question = drafted.agenda.get(section="questions")
    other = f"f{question.finding_id}"
    actions.do_remove_vote(voter, key)
    actions.do_add_vote(voter, other)  # the room shows it within a poll
    expect(page.locator(f"#remove-{other}")).to_be_enabled(timeout=8000)
    page.locator(f"#remove-{other}").focus()
    page.keyboard.press("Space")  # the only vote on it taken back: Take back turns off
    expect(page.locator(f"#remove-{other}")).to_be_disabled()
    expect(page.locator(f"#add-{other}")).to_be_focused()
    assert Vote.objects.filter(participant=voter).count() == 2
