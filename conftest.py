"""People and objects built in code, shared by every test.

An organization with an owner, an administrator, a facilitator, a viewer and an outsider
(a member of another organization); a small framework (2 modules, 2 principles, 4 proof
points) with the default scale; a learning session on it with participants in two groups.
"""

import os
from pathlib import Path

import pytest
from django.test import Client

from learnloop.accounts.models import User
from learnloop.frameworks.models import (
    Framework,
    Module,
    Principle,
    ProofPoint,
    RatingScale,
    ScaleChoice,
)
from learnloop.learning_sessions.models import (
    Anonymity,
    LearningSession,
    LinkKind,
    Participant,
    ParticipantLink,
    State,
)
from learnloop.lib.tokens import hash_token, new_token
from learnloop.organizations.models import Group, Membership, Organization, Person, Role

DEFAULT_LEVELS = [
    "Not started",
    "Beginning",
    "Partially meets",
    "Substantially meets",
    "Fully meets",
]


def make_user(email: str) -> User:
    return User.objects.create_user(email=email, password="a long test password", name=email)


def make_scale(organization: Organization) -> RatingScale:
    scale = RatingScale.objects.create(organization=organization, name="Default scale")
    for code, label in enumerate(DEFAULT_LEVELS, start=1):
        ScaleChoice.objects.create(scale=scale, code=code, label=label)
    ScaleChoice.objects.create(scale=scale, code=0, label="Don't know")
    return scale


def make_framework(organization: Organization, key: str = "test-framework") -> Framework:
    scale = make_scale(organization)
    framework = Framework.objects.create(
        organization=organization, key=key, title="Test framework", default_scale=scale
    )
    for m in range(2):
        module = Module.objects.create(
            framework=framework, key=f"module-{m + 1}", title=f"Module {m + 1}", position=m
        )
        for p in range(2):
            principle = Principle.objects.create(
                module=module,
                key=f"principle-{p + 1}",
                title=f"Principle {m + 1}.{p + 1}",
                position=p,
            )
            ProofPoint.objects.create(
                principle=principle,
                module=module,
                key="pp-1",
                text=f"Proof point {m + 1}.{p + 1}",
                position=0,
            )
    return framework


@pytest.fixture
def organization(db) -> Organization:
    return Organization.objects.create(name="Riverside Trust", slug="riverside")


@pytest.fixture
def other_organization(db) -> Organization:
    return Organization.objects.create(name="Hilltop Network", slug="hilltop")


def _member(organization: Organization, email: str, role: str) -> User:
    user = make_user(email)
    Membership.objects.create(user=user, organization=organization, role=role)
    return user


@pytest.fixture
def owner(organization) -> User:
    return _member(organization, "owner@example.org", Role.OWNER)


@pytest.fixture
def admin(organization) -> User:
    return _member(organization, "admin@example.org", Role.ADMINISTRATOR)


@pytest.fixture
def facilitator(organization) -> User:
    return _member(organization, "facilitator@example.org", Role.FACILITATOR)


@pytest.fixture
def viewer(organization) -> User:
    return _member(organization, "viewer@example.org", Role.VIEWER)


@pytest.fixture
def outsider(other_organization) -> User:
    """An owner of another organization: signed in, but nothing of ours is theirs."""
    return _member(other_organization, "outsider@example.org", Role.OWNER)


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def admin_client(admin) -> Client:
    return client_for(admin)


@pytest.fixture
def outsider_client(outsider) -> Client:
    return client_for(outsider)


@pytest.fixture
def groups(organization) -> dict[str, Group]:
    return {
        name: Group.objects.create(organization=organization, name=name)
        for name in ["Board", "Staff"]
    }


@pytest.fixture
def framework(organization) -> Framework:
    return make_framework(organization)


@pytest.fixture
def learning_session(organization, framework, admin) -> LearningSession:
    session = LearningSession.objects.create(
        organization=organization,
        title="Spring review",
        framework=framework,
        scale=framework.default_scale,
        administrator=admin,
        anonymity=Anonymity.CONFIDENTIAL,
        state=State.OPEN,
        intro_process="We rate each proof point and say why.",
    )
    session.modules.set(framework.modules.all())
    return session


def add_participant(session: LearningSession, person: Person | None, group: Group | None):
    """A participant answering every module of the session, and their personal link token."""
    token = new_token()
    participant = Participant.objects.create(session=session, person=person, group=group)
    ParticipantLink.objects.create(
        participant=participant, token_hash=hash_token(token), kind=LinkKind.COPIED
    )
    participant.modules.set(session.modules.all())
    return participant, token


@pytest.fixture
def people(organization, groups) -> list[Person]:
    result = []
    for i, group_name in enumerate(["Board", "Board", "Board", "Staff", "Staff", "Staff"]):
        person = Person.objects.create(
            organization=organization, name=f"Person {i + 1}", email=f"person{i + 1}@example.org"
        )
        person.groups.add(groups[group_name])
        result.append(person)
    return result


@pytest.fixture
def participant_with_token(learning_session, people, groups):
    """The first board member's participation and their personal link token."""
    return add_participant(learning_session, people[0], groups["Board"])


@pytest.fixture(autouse=True)
def _keep_the_test_database_open(monkeypatch):
    """A management command run in-process (learnloop.cli.main) closes every connection when
    it ends (BaseCommand.run_from_argv). In a test that would close the test database's
    connection under the test's own transaction; SQLite in memory ignores the close, PostgreSQL
    does not."""
    from django.db import connections

    monkeypatch.setattr(connections, "close_all", lambda: None)


# Browser tests: Debian's Chromium driven by Playwright, headless, on a phone-sized screen.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


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
