"""The findings pages through the test client: who reaches them, what they change, what they
refuse, what they show in each anonymity mode, and how many queries the board costs."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import add_participant, client_for, make_framework
from learnloop.findings.actions import do_create_finding, do_draft_findings, do_link_comment
from learnloop.findings.models import Finding, FindingComment, Kind, Status
from learnloop.frameworks.models import ProofPoint
from learnloop.learning_sessions.models import Anonymity, Answer, LearningSession

from .conftest import BOARD, STAFF, add_group, comment, ordered_proof_points, session_url

NAMES = BOARD + STAFF


@pytest.fixture
def finding(findings_session, admin) -> Finding:
    return do_create_finding(
        findings_session,
        admin,
        kind=Kind.MISALIGNMENT,
        title="Risks do not reach staff",
        proof_points=ordered_proof_points(findings_session)[2:3],
    )


def every_url(session, finding) -> tuple[list[str], list[str]]:
    """(pages read with GET, addresses written with POST)."""
    one = {"finding_id": finding.pk}
    answer = comment(session, "Staff are never told about risks.")
    reads = [
        session_url("findings-show-board", session),
        session_url("findings-show-board", session) + "?format=json",
        session_url("findings-create-finding", session),
        session_url("findings-edit-finding", session, **one),
        session_url("findings-delete-finding", session, **one),
        session_url("findings-edit-comments", session, **one),
    ]
    writes = [
        session_url("findings-draft-findings", session),
        session_url("findings-create-finding", session),
        session_url("findings-edit-finding", session, **one),
        session_url("findings-delete-finding", session, **one),
        session_url("findings-move-finding", session, **one),
        session_url("findings-mark-finding", session, **one),
        session_url("findings-link-comment", session, **one),
        session_url("findings-unlink-comment", session, **one, answer_id=answer.pk),
    ]
    return reads, writes


POST_DATA = {"title": "Taken over", "kind": "theme", "direction": "up", "ready": "1"}


def assert_nothing_changed(finding):
    fresh = Finding.objects.get(pk=finding.pk)
    assert (fresh.title, fresh.status) == ("Risks do not reach staff", Status.DRAFT)
    assert Finding.objects.count() == 1


@pytest.mark.parametrize("who", ["outsider", "viewer"])
def test_outsider_and_viewer_get_404_on_every_findings_url(findings_session, finding, who, request):
    client = client_for(request.getfixturevalue(who))
    reads, writes = every_url(findings_session, finding)
    for url in reads:
        assert client.get(url).status_code == 404, url
    for url in writes:
        answer = comment(findings_session, "Staff are never told about risks.")
        assert client.post(url, {**POST_DATA, "answer": answer.pk}).status_code == 404, url
    assert_nothing_changed(finding)
    assert not FindingComment.objects.exists()


def test_signed_out_visitor_is_sent_to_sign_in(findings_session, finding, client):
    reads, writes = every_url(findings_session, finding)
    for url in reads + writes:
        response = client.post(url) if url in writes else client.get(url)
        assert response.status_code == 302, url
        assert "/accounts/login/" in response["Location"]
    assert_nothing_changed(finding)


@pytest.mark.parametrize("role", ["facilitator", "admin", "owner"])
def test_analysts_see_every_page(findings_session, finding, role, request):
    client = client_for(request.getfixturevalue(role))
    reads, _writes = every_url(findings_session, finding)
    for url in reads:
        assert client.get(url).status_code == 200, url


def test_finding_of_another_session_is_404(findings_session, finding, admin, framework):
    other = LearningSession.objects.create(
        organization=findings_session.organization,
        title="Autumn review",
        framework=framework,
        scale=framework.default_scale,
    )
    client = client_for(admin)
    url = session_url("findings-edit-finding", other, finding_id=finding.pk)
    assert client.get(url).status_code == 404
    assert client.post(url, POST_DATA).status_code == 404
    assert_nothing_changed(finding)


def test_tampered_post_cannot_link_a_comment_of_another_session(
    findings_session, finding, facilitator_client, admin, framework, people, groups
):
    other = LearningSession.objects.create(
        organization=findings_session.organization,
        title="Autumn review",
        framework=framework,
        scale=framework.default_scale,
    )
    other.modules.set(framework.modules.all())
    participant, _token = add_participant(other, people[0], groups["Board"])
    foreign = Answer.objects.create(
        participant=participant,
        session=other,
        group=groups["Board"],
        proof_point=ordered_proof_points(other)[0],
        code=1,
        comment="From the autumn review.",
    )
    url = session_url("findings-link-comment", findings_session, finding_id=finding.pk)
    for tampered in [foreign.pk, "999999", "not a number", ""]:
        response = facilitator_client.post(url, {"answer": tampered}, follow=True)
        assert "not one of this learning session&#x27;s comments" in response.content.decode()
    assert not FindingComment.objects.exists()


def test_linking_and_unlinking_through_the_page(findings_session, finding, facilitator_client):
    answer = comment(findings_session, "Staff are never told about risks.")
    url = session_url("findings-link-comment", findings_session, finding_id=finding.pk)
    response = facilitator_client.post(
        url, {"answer": answer.pk, "quote": "never told", "q": "risks", "page": "1"}
    )
    assert response.status_code == 302
    assert "q=risks" in response["Location"]
    link = FindingComment.objects.get()
    assert (link.answer, link.quote) == (answer, "never told")
    unlink = session_url(
        "findings-unlink-comment", findings_session, finding_id=finding.pk, answer_id=answer.pk
    )
    assert facilitator_client.post(unlink).status_code == 302
    assert not FindingComment.objects.exists()


def test_a_bad_quote_is_refused_with_its_reason(findings_session, finding, facilitator_client):
    answer = comment(findings_session, "Staff are never told about risks.")
    url = session_url("findings-link-comment", findings_session, finding_id=finding.pk)
    response = facilitator_client.post(url, {"answer": answer.pk, "quote": "invented"}, follow=True)
    assert "must be words from the comment" in response.content.decode()
    assert not FindingComment.objects.exists()


def test_write_a_finding_then_edit_it(findings_session, facilitator_client, facilitator):
    points = ordered_proof_points(findings_session)
    url = session_url("findings-create-finding", findings_session)
    response = facilitator_client.post(
        url,
        {"kind": "strength", "title": "Minutes", "body": "Why.", "proof_points": [points[0].pk]},
    )
    created = Finding.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"/findings/{created.pk}/comments/")
    assert created.created_by == facilitator
    assert list(created.proof_points.all()) == [points[0]]
    edit = session_url("findings-edit-finding", findings_session, finding_id=created.pk)
    page = facilitator_client.get(edit).content.decode()
    assert 'value="Minutes"' in page
    assert "checked" in page
    facilitator_client.post(
        edit, {"kind": "theme", "title": "Minutes, again", "proof_points": [points[1].pk]}
    )
    created.refresh_from_db()
    assert (created.kind, created.title, created.body) == ("theme", "Minutes, again", "")
    assert list(created.proof_points.all()) == [points[1]]


def test_tampered_proof_point_in_the_form_changes_nothing(
    findings_session, finding, facilitator_client, organization
):
    elsewhere = make_framework(organization, key="elsewhere")
    foreign = ProofPoint.objects.filter(module__framework=elsewhere).first()
    url = session_url("findings-edit-finding", findings_session, finding_id=finding.pk)
    data = {"kind": "theme", "title": "Taken over", "proof_points": [foreign.pk]}
    response = facilitator_client.post(url, data)
    assert response.status_code == 400
    assert_nothing_changed(finding)
    assert list(finding.proof_points.all()) == ordered_proof_points(findings_session)[2:3]
    create = session_url("findings-create-finding", findings_session)
    assert facilitator_client.post(create, data).status_code == 400
    assert Finding.objects.count() == 1


def test_empty_title_is_refused_and_changes_nothing(findings_session, finding, facilitator_client):
    url = session_url("findings-edit-finding", findings_session, finding_id=finding.pk)
    response = facilitator_client.post(url, {"kind": "theme", "title": ""})
    assert response.status_code == 400
    assert "This field is required" in response.content.decode()
    assert_nothing_changed(finding)


def test_delete_asks_first_then_deletes(findings_session, finding, facilitator_client):
    url = session_url("findings-delete-finding", findings_session, finding_id=finding.pk)
    page = facilitator_client.get(url).content.decode()
    assert "Delete “Risks do not reach staff”?" in page
    assert Finding.objects.exists()
    assert facilitator_client.post(url).status_code == 302
    assert not Finding.objects.exists()


def test_move_and_mark_ready_through_the_board(findings_session, finding, facilitator_client):
    second = do_create_finding(findings_session, None, kind=Kind.MISALIGNMENT, title="Second")
    move = session_url("findings-move-finding", findings_session, finding_id=second.pk)
    response = facilitator_client.post(move, {"direction": "up"})
    assert response["Location"].endswith(f"#finding-{second.pk}")
    assert list(Finding.objects.order_by("position")) == [second, finding]
    facilitator_client.post(move, {"direction": "sideways"})
    assert list(Finding.objects.order_by("position")) == [second, finding]
    mark = session_url("findings-mark-finding", findings_session, finding_id=finding.pk)
    facilitator_client.post(mark, {"ready": "1"})
    assert Finding.objects.get(pk=finding.pk).status == Status.READY
    facilitator_client.post(mark, {"ready": "0"})
    assert Finding.objects.get(pk=finding.pk).status == Status.DRAFT


def test_build_a_first_draft_from_the_board(findings_session, facilitator_client):
    url = session_url("findings-draft-findings", findings_session)
    response = facilitator_client.post(url, follow=True)
    page = response.content.decode()
    assert "Draft built: 4 new" in page
    assert Finding.objects.filter(session=findings_session).count() == 4
    again = facilitator_client.post(url, follow=True).content.decode()
    assert "The draft is up to date" in again
    assert facilitator_client.get(url).status_code == 405


def test_board_shows_every_section_with_empty_states(findings_session, facilitator_client):
    page = facilitator_client.get(session_url("findings-show-board", findings_session))
    text = page.content.decode()
    for title in ["Strengths", "Improvement areas", "Misalignments", "Themes", "Suggestions"]:
        assert title in text
    assert "Questions needing answers" in text
    assert text.count("Nothing here yet.") == 6


def test_board_json_is_the_board(findings_session, facilitator_client, admin):
    do_draft_findings(findings_session, admin)
    response = facilitator_client.get(
        session_url("findings-show-board", findings_session) + "?format=json"
    )
    data = json.loads(response.content)
    kinds = [section["kind"] for section in data["sections"]]
    assert kinds == [kind.value for kind in Kind]
    strengths = data["sections"][0]["findings"]
    assert strengths[0]["proof_points"][0]["status"] == "met"
    assert strengths[0]["comments"][0]["respondent"].startswith("Respondent ")
    assert data["total"] == 4
    assert data["ready"] == 0


def board_text(client, session) -> str:
    url = session_url("findings-show-board", session)
    return client.get(url).content.decode() + client.get(url + "?format=json").content.decode()


@pytest.mark.parametrize("mode", [Anonymity.CONFIDENTIAL, Anonymity.ANONYMOUS])
def test_no_names_on_the_board_or_the_comments_unless_named(
    findings_session, finding, facilitator_client, admin, mode
):
    findings_session.anonymity = mode
    findings_session.save(update_fields=["anonymity"])
    do_draft_findings(findings_session, admin)
    do_link_comment(finding, comment(findings_session, "Staff are never told about risks."))
    comments = session_url("findings-edit-comments", findings_session, finding_id=finding.pk)
    text = board_text(facilitator_client, findings_session)
    text += facilitator_client.get(comments).content.decode()
    assert "Respondent " in text
    for name in NAMES:
        assert name not in text, name


def test_names_beside_quotes_in_named_mode(findings_session, finding, facilitator_client):
    findings_session.anonymity = Anonymity.NAMED
    findings_session.save(update_fields=["anonymity"])
    do_link_comment(finding, comment(findings_session, "Staff are never told about risks."))
    assert STAFF[0] in board_text(facilitator_client, findings_session)


def test_a_small_group_is_never_named_on_the_board_or_the_comments(
    findings_session, finding, facilitator_client, admin
):
    points = ordered_proof_points(findings_session)
    codes = {p: [1, 1] for p in range(4)}
    remark = {(2, "Finance", 0): "Finance hears about risks last."}
    add_group(findings_session, "Finance", ["Zelda Q", "Yusuf O"], codes, remark, points)
    do_draft_findings(findings_session, admin)
    do_link_comment(finding, comment(findings_session, "Finance hears about risks last."))
    comments = session_url("findings-edit-comments", findings_session, finding_id=finding.pk)
    page = facilitator_client.get(comments).content.decode()
    text = board_text(facilitator_client, findings_session)
    # The comment is there (its words are the participant's), but no group label says Finance.
    assert "Finance hears about risks last." in text
    assert "· Finance" not in text + page
    assert '"group": "Finance"' not in text


def test_comment_picker_filters_by_proof_point_and_words(
    findings_session, finding, facilitator_client
):
    url = session_url("findings-edit-comments", findings_session, finding_id=finding.pk)
    third = ordered_proof_points(findings_session)[2]
    page = facilitator_client.get(url, {"proof_point": third.pk}).content.decode()
    assert "Staff are never told about risks." in page
    assert "Minutes go out within a week." not in page
    page = facilitator_client.get(url, {"q": "minutes"}).content.decode()
    assert "Minutes go out within a week." in page
    assert "never told" not in page
    # A proof point of another session is ignored rather than used.
    page = facilitator_client.get(url, {"proof_point": 999999}).content.decode()
    assert "9 comments found." in page


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_board_queries_do_not_grow_with_the_number_of_findings(
    findings_session, facilitator_client, admin
):
    url = session_url("findings-show-board", findings_session)
    do_draft_findings(findings_session, admin)
    few = count_queries(facilitator_client, url)
    few_json = count_queries(facilitator_client, url + "?format=json")
    answers = list(Answer.objects.filter(session=findings_session).exclude(comment=""))
    for i in range(12):
        extra = do_create_finding(
            findings_session,
            admin,
            kind=list(Kind)[i % 6],
            title=f"Extra {i}",
            proof_points=ordered_proof_points(findings_session),
        )
        for answer in answers[:3]:
            do_link_comment(extra, answer)
    assert count_queries(facilitator_client, url) == few
    assert count_queries(facilitator_client, url + "?format=json") == few_json


def test_session_dashboard_links_to_the_findings_board(findings_session, facilitator_client):
    dashboard = session_url("sessions-show-session", findings_session)
    page = facilitator_client.get(dashboard).content.decode()
    assert session_url("findings-show-board", findings_session) in page


def test_comment_picker_queries_do_not_grow_with_the_number_of_comments(
    findings_session, finding, facilitator_client
):
    url = session_url("findings-edit-comments", findings_session, finding_id=finding.pk)
    few = count_queries(facilitator_client, url)
    Answer.objects.filter(session=findings_session, comment="").update(comment="More words.")
    for answer in Answer.objects.filter(session=findings_session)[:6]:
        do_link_comment(finding, answer)
    assert count_queries(facilitator_client, url) == few
    page = facilitator_client.get(url).content.decode()
    assert "48 comments found." in page
    assert "Page 1 of 2" in page
