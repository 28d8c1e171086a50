"""Filters of the coding view, respondent labels and groups under the report's privacy
rules, and query counts that do not grow with the number of comments."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import client_for
from learnloop.analysis import actions
from learnloop.analysis.models import Code
from learnloop.analysis.tests.conftest import NAMES, add_respondents, comment, session_url
from learnloop.learning_sessions.models import Anonymity
from learnloop.organizations.models import Group


@pytest.fixture
def client(facilitator):
    return client_for(facilitator)


def coding(client, session, **params):
    return client.get(session_url("analysis-show-coding", session), params)


def texts(response) -> list[str]:
    return [card.answer.comment for card in response.context["cards"]]


def group_id(session, name) -> int:
    return Group.objects.get(organization=session.organization, name=name).pk


def test_only_groups_at_the_minimum_size_are_offered(client, coded_session):
    response = coding(client, coded_session)
    assert [name for _id, name in response.context["view"].groups] == ["Board", "Staff"]
    html = response.content.decode()
    assert "Finance" not in html
    assert ">HR<" not in html


@pytest.mark.parametrize("small", ["Finance", "HR"])
def test_a_crafted_filter_on_a_small_group_is_refused(client, coded_session, small):
    everyone = coding(client, coded_session, mode="list")
    crafted = coding(client, coded_session, mode="list", group=group_id(coded_session, small))
    assert crafted.context["filters"].group is None
    assert texts(crafted) == texts(everyone)
    assert "That group cannot be used as a filter" in crafted.content.decode()


def test_filtering_by_a_group_that_is_shown(client, coded_session):
    response = coding(client, coded_session, mode="list", group=group_id(coded_session, "Staff"))
    assert sorted(texts(response)) == sorted(
        ["Staff never see the minutes.", "Nobody told us.", "Budget is shared monthly."]
    )
    assert {card.author.group for card in response.context["cards"]} == {"Staff"}


def test_small_groups_are_never_named_on_a_comment(client, coded_session):
    response = coding(client, coded_session, mode="list")
    zelda = next(c for c in response.context["cards"] if c.answer.comment.startswith("Zelda"))
    assert zelda.author.group == ""
    assert "Finance" not in response.content.decode()


def test_no_group_at_all_when_hiding_one_would_reveal_it(client, learning_session):
    """One respondent in a small group: naming the other groups would single them out."""
    rows = [
        ("Ann Board", "Board", [3, 3, 3, 3], ["Board comment.", "", "", ""]),
        ("Bo Board", "Board", [3, 3, 3, 3], ["", "", "", ""]),
        ("Cy Board", "Board", [3, 3, 3, 3], ["", "", "", ""]),
        ("Di Alone", "Finance", [3, 3, 3, 3], ["Finance comment.", "", "", ""]),
    ]
    add_respondents(learning_session, rows)
    response = coding(client, learning_session, mode="list")
    assert response.context["view"].groups == []
    assert all(card.author.group == "" for card in response.context["cards"])
    assert 'id="filter-group"' not in response.content.decode()
    crafted = coding(
        client, learning_session, mode="list", group=group_id(learning_session, "Board")
    )
    assert len(crafted.context["cards"]) == 2


@pytest.mark.parametrize("mode", [Anonymity.CONFIDENTIAL, Anonymity.ANONYMOUS])
def test_no_names_unless_the_session_is_named(client, coded_session, mode):
    coded_session.anonymity = mode
    coded_session.save(update_fields=["anonymity"])
    actions.do_generate_suggestions(coded_session)
    pages = [
        coding(client, coded_session, mode="list"),
        coding(client, coded_session),
        client.get(session_url("analysis-show-codebook", coded_session)),
    ]
    module_2 = coded_session.modules.order_by("position").last()
    pages.append(coding(client, coded_session, mode="list", module=module_2.pk))
    answer = comment(coded_session, "Who signs off the budget?")
    theme = Code.objects.get(session=coded_session, name="Theme")
    pages.append(
        client.post(
            session_url("analysis-toggle-code", coded_session, answer_id=answer.pk),
            {"code": theme.pk},
            headers={"HX-Request": "true"},
        )
    )
    for response in pages:
        html = response.content.decode()
        for name in NAMES:
            assert name not in html.replace("Zelda keeps the books tidy.", ""), name
    labels = {card.author.label for card in pages[0].context["cards"]}
    assert all(label.startswith("Respondent ") for label in labels)


def test_names_are_shown_to_analysts_in_named_mode(client, coded_session):
    coded_session.anonymity = Anonymity.NAMED
    coded_session.save(update_fields=["anonymity"])
    response = coding(client, coded_session, mode="list")
    assert "Ada Lovelace" in response.content.decode()


def test_respondent_numbers_match_the_report(client, coded_session):
    answer = comment(coded_session, "Who signs off the budget?")
    card = coding(client, coded_session, comment=answer.pk).context["cards"][0]
    url = session_url("reports-show-respondent", coded_session, number=card.author.number)
    report = client.get(url)
    assert "Who signs off the budget?" in report.content.decode()


def test_filter_by_code(client, coded_session):
    actions.do_create_default_codebook(coded_session)
    question = Code.objects.get(session=coded_session, name="Question")
    actions.do_apply_code(question, comment(coded_session, "Who signs off the budget?"), 0, 3)
    response = coding(client, coded_session, mode="list", code=question.pk)
    assert texts(response) == ["Who signs off the budget?"]


def test_filter_by_proof_point_and_module(client, coded_session):
    from learnloop.analysis.tests.conftest import ordered_proof_points

    points = ordered_proof_points(coded_session)
    response = coding(client, coded_session, mode="list", proof_point=points[1].pk)
    assert sorted(texts(response)) == ["Budget is shared monthly.", "Who signs off the budget?"]
    response = coding(client, coded_session, mode="list", module=points[2].module_id)
    assert sorted(texts(response)) == [
        "Hiring is slow.",
        "The proof point is unclear to me.",
        "We should publish the plan.",
    ]


def test_filter_by_rating(client, coded_session):
    response = coding(client, coded_session, mode="list", rating="5")
    assert sorted(texts(response)) == [
        "Minutes go out within a week.",
        "We have no written policy yet.",
    ]
    assert texts(coding(client, coded_session, mode="list", rating="none")) == []
    ignored = coding(client, coded_session, mode="list", rating="99")
    assert ignored.context["filters"].rating == ""


def test_filter_uncoded_and_with_suggestions(client, coded_session):
    actions.do_create_default_codebook(coded_session)
    theme = Code.objects.get(session=coded_session, name="Theme")
    actions.do_apply_code(theme, comment(coded_session, "Nobody told us."))
    uncoded = texts(coding(client, coded_session, mode="list", uncoded="1"))
    assert "Nobody told us." not in uncoded
    assert len(uncoded) == 6
    actions.do_generate_suggestions(coded_session)
    suggested = texts(coding(client, coded_session, mode="list", suggested="1"))
    assert "Who signs off the budget?" in suggested
    assert "Minutes go out within a week." not in suggested


def test_filter_by_words_ignores_case(client, coded_session):
    assert sorted(texts(coding(client, coded_session, mode="list", q="MINUTES"))) == [
        "Minutes go out within a week.",
        "Staff never see the minutes.",
    ]


def test_a_code_of_another_session_is_not_a_filter(client, coded_session, organization):
    from learnloop.learning_sessions.models import LearningSession

    other = LearningSession.objects.create(
        organization=organization,
        title="Autumn",
        framework=coded_session.framework,
        scale=coded_session.scale,
    )
    foreign = actions.do_create_code(other, "Foreign")
    response = coding(client, coded_session, mode="list", code=foreign.pk)
    assert response.context["filters"].code is None


def many_respondents(session, count: int, start: int = 0):
    rows = [
        (
            f"Extra Person {start + i}",
            "Board" if i % 2 else "Staff",
            [1 + i % 5, 2, 3, 4],
            [f"Comment {start + i}?", f"We should try {i}.", "", ""],
        )
        for i in range(count)
    ]
    add_respondents(session, rows)


def queries_for(client, url, params) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params).status_code == 200
    return len(captured)


@pytest.mark.parametrize("mode", ["one", "list"])
def test_the_coding_view_makes_the_same_number_of_queries_for_more_comments(
    client, coded_session, mode
):
    url = session_url("analysis-show-coding", coded_session)
    many_respondents(coded_session, 5)
    actions.do_generate_suggestions(coded_session)
    client.get(url)  # the codebook is created on first opening
    few = queries_for(client, url, {"mode": mode})
    many_respondents(coded_session, 40, start=5)
    actions.do_generate_suggestions(coded_session)
    for answer in coded_session.answers.exclude(comment="")[:30]:
        actions.do_toggle_code(Code.objects.filter(session=coded_session).first(), answer)
    assert queries_for(client, url, {"mode": mode}) == few


def test_the_codebook_makes_the_same_number_of_queries_for_more_comments(client, coded_session):
    url = session_url("analysis-show-codebook", coded_session)
    client.get(url)
    few = queries_for(client, url, {})
    many_respondents(coded_session, 30)
    actions.do_generate_suggestions(coded_session)
    assert queries_for(client, url, {}) == few
