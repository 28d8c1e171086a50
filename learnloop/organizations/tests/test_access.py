"""Every page of this app, walked by someone outside the organization and by too low a role."""

import pytest
from django.test import Client
from django.urls import reverse

from learnloop.organizations.models import Group, Membership, Person

from .conftest import signed_in

# (url name, extra kwargs builder, least role that may use it)
PAGES = [
    ("organizations-show-organization", {}, "viewer"),
    ("organizations-list-people", {}, "facilitator"),
    ("organizations-list-groups", {}, "facilitator"),
    ("organizations-create-person", {}, "admin"),
    ("organizations-edit-person", {"person_id": "person"}, "admin"),
    ("organizations-delete-person", {"person_id": "person"}, "admin"),
    ("organizations-import-people", {}, "admin"),
    ("organizations-confirm-import", {}, "admin"),
    ("organizations-download-people-template", {"file_format": "csv"}, "admin"),
    ("organizations-download-people-template", {"file_format": "xlsx"}, "admin"),
    ("organizations-create-group", {}, "admin"),
    ("organizations-rename-group", {"group_id": "group"}, "admin"),
    ("organizations-delete-group", {"group_id": "group"}, "admin"),
    ("organizations-list-members", {}, "admin"),
    ("organizations-add-member", {}, "admin"),
    ("organizations-change-role", {"membership_id": "membership"}, "admin"),
    ("organizations-remove-member", {"membership_id": "membership"}, "admin"),
]
ROLES = ["viewer", "facilitator", "admin", "owner"]


@pytest.fixture
def targets(organization, owner, admin, facilitator, viewer, outsider, people, groups):
    return {
        "person": people[0].pk,
        "group": groups["Board"].pk,
        "membership": Membership.objects.get(user=viewer, organization=organization).pk,
    }


def url_for(name: str, kwargs: dict, targets: dict, slug: str = "riverside") -> str:
    return reverse(name, kwargs={"slug": slug, **{k: targets.get(v, v) for k, v in kwargs.items()}})


# Pages that only show something: a POST is answered 405, to anyone, before any access check.
SHOW_ONLY = {
    "organizations-show-organization",
    "organizations-list-people",
    "organizations-list-groups",
    "organizations-download-people-template",
    "organizations-list-members",
}


def refusal(name: str, method: str) -> int:
    """404 (nothing here for you), or 405 for a POST to a page that only shows something."""
    return 405 if method == "post" and name in SHOW_ONLY else 404


def below(role: str) -> list[str]:
    return ROLES[: ROLES.index(role)]


@pytest.mark.parametrize(("name", "kwargs", "least"), PAGES)
@pytest.mark.parametrize("method", ["get", "post"])
def test_outsider_gets_not_found(outsider_client, targets, name, kwargs, least, method):
    response = getattr(outsider_client, method)(url_for(name, kwargs, targets))
    assert response.status_code == refusal(name, method)


@pytest.mark.parametrize(("name", "kwargs", "least"), PAGES)
def test_signed_out_visitor_is_sent_to_sign_in(targets, name, kwargs, least):
    response = Client().get(url_for(name, kwargs, targets))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts-login"))


@pytest.mark.parametrize(
    ("name", "kwargs", "role"),
    [(name, kwargs, role) for name, kwargs, least in PAGES for role in below(least)],
)
@pytest.mark.parametrize("method", ["get", "post"])
def test_too_low_a_role_gets_not_found_and_changes_nothing(
    request, targets, name, kwargs, role, method
):
    user = request.getfixturevalue(role)
    people, groups = Person.objects.count(), Group.objects.count()
    memberships = list(Membership.objects.values_list("pk", "role"))
    response = getattr(signed_in(user), method)(
        url_for(name, kwargs, targets), {"name": "X", "role": "owner", "email": "x@example.org"}
    )
    assert response.status_code == refusal(name, method)
    assert (Person.objects.count(), Group.objects.count()) == (people, groups)
    assert list(Membership.objects.values_list("pk", "role")) == memberships


@pytest.mark.parametrize(("name", "kwargs", "least"), PAGES)
def test_least_role_may_open_the_page(request, targets, name, kwargs, least):
    response = signed_in(request.getfixturevalue(least)).get(url_for(name, kwargs, targets))
    # The two form targets send a GET back to the page that holds their form.
    posts_only = name in {"organizations-confirm-import", "organizations-change-role"}
    assert response.status_code == (302 if posts_only else 200)


@pytest.mark.parametrize(
    ("name", "kwarg"),
    [
        ("organizations-edit-person", "person_id"),
        ("organizations-delete-person", "person_id"),
        ("organizations-rename-group", "group_id"),
        ("organizations-delete-group", "group_id"),
        ("organizations-remove-member", "membership_id"),
    ],
)
def test_an_object_of_another_organization_is_not_found(
    admin_client, organization, other_organization, outsider, name, kwarg
):
    objects = {
        "person_id": Person.objects.create(organization=other_organization, name="Theirs").pk,
        "group_id": Group.objects.create(organization=other_organization, name="Theirs").pk,
        "membership_id": Membership.objects.get(user=outsider).pk,
    }
    url = reverse(name, kwargs={"slug": organization.slug, kwarg: objects[kwarg]})
    assert admin_client.get(url).status_code == 404
    assert admin_client.post(url).status_code == 404
    assert Person.objects.filter(name="Theirs").exists()
    assert Group.objects.filter(name="Theirs").exists()
    assert Membership.objects.filter(user=outsider).exists()


def test_unknown_template_format_is_not_found(admin_client):
    url = reverse(
        "organizations-download-people-template", kwargs={"slug": "riverside", "file_format": "pdf"}
    )
    assert admin_client.get(url).status_code == 404
