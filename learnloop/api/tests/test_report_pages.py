"""Every report page through the API: the same JSON as the page's ``?format=json`` for the same
reader, the same roles (viewers the summary only), and 404 for outsiders."""

import pytest

from conftest import client_for
from learnloop.api.tests.conftest import COMMENT, api_get, session_url, token_for
from learnloop.learning_sessions.models import Anonymity
from learnloop.reports.tests.conftest import ordered_proof_points
from learnloop.reports.tests.conftest import session_url as page_url

DETAILS = ["conversation-starters", "groups", "proof-points", "respondents"]


def pair(session, name: str) -> tuple[str, str]:
    """(API address, page address) of one report page."""
    if name == "proof-points":
        proof_point = ordered_proof_points(session)[0].pk
        return (
            session_url(session, f"/report/proof-points/{proof_point}"),
            page_url("reports-show-proof-point", session, proof_point_id=proof_point),
        )
    if name == "respondents":
        return (
            session_url(session, "/report/respondents/1"),
            page_url("reports-show-respondent", session, number=1),
        )
    pages = {
        "summary": "reports-show-summary",
        "conversation-starters": "reports-show-conversation-starters",
        "groups": "reports-show-groups",
    }
    return session_url(session, f"/report/{name}"), page_url(pages[name], session)


def without_time(page: dict) -> dict:
    page["report"].pop("generated_at")
    return page


@pytest.mark.parametrize("mode", [Anonymity.NAMED, Anonymity.CONFIDENTIAL, Anonymity.ANONYMOUS])
@pytest.mark.parametrize("name", ["summary", *DETAILS])
def test_each_page_is_the_pages_json_for_the_same_reader(facilitator, answered, mode, name):
    answered.anonymity = mode
    answered.save(update_fields=["anonymity"])
    api_url, url = pair(answered, name)
    response = api_get(api_url, token_for(facilitator))
    assert response.status_code == 200, api_url
    page = client_for(facilitator).get(url + "?format=json").json()
    assert without_time(response.json()) == without_time(page)


def test_summary_filters_are_the_pages(admin, answered):
    api_url, url = pair(answered, "summary")
    params = {"sort": "median", "group": "Board", "status": "needs_attention"}
    from_api = api_get(api_url, token_for(admin), **params).json()
    page = client_for(admin).get(url, {**params, "format": "json"}).json()
    assert from_api["filters"] == {**params, "consensus": "", "module": "", "gap": ""}
    assert without_time(from_api) == without_time(page)


def test_a_small_group_cannot_be_asked_for(admin, answered):
    api_url, _url = pair(answered, "summary")
    page = api_get(api_url, token_for(admin), group="Finance").json()
    assert page["filters"]["group"] == ""  # ignored: Finance has one respondent
    assert "Finance" not in str(page)


@pytest.mark.parametrize("name", DETAILS)
def test_a_viewer_gets_the_summary_only(viewer, answered, name):
    assert api_get(pair(answered, "summary")[0], token_for(viewer)).status_code == 200
    assert api_get(pair(answered, name)[0], token_for(viewer)).status_code == 404


@pytest.mark.parametrize("name", ["summary", *DETAILS])
def test_an_outsider_gets_404(outsider, answered, name):
    response = api_get(pair(answered, name)[0], token_for(outsider))
    assert response.status_code == 404
    assert response.json() == {"detail": "Not Found"}


def test_names_only_in_named_mode(facilitator, answered):
    api_url, _url = pair(answered, "proof-points")
    assert "Person 1" not in api_get(api_url, token_for(facilitator)).content.decode()
    answered.anonymity = Anonymity.NAMED
    answered.save(update_fields=["anonymity"])
    text = api_get(api_url, token_for(facilitator)).content.decode()
    assert "Person 1" in text
    assert COMMENT in text


@pytest.mark.parametrize(
    "tail", ["/report/proof-points/999999", "/report/respondents/0", "/report/respondents/99"]
)
def test_a_proof_point_or_respondent_not_in_the_report_is_404(admin, answered, tail):
    assert api_get(session_url(answered, tail), token_for(admin)).status_code == 404
