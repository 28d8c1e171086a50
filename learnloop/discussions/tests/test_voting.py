"""Voting: by personal link or signed in, within each person's allowance, only while voting
is open and only on what the agenda offers; the room every browser polls, its fingerprint,
its query count; links shown once and renewable; nobody sees who voted for what."""

import re

from django.test import Client

from conftest import add_participant
from learnloop.discussions import actions, queries
from learnloop.discussions.models import Vote
from learnloop.findings.models import Finding, Kind
from learnloop.learning_sessions.models import Anonymity, LearningSession
from learnloop.lib.tokens import hash_token

from .conftest import HELD_ON, durl, ordered_proof_points, place

HTMX = {"HX-Request": "true"}


def key_of(discussion, section: str) -> str:
    item = discussion.agenda.get(section=section)
    return f"f{item.finding_id}" if item.finding_id else f"p{item.proof_point_id}"


def link_for(discussion, person) -> tuple[str, str]:
    token = actions.do_issue_voting_link(place(discussion, person))
    return token, f"/vote/{token}/"


def test_a_person_votes_through_their_link_and_takes_a_vote_back(drafted, people, client):
    _token, url = link_for(drafted, people[1])
    page = client.get(url)
    assert page.status_code == 200
    assert "You are voting as Person 2." in page.content.decode()
    problem, question = key_of(drafted, "problems"), key_of(drafted, "questions")
    client.post(url + "add/", {"item": problem})
    client.post(url + "add/", {"item": problem})
    client.post(url + "add/", {"item": question})
    voter = place(drafted, people[1])
    assert voter.votes.count() == 3
    response = client.post(url + "remove/", {"item": problem}, follow=True)
    assert response.redirect_chain[-1][0] == url + "#voting"
    assert voter.votes.filter(finding_id=int(problem[1:])).count() == 1
    assert voter.votes.count() == 2


def test_votes_beyond_the_allowance_are_refused_with_a_message(drafted, people, client):
    _token, url = link_for(drafted, people[1])
    problem = key_of(drafted, "problems")
    for _ in range(3):
        client.post(url + "add/", {"item": problem})
    response = client.post(url + "add/", {"item": problem}, follow=True)
    assert "You have placed all your 3 votes." in response.content.decode()
    assert Vote.objects.count() == 3
    response = client.post(url + "add/", {"item": problem}, headers=HTMX)
    assert response.status_code == 200
    assert "You have placed all your 3 votes." in response.content.decode()
    assert Vote.objects.count() == 3


def test_votes_are_refused_while_voting_is_closed(drafted, people, client):
    _token, url = link_for(drafted, people[1])
    problem = key_of(drafted, "problems")
    client.post(url + "add/", {"item": problem})
    actions.do_set_voting(drafted, False)
    response = client.post(url + "add/", {"item": problem}, follow=True)
    assert "Voting is closed." in response.content.decode()
    response = client.post(url + "remove/", {"item": problem}, headers=HTMX)
    assert "Voting is closed." in response.content.decode()
    assert Vote.objects.count() == 1


def test_tampered_items_are_refused_and_change_nothing(
    drafted, people, client, framework, organization
):
    other = LearningSession.objects.create(
        organization=organization,
        title="Autumn review",
        framework=framework,
        scale=framework.default_scale,
    )
    foreign = Finding.objects.create(session=other, kind=Kind.IMPROVEMENT_AREA, title="Elsewhere")
    strength = key_of(drafted, "strengths")  # on the agenda, but strengths are not voted on
    outside = ordered_proof_points(drafted.session)[0]
    _token, url = link_for(drafted, people[1])
    for tampered in [f"f{foreign.pk}", strength, f"p{outside.pk}", "f999999", "x1", "", "f"]:
        response = client.post(url + "add/", {"item": tampered}, follow=True)
        text = response.content.decode()
        assert "That is not one of the things to vote on in this discussion." in text, tampered
    assert not Vote.objects.exists()


def test_a_signed_in_member_votes_from_the_discussion_page(drafted, facilitator_client, people):
    page = facilitator_client.get(durl("discussions-show-discussion", drafted)).content.decode()
    assert "Your votes" in page
    problem = key_of(drafted, "problems")
    response = facilitator_client.post(
        durl("discussions-add-vote", drafted), {"item": problem, "back": "discussion"}
    )
    assert response["Location"] == durl("discussions-show-discussion", drafted) + "#voting"
    assert place(drafted, people[0]).votes.count() == 1


def test_an_analyst_not_in_the_room_sees_results_but_cannot_vote(drafted, admin):
    from conftest import client_for

    client = client_for(admin)
    page = client.get(durl("discussions-show-discussion", drafted)).content.decode()
    assert "Results" in page
    assert "Your votes" not in page
    problem = key_of(drafted, "problems")
    response = client.post(durl("discussions-add-vote", drafted), {"item": problem})
    assert response.status_code == 404
    assert not Vote.objects.exists()


def test_the_room_answers_204_until_something_changes(drafted, people, client):
    _token, url = link_for(drafted, people[1])
    room = client.get(url + "room/", headers=HTMX)
    assert room.status_code == 200
    version = re.search(r"\?v=([0-9a-f]+)", room.content.decode()).group(1)
    assert client.get(url + f"room/?v={version}", headers=HTMX).status_code == 204
    actions.do_add_vote(place(drafted, people[2]), key_of(drafted, "problems"))
    changed = client.get(url + f"room/?v={version}", headers=HTMX)
    assert changed.status_code == 200
    assert re.search(r"\?v=([0-9a-f]+)", changed.content.decode()).group(1) != version


def test_results_are_sorted_and_show_totals_and_my_votes_only(drafted, people, client):
    problem, question = key_of(drafted, "problems"), key_of(drafted, "questions")
    for person in people[1:4]:
        actions.do_add_vote(place(drafted, person), question)
    actions.do_add_vote(place(drafted, people[2]), problem)
    _token, url = link_for(drafted, people[1])
    room = queries.room(drafted, place(drafted, people[1]))
    assert [(entry.key, entry.votes) for entry in room.results][:2] == [(question, 3), (problem, 1)]
    assert room.used == 1
    assert room.remaining == 2
    text = client.get(url + "room/").content.decode()
    assert text.index("Who decides the training budget?", text.index("Results")) < text.index(
        "Budget lines are unclear", text.index("Results")
    )
    # Totals and the reader's own votes; never another person's name beside a vote.
    for person in people[2:4]:
        assert person.name not in text


def test_the_room_poll_costs_a_fixed_number_of_queries(
    drafted, people, client, django_assert_max_num_queries
):
    for person in people[:4]:
        for section in ("problems", "misalignments", "questions"):
            actions.do_add_vote(place(drafted, person), key_of(drafted, section))
    _token, url = link_for(drafted, people[1])
    with django_assert_max_num_queries(4):
        assert client.get(url + "room/", headers=HTMX).status_code == 200
    with django_assert_max_num_queries(4):
        assert client.get(url + "room/?v=stale", headers=HTMX).status_code == 200


def test_the_signed_in_room_poll_costs_a_fixed_number_of_queries(
    drafted, people, facilitator_client, django_assert_max_num_queries
):
    for person in people[:4]:
        actions.do_add_vote(place(drafted, person), key_of(drafted, "problems"))
    facilitator_client.get(durl("discussions-show-room", drafted))  # the session is loaded
    with django_assert_max_num_queries(9):
        response = facilitator_client.get(durl("discussions-show-room", drafted), headers=HTMX)
    assert response.status_code == 200


def test_a_new_link_replaces_the_old_one_and_is_shown_once(drafted, people, facilitator_client):
    first, old_url = link_for(drafted, people[1])
    participant = place(drafted, people[1])
    url = durl("discussions-make-voting-link", drafted, participant_id=participant.pk)
    confirm = facilitator_client.get(url).content.decode()
    assert "stops working" in confirm
    page = facilitator_client.post(url).content.decode()
    token = re.search(r"/vote/([A-Za-z0-9_-]+)/", page).group(1)
    participant.refresh_from_db()
    assert participant.token_hash == hash_token(token) != hash_token(first)
    assert token not in participant.token_hash  # only the hash is stored
    assert len(token) >= 22  # at least 128 bits
    assert Client().get(old_url).status_code == 404
    assert Client().get(f"/vote/{token}/").status_code == 200


def test_links_for_everyone_without_one(drafted, people, facilitator_client):
    kept, _url = link_for(drafted, people[1])
    page = facilitator_client.post(durl("discussions-make-voting-links", drafted)).content.decode()
    tokens = re.findall(r"/vote/([A-Za-z0-9_-]+)/", page)
    assert len(tokens) == 3
    assert "Person 2" not in page  # already had one, which keeps working
    assert place(drafted, people[1]).token_hash == hash_token(kept)
    again = facilitator_client.post(durl("discussions-make-voting-links", drafted), follow=True)
    assert "Everyone in the room already has a voting link." in again.content.decode()


def test_opening_and_closing_voting(discussion, facilitator_client):
    url = durl("discussions-set-voting", discussion)
    facilitator_client.post(url, {"open": "on"})
    discussion.refresh_from_db()
    assert discussion.voting_open
    facilitator_client.post(url, {})
    discussion.refresh_from_db()
    assert not discussion.voting_open


def test_taking_someone_out_of_the_room_removes_their_votes(drafted, people):
    actions.do_add_vote(place(drafted, people[3]), key_of(drafted, "problems"))
    actions.do_update_discussion(
        drafted,
        title=drafted.title,
        held_on=HELD_ON,
        facilitator=drafted.facilitator,
        participants=people[:3],
        votes_per_person=3,
    )
    assert not Vote.objects.exists()


def test_anonymous_session_voting_names_nobody_who_answered(
    answered_session, people, groups, facilitator, client
):
    answered_session.anonymity = Anonymity.ANONYMOUS
    answered_session.save(update_fields=["anonymity"])
    add_participant(answered_session, None, groups["Board"])
    discussion = actions.do_create_discussion(
        answered_session,
        title="Anonymous round",
        held_on=HELD_ON,
        facilitator=facilitator,
        participants=people[:1],
    )
    actions.do_draft_agenda(discussion)
    actions.do_set_voting(discussion, True)
    token = actions.do_issue_voting_link(place(discussion, people[0]))
    text = client.get(f"/vote/{token}/").content.decode()
    assert "Comment by respondent" not in text
    for person in people[1:]:
        assert person.name not in text
