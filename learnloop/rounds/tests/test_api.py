"""Rounds in the API: the comparison and the trend, the same data as the pages' JSON; any
member with a token, outsiders 404, no token 401."""

import json

from django.core.serializers.json import DjangoJSONEncoder

from learnloop.api.tests.conftest import API, api_get, token_for

from .conftest import make_round, rounds_url


def api_url(session, tail: str) -> str:
    slug = session.organization.slug
    return f"{API}/organizations/{slug}/sessions/{session.pk}/rounds/{tail}"


def same_as_the_page(client, name: str, session, api_json: dict, **query) -> bool:
    page = client.get(rounds_url(name, session, format="json", **query)).json()
    # Both through JSON: the page's encoder and the API's write dates the same way.
    return json.loads(json.dumps(page, cls=DjangoJSONEncoder)) == api_json


def test_the_comparison_is_the_pages_data(second_round, first_round, admin, admin_client):
    response = api_get(api_url(second_round, "comparison"), token_for(admin))
    assert response.status_code == 200
    data = response.json()
    assert data["proof_points"]
    assert same_as_the_page(admin_client, "rounds-show-comparison", second_round, data)
    against = api_get(api_url(second_round, "comparison"), token_for(admin), against=first_round.pk)
    assert against.json() == data


def test_the_trend_is_the_pages_data(second_round, admin, admin_client):
    third = make_round(second_round, title="Winter review")
    response = api_get(api_url(third, "trend"), token_for(admin))
    assert response.status_code == 200
    assert len(response.json()["rounds"]) == 3
    assert same_as_the_page(admin_client, "rounds-show-trend", third, response.json())


def test_a_viewer_reads_them_an_outsider_does_not(second_round, viewer, outsider):
    for tail in ("comparison", "trend"):
        url = api_url(second_round, tail)
        assert api_get(url).status_code == 401
        assert api_get(url, token_for(viewer)).status_code == 200
        assert api_get(url, token_for(outsider)).status_code == 404


def test_against_a_round_outside_the_chain_is_404(second_round, admin, other_organization):
    sibling = make_round(second_round.previous_round, title="A sibling")
    url = api_url(second_round, "comparison")
    for against in (sibling.pk, 999_999):
        assert api_get(url, token_for(admin), against=against).status_code == 404
