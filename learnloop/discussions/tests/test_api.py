"""Discussions in the API: the list and the record, the same facts as the Markdown record,
vote totals only; facilitators and above, everyone else 404, no token 401."""

from learnloop.api.tests.conftest import API, api_get, token_for

from .conftest import HELD_ON


def discussions_url(discussion, tail: str = "") -> str:
    session = discussion.session
    slug = session.organization.slug
    return f"{API}/organizations/{slug}/sessions/{session.pk}/discussions{tail}"


def test_the_list_gives_each_discussion_with_its_counts(recorded, facilitator):
    response = api_get(discussions_url(recorded), token_for(facilitator))
    assert response.status_code == 200
    assert response.json() == [
        {
            "id": recorded.pk,
            "title": "Board and staff discussion",
            "held_on": HELD_ON.isoformat(),
            "facilitator": str(recorded.facilitator),
            "people": 4,
            "problems": 1,
            "voting_open": recorded.voting_open,
        }
    ]


def test_the_record_holds_the_whole_discussion(recorded, facilitator, people):
    response = api_get(discussions_url(recorded, f"/{recorded.pk}"), token_for(facilitator))
    assert response.status_code == 200
    record = response.json()
    assert record["title"] == "Board and staff discussion"
    assert record["held_on"] == HELD_ON.isoformat()
    assert record["session"] == {"id": recorded.session_id, "title": recorded.session.title}
    assert sorted(record["people"]) == sorted(person.name for person in people[:4])
    assert record["agenda"][0]["section"] == "strengths"  # celebrated first
    assert all(part["items"] for part in record["agenda"])  # only sections with items
    assert record["votes"]["total"] == 3
    assert record["votes"]["people_voted"] == 2
    assert [result["votes"] for result in record["votes"]["results"]] == [2, 1]
    (problem,) = record["problems"]
    assert [why["text"] for why in problem["whys"]] == [
        "Nobody explains the budget",
        "The finance lead left",
    ]
    causes = {bone["category"]: bone["causes"] for bone in problem["fishbone"]}
    assert causes["people"] == ["No budget owner"]
    assert causes["tools"] == ["<script>alert(1)</script> sheet"]  # JSON: data, as typed
    assert [action["title"] for action in problem["actions"]] == ["Publish a budget summary"]
    (reviewed,) = record["actions_reviewed"]
    assert (reviewed["title"], reviewed["status"], reviewed["note"]) == (
        "Train the board",
        "in_progress",
        "Booked",
    )
    assert [(note["kind"], note["text"]) for note in record["notes"]] == [
        ("note", "# Not a heading\n- not a list"),
        ("decision", "Publish **monthly**"),
    ]


def test_the_record_never_says_who_voted_for_what(recorded, facilitator, people):
    body = api_get(discussions_url(recorded, f"/{recorded.pk}"), token_for(facilitator))
    results = body.json()["votes"]["results"]
    for result in results:
        assert set(result) == {"title", "finding_id", "proof_point_id", "votes"}


def test_only_facilitators_and_above_with_a_token(recorded, viewer, outsider):
    for url in (discussions_url(recorded), discussions_url(recorded, f"/{recorded.pk}")):
        assert api_get(url).status_code == 401
        assert api_get(url, token_for(viewer)).status_code == 404
        assert api_get(url, token_for(outsider)).status_code == 404


def test_a_discussion_of_another_session_is_404(recorded, facilitator, learning_session):
    from .conftest import make_round

    other = make_round(learning_session, "Another round")
    slug = other.organization.slug
    url = f"{API}/organizations/{slug}/sessions/{other.pk}/discussions/{recorded.pk}"
    assert api_get(url, token_for(facilitator)).status_code == 404
