"""Each endpoint reads in a fixed number of queries, whatever the size of the organization."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import add_participant, make_framework
from learnloop.api.tests.conftest import API, api_get, session_url, token_for
from learnloop.learning_sessions.models import LearningSession
from learnloop.organizations.models import Group, Person


def queries_for(url: str, token: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert api_get(url, token).status_code == 200, url
    return len(captured)


def urls(session) -> list[str]:
    org = f"{API}/organizations/{session.organization.slug}"
    proof_point = session.framework.modules.order_by("position").first().proof_points.first()
    return [
        f"{API}/organizations",
        f"{org}/frameworks",
        f"{org}/frameworks/test-framework/versions/1",
        f"{org}/sessions",
        session_url(session),
        session_url(session, "/progress"),
        session_url(session, "/report"),
        session_url(session, "/report/summary"),
        session_url(session, "/report/conversation-starters"),
        session_url(session, "/report/groups"),
        session_url(session, f"/report/proof-points/{proof_point.pk}"),
    ]


def grow(session: LearningSession, n: int) -> None:
    organization = session.organization
    for i in range(n):
        make_framework(organization, key=f"extra-{i}")
        LearningSession.objects.create(
            organization=organization,
            title=f"Extra {i}",
            framework=session.framework,
            scale=session.scale,
        )
        group = Group.objects.create(organization=organization, name=f"Unit {i}")
        for j in range(4):
            person = Person.objects.create(organization=organization, name=f"Extra {i}.{j}")
            add_participant(session, person, group)


def test_query_counts_do_not_grow_with_the_organization(admin, answered):
    token = token_for(admin)
    api_get(f"{API}/organizations", token)  # the first use is recorded; later ones are reads
    before = {url: queries_for(url, token) for url in urls(answered)}
    grow(answered, 5)
    after = {url: queries_for(url, token) for url in urls(answered)}
    assert after == before
    assert max(before.values()) <= 15
