"""Coding from the report's proof point drill-down, and the link from the session dashboard."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import client_for
from learnloop.analysis import actions
from learnloop.analysis.models import Code
from learnloop.analysis.tests.conftest import (
    NAMES,
    add_respondents,
    comment,
    ordered_proof_points,
    session_url,
)


def drilldown_url(session):
    point = ordered_proof_points(session)[1]  # "Who signs off the budget?", "Budget is shared"
    return session_url("reports-show-proof-point", session, proof_point_id=point.pk)


def fragment_url(session):
    point = ordered_proof_points(session)[1]
    return session_url("analysis-show-proof-point-codes", session, proof_point_id=point.pk)


HTMX = {"HX-Request": "true"}


def test_the_drilldown_loads_the_codes_section(facilitator, coded_session):
    html = client_for(facilitator).get(drilldown_url(coded_session)).content.decode()
    assert "Codes on these comments" in html
    assert f'hx-get="{fragment_url(coded_session)}"' in html
    # Without a script, a link leads to the same comments in the coding view.
    assert "?proof_point=" in html


def test_the_drilldown_section_adds_no_query_to_the_report_page(facilitator, coded_session):
    """The codes arrive in a second request, so the report keeps its own query budget."""
    client = client_for(facilitator)
    with CaptureQueriesContext(connection) as captured:
        client.get(drilldown_url(coded_session))
    assert not any("analysis_" in query["sql"] for query in captured.captured_queries)


def test_the_drilldown_section_lists_each_comment_with_its_codes(facilitator, coded_session):
    actions.do_create_default_codebook(coded_session)
    question = Code.objects.get(session=coded_session, name="Question")
    actions.do_apply_code(question, comment(coded_session, "Who signs off the budget?"))
    response = client_for(facilitator).get(
        fragment_url(coded_session),
        headers={**HTMX, "HX-Current-URL": "http://testserver" + drilldown_url(coded_session)},
    )
    html = response.content.decode()
    assert html.count('class="card coding-card"') == 2
    assert 'aria-pressed="true"' in html
    assert f'value="{drilldown_url(coded_session)}"' in html  # forms return to the drill-down
    for name in NAMES:
        assert name not in html


def test_a_foreign_current_address_is_not_used_to_return(facilitator, coded_session):
    response = client_for(facilitator).get(
        fragment_url(coded_session), headers={**HTMX, "HX-Current-URL": "https://evil.example/x"}
    )
    assert "evil.example" not in response.content.decode()


def test_the_drilldown_section_without_htmx_leads_to_the_coding_view(facilitator, coded_session):
    response = client_for(facilitator).get(fragment_url(coded_session))
    assert response.status_code == 302
    assert "proof_point=" in response["Location"]


def test_the_drilldown_section_of_a_foreign_proof_point_is_404(
    facilitator, coded_session, organization
):
    from conftest import make_framework

    other = make_framework(organization, key="other")
    point = other.modules.first().proof_points.first()
    url = session_url("analysis-show-proof-point-codes", coded_session, proof_point_id=point.pk)
    assert client_for(facilitator).get(url, headers=HTMX).status_code == 404


def test_viewer_and_outsider_get_no_drilldown_section(viewer, outsider, coded_session):
    for user in [viewer, outsider]:
        response = client_for(user).get(fragment_url(coded_session), headers=HTMX)
        assert response.status_code == 404


def test_a_code_toggled_on_the_drilldown_returns_there(facilitator, coded_session):
    client = client_for(facilitator)
    url = drilldown_url(coded_session)
    actions.do_create_default_codebook(coded_session)
    answer = comment(coded_session, "Budget is shared monthly.")
    theme = Code.objects.get(session=coded_session, name="Theme")
    response = client.post(
        session_url("analysis-toggle-code", coded_session, answer_id=answer.pk),
        {"code": theme.pk, "next": url},
    )
    assert response["Location"] == f"{url}#comment-{answer.pk}"
    assert theme.applications.filter(answer=answer).exists()


def test_the_drilldown_codes_cost_the_same_queries_for_more_comments(facilitator, coded_session):
    client = client_for(facilitator)
    url = fragment_url(coded_session)
    client.get(url, headers=HTMX)

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            client.get(url, headers=HTMX)
        return len(captured)

    few = count()
    rows = [
        (f"Extra {i}", "Board", [3, 3, 3, 3], ["", f"More budget words {i}?", "", ""])
        for i in range(20)
    ]
    add_respondents(coded_session, rows)
    actions.do_generate_suggestions(coded_session)
    assert count() == few


def test_the_session_dashboard_links_to_coding(admin_client, coded_session):
    response = admin_client.get(session_url("sessions-show-session", coded_session))
    assert session_url("analysis-show-coding", coded_session) in response.content.decode()
