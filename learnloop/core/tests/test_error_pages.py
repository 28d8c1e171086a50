from django.test import Client, override_settings


@override_settings(DEBUG=False)
def test_unknown_page_gets_the_friendly_404(client, db):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert b"Page not found" in response.content


def test_a_form_posted_without_its_csrf_token_is_refused_with_an_explanation(admin, db):
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin)
    response = client.post("/new-organization/", {"name": "Sneaky"})
    assert response.status_code == 403
    assert b"Please try again" in response.content
