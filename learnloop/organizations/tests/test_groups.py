import pytest
from django.urls import reverse

from learnloop.learning_sessions.models import Answer, Participant
from learnloop.organizations.models import Group, Person


def url(name: str, **kwargs) -> str:
    return reverse(name, kwargs={"slug": "riverside", **kwargs})


def test_groups_list_counts_people_and_participants(
    facilitator_client, groups, people, participant_with_token
):
    response = facilitator_client.get(url("organizations-list-groups"))
    counts = {g.name: (g.people_count, g.participant_count) for g in response.context["groups"]}
    assert counts == {"Board": (3, 1), "Staff": (3, 0)}
    assert url("organizations-create-group") not in response.content.decode()


def test_empty_groups_list_says_so(admin_client):
    response = admin_client.get(url("organizations-list-groups"))
    assert "No groups yet." in response.content.decode()


def test_administrator_adds_a_group(admin_client, organization):
    response = admin_client.post(url("organizations-create-group"), {"name": "  Executive   team "})
    assert response.status_code == 302
    assert Group.objects.filter(organization=organization, name="Executive team").exists()


@pytest.mark.parametrize(
    ("name", "message"),
    [("", "required"), ("   ", "required"), ("board", "already a group called board")],
)
def test_bad_group_name_is_refused(admin_client, groups, name, message):
    response = admin_client.post(url("organizations-create-group"), {"name": name})
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["name"])
    assert Group.objects.count() == 2


def test_the_same_group_name_may_be_used_by_another_organization(
    admin_client, other_organization, organization
):
    Group.objects.create(organization=other_organization, name="Board")
    admin_client.post(url("organizations-create-group"), {"name": "Board"})
    assert Group.objects.filter(organization=organization, name="Board").exists()


def test_administrator_renames_a_group(admin_client, groups):
    response = admin_client.post(
        url("organizations-rename-group", group_id=groups["Board"].pk), {"name": "Trustees"}
    )
    assert response.status_code == 302
    groups["Board"].refresh_from_db()
    assert groups["Board"].name == "Trustees"


def test_a_group_may_change_only_the_case_of_its_name(admin_client, groups):
    admin_client.post(
        url("organizations-rename-group", group_id=groups["Board"].pk), {"name": "BOARD"}
    )
    groups["Board"].refresh_from_db()
    assert groups["Board"].name == "BOARD"


def test_renaming_to_another_groups_name_is_refused(admin_client, groups):
    response = admin_client.post(
        url("organizations-rename-group", group_id=groups["Board"].pk), {"name": "staff"}
    )
    assert response.status_code == 200
    groups["Board"].refresh_from_db()
    assert groups["Board"].name == "Board"


def test_deleting_a_group_asks_first_and_keeps_its_people(admin_client, groups, people):
    board = groups["Board"]
    page = admin_client.get(url("organizations-delete-group", group_id=board.pk))
    assert "3 people are in this group" in page.content.decode()
    assert Group.objects.filter(pk=board.pk).exists()
    response = admin_client.post(url("organizations-delete-group", group_id=board.pk))
    assert response.status_code == 302
    assert not Group.objects.filter(pk=board.pk).exists()
    assert Person.objects.count() == 6


def test_a_reporting_group_cannot_be_deleted(
    admin_client, groups, participant_with_token, learning_session
):
    participant, _token = participant_with_token
    proof_point = learning_session.framework.modules.first().proof_points.first()
    Answer.objects.create(
        participant=participant,
        session=learning_session,
        group=groups["Board"],
        proof_point=proof_point,
        code=3,
    )
    board_url = url("organizations-delete-group", group_id=groups["Board"].pk)
    page = admin_client.get(board_url).content.decode()
    assert "reporting group of participants in 1 learning session" in page
    assert "You can rename it instead." in page
    response = admin_client.post(board_url)
    assert response.status_code == 409
    assert Group.objects.filter(pk=groups["Board"].pk).exists()
    assert Participant.objects.get(pk=participant.pk).group_id == groups["Board"].pk
    assert Answer.objects.get().group_id == groups["Board"].pk
