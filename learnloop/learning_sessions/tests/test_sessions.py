"""Creating, editing, opening and closing a learning session through its pages."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import add_participant, make_framework
from learnloop.learning_sessions.introduction import default_introduction
from learnloop.learning_sessions.models import Anonymity, LearningSession, Purpose, State
from learnloop.learning_sessions.tests.conftest import url


def session_data(framework, **overrides) -> dict:
    data = {
        "title": "Autumn deep dive",
        "purpose": Purpose.DEEP_DIVE,
        "framework": framework.pk,
        "modules": [m.pk for m in framework.modules.all()],
        "scale": "",
        "administrator": "",
        "anonymity": Anonymity.CONFIDENTIAL,
        "min_group_size": 3,
        "intro_process": "We rate and say why.",
        "intro_why": "To learn.",
        "intro_who": "Board and staff.",
        "intro_next": "We discuss.",
        "intro_privacy": "Only groups.",
        "opens_at": "",
        "closes_at": "",
        "met_level": "",
        "met_share_percent": 75,
        "dissent_share_percent": 15,
        "low_share_percent": 50,
    }
    data.update(overrides)
    return data


def create_url() -> str:
    return reverse("sessions-create-session", kwargs={"slug": "riverside"})


def test_admin_creates_a_draft_session_with_the_framework_scale(admin_client, admin, framework):
    closes = (timezone.now() + timedelta(days=14)).strftime("%Y-%m-%dT%H:%M")
    response = admin_client.post(
        create_url(), session_data(framework, administrator=admin.pk, closes_at=closes)
    )
    session = LearningSession.objects.get(title="Autumn deep dive")
    assert response.status_code == 302
    assert response["Location"] == url("sessions-show-session", session)
    assert session.state == State.DRAFT
    assert session.scale == framework.default_scale
    assert session.administrator == admin
    assert session.min_group_size == 3
    assert set(session.modules.all()) == set(framework.modules.all())
    assert session.closes_at is not None


def test_the_new_session_form_is_prefilled_with_an_introduction_and_privacy_statement(
    admin_client, framework
):
    page = admin_client.get(create_url()).content.decode()
    defaults = default_introduction(Purpose.DEEP_DIVE, Anonymity.CONFIDENTIAL, "Riverside Trust")
    assert defaults["intro_process"] in page
    assert "Riverside Trust wants an honest picture" in page
    assert LearningSession(anonymity=Anonymity.ANONYMOUS).privacy_statement in page
    assert 'value="3"' in page


def test_untouched_introduction_follows_the_chosen_mode_and_purpose(admin_client, framework):
    defaults = default_introduction(Purpose.DEEP_DIVE, Anonymity.CONFIDENTIAL, "Riverside Trust")
    data = session_data(
        framework, anonymity=Anonymity.ANONYMOUS, purpose=Purpose.MODULE_REVIEW, **defaults
    )
    data["intro_who"] = "Only the finance team."
    admin_client.post(create_url(), data)
    session = LearningSession.objects.get(title="Autumn deep dive")
    wanted = default_introduction(Purpose.MODULE_REVIEW, Anonymity.ANONYMOUS, "Riverside Trust")
    assert session.intro_privacy == wanted["intro_privacy"]
    assert "not even the administrators" in session.intro_privacy
    assert session.intro_process == wanted["intro_process"]
    assert session.intro_who == "Only the finance team."


def test_modules_of_another_framework_are_refused(admin_client, organization, framework):
    other = make_framework(organization, key="other")
    data = session_data(framework, modules=[other.modules.first().pk])
    response = admin_client.post(create_url(), data)
    assert response.status_code == 200
    assert "Not part of Test framework" in response.content.decode()
    assert not LearningSession.objects.filter(title="Autumn deep dive").exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"title": ""}, "This field is required"),
        ({"min_group_size": 0}, "greater than or equal to 1"),
        ({"anonymity": "secret"}, "Select a valid choice"),
        (
            {"opens_at": "2031-05-02T09:00", "closes_at": "2031-05-01T09:00"},
            "must be after the opening date",
        ),
        ({"closes_at": "2001-05-01T09:00"}, "The closing date is in the past"),
    ],
)
def test_bad_input_creates_nothing_and_says_why(admin_client, framework, overrides, message):
    response = admin_client.post(create_url(), session_data(framework, **overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert LearningSession.objects.count() == 0


def test_administrator_must_administer_the_organization(admin_client, framework, facilitator):
    response = admin_client.post(
        create_url(), session_data(framework, administrator=facilitator.pk)
    )
    assert response.status_code == 200
    assert LearningSession.objects.count() == 0


def test_admin_edits_everything_while_draft(admin_client, draft_session, organization):
    other = make_framework(organization, key="other")
    data = session_data(other, title="Renamed", anonymity=Anonymity.NAMED, min_group_size=4)
    response = admin_client.post(url("sessions-edit-session", draft_session), data)
    assert response.status_code == 302
    draft_session.refresh_from_db()
    assert draft_session.title == "Renamed"
    assert draft_session.framework == other
    assert draft_session.anonymity == Anonymity.NAMED
    assert draft_session.min_group_size == 4
    assert set(draft_session.modules.all()) == set(other.modules.all())


def test_changing_modules_in_draft_takes_them_from_participants(
    admin_client, draft_session, framework, people, groups
):
    participant, _token = add_participant(draft_session, people[0], groups["Board"])
    first = framework.modules.first()
    data = session_data(framework, modules=[first.pk])
    admin_client.post(url("sessions-edit-session", draft_session), data)
    assert list(participant.modules.all()) == [first]


def test_framework_scale_modules_and_mode_are_fixed_once_open(
    admin_client, learning_session, organization, framework
):
    other = make_framework(organization, key="other")
    data = session_data(
        other, title="Renamed", anonymity=Anonymity.NAMED, intro_why="Because.", min_group_size=5
    )
    page = admin_client.get(url("sessions-edit-session", learning_session)).content.decode()
    assert "no longer a draft" in page
    response = admin_client.post(url("sessions-edit-session", learning_session), data)
    assert response.status_code == 302
    learning_session.refresh_from_db()
    assert learning_session.title == "Renamed"
    assert learning_session.intro_why == "Because."
    assert learning_session.min_group_size == 5
    assert learning_session.framework == framework
    assert learning_session.anonymity == Anonymity.CONFIDENTIAL
    assert set(learning_session.modules.all()) == set(framework.modules.all())


def test_update_action_refuses_fixed_fields_once_open(learning_session, organization):
    from learnloop.learning_sessions.actions import SessionError, do_update_session

    fields = {
        name: getattr(learning_session, name)
        for name in ["title", "purpose", "framework", "scale", "administrator", "anonymity"]
    }
    fields.update(
        min_group_size=3,
        opens_at=None,
        closes_at=None,
        intro_process="",
        intro_why="",
        intro_who="",
        intro_next="",
        intro_privacy="",
        anonymity=Anonymity.NAMED,
    )
    with pytest.raises(SessionError, match="only while the session is a draft"):
        do_update_session(learning_session, list(learning_session.modules.all()), **fields)
    learning_session.refresh_from_db()
    assert learning_session.anonymity == Anonymity.CONFIDENTIAL


def test_draft_with_people_cannot_become_anonymous(
    admin_client, draft_session, framework, people, groups
):
    add_participant(draft_session, people[0], groups["Board"])
    data = session_data(framework, anonymity=Anonymity.ANONYMOUS)
    response = admin_client.post(url("sessions-edit-session", draft_session), data)
    assert "Remove the participants first" in response.content.decode()
    draft_session.refresh_from_db()
    assert draft_session.anonymity == Anonymity.CONFIDENTIAL


def test_opening_needs_modules_and_participants(admin_client, draft_session):
    draft_session.modules.clear()
    page = admin_client.get(url("sessions-open-session", draft_session)).content.decode()
    assert "Choose at least one module" in page
    assert "Add at least one participant" in page
    response = admin_client.post(url("sessions-open-session", draft_session), follow=True)
    assert "Choose at least one module" in response.content.decode()
    draft_session.refresh_from_db()
    assert draft_session.state == State.DRAFT


def test_anonymous_session_opens_without_participants(admin_client, anonymous_session):
    anonymous_session.state = State.DRAFT
    anonymous_session.save(update_fields=["state"])
    admin_client.post(url("sessions-open-session", anonymous_session))
    anonymous_session.refresh_from_db()
    assert anonymous_session.state == State.OPEN
    assert anonymous_session.opens_at is not None


def test_admin_opens_a_ready_draft(admin_client, draft_session, people, groups):
    add_participant(draft_session, people[0], groups["Board"])
    page = admin_client.get(url("sessions-open-session", draft_session)).content.decode()
    assert "Open the session" in page
    response = admin_client.post(url("sessions-open-session", draft_session))
    assert response.status_code == 302
    draft_session.refresh_from_db()
    assert draft_session.state == State.OPEN
    assert draft_session.accepts_answers


def test_participant_without_modules_blocks_opening(admin_client, draft_session, people, groups):
    participant, _token = add_participant(draft_session, people[0], groups["Board"])
    participant.modules.clear()
    admin_client.post(url("sessions-open-session", draft_session))
    draft_session.refresh_from_db()
    assert draft_session.state == State.DRAFT


def test_close_asks_for_confirmation_then_closes(admin_client, learning_session):
    page = admin_client.get(url("sessions-close-session", learning_session))
    assert page.status_code == 200
    assert "every link stops working" in page.content.decode()
    learning_session.refresh_from_db()
    assert learning_session.state == State.OPEN
    response = admin_client.post(url("sessions-close-session", learning_session))
    assert response.status_code == 302
    learning_session.refresh_from_db()
    assert learning_session.state == State.CLOSED
    assert learning_session.closed_at is not None
    assert not learning_session.accepts_answers


def test_a_draft_cannot_be_closed(admin_client, draft_session):
    response = admin_client.post(url("sessions-close-session", draft_session), follow=True)
    assert "Only an open session can be closed" in response.content.decode()
    draft_session.refresh_from_db()
    assert draft_session.state == State.DRAFT


def test_list_shows_sessions_and_the_create_button_to_admins(admin_client, learning_session):
    page = admin_client.get(reverse("sessions-list-sessions", kwargs={"slug": "riverside"}))
    content = page.content.decode()
    assert "Spring review" in content
    assert create_url() in content
    assert url("sessions-show-session", learning_session) in content


def test_get_or_post_only(admin_client, learning_session):
    response = admin_client.put(url("sessions-close-session", learning_session))
    assert response.status_code == 405
