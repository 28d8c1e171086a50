import pytest
from django.urls import reverse

from learnloop.learning_sessions.models import Participant
from learnloop.organizations.models import Group, Person


def url(name: str, **kwargs) -> str:
    return reverse(name, kwargs={"slug": "riverside", **kwargs})


def test_facilitator_sees_the_people_list_without_edit_links(facilitator_client, people):
    response = facilitator_client.get(url("organizations-list-people"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "person1@example.org" in page
    assert url("organizations-edit-person", person_id=people[0].pk) not in page
    assert url("organizations-create-person") not in page


def test_people_list_searches_names_and_emails(admin_client, people):
    response = admin_client.get(url("organizations-list-people"), {"q": "PERSON2@"})
    assert [p.name for p in response.context["page"].object_list] == ["Person 2"]


def test_people_list_filters_by_group(admin_client, people, groups):
    response = admin_client.get(url("organizations-list-people"), {"group": groups["Staff"].pk})
    names = [p.name for p in response.context["page"].object_list]
    assert names == ["Person 4", "Person 5", "Person 6"]


def test_people_list_says_when_nobody_matches(admin_client, people):
    response = admin_client.get(url("organizations-list-people"), {"q": "nobody-like-this"})
    assert "Nobody matches" in response.content.decode()


def test_people_list_is_paged(admin_client, organization):
    Person.objects.bulk_create(
        Person(organization=organization, name=f"P{i:03}") for i in range(120)
    )
    response = admin_client.get(url("organizations-list-people"), {"page": 3})
    assert response.context["page"].object_list[0].name == "P100"
    assert len(response.context["page"].object_list) == 20


def test_people_list_runs_few_queries(admin_client, people, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        admin_client.get(url("organizations-list-people"))


def test_empty_people_list_says_so(admin_client):
    assert "No people yet." in admin_client.get(url("organizations-list-people")).content.decode()


def test_administrator_adds_a_person_with_groups(admin_client, organization, groups):
    response = admin_client.post(
        url("organizations-create-person"),
        {"name": " Ada  Lovelace ", "email": "Ada@Example.org", "groups": [groups["Board"].pk]},
    )
    assert response.status_code == 302
    person = Person.objects.get(organization=organization, name="Ada Lovelace")
    assert person.email == "ada@example.org"
    assert [g.name for g in person.groups.all()] == ["Board"]


def test_a_person_may_have_no_email(admin_client, organization):
    admin_client.post(url("organizations-create-person"), {"name": "Ben", "email": ""})
    admin_client.post(url("organizations-create-person"), {"name": "Cleo", "email": ""})
    assert Person.objects.filter(organization=organization, email="").count() == 2


def test_save_and_add_another_returns_to_the_form(admin_client):
    response = admin_client.post(
        url("organizations-create-person"), {"name": "Ben", "add_another": "1"}
    )
    assert response["Location"] == url("organizations-create-person")


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"name": "", "email": "x@example.org"}, "name", "required"),
        ({"name": "X", "email": "not-an-email"}, "email", "valid email"),
        ({"name": "X", "email": "PERSON1@example.org"}, "email", "Person 1 already uses"),
        ({"name": "X" * 201}, "name", "at most 200"),
    ],
)
def test_bad_person_is_refused_and_nothing_saved(admin_client, people, data, field, message):
    before = Person.objects.count()
    response = admin_client.post(url("organizations-create-person"), data)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert Person.objects.count() == before


def test_a_group_of_another_organization_cannot_be_chosen(
    admin_client, other_organization, organization
):
    theirs = Group.objects.create(organization=other_organization, name="Theirs")
    response = admin_client.post(
        url("organizations-create-person"), {"name": "X", "groups": [theirs.pk]}
    )
    assert response.status_code == 200
    assert not Person.objects.filter(name="X").exists()


def test_administrator_edits_a_person(admin_client, people, groups):
    person = people[0]
    response = admin_client.post(
        url("organizations-edit-person", person_id=person.pk),
        {"name": "Renamed", "email": "new@example.org", "groups": [groups["Staff"].pk]},
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.name, person.email) == ("Renamed", "new@example.org")
    assert [g.name for g in person.groups.all()] == ["Staff"]


def test_a_person_may_keep_their_own_email(admin_client, people):
    response = admin_client.post(
        url("organizations-edit-person", person_id=people[0].pk),
        {"name": "Person 1", "email": "person1@example.org"},
    )
    assert response.status_code == 302


def test_editing_to_another_persons_email_is_refused(admin_client, people):
    response = admin_client.post(
        url("organizations-edit-person", person_id=people[0].pk),
        {"name": "Person 1", "email": "person2@example.org"},
    )
    assert response.status_code == 200
    people[0].refresh_from_db()
    assert people[0].email == "person1@example.org"


def test_deleting_a_person_asks_first(admin_client, people):
    response = admin_client.get(url("organizations-delete-person", person_id=people[0].pk))
    assert "cannot be undone" in response.content.decode()
    assert Person.objects.filter(pk=people[0].pk).exists()


def test_administrator_deletes_a_person(admin_client, people):
    response = admin_client.post(url("organizations-delete-person", person_id=people[0].pk))
    assert response.status_code == 302
    assert not Person.objects.filter(pk=people[0].pk).exists()


def test_a_person_who_took_part_cannot_be_deleted(admin_client, participant_with_token, people):
    person = people[0]
    page = admin_client.get(url("organizations-delete-person", person_id=person.pk))
    assert "has taken part in 1 learning session" in page.content.decode()
    assert b'class="danger"' not in page.content
    response = admin_client.post(url("organizations-delete-person", person_id=person.pk))
    assert response.status_code == 409
    assert Person.objects.filter(pk=person.pk).exists()
    assert Participant.objects.filter(person=person).exists()
