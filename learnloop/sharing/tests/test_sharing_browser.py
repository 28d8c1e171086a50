"""The whole of issue 4 in a real headless Chromium on a phone-sized screen: an analyst codes
three comments, accepts a suggested theme, marks a finding ready, reviews the redactions and
publishes a release and emails the participants; a participant opens it from the link in their
email and responds to a finding.
"""

import re

import pytest
from django.core import mail

from conftest import add_participant, sign_in
from learnloop.analysis.models import CodeApplication
from learnloop.learning_sessions.models import Answer, State
from learnloop.organizations.models import Group, Person
from learnloop.sharing.models import FindingResponse, ReleaseState, ShareRelease
from learnloop.themes.models import Theme
from learnloop.themes.tests.comments import BUDGET as THEME_BUDGET
from learnloop.themes.tests.comments import COMMUNICATION, TRAINING

from .conftest import ordered_proof_points, session_url

pytestmark = pytest.mark.browser

# The themes tests' comments, but the second budget comment names a person, for redaction.
BUDGET = [
    THEME_BUDGET[0],
    "Nobody outside finance can read the budget report; ask Ottoline for the figures.",
    *THEME_BUDGET[2:],
]
PEOPLE = [
    ("Ottoline Brackenbury", "Board"),
    ("Perpetua Vandersloot", "Board"),
    ("Quintus Fairweather", "Board"),
    ("Rosalind Achterberg", "Staff"),
    ("Septimus Okonkwo", "Staff"),
    ("Theodora Marchbanks", "Staff"),
]


@pytest.fixture
def answered_session(learning_session):
    """Six named respondents (Board 3, Staff 3), everyone rating the first proof point at the
    top of the scale (a strength for the draft); comments on three topics; each participant's
    link token on ``session.tokens``."""
    session = learning_session
    organization = session.organization
    proof_points = ordered_proof_points(session)
    tokens = []
    for index, (name, group_name) in enumerate(PEOPLE):
        group, _created = Group.objects.get_or_create(organization=organization, name=group_name)
        email = name.split()[0].lower() + "@example.org"
        person = Person.objects.create(organization=organization, name=name, email=email)
        participant, token = add_participant(session, person, group)
        tokens.append(token)
        comments = [BUDGET[index], TRAINING[index], COMMUNICATION[index], ""]
        for proof_point, code, comment in zip(proof_points, [5, 3, 2, 3], comments, strict=True):
            Answer.objects.create(
                participant=participant,
                session=session,
                group=group,
                proof_point=proof_point,
                code=code,
                comment=comment,
            )
    session.tokens = tokens
    return session


def code_three_comments(page, base: str, session) -> None:
    page.goto(base + session_url("analysis-show-coding", session) + "?mode=list")
    from playwright.sync_api import expect

    for text in [BUDGET[0], BUDGET[2], TRAINING[1]]:
        card = page.locator(".coding-card", has_text=text)
        card.get_by_role("button", name="Suggestion", exact=True).click()
        pressed = card.locator("button.code-toggle[aria-pressed=true]", has_text="Suggestion")
        expect(pressed).to_be_visible()
    coded = CodeApplication.objects.filter(answer__session=session, code__name="Suggestion")
    assert coded.count() == 3


def accept_a_suggested_theme(page, base: str, session) -> None:
    from playwright.sync_api import expect

    page.goto(base + session_url("themes-list-themes", session))
    page.get_by_role("button", name="Suggest themes").click()
    suggested = page.get_by_role("region", name="Suggested themes")
    expect(suggested.locator(".theme-card").first).to_be_visible()
    suggested.locator(".theme-card").first.get_by_role("button", name="Accept").click()
    expect(page.get_by_text("accepted: it is now a code applied to its comments")).to_be_visible()
    accepted = Theme.objects.get(run__session=session, status="accepted")
    assert CodeApplication.objects.filter(code=accepted.code).count() >= 2


def mark_a_finding_ready(page, base: str, session) -> str:
    from playwright.sync_api import expect

    page.goto(base + session_url("findings-show-board", session))
    page.get_by_role("button", name="Build a first draft").click()
    expect(page.get_by_text("Draft built")).to_be_visible()
    strengths = page.get_by_role("region", name="Strengths")
    finding = strengths.locator(".finding").first
    title = finding.get_by_role("heading").first.inner_text()
    finding.get_by_role("button", name="Mark ready").click()
    expect(page.get_by_text("is ready to share.")).to_be_visible()
    return title


def publish_a_release(page, base: str, session) -> None:
    from playwright.sync_api import expect

    page.goto(base + session_url("sessions-show-session", session))
    page.get_by_role("link", name="Sharing back").last.click()
    page.get_by_role("link", name="Review redactions").click()
    page.get_by_role("button", name="Scan the comments again").click()
    expect(page.get_by_text("1 new change(s) to review")).to_be_visible()
    expect(page.locator(".in-context del")).to_have_text("Ottoline")
    page.get_by_role("button", name="Keep the 1 change shown as reviewed").click()
    expect(page.get_by_text("1 change(s) marked as reviewed.")).to_be_visible()

    page.get_by_role("link", name="Sharing back").click()
    page.get_by_role("link", name="New release").click()
    page.get_by_label("Title").fill("What we heard this spring")
    page.get_by_label("Message to participants").fill("Tell us whether we got it right.")
    page.get_by_label("Include the anonymized raw data").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Preview: this is what participants will see")).to_be_visible()
    # The quote supporting the strength and the raw data, both redacted.
    expect(page.locator(".quote").get_by_text("ask [name] for the figures")).to_be_visible()
    expect(page.locator(".raw-table").get_by_text("ask [name] for the figures")).to_be_visible()
    page.get_by_role("link", name="Publish").click()
    page.get_by_role("button", name="Publish").click()
    expect(
        page.get_by_text("Published. Participants can read it during the review.")
    ).to_be_visible()
    assert ShareRelease.objects.get().state == ReleaseState.PUBLISHED
    # Publishing leads to the email: everyone is told, each with a link of their own.
    page.get_by_role("button", name=f"Email {len(PEOPLE)} participants").click()
    expect(page.get_by_text(f"{len(PEOPLE)} emails are on their way.")).to_be_visible()
    expect(page.get_by_text(f"emailed to {len(PEOPLE)} participants")).to_be_visible()


def test_analyst_codes_accepts_a_theme_publishes_and_a_participant_responds(
    transactional_db, live_server, browser_page, answered_session, admin
):
    from playwright.sync_api import expect

    page = browser_page
    base = live_server.url
    session = answered_session
    sign_in(page, base, admin.email)
    code_three_comments(page, base, session)
    accept_a_suggested_theme(page, base, session)
    title = mark_a_finding_ready(page, base, session)
    session.state = State.CLOSED  # findings are shared after the survey closes
    session.save(update_fields=["state"])
    publish_a_release(page, base, session)

    participant_page = page.context.browser.new_context(
        viewport={"width": 390, "height": 844}
    ).new_page()
    (email,) = [message for message in mail.outbox if message.to == ["rosalind@example.org"]]
    link = re.search(r"/s/[^/\s]+/findings/", email.body).group(0)
    participant_page.goto(base + link)
    expect(
        participant_page.get_by_role("heading", name="What we heard this spring")
    ).to_be_visible()
    finding = participant_page.locator(".finding", has_text=title)
    finding.get_by_label("Agree", exact=True).check()
    finding.get_by_label("Comment (optional)").fill("Yes, the minutes are always on time.")
    finding.get_by_role("button", name="Save my response").click()
    expect(participant_page.get_by_text("Your response: Agree")).to_be_visible()
    assert participant_page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    saved = FindingResponse.objects.get()
    assert (saved.response, saved.participant.person.name) == ("agree", "Rosalind Achterberg")
    assert "Ottoline" not in participant_page.content()

    page.goto(
        base + session_url("sharing-show-responses", session, release_id=saved.finding.release_id)
    )
    row = page.locator("li.card", has_text=title)
    expect(row.locator("li.tally-agree")).to_have_text("1 Agree")
    expect(row.get_by_text("Yes, the minutes are always on time.")).to_be_visible()
    expect(page.get_by_text("Rosalind")).to_have_count(0)  # confidential: no names
