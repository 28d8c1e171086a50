from django.urls import reverse

from learnloop.organizations.models import Membership, Organization, Role

from .conftest import signed_in


def overview(slug="riverside") -> str:
    return reverse("organizations-show-organization", kwargs={"slug": slug})


def test_overview_shows_counts_and_role(admin_client, people, groups, framework, learning_session):
    response = admin_client.get(overview())
    page = response.content.decode()
    assert response.status_code == 200
    assert response.context["counts"] == {
        "people": 6,
        "groups": 2,
        "frameworks": 1,
        "sessions": 1,
        "members": 1,
    }
    assert "Your role: Administrator" in page
    assert "Spring review" in page
    assert reverse("organizations-list-members", kwargs={"slug": "riverside"}) in page


def test_viewer_sees_the_overview_without_links_to_people(viewer_client, people):
    page = viewer_client.get(overview()).content.decode()
    figures = page[page.index('class="org-stats"') :].split("</ul>")[0]
    assert "Your role: Viewer" in page
    assert "<strong>6</strong> people" in figures
    assert reverse("organizations-list-people", kwargs={"slug": "riverside"}) not in figures
    assert reverse("organizations-list-members", kwargs={"slug": "riverside"}) not in page


def test_empty_organization_invites_an_administrator_to_add_people(admin_client):
    page = admin_client.get(overview()).content.decode()
    assert "Get started" in page
    assert reverse("organizations-import-people", kwargs={"slug": "riverside"}) in page


def test_creating_an_organization_makes_the_creator_its_owner(outsider_client, outsider):
    response = outsider_client.post(
        reverse("organizations-create-organization"), {"name": "  Lakeside   Schools "}
    )
    organization = Organization.objects.get(name="Lakeside Schools")
    assert response.status_code == 302
    assert response["Location"] == overview(organization.slug)
    assert Membership.objects.get(organization=organization).role == Role.OWNER


def test_organizations_with_the_same_name_get_different_addresses(outsider, organization):
    client = signed_in(outsider)
    client.post(reverse("organizations-create-organization"), {"name": "Riverside"})
    assert Organization.objects.filter(slug="riverside-2").exists()


def test_an_organization_needs_a_name(outsider_client):
    response = outsider_client.post(reverse("organizations-create-organization"), {"name": "   "})
    assert response.status_code == 200
    assert not Organization.objects.filter(slug="organization").exists()
    assert response.context["form"].errors["name"]
