"""Who reaches which report page: outsiders nothing, viewers the summary and its downloads,
facilitators and above everything; ids from elsewhere find nothing."""

import pytest

from conftest import client_for, make_framework
from learnloop.frameworks.models import ProofPoint

from .conftest import ordered_proof_points, session_url

SUMMARY = [
    "reports-show-summary",
    "reports-download-xlsx",
    "reports-download-json",
    "reports-download-pdf",
]
# The CSV is one row per answer: for a viewer it would hold nothing.
DETAILS = ["reports-show-conversation-starters", "reports-show-groups", "reports-download-csv"]


def every_url(session) -> list[str]:
    proof_point = ordered_proof_points(session)[0]
    return [
        *(session_url(name, session) for name in SUMMARY + DETAILS),
        session_url("reports-show-proof-point", session, proof_point_id=proof_point.pk),
        session_url("reports-show-respondent", session, number=1),
    ]


def test_outsider_gets_404_on_every_report_url(report_session, outsider_client):
    for url in every_url(report_session):
        assert outsider_client.get(url).status_code == 404, url
        assert outsider_client.get(url + "?format=json").status_code == 404, url


def test_signed_out_visitor_is_sent_to_sign_in(report_session, client):
    for url in every_url(report_session):
        response = client.get(url)
        assert response.status_code == 302, url
        assert "/accounts/login/" in response["Location"]


def test_viewer_sees_summary_and_downloads_only(report_session, viewer_client):
    urls = every_url(report_session)
    for url in urls[: len(SUMMARY)]:
        assert viewer_client.get(url).status_code == 200, url
    for url in urls[len(SUMMARY) :]:
        assert viewer_client.get(url).status_code == 404, url
        assert viewer_client.get(url + "?format=json").status_code == 404, url


def test_viewer_is_not_offered_the_answers_csv(report_session, viewer_client, facilitator):
    url = session_url("reports-show-summary", report_session)
    csv_url = session_url("reports-download-csv", report_session)
    assert csv_url not in viewer_client.get(url).content.decode()
    assert csv_url in client_for(facilitator).get(url).content.decode()


@pytest.mark.parametrize("role", ["facilitator", "admin", "owner"])
def test_facilitators_and_above_see_every_page(report_session, role, request):
    client = client_for(request.getfixturevalue(role))
    for url in every_url(report_session):
        assert client.get(url).status_code == 200, url


def test_session_of_another_organization_is_404(report_session, outsider, other_organization):
    framework = make_framework(other_organization, key="theirs")
    client = client_for(outsider)
    url = session_url("reports-show-summary", report_session)
    # Their own slug with our session id: still nothing.
    assert client.get(url.replace("/o/riverside/", "/o/hilltop/")).status_code == 404
    assert framework.pk  # their framework exists but does not make our session theirs


def test_tampered_proof_point_id_is_404(report_session, facilitator_client, organization):
    elsewhere = make_framework(organization, key="another")
    foreign = ProofPoint.objects.filter(module__framework=elsewhere).first()
    url = session_url("reports-show-proof-point", report_session, proof_point_id=foreign.pk)
    assert facilitator_client.get(url).status_code == 404
    missing = session_url("reports-show-proof-point", report_session, proof_point_id=999999)
    assert facilitator_client.get(missing).status_code == 404


def test_proof_point_of_a_module_not_in_the_session_is_404(report_session, facilitator_client):
    dropped = report_session.modules.order_by("position").last()
    report_session.modules.remove(dropped)
    proof_point = dropped.proof_points.first()
    url = session_url("reports-show-proof-point", report_session, proof_point_id=proof_point.pk)
    assert facilitator_client.get(url).status_code == 404


@pytest.mark.parametrize("number", [0, 10, 500])
def test_respondent_number_out_of_range_is_404(report_session, facilitator_client, number):
    url = session_url("reports-show-respondent", report_session, number=number)
    assert facilitator_client.get(url).status_code == 404


def test_report_pages_refuse_posts(report_session, admin_client):
    for url in every_url(report_session):
        assert admin_client.post(url).status_code == 405, url
