"""The administrator's dashboard: response rates computed by the database."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from conftest import add_participant, client_for
from learnloop.learning_sessions.actions import do_issue_link, do_revoke_link
from learnloop.learning_sessions.models import Anonymity, Answer, LinkKind, Participant, State
from learnloop.learning_sessions.queries import group_progress, module_progress, session_progress
from learnloop.learning_sessions.tests.conftest import url
from learnloop.organizations.models import Group, Person


def answer(participant, proof_point, code=3, comment=""):
    return Answer.objects.create(
        participant=participant,
        session=participant.session,
        group=participant.group,
        proof_point=proof_point,
        code=code,
        comment=comment,
    )


@pytest.fixture
def progressed(learning_session, everyone, framework, organization):
    """Seven participants: three board, three staff, one alone in Finance.

    Person 1 submitted (both module 1 proof points rated, one module 2 comment); Person 2
    answers module 1 only and started (plus a stray module 2 answer that must not count);
    Person 4 has an empty answer row, which does not count.
    """
    first, second = framework.modules.all()
    m1 = list(first.proof_points.all())
    m2 = list(second.proof_points.all())
    finance = Group.objects.create(organization=organization, name="Finance")
    treasurer = Person.objects.create(organization=organization, name="Treasurer")
    add_participant(learning_session, treasurer, finance)
    p1, p2, _p3, p4 = everyone[:4]
    answer(p1, m1[0])
    answer(p1, m1[1], code=0)
    answer(p1, m2[0], code=None, comment="Unclear who owns this.")
    p1.started_at = p1.submitted_at = timezone.now()
    p1.save(update_fields=["started_at", "submitted_at"])
    p2.modules.set([first])
    answer(p2, m1[0])
    answer(p2, m2[1])
    p2.started_at = timezone.now()
    p2.save(update_fields=["started_at"])
    answer(p4, m1[1], code=None, comment="")
    return learning_session


def test_response_rate_overall(progressed):
    progress = session_progress(progressed)
    assert (progress.total, progress.started, progress.submitted) == (7, 2, 1)
    assert progress.submitted_percent == 14
    assert progress.started_percent == 29


def test_response_rate_by_module_counts_answers_against_expected_proof_points(progressed):
    rows = {row.module.title: row for row in module_progress(progressed)}
    assert (rows["Module 1"].participants, rows["Module 1"].expected) == (7, 14)
    assert rows["Module 1"].answered == 3
    assert (rows["Module 2"].participants, rows["Module 2"].expected) == (6, 12)
    assert rows["Module 2"].answered == 1
    assert rows["Module 2"].answered_percent == 8


def test_groups_smaller_than_the_minimum_show_no_figures(progressed, admin_client):
    rows = {row.name: row for row in group_progress(progressed)}
    assert not rows["Board"].hidden
    assert (rows["Board"].progress.total, rows["Board"].progress.submitted) == (3, 1)
    assert rows["Finance"].hidden
    page = admin_client.get(url("sessions-show-session", progressed)).content.decode()
    finance_row = page[page.index("Finance") : page.index("</tr>", page.index("Finance"))]
    assert "fewer than 3" in finance_row
    assert "<td>1</td>" not in finance_row


def test_raising_the_minimum_hides_more_groups(progressed):
    progressed.min_group_size = 4
    assert all(row.hidden for row in group_progress(progressed))


def test_dashboard_shows_the_figures(progressed, admin_client):
    page = admin_client.get(url("sessions-show-session", progressed)).content.decode()
    assert "1 of 7 participants have submitted." in page
    assert "2 started (29%)." in page
    assert "3 of 14" in page
    assert "1 of 12" in page


def test_admin_sees_who_has_not_finished_in_confidential_mode(progressed, admin_client):
    page = admin_client.get(url("sessions-show-session", progressed)).content.decode()
    section = page[page.index('id="not-finished"') :]
    assert "Person 2" in section
    assert "Treasurer" in section
    assert "Person 1" not in section
    assert "never what anyone answered" in section


def test_facilitator_does_not_see_who_has_not_finished_in_confidential_mode(
    progressed, facilitator
):
    page = client_for(facilitator).get(url("sessions-show-session", progressed)).content.decode()
    section = page[page.index('id="not-finished"') :]
    assert "Person 2" not in section
    assert "only administrators see who has not finished" in section


def test_facilitator_sees_who_has_not_finished_in_named_mode(progressed, facilitator):
    progressed.anonymity = Anonymity.NAMED
    progressed.save(update_fields=["anonymity"])
    page = client_for(facilitator).get(url("sessions-show-session", progressed)).content.decode()
    assert "Person 2" in page[page.index('id="not-finished"') :]


def test_who_has_not_finished_is_hidden_in_anonymous_mode(anonymous_session, admin_client):
    for submitted in [None, timezone.now(), None]:
        respondent = Participant.objects.create(session=anonymous_session, submitted_at=submitted)
        respondent.modules.set(anonymous_session.modules.all())
    page = admin_client.get(url("sessions-show-session", anonymous_session)).content.decode()
    assert "1 of 3 participants have submitted." in page
    assert "Not available in anonymous mode" in page
    assert "Participant " not in page
    assert url("sessions-send-reminders", anonymous_session) not in page
    rows = {row.module.title: row for row in module_progress(anonymous_session)}
    assert rows["Module 1"].expected == 6


def test_dashboard_says_when_the_closing_date_has_passed(learning_session, admin_client):
    learning_session.closes_at = timezone.now() - timezone.timedelta(hours=1)
    learning_session.save(update_fields=["closes_at"])
    page = admin_client.get(url("sessions-show-session", learning_session)).content.decode()
    assert "The closing date has passed" in page
    assert url("sessions-send-reminders", learning_session) not in page


def test_draft_dashboard_lists_what_is_missing_before_opening(draft_session, admin_client):
    page = admin_client.get(url("sessions-show-session", draft_session)).content.decode()
    assert "Before opening" in page
    assert "Add at least one participant" in page


def test_dashboard_queries_do_not_grow_with_participants(progressed, admin_client, framework):
    address = url("sessions-show-session", progressed)
    admin_client.get(address)  # warm the session and caches
    with CaptureQueriesContext(connection) as small:
        admin_client.get(address)
    for i in range(20):
        person = Person.objects.create(organization=progressed.organization, name=f"Extra {i}")
        extra, _token = add_participant(progressed, person, None)
        answer(extra, framework.modules.first().proof_points.first())
    with CaptureQueriesContext(connection) as large:
        admin_client.get(address)
    assert len(large) == len(small)


def test_dashboard_query_count(progressed, admin_client, django_assert_max_num_queries):
    with django_assert_max_num_queries(11):
        admin_client.get(url("sessions-show-session", progressed))


def test_participant_list_query_count(progressed, admin_client, django_assert_max_num_queries):
    with django_assert_max_num_queries(7):
        response = admin_client.get(url("sessions-list-participants", progressed))
    assert "Treasurer" in response.content.decode()


def test_closed_session_dashboard_offers_no_writes(learning_session, admin_client):
    learning_session.state = State.CLOSED
    learning_session.closed_at = timezone.now()
    learning_session.save(update_fields=["state", "closed_at"])
    page = admin_client.get(url("sessions-show-session", learning_session)).content.decode()
    assert url("sessions-close-session", learning_session) not in page
    assert url("sessions-edit-session", learning_session) not in page
    assert "closed " in page


def test_who_has_not_finished_tells_a_revoked_link_from_none_and_a_newer_working_one(
    learning_session, everyone, admin_client
):
    revoked, revoked_then_copied, never_linked, linked = everyone[:4]
    do_revoke_link(revoked)
    do_revoke_link(revoked_then_copied)
    do_issue_link(revoked_then_copied, LinkKind.COPIED)
    never_linked.links.all().delete()
    page = admin_client.get(url("sessions-show-session", learning_session)).content.decode()
    section = page[page.index('id="not-finished"') :]

    def status_of(participant) -> str:
        row = section[section.index(f"<td>{participant.person.name}") :]
        return row[: row.index("</tr>")]

    assert "Link revoked" in status_of(revoked)
    assert "Not started" in status_of(revoked_then_copied)
    assert "Not invited" in status_of(never_linked)
    assert "Not started" in status_of(linked)
