"""Participants read a published release by link or signed in, respond to each finding and add
themes and questions; the facilitators read the responses in the session's anonymity mode."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from conftest import add_participant, client_for, make_framework
from learnloop.learning_sessions.models import (
    Anonymity,
    LearningSession,
    ParticipantLink,
    State,
)
from learnloop.sharing import actions, queries
from learnloop.sharing.models import FindingResponse, ParticipantContribution, Reaction

from .conftest import session_url


def link_url(token: str, suffix: str = "") -> str:
    return f"/s/{token}/findings/{suffix}"


def finding_ids(release) -> list[int]:
    return list(release.findings.values_list("pk", flat=True))


def test_participant_reads_the_release_from_their_link(published, sharing_session):
    response = Client().get(link_url(sharing_session.tokens[3]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "What we heard" in page
    assert "Tell us whether we got it right." in page
    assert "Minutes reach staff late" in page
    assert "Do you agree with this finding?" in page
    assert "Summary of the ratings" in page
    assert "The raw data" in page
    assert response["Cache-Control"].startswith("max-age=0")


def test_the_link_works_after_the_session_closed(published, sharing_session):
    sharing_session.state = State.CLOSED
    sharing_session.closed_at = timezone.now()
    sharing_session.save(update_fields=["state", "closed_at"])
    assert Client().get(link_url(sharing_session.tokens[0])).status_code == 200


def test_a_revoked_link_is_refused(published, sharing_session):
    token = sharing_session.tokens[0]
    ParticipantLink.objects.filter(participant=sharing_session.participants_in_order[0]).update(
        revoked_at=timezone.now()
    )
    response = Client().get(link_url(token))
    assert response.status_code == 410
    assert "This link has been withdrawn" in response.content.decode()
    first = finding_ids(published)[0]
    response = Client().post(link_url(token, f"{first}/"), {f"f{first}-response": "agree"})
    assert response.status_code == 410
    assert not FindingResponse.objects.exists()


def test_an_unknown_link_is_refused(published):
    assert Client().get(link_url("not-a-real-token")).status_code == 404


@pytest.mark.parametrize(
    ("opens", "closes", "status", "words"),
    [
        (timedelta(days=1), timedelta(days=5), 403, "The review has not started yet"),
        (timedelta(days=-5), timedelta(seconds=-1), 410, "The review period is over"),
    ],
)
def test_outside_the_review_period_the_page_says_so(
    published, sharing_session, opens, closes, status, words
):
    now = timezone.now()
    published.review_opens_at, published.review_closes_at = now + opens, now + closes
    published.save(update_fields=["review_opens_at", "review_closes_at"])
    token = sharing_session.tokens[0]
    response = Client().get(link_url(token))
    assert response.status_code == status
    assert words in response.content.decode()
    assert "Minutes reach staff late" not in response.content.decode()
    first = finding_ids(published)[0]
    Client().post(link_url(token, f"{first}/"), {f"f{first}-response": "agree"})
    assert not FindingResponse.objects.exists()


def test_nothing_published_says_so(sharing_session, findings, admin):
    response = Client().get(link_url(sharing_session.tokens[0]))
    assert response.status_code == 404
    assert "Nothing has been shared yet" in response.content.decode()


def test_participant_responds_then_changes_their_mind(published, sharing_session):
    token = sharing_session.tokens[3]
    participant = sharing_session.participants_in_order[3]
    first = finding_ids(published)[0]
    client = Client()
    url = link_url(token, f"{first}/")
    response = client.post(url, {f"f{first}-response": "agree", f"f{first}-comment": " Yes. "})
    assert response.status_code == 302
    assert response["Location"] == link_url(token, f"#finding-{first}")
    client.post(url, {f"f{first}-response": "disagree", f"f{first}-comment": ""})
    saved = FindingResponse.objects.get()
    assert (saved.participant, saved.user, saved.response, saved.comment) == (
        participant,
        None,
        Reaction.DISAGREE,
        "",
    )
    page = client.get(link_url(token)).content.decode()
    assert "Your response: Disagree" in page


def test_a_response_that_is_not_a_choice_changes_nothing(published, sharing_session):
    first = finding_ids(published)[0]
    url = link_url(sharing_session.tokens[0], f"{first}/")
    response = Client().post(url, {f"f{first}-response": "maybe"}, follow=True)
    assert "Choose agree, disagree or not sure" in response.content.decode()
    assert not FindingResponse.objects.exists()


def test_a_finding_of_another_sessions_release_is_not_found(
    published, sharing_session, organization, admin
):
    framework = make_framework(organization, key="other")
    other = LearningSession.objects.create(
        organization=organization,
        title="Other session",
        framework=framework,
        scale=framework.default_scale,
        state=State.OPEN,
    )
    other.modules.set(framework.modules.all())
    ottoline = sharing_session.participants_in_order[0]
    _participant, other_token = add_participant(other, ottoline.person, ottoline.group)
    first = finding_ids(published)[0]
    # The other session has no release: its link reads nothing, and cannot answer ours.
    assert Client().get(link_url(other_token)).status_code == 404
    Client().post(link_url(other_token, f"{first}/"), {f"f{first}-response": "agree"})
    assert not FindingResponse.objects.exists()
    # With a release of its own, our finding's id is still not found through its link.
    from .conftest import make_release, review_everything

    review_everything(other, admin)
    own = make_release(other, admin, title="Other release")
    actions.do_publish_release(own, admin)
    response = Client().post(link_url(other_token, f"{first}/"), {f"f{first}-response": "agree"})
    assert response.status_code == 404
    assert not FindingResponse.objects.exists()


def test_participant_adds_a_theme_and_a_question(published, sharing_session):
    token = sharing_session.tokens[1]
    client = Client()
    client.post(link_url(token, "contributions/"), {"kind": "theme", "text": "Trust"})
    client.post(link_url(token, "contributions/"), {"kind": "question", "text": "Who decides?"})
    response = client.post(link_url(token, "contributions/"), {"kind": "question", "text": " "})
    assert response.status_code == 200  # the form again, with the error
    assert list(ParticipantContribution.objects.values_list("kind", "text")) == [
        ("theme", "Trust"),
        ("question", "Who decides?"),
    ]


def test_a_member_reads_and_responds_after_signing_in(published, sharing_session, viewer):
    client = client_for(viewer)
    url = session_url("sharing-show-shared", sharing_session)
    assert client.get(url).status_code == 200
    first = finding_ids(published)[0]
    client.post(f"{url}findings/{first}/", {f"f{first}-response": "not_sure"})
    client.post(f"{url}contributions/", {"kind": "theme", "text": "Workload"})
    assert FindingResponse.objects.get().user == viewer
    assert ParticipantContribution.objects.get().user == viewer


def test_an_outsider_cannot_read_the_members_page(published, sharing_session, outsider_client):
    url = session_url("sharing-show-shared", sharing_session)
    assert outsider_client.get(url).status_code == 404
    first = finding_ids(published)[0]
    outsider_client.post(f"{url}findings/{first}/", {f"f{first}-response": "agree"})
    assert not FindingResponse.objects.exists()


def test_one_response_per_person_per_finding(published, sharing_session, viewer):
    finding = published.findings.first()
    participant = sharing_session.participants_in_order[0]
    for reaction in ["agree", "disagree", "not_sure"]:
        actions.do_record_response(finding, reaction, participant=participant)
        actions.do_record_response(finding, reaction, user=viewer)
    assert FindingResponse.objects.count() == 2


# ---------------------------------------------------------------------------------------------
# The facilitators' summary


def respond_all(published, sharing_session):
    first, second = published.findings.all()
    people = sharing_session.participants_in_order
    actions.do_record_response(first, "agree", "Spot on.", participant=people[0])
    actions.do_record_response(first, "agree", participant=people[1])
    actions.do_record_response(first, "disagree", "Not in my team.", participant=people[3])
    actions.do_record_response(second, "not_sure", participant=people[4])
    actions.do_add_contribution(
        published, "question", "When is the next round?", participant=people[5]
    )
    return first, second


def test_responses_are_counted_per_finding(published, sharing_session):
    first, second = respond_all(published, sharing_session)
    summary = queries.response_summary(published)
    tallies = {row["finding"].pk: [i["count"] for i in row["tally"]] for row in summary["findings"]}
    assert tallies == {first.pk: [2, 1, 0], second.pk: [0, 0, 1]}
    assert [c["text"] for c in summary["contributions"]] == ["When is the next round?"]


@pytest.mark.parametrize("mode", [Anonymity.CONFIDENTIAL, Anonymity.ANONYMOUS])
def test_responses_carry_no_name_unless_the_session_is_named(
    published, sharing_session, facilitator, mode
):
    respond_all(published, sharing_session)
    sharing_session.anonymity = mode
    sharing_session.save(update_fields=["anonymity"])
    url = session_url("sharing-show-responses", sharing_session, release_id=published.pk)
    page = client_for(facilitator).get(url).content.decode()
    assert "Spot on." in page
    assert "Not in my team." in page
    assert "When is the next round?" in page
    for name in ["Ottoline", "Rosalind", "Theodora", "Board", "Staff"]:
        assert name not in page


def test_named_sessions_show_who_responded_to_facilitators(published, sharing_session, facilitator):
    respond_all(published, sharing_session)
    sharing_session.anonymity = Anonymity.NAMED
    sharing_session.save(update_fields=["anonymity"])
    url = session_url("sharing-show-responses", sharing_session, release_id=published.pk)
    page = client_for(facilitator).get(url).content.decode()
    assert 'Spot on. <span class="muted">— Ottoline Brackenbury</span>' in page
    assert "Theodora Marchbanks" in page


def count_queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_pages_make_as_many_queries_however_many_findings_and_responses(
    published, sharing_session, facilitator
):
    token = sharing_session.tokens[0]
    responses_url = session_url("sharing-show-responses", sharing_session, release_id=published.pk)
    analyst = client_for(facilitator)
    before = (count_queries(Client(), link_url(token)), count_queries(analyst, responses_url))
    first = published.findings.first()
    for extra in range(5):
        copy = published.findings.create(kind="theme", kind_label="Theme", title=f"More {extra}")
        for participant in sharing_session.participants_in_order:
            actions.do_record_response(copy, "agree", "Fine.", participant=participant)
            actions.do_record_response(first, "disagree", "No.", participant=participant)
    after = (count_queries(Client(), link_url(token)), count_queries(analyst, responses_url))
    assert after == before


def test_closed_survey_link_points_to_the_open_release(published, sharing_session):
    sharing_session.state = State.CLOSED
    sharing_session.save(update_fields=["state"])
    token = sharing_session.tokens[0]
    response = Client().get(f"/s/{token}/")
    assert response.status_code == 410
    assert link_url(token).encode() in response.content


def test_closed_survey_link_offers_nothing_when_no_release_is_open(sharing_session):
    sharing_session.state = State.CLOSED
    sharing_session.save(update_fields=["state"])
    response = Client().get(f"/s/{sharing_session.tokens[0]}/")
    assert response.status_code == 410
    assert b"/findings/" not in response.content


def test_members_find_the_open_release_from_the_session_list(published, sharing_session, viewer):
    response = client_for(viewer).get("/o/riverside/sessions/")
    assert f"/o/riverside/sessions/{sharing_session.pk}/shared/".encode() in response.content


def test_session_list_has_no_shared_findings_link_before_publishing(sharing_session, viewer):
    response = client_for(viewer).get("/o/riverside/sessions/")
    assert b"/shared/" not in response.content
