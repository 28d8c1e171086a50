"""Running a learning session again: the action, the form and its confirmation."""

from __future__ import annotations

import pytest
from django.urls import reverse

from conftest import add_participant, make_framework
from learnloop.frameworks.actions import do_add_module, do_edit_framework
from learnloop.learning_sessions.models import Anonymity, LearningSession, Participant, State
from learnloop.plan.models import Action
from learnloop.rounds.actions import RoundError, do_run_again
from learnloop.rounds.tests.conftest import make_round, rounds_url

NEW = "rounds-create-round"


@pytest.fixture
def closed_session(learning_session, people, groups):
    """The shared session, closed, with six participants; the last answers module 2 only."""
    learning_session.state = State.CLOSED
    learning_session.min_group_size = 4
    learning_session.met_share_percent = 70
    learning_session.save(update_fields=["state", "min_group_size", "met_share_percent"])
    for person in people:
        group = groups["Board"] if person.name in ("Person 1", "Person 2", "Person 3") else None
        participant, _token = add_participant(learning_session, person, group or groups["Staff"])
    participant.modules.set(learning_session.modules.filter(key="module-2"))
    return learning_session


def run(session, **changes):
    options = {
        "title": "Spring review, round 2",
        "framework": session.framework,
        "modules": list(session.modules.all()),
        "copy_participants": True,
    }
    options.update(changes)
    return do_run_again(session, **options)


def test_the_next_round_copies_the_settings_and_points_back(closed_session, admin):
    new = run(closed_session, acting=admin)
    assert new.previous_round == closed_session
    assert new.state == State.DRAFT
    assert new.organization == closed_session.organization
    for field in ("framework", "scale", "anonymity", "min_group_size", "purpose", "intro_process"):
        assert getattr(new, field) == getattr(closed_session, field)
    assert new.met_share_percent == 70
    assert new.opens_at is None
    assert new.closes_at is None
    assert set(new.modules.all()) == set(closed_session.modules.all())


def test_the_same_people_come_with_their_groups_and_modules(closed_session):
    new = run(closed_session)
    before = {
        p.person_id: (p.group_id, {m.key for m in p.modules.all()})
        for p in closed_session.participants.all()
    }
    after = {
        p.person_id: (p.group_id, {m.key for m in p.modules.all()}) for p in new.participants.all()
    }
    assert after == before


def test_modules_no_longer_in_the_round_are_dropped_and_people_left_without_one_stay_out(
    closed_session,
):
    only_first = list(closed_session.modules.filter(key="module-1"))
    new = run(closed_session, modules=only_first)
    assert list(new.modules.all()) == only_first
    assert new.participants.count() == 5  # the module-2-only person is left out
    keys = set(
        Participant.modules.through.objects.filter(participant__session=new).values_list(
            "module__key", flat=True
        )
    )
    assert keys == {"module-1"}


def test_nobody_is_invited_when_asked(closed_session):
    assert run(closed_session, copy_participants=False).participants.count() == 0


def test_a_later_framework_version_keeps_modules_and_participants_by_key(closed_session):
    newer = do_edit_framework(closed_session.framework, title="Test framework", description="v2")
    assert newer.version == 2
    modules = list(newer.modules.all())
    new = run(closed_session, framework=newer, modules=modules)
    assert new.framework == newer
    participant = new.participants.get(person__name="Person 6")
    assert [m.framework_id for m in participant.modules.all()] == [newer.pk]
    assert [m.key for m in participant.modules.all()] == ["module-2"]


def test_an_older_or_another_framework_is_refused(closed_session, organization, other_organization):
    other = make_framework(other_organization, key="test-framework")
    with pytest.raises(RoundError):
        run(closed_session, framework=other, modules=list(other.modules.all()))
    unrelated = make_framework(organization, key="another")
    with pytest.raises(RoundError):
        run(closed_session, framework=unrelated, modules=list(unrelated.modules.all()))
    assert LearningSession.objects.count() == 1


def test_modules_of_another_version_are_refused(closed_session):
    newer = do_edit_framework(closed_session.framework, title="Test framework", description="v2")
    with pytest.raises(RoundError):
        run(closed_session, framework=newer)  # this version's modules, not the newer ones
    assert LearningSession.objects.count() == 1


def test_a_draft_cannot_be_run_again(learning_session):
    learning_session.state = State.DRAFT
    learning_session.save(update_fields=["state"])
    with pytest.raises(RoundError):
        run(learning_session)


def test_an_anonymous_round_copies_no_one_and_keeps_its_open_link_groups(learning_session, groups):
    learning_session.anonymity = Anonymity.ANONYMOUS
    learning_session.save(update_fields=["anonymity"])
    learning_session.open_link_groups.set([groups["Staff"]])
    add_participant(learning_session, None, groups["Staff"])
    new = run(learning_session)
    assert new.participants.count() == 0
    assert list(new.open_link_groups.all()) == [groups["Staff"]]
    assert new.open_link_hash is None


def test_the_open_actions_of_the_plan_are_carried_into_the_next_round(closed_session):
    from learnloop.plan.queries import open_actions_for_rounds

    action = Action.objects.create(
        organization=closed_session.organization, session=closed_session, title="Publish minutes"
    )
    new = run(closed_session)
    assert list(open_actions_for_rounds(new)) == [action]


# ---------------------------------------------------------------------------------------------
# The pages


def test_the_form_proposes_the_same_version_modules_and_people(admin_client, closed_session):
    response = admin_client.get(rounds_url(NEW, closed_session))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["title"] == "Spring review, round 2"
    assert form.initial["framework"] == closed_session.framework
    assert set(form.initial["modules"]) == set(closed_session.modules.all())
    assert form.initial["participants"] == "same"


def test_choosing_a_later_version_shows_its_modules(admin_client, closed_session):
    newer = do_edit_framework(closed_session.framework, title="Test framework", description="v2")
    do_add_module(newer, key="module-3", title="Module 3")
    response = admin_client.get(rounds_url(NEW, closed_session, framework=newer.pk))
    form = response.context["form"]
    assert {m.framework_id for m in form.fields["modules"].queryset} == {newer.pk}
    assert {m.key for m in form.initial["modules"]} == {"module-1", "module-2"}
    assert "Module 3" in response.content.decode()


def form_data(session, **changes):
    data = {
        "title": "Spring review, round 2",
        "framework": session.framework_id,
        "modules": [m.pk for m in session.modules.all()],
        "participants": "same",
    }
    data.update(changes)
    return data


def test_review_shows_what_will_be_created_and_creates_nothing(admin_client, closed_session):
    response = admin_client.post(rounds_url(NEW, closed_session), form_data(closed_session))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Create the next round?" in text
    assert "6 participants, with their groups and modules" in text
    assert LearningSession.objects.count() == 1


def test_confirming_creates_the_round_and_opens_its_page(admin_client, closed_session):
    data = form_data(closed_session, confirm="yes")
    response = admin_client.post(rounds_url(NEW, closed_session), data)
    new = LearningSession.objects.exclude(pk=closed_session.pk).get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"/sessions/{new.pk}/")
    assert new.previous_round == closed_session
    assert new.title == "Spring review, round 2"
    assert new.participants.count() == 6


def test_no_module_is_a_clear_error_and_creates_nothing(admin_client, closed_session):
    data = form_data(closed_session, modules=[], confirm="yes")
    response = admin_client.post(rounds_url(NEW, closed_session), data)
    assert response.status_code == 400
    assert "Choose at least one module" in response.content.decode()
    assert LearningSession.objects.count() == 1


def test_a_framework_of_another_organization_cannot_be_slipped_in(
    admin_client, closed_session, other_organization
):
    other = make_framework(other_organization)
    data = form_data(
        closed_session,
        framework=other.pk,
        modules=[m.pk for m in other.modules.all()],
        confirm="yes",
    )
    response = admin_client.post(rounds_url(NEW, closed_session), data)
    assert response.status_code == 400
    assert LearningSession.objects.filter(organization=other_organization).count() == 0
    assert LearningSession.objects.count() == 1


def test_the_change_button_goes_back_to_the_filled_form(admin_client, closed_session):
    data = form_data(closed_session, title="Round two", change="yes")
    response = admin_client.post(rounds_url(NEW, closed_session), data)
    assert response.status_code == 200
    assert 'value="Round two"' in response.content.decode()
    assert LearningSession.objects.count() == 1


def test_a_draft_offers_no_run_again(admin_client, learning_session):
    learning_session.state = State.DRAFT
    learning_session.save(update_fields=["state"])
    response = admin_client.get(rounds_url(NEW, learning_session))
    assert "a draft has no round to repeat" in response.content.decode()
    response = admin_client.post(
        rounds_url(NEW, learning_session), form_data(learning_session, confirm="yes")
    )
    assert response.status_code == 400
    assert LearningSession.objects.count() == 1


@pytest.mark.parametrize("who", ["facilitator", "viewer", "outsider"])
def test_only_administrators_run_a_session_again(who, request, closed_session):
    from conftest import client_for

    client = client_for(request.getfixturevalue(who))
    assert client.get(rounds_url(NEW, closed_session)).status_code == 404
    data = form_data(closed_session, confirm="yes")
    assert client.post(rounds_url(NEW, closed_session), data).status_code == 404
    assert LearningSession.objects.count() == 1


def test_the_session_page_offers_run_again_and_the_comparison(admin_client, closed_session):
    page = admin_client.get(rounds_url("sessions-show-session", closed_session)).content.decode()
    assert rounds_url(NEW, closed_session) in page
    assert rounds_url("rounds-show-comparison", closed_session) not in page
    new = make_round(closed_session)
    page = admin_client.get(rounds_url("sessions-show-session", new)).content.decode()
    assert rounds_url("rounds-show-comparison", new) in page
    assert rounds_url("rounds-show-trend", new) in page


def test_a_session_run_again_links_its_next_round_and_warns_before_another(
    admin_client, closed_session
):
    new = run(closed_session)
    page = admin_client.get(
        reverse(
            "sessions-show-session",
            kwargs={"slug": closed_session.organization.slug, "session_id": closed_session.pk},
        )
    ).content.decode()
    assert rounds_url("rounds-show-comparison", new) in page
    assert "Spring review, round 2" in page
    review = admin_client.post(rounds_url(NEW, closed_session), form_data(closed_session))
    assert "This session has already been run again as:" in review.content.decode()
