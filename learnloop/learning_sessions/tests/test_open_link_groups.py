"""Anonymous sessions: the groups the open link offers, chosen on the session form."""

import re

import pytest
from django.urls import reverse

from conftest import client_for
from learnloop.learning_sessions.actions import SessionError, do_update_session
from learnloop.learning_sessions.models import Anonymity, LearningSession
from learnloop.learning_sessions.tests.conftest import url
from learnloop.learning_sessions.tests.test_sessions import session_data
from learnloop.organizations.models import Group

CREATE = reverse("sessions-create-session", kwargs={"slug": "riverside"})


@pytest.fixture
def finance(organization) -> Group:
    return Group.objects.create(organization=organization, name="Finance")


def settings_of(session: LearningSession, **overrides) -> dict:
    """The session's current settings as do_update_session takes them."""
    fields = {
        name: getattr(session, name)
        for name in ["title", "purpose", "framework", "scale", "anonymity", "min_group_size"]
    }
    return {**fields, **overrides}


def ticked(page: str, group: Group) -> bool:
    return re.search(rf'name="open_link_groups" value="{group.pk}"[^>]*checked', page) is not None


def test_the_form_offers_the_organizations_groups_for_anonymous_mode(
    admin_client, framework, groups, finance, other_organization
):
    Group.objects.create(organization=other_organization, name="Elsewhere")
    page = admin_client.get(CREATE).content.decode()
    assert "Groups respondents can choose" in page
    assert "Leave all unticked to offer every group" in page
    for group in [groups["Board"], groups["Staff"], finance]:
        assert f'name="open_link_groups" value="{group.pk}"' in page
    assert "Elsewhere" not in page


def test_without_groups_the_form_says_respondents_answer_without_one(admin_client, framework):
    page = admin_client.get(CREATE).content.decode()
    assert "This organization has no groups yet" in page
    assert reverse("organizations-list-groups", kwargs={"slug": "riverside"}) in page


def test_admin_creates_an_anonymous_session_offering_chosen_groups(
    admin_client, framework, groups, finance
):
    chosen = [groups["Staff"].pk, finance.pk]
    data = session_data(framework, anonymity=Anonymity.ANONYMOUS, open_link_groups=chosen)
    assert admin_client.post(CREATE, data).status_code == 302
    session = LearningSession.objects.get(title="Autumn deep dive")
    assert set(session.open_link_groups.all()) == {groups["Staff"], finance}
    assert list(session.groups_to_choose_from()) == [finance, groups["Staff"]]
    page = admin_client.get(url("sessions-show-session", session)).content.decode()
    assert "The open link offers these groups: Finance, Staff." in page


def test_no_group_ticked_offers_every_group(admin_client, framework, groups, finance):
    admin_client.post(CREATE, session_data(framework, anonymity=Anonymity.ANONYMOUS))
    session = LearningSession.objects.get(title="Autumn deep dive")
    assert not session.open_link_groups.exists()
    assert list(session.groups_to_choose_from()) == [groups["Board"], finance, groups["Staff"]]
    page = admin_client.get(url("sessions-show-session", session)).content.decode()
    assert "The open link offers every group of the organization." in page


def test_sessions_that_are_not_anonymous_keep_no_open_link_groups(admin_client, framework, groups):
    data = session_data(framework, open_link_groups=[groups["Board"].pk])
    admin_client.post(CREATE, data)
    session = LearningSession.objects.get(title="Autumn deep dive")
    assert not session.open_link_groups.exists()
    page = admin_client.get(url("sessions-show-session", session)).content.decode()
    assert "The open link offers" not in page


def test_the_groups_can_change_while_the_session_is_open(
    admin_client, anonymous_session, framework, groups, finance
):
    anonymous_session.open_link_groups.set([groups["Board"]])
    address = url("sessions-edit-session", anonymous_session)
    page = admin_client.get(address).content.decode()
    assert ticked(page, groups["Board"])
    assert not ticked(page, finance)
    data = session_data(
        framework,
        title=anonymous_session.title,
        anonymity=Anonymity.ANONYMOUS,
        open_link_groups=[finance.pk],
    )
    assert admin_client.post(address, data).status_code == 302
    assert list(anonymous_session.open_link_groups.all()) == [finance]


def test_a_group_of_another_organization_is_refused_and_nothing_changes(
    admin_client, anonymous_session, framework, groups, other_organization
):
    elsewhere = Group.objects.create(organization=other_organization, name="Elsewhere")
    anonymous_session.open_link_groups.set([groups["Board"]])
    data = session_data(
        framework,
        title="Taken over",
        anonymity=Anonymity.ANONYMOUS,
        open_link_groups=[elsewhere.pk],
    )
    response = admin_client.post(url("sessions-edit-session", anonymous_session), data)
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    anonymous_session.refresh_from_db()
    assert anonymous_session.title == "Anonymous pulse"
    assert list(anonymous_session.open_link_groups.all()) == [groups["Board"]]


def test_the_update_action_refuses_a_group_of_another_organization(
    anonymous_session, groups, other_organization
):
    elsewhere = Group.objects.create(organization=other_organization, name="Elsewhere")
    with pytest.raises(SessionError, match="not in this organization: Elsewhere"):
        do_update_session(
            anonymous_session,
            list(anonymous_session.modules.all()),
            open_link_groups=[groups["Board"], elsewhere],
            **settings_of(anonymous_session, title="Taken over"),
        )
    anonymous_session.refresh_from_db()
    assert anonymous_session.title == "Anonymous pulse"
    assert not anonymous_session.open_link_groups.exists()


def test_updating_without_naming_groups_keeps_them(anonymous_session, groups):
    anonymous_session.open_link_groups.set([groups["Staff"]])
    do_update_session(
        anonymous_session,
        list(anonymous_session.modules.all()),
        **settings_of(anonymous_session, title="Renamed"),
    )
    assert list(anonymous_session.open_link_groups.all()) == [groups["Staff"]]


def test_a_facilitator_cannot_change_the_groups(facilitator, anonymous_session, framework, groups):
    data = session_data(
        framework, anonymity=Anonymity.ANONYMOUS, open_link_groups=[groups["Board"].pk]
    )
    response = client_for(facilitator).post(url("sessions-edit-session", anonymous_session), data)
    assert response.status_code == 404
    assert not anonymous_session.open_link_groups.exists()


def test_an_outsider_cannot_change_the_groups(
    outsider_client, anonymous_session, framework, groups
):
    data = session_data(
        framework, anonymity=Anonymity.ANONYMOUS, open_link_groups=[groups["Board"].pk]
    )
    response = outsider_client.post(url("sessions-edit-session", anonymous_session), data)
    assert response.status_code == 404
    assert not anonymous_session.open_link_groups.exists()
