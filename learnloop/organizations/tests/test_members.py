import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from learnloop.accounts.models import User
from learnloop.organizations.models import Membership, Person, Role

from .conftest import signed_in


def url(name: str, **kwargs) -> str:
    return reverse(name, kwargs={"slug": "riverside", **kwargs})


def membership_of(user) -> Membership:
    return Membership.objects.get(user=user, organization__slug="riverside")


def change_role(client, member: Membership, role: str):
    return client.post(
        url("organizations-change-role", membership_id=member.pk), {f"m{member.pk}-role": role}
    )


def test_members_page_lists_accounts_and_roles(owner_client, owner, admin, viewer):
    page = owner_client.get(url("organizations-list-members")).content.decode()
    for email in ["owner@example.org", "admin@example.org", "viewer@example.org"]:
        assert email in page


def test_administrator_sees_owners_without_controls(admin_client, owner, admin):
    response = admin_client.get(url("organizations-list-members"))
    forms = {member.user.email: form for member, form in response.context["rows"]}
    assert forms["owner@example.org"] is None
    assert forms["admin@example.org"] is not None
    assert "Only owners can change an owner." in response.content.decode()


def test_adding_a_new_email_creates_an_account_and_sends_a_password_link(
    admin_client, organization, settings
):
    settings.BASE_URL = "https://learn.example.org"
    response = admin_client.post(
        url("organizations-add-member"),
        {"email": "New.Person@Example.org", "name": "New Person", "role": Role.FACILITATOR},
    )
    assert response.status_code == 302
    user = User.objects.get(email="new.person@example.org")
    assert not user.has_usable_password()
    assert membership_of(user).role == Role.FACILITATOR
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["new.person@example.org"]
    assert "Riverside Trust" in message.subject
    link = re.search(r"https://learn\.example\.org(/accounts/password/reset/\S+)", message.body)
    assert link is not None
    # The link works: it leads to the form where the password is chosen.
    followed = Client().get(link.group(1), follow=True)
    assert followed.context["validlink"] is True


def test_adding_an_existing_account_keeps_its_password_and_says_so(
    owner_client, outsider, organization
):
    response = owner_client.post(
        url("organizations-add-member"), {"email": "outsider@example.org", "role": Role.VIEWER}
    )
    assert response.status_code == 302
    outsider.refresh_from_db()
    assert outsider.check_password("a long test password")
    assert membership_of(outsider).role == Role.VIEWER
    assert "/accounts/password/reset/" not in mail.outbox[0].body


def test_adding_a_member_links_their_person(admin_client, people):
    admin_client.post(
        url("organizations-add-member"), {"email": "person2@example.org", "role": Role.VIEWER}
    )
    assert Person.objects.get(pk=people[1].pk).user.email == "person2@example.org"


def test_adding_someone_who_is_already_a_member_is_refused(admin_client, viewer):
    response = admin_client.post(
        url("organizations-add-member"), {"email": "VIEWER@example.org", "role": Role.ADMINISTRATOR}
    )
    assert response.status_code == 200
    assert "already a member" in " ".join(response.context["form"].errors["email"])
    assert membership_of(viewer).role == Role.VIEWER
    assert mail.outbox == []


def test_administrator_cannot_make_an_owner(admin_client, organization):
    response = admin_client.post(
        url("organizations-add-member"), {"email": "boss@example.org", "role": Role.OWNER}
    )
    assert response.status_code == 200
    assert not User.objects.filter(email="boss@example.org").exists()


def test_owner_can_make_an_owner(owner_client, organization):
    owner_client.post(
        url("organizations-add-member"), {"email": "boss@example.org", "role": Role.OWNER}
    )
    assert membership_of(User.objects.get(email="boss@example.org")).role == Role.OWNER


def test_a_failed_email_still_adds_the_member_and_says_so(admin_client, monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError("no mail server")

    monkeypatch.setattr("learnloop.organizations.invitations.send_mail", refuse)
    response = admin_client.post(
        url("organizations-add-member"),
        {"email": "new@example.org", "role": Role.VIEWER},
        follow=True,
    )
    assert "could not be sent" in response.content.decode()
    assert Membership.objects.filter(user__email="new@example.org").exists()


def test_administrator_changes_a_role(admin_client, viewer):
    response = change_role(admin_client, membership_of(viewer), Role.FACILITATOR)
    assert response.status_code == 302
    assert membership_of(viewer).role == Role.FACILITATOR


def test_administrator_cannot_promote_to_owner(admin_client, viewer):
    response = change_role(admin_client, membership_of(viewer), Role.OWNER)
    assert response.status_code == 302
    assert membership_of(viewer).role == Role.VIEWER


def test_administrator_cannot_touch_an_owner(admin_client, owner, admin):
    member = membership_of(owner)
    assert change_role(admin_client, member, Role.VIEWER).status_code == 404
    remove = url("organizations-remove-member", membership_id=member.pk)
    assert admin_client.post(remove).status_code == 404
    assert membership_of(owner).role == Role.OWNER


def test_the_last_owner_cannot_be_demoted(owner_client, owner):
    response = change_role(owner_client, membership_of(owner), Role.ADMINISTRATOR)
    assert response.status_code == 302
    assert membership_of(owner).role == Role.OWNER
    page = owner_client.get(response["Location"]).content.decode()
    assert "is the only owner" in page


def test_the_last_owner_cannot_be_removed(owner_client, owner):
    remove = url("organizations-remove-member", membership_id=membership_of(owner).pk)
    assert "is the only owner" in owner_client.get(remove).content.decode()
    assert owner_client.post(remove).status_code == 409
    assert membership_of(owner).role == Role.OWNER


def test_an_owner_can_step_down_when_another_owner_remains(owner_client, owner, admin):
    admin_member = membership_of(admin)
    change_role(owner_client, admin_member, Role.OWNER)
    response = change_role(owner_client, membership_of(owner), Role.VIEWER)
    assert membership_of(owner).role == Role.VIEWER
    assert response["Location"] == url("organizations-show-organization")
    assert change_role(signed_in(admin), membership_of(owner), Role.OWNER).status_code == 302
    assert membership_of(owner).role == Role.OWNER


def test_removing_a_member_asks_first_and_keeps_the_account(admin_client, viewer):
    remove = url("organizations-remove-member", membership_id=membership_of(viewer).pk)
    assert "will no longer see this organization" in admin_client.get(remove).content.decode()
    response = admin_client.post(remove)
    assert response.status_code == 302
    assert not Membership.objects.filter(user=viewer).exists()
    assert User.objects.filter(pk=viewer.pk).exists()


def test_a_member_can_leave(admin_client, admin, owner):
    response = admin_client.post(
        url("organizations-remove-member", membership_id=membership_of(admin).pk)
    )
    assert response["Location"] == reverse("core-home")
    assert not Membership.objects.filter(user=admin).exists()


@pytest.mark.parametrize("role", ["", "king"])
def test_an_unknown_role_is_refused(admin_client, viewer, role):
    change_role(admin_client, membership_of(viewer), role)
    assert membership_of(viewer).role == Role.VIEWER
