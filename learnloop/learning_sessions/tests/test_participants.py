"""Choosing participants, the modules each answers and their reporting group."""

from django.utils import timezone

from conftest import add_participant
from learnloop.learning_sessions.models import Answer, Participant, State
from learnloop.learning_sessions.tests.conftest import url
from learnloop.organizations.models import Person


def test_add_page_lists_people_under_their_first_group(admin_client, draft_session, people):
    loner = Person.objects.create(organization=draft_session.organization, name="Loner")
    page = admin_client.get(url("sessions-add-participants", draft_session)).content.decode()
    assert page.index("Board") < page.index("Person 1") < page.index("Staff")
    assert page.index("Staff") < page.index("Person 4")
    assert "Not in any group" in page
    assert loner.name in page


def test_admin_adds_people_with_different_modules_each(
    admin_client, draft_session, framework, people, groups
):
    first, second = framework.modules.all()
    data = {
        f"add_{people[0].pk}": "on",
        f"modules_{people[0].pk}": [first.pk],
        f"group_{people[0].pk}": groups["Board"].pk,
        f"add_{people[3].pk}": "on",
        f"modules_{people[3].pk}": [first.pk, second.pk],
        f"group_{people[3].pk}": groups["Board"].pk,  # reports with the board this time
        # ticked modules but not added: ignored
        f"modules_{people[1].pk}": [second.pk],
    }
    response = admin_client.post(url("sessions-add-participants", draft_session), data)
    assert response.status_code == 302
    board_member = Participant.objects.get(session=draft_session, person=people[0])
    staff_member = Participant.objects.get(session=draft_session, person=people[3])
    assert list(board_member.modules.all()) == [first]
    assert set(staff_member.modules.all()) == {first, second}
    assert staff_member.group == groups["Board"]
    assert draft_session.participants.count() == 2
    assert not board_member.links.exists()


def test_people_already_participating_are_not_offered_again(
    admin_client, draft_session, people, groups
):
    add_participant(draft_session, people[0], groups["Board"])
    form_page = admin_client.get(url("sessions-add-participants", draft_session))
    assert f'name="add_{people[0].pk}"' not in form_page.content.decode()
    assert f'name="add_{people[1].pk}"' in form_page.content.decode()
    response = admin_client.post(
        url("sessions-add-participants", draft_session),
        {f"add_{people[0].pk}": "on", f"modules_{people[0].pk}": [1]},
    )
    assert response.status_code == 200
    assert draft_session.participants.count() == 1


def test_adding_someone_with_no_module_adds_nobody(admin_client, draft_session, framework, people):
    module = framework.modules.first()
    data = {
        f"add_{people[0].pk}": "on",
        f"modules_{people[0].pk}": [module.pk],
        f"add_{people[1].pk}": "on",
    }
    response = admin_client.post(url("sessions-add-participants", draft_session), data)
    assert response.status_code == 200
    assert "Choose at least one module for Person 2" in response.content.decode()
    assert draft_session.participants.count() == 0


def test_adding_nobody_says_so(admin_client, draft_session, people):
    response = admin_client.post(url("sessions-add-participants", draft_session), {})
    assert "Tick at least one person" in response.content.decode()


def test_a_module_outside_the_session_is_refused(admin_client, draft_session, framework, people):
    first, second = framework.modules.all()
    draft_session.modules.set([first])
    data = {f"add_{people[0].pk}": "on", f"modules_{people[0].pk}": [second.pk]}
    response = admin_client.post(url("sessions-add-participants", draft_session), data)
    assert response.status_code == 200
    assert draft_session.participants.count() == 0


def test_a_group_of_another_organization_is_refused(
    admin_client, draft_session, framework, people, other_organization
):
    from learnloop.organizations.models import Group

    theirs = Group.objects.create(organization=other_organization, name="Theirs")
    data = {
        f"add_{people[0].pk}": "on",
        f"modules_{people[0].pk}": [framework.modules.first().pk],
        f"group_{people[0].pk}": theirs.pk,
    }
    response = admin_client.post(url("sessions-add-participants", draft_session), data)
    assert response.status_code == 200
    assert draft_session.participants.count() == 0


def test_nobody_is_added_by_name_in_anonymous_mode(
    admin_client, anonymous_session, framework, people
):
    data = {f"add_{people[0].pk}": "on", f"modules_{people[0].pk}": [framework.modules.first().pk]}
    response = admin_client.post(url("sessions-add-participants", anonymous_session), data)
    assert "In anonymous mode nobody is added by name" in response.content.decode()
    assert anonymous_session.participants.count() == 0


def test_nobody_is_added_to_a_closed_session(admin_client, learning_session, framework, people):
    learning_session.state = State.CLOSED
    learning_session.save(update_fields=["state"])
    data = {f"add_{people[0].pk}": "on", f"modules_{people[0].pk}": [framework.modules.first().pk]}
    response = admin_client.post(url("sessions-add-participants", learning_session), data)
    assert "The session is closed" in response.content.decode()
    assert learning_session.participants.count() == 0


def test_participant_list_shows_modules_group_and_link_state(
    admin_client, learning_session, participant_with_token
):
    page = admin_client.get(url("sessions-list-participants", learning_session)).content.decode()
    assert "Person 1" in page
    assert "person1@example.org" in page
    assert "Module 1, Module 2" in page
    assert "Working" in page


def test_edit_participant_changes_modules_and_moves_answers_to_the_new_group(
    admin_client, learning_session, participant_with_token, framework, groups
):
    participant, _token = participant_with_token
    first, _second = framework.modules.all()
    proof_point = first.proof_points.first()
    Answer.objects.create(
        participant=participant,
        session=learning_session,
        group=groups["Board"],
        proof_point=proof_point,
        code=3,
    )
    response = admin_client.post(
        url("sessions-edit-participant", learning_session, participant_id=participant.pk),
        {"group": groups["Staff"].pk, "modules": [first.pk]},
    )
    assert response.status_code == 302
    participant.refresh_from_db()
    assert participant.group == groups["Staff"]
    assert list(participant.modules.all()) == [first]
    assert Answer.objects.get(participant=participant).group == groups["Staff"]


def test_a_module_they_already_answered_cannot_be_taken_away(
    admin_client, learning_session, participant_with_token, framework, groups
):
    participant, _token = participant_with_token
    first, second = framework.modules.all()
    Answer.objects.create(
        participant=participant,
        session=learning_session,
        group=groups["Board"],
        proof_point=first.proof_points.first(),
        code=3,
    )
    response = admin_client.post(
        url("sessions-edit-participant", learning_session, participant_id=participant.pk),
        {"group": groups["Staff"].pk, "modules": [second.pk]},
    )
    assert response.status_code == 200
    assert "already answered in Module 1" in response.content.decode()
    participant.refresh_from_db()
    assert participant.group == groups["Board"]
    assert set(participant.modules.all()) == {first, second}


def test_remove_asks_first_then_removes_someone_who_has_not_answered(
    admin_client, learning_session, participant_with_token
):
    participant, _token = participant_with_token
    address = url("sessions-remove-participant", learning_session, participant_id=participant.pk)
    page = admin_client.get(address)
    assert "They have not answered anything" in page.content.decode()
    assert Participant.objects.filter(pk=participant.pk).exists()
    response = admin_client.post(address)
    assert response.status_code == 302
    assert not Participant.objects.filter(pk=participant.pk).exists()


def test_removing_someone_who_answered_needs_their_answers_deleted_too(
    admin_client, learning_session, participant_with_token, framework, groups
):
    participant, _token = participant_with_token
    Answer.objects.create(
        participant=participant,
        session=learning_session,
        group=groups["Board"],
        proof_point=framework.modules.first().proof_points.first(),
        code=4,
        comment="Candid words",
    )
    participant.started_at = timezone.now()
    participant.save(update_fields=["started_at"])
    address = url("sessions-remove-participant", learning_session, participant_id=participant.pk)
    page = admin_client.get(address).content.decode()
    assert "revoke their links instead" in page
    refused = admin_client.post(address)
    assert refused.status_code == 200
    assert "has already answered 1 proof point" in refused.content.decode()
    assert Participant.objects.filter(pk=participant.pk).exists()
    assert Answer.objects.count() == 1
    removed = admin_client.post(address, {"delete_answers": "on"})
    assert removed.status_code == 302
    assert not Participant.objects.filter(pk=participant.pk).exists()
    assert Answer.objects.count() == 0


def test_participants_of_a_closed_session_cannot_change(
    admin_client, learning_session, participant_with_token, groups, framework
):
    participant, _token = participant_with_token
    learning_session.state = State.CLOSED
    learning_session.save(update_fields=["state"])
    response = admin_client.post(
        url("sessions-edit-participant", learning_session, participant_id=participant.pk),
        {"group": groups["Staff"].pk, "modules": [framework.modules.first().pk]},
    )
    assert "The session is closed" in response.content.decode()
    participant.refresh_from_db()
    assert participant.group == groups["Board"]
    admin_client.post(
        url("sessions-remove-participant", learning_session, participant_id=participant.pk)
    )
    assert Participant.objects.filter(pk=participant.pk).exists()


def test_an_anonymous_respondent_keeps_the_group_they_chose(
    admin_client, anonymous_session, groups, framework
):
    respondent = Participant.objects.create(session=anonymous_session, group=groups["Board"])
    respondent.modules.set(anonymous_session.modules.all())
    address = url("sessions-edit-participant", anonymous_session, participant_id=respondent.pk)
    response = admin_client.post(
        address, {"group": groups["Staff"].pk, "modules": [framework.modules.first().pk]}
    )
    assert "chose their own group" in response.content.decode()
    respondent.refresh_from_db()
    assert respondent.group == groups["Board"]
    assert respondent.modules.count() == 2


def test_an_anonymous_respondent_can_be_removed_with_their_answers(
    admin_client, anonymous_session, groups, framework
):
    respondent = Participant.objects.create(session=anonymous_session, group=groups["Board"])
    answer = Answer.objects.create(
        participant=respondent,
        session=anonymous_session,
        group=groups["Board"],
        proof_point=framework.modules.first().proof_points.first(),
        code=1,
    )
    address = url("sessions-remove-participant", anonymous_session, participant_id=respondent.pk)
    page = admin_client.get(address).content.decode()
    assert f"Remove Participant {respondent.pk}?" in page
    admin_client.post(address, {"delete_answers": "on"})
    assert not Participant.objects.filter(pk=respondent.pk).exists()
    assert not Answer.objects.filter(pk=answer.pk).exists()
