"""Themes pages through the client: access, the suggest button, reviewing themes, privacy
(names, small groups) and query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import client_for
from learnloop.analysis.models import CodeApplication, CodeKind
from learnloop.frameworks.models import Module
from learnloop.learning_sessions.models import Anonymity, Answer
from learnloop.themes import actions
from learnloop.themes.models import Theme, ThemeRun, ThemeStatus
from learnloop.themes.tests.comments import BUDGET, COMMUNICATION, TRAINING
from learnloop.themes.tests.conftest import NAMES, add_respondent, session_url


def theme_of(session, texts) -> Theme:
    return Theme.objects.get(run__session=session, members__answer__comment=texts[0])


def comments_of(theme) -> set[str]:
    return set(theme.members.values_list("answer__comment", flat=True))


@pytest.fixture
def client(facilitator):
    return client_for(facilitator)


@pytest.fixture
def suggested(themed_session):
    actions.do_suggest_themes(themed_session)
    return themed_session


# ---------------------------------------------------------------------------------------------
# Access


def every_url(session, theme):
    """(method, url) of every themes page and form."""
    kwargs = {"theme_id": theme.pk}
    return [
        ("get", session_url("themes-list-themes", session)),
        ("post", session_url("themes-suggest-themes", session)),
        ("get", session_url("themes-show-theme", session, **kwargs)),
        ("post", session_url("themes-rename-theme", session, **kwargs)),
        ("post", session_url("themes-merge-theme", session, **kwargs)),
        ("post", session_url("themes-split-theme", session, **kwargs)),
        ("get", session_url("themes-discard-theme", session, **kwargs)),
        ("post", session_url("themes-discard-theme", session, **kwargs)),
        ("post", session_url("themes-restore-theme", session, **kwargs)),
        ("post", session_url("themes-accept-theme", session, **kwargs)),
        ("post", session_url("themes-move-comment", session, **kwargs)),
    ]


@pytest.mark.parametrize("who", ["outsider", "viewer"])
def test_outsiders_and_viewers_get_404_everywhere_and_change_nothing(request, suggested, who):
    user = request.getfixturevalue(who)
    client = client_for(user)
    theme = theme_of(suggested, BUDGET)
    before = list(Theme.objects.values_list("pk", "label", "status").order_by("pk"))
    for method, url in every_url(suggested, theme):
        data = {"label": "Hacked", "other": theme.pk, "answer": 1, "target": "none"}
        response = getattr(client, method)(url, data) if method == "post" else client.get(url)
        assert response.status_code == 404, (method, url)
    assert list(Theme.objects.values_list("pk", "label", "status").order_by("pk")) == before
    assert ThemeRun.objects.count() == 1


def test_signed_out_visitors_are_sent_to_sign_in(suggested):
    from django.test import Client

    response = Client().get(session_url("themes-list-themes", suggested))
    assert response.status_code == 302
    assert "/accounts/" in response["Location"]


@pytest.mark.parametrize("who", ["facilitator", "admin", "owner"])
def test_analysts_see_the_themes_page(request, suggested, who):
    response = client_for(request.getfixturevalue(who)).get(
        session_url("themes-list-themes", suggested)
    )
    assert response.status_code == 200


def test_a_theme_of_another_session_is_not_found(client, suggested, organization, admin):
    from learnloop.learning_sessions.models import LearningSession

    other = LearningSession.objects.create(
        organization=organization,
        title="Autumn review",
        framework=suggested.framework,
        scale=suggested.scale,
        administrator=admin,
    )
    theme = theme_of(suggested, BUDGET)
    for method, url in every_url(other, theme)[2:]:
        response = getattr(client, method)(url, {"label": "Moved"} if method == "post" else None)
        assert response.status_code == 404, url
    theme.refresh_from_db()
    assert theme.status == ThemeStatus.SUGGESTED
    assert theme.label != "Moved"


def test_forms_refuse_get(client, suggested):
    theme = theme_of(suggested, BUDGET)
    for name in ["rename", "merge", "split", "restore", "accept"]:
        url = session_url(f"themes-{name}-theme", suggested, theme_id=theme.pk)
        assert client.get(url).status_code == 405
    assert client.get(session_url("themes-suggest-themes", suggested)).status_code == 405


def test_a_module_of_another_framework_is_not_found(client, themed_session, other_organization):
    from conftest import make_framework

    foreign = make_framework(other_organization, key="elsewhere").modules.first()
    url = session_url("themes-list-themes", themed_session)
    assert client.get(url, {"module": foreign.pk}).status_code == 404
    assert client.get(url, {"module": "abc"}).status_code == 404
    response = client.post(
        session_url("themes-suggest-themes", themed_session), {"module": foreign.pk}
    )
    assert response.status_code == 302
    assert not ThemeRun.objects.exists()


# ---------------------------------------------------------------------------------------------
# Suggesting


def test_an_empty_scope_explains_what_to_do(client, learning_session):
    response = client.get(session_url("themes-list-themes", learning_session))
    assert "No themes suggested yet" in response.content.decode()


def test_suggest_button_lists_a_card_per_theme(client, themed_session):
    response = client.post(session_url("themes-suggest-themes", themed_session), {"module": ""})
    assert response.status_code == 302
    response = client.get(response["Location"])
    page = response.context["page"]
    assert len(page.suggested) == 3
    budget = next(card for card in page.suggested if card.theme.key_terms[0] == "budget")
    assert budget.count == 6
    assert len(budget.quotes) == 3
    assert all(quote.text in BUDGET for quote in budget.quotes)
    assert sum(n for _text, n in budget.proof_points) == 6
    assert sorted(budget.groups) == [("Board", 3), ("Staff", 3)]
    html = response.content.decode()
    assert "3 themes suggested from 18 comments." in html
    assert budget.theme.label in html
    assert 'hx-indicator="#working"' in html


def test_suggest_for_one_module(client, themed_session):
    module = Module.objects.get(framework=themed_session.framework, key="module-2")
    response = client.post(
        session_url("themes-suggest-themes", themed_session), {"module": module.pk, "themes": "2"}
    )
    assert response["Location"].endswith(f"?module={module.pk}")
    run = ThemeRun.objects.get()
    assert run.module == module
    assert run.requested_themes == 2
    whole = client.get(session_url("themes-list-themes", themed_session))
    assert whole.context["page"].run is None  # the whole session's scope has no suggestion


def test_a_bad_number_of_themes_changes_nothing(client, themed_session):
    response = client.post(
        session_url("themes-suggest-themes", themed_session), {"module": "", "themes": "99"}
    )
    assert response.status_code == 302
    assert not ThemeRun.objects.exists()
    page = client.get(response["Location"]).content.decode()
    assert "Choose the comments and the number of themes" in page


def test_too_few_comments_say_so(client, learning_session):
    add_respondent(learning_session, "Solo Person", "Board", {0: BUDGET[0]})
    client.post(session_url("themes-suggest-themes", learning_session), {"module": ""})
    html = client.get(session_url("themes-list-themes", learning_session)).content.decode()
    assert "Too few comments to group" in html


# ---------------------------------------------------------------------------------------------
# Reviewing


def test_theme_page_lists_every_comment(client, suggested):
    theme = theme_of(suggested, TRAINING)
    response = client.get(session_url("themes-show-theme", suggested, theme_id=theme.pk))
    assert {quote.text for quote in response.context["quotes"]} == set(TRAINING)
    assert len(response.context["others"]) == 2


def test_rename_through_the_page(client, suggested):
    theme = theme_of(suggested, BUDGET)
    url = session_url("themes-rename-theme", suggested, theme_id=theme.pk)
    client.post(url, {"label": "Budget transparency"})
    theme.refresh_from_db()
    assert theme.label == "Budget transparency"
    response = client.post(url, {"label": "   "}, follow=True)
    theme.refresh_from_db()
    assert theme.label == "Budget transparency"
    assert "A theme needs a name." in response.content.decode()


def test_merge_through_the_page(client, suggested):
    budget, training = theme_of(suggested, BUDGET), theme_of(suggested, TRAINING)
    url = session_url("themes-merge-theme", suggested, theme_id=budget.pk)
    client.post(url, {"other": training.pk})
    assert comments_of(budget) == set(BUDGET + TRAINING)
    assert not Theme.objects.filter(pk=training.pk).exists()


def test_merge_with_a_missing_theme_changes_nothing(client, suggested):
    budget = theme_of(suggested, BUDGET)
    url = session_url("themes-merge-theme", suggested, theme_id=budget.pk)
    response = client.post(url, {"other": "999999"}, follow=True)
    assert "Choose the theme to merge" in response.content.decode()
    assert Theme.objects.count() == 3


def test_split_through_the_page(client, suggested):
    budget, communication = theme_of(suggested, BUDGET), theme_of(suggested, COMMUNICATION)
    actions.do_merge_themes(budget, communication)
    client.post(session_url("themes-split-theme", suggested, theme_id=budget.pk))
    assert Theme.objects.count() == 3
    assert comments_of(theme_of(suggested, BUDGET)) == set(BUDGET)
    assert comments_of(theme_of(suggested, COMMUNICATION)) == set(COMMUNICATION)


def test_discard_asks_first_then_discards(client, suggested):
    theme = theme_of(suggested, BUDGET)
    url = session_url("themes-discard-theme", suggested, theme_id=theme.pk)
    confirm = client.get(url)
    assert "Discard “" in confirm.content.decode()
    theme.refresh_from_db()
    assert theme.status == ThemeStatus.SUGGESTED
    client.post(url)
    theme.refresh_from_db()
    assert theme.status == ThemeStatus.DISCARDED
    client.post(session_url("themes-restore-theme", suggested, theme_id=theme.pk))
    theme.refresh_from_db()
    assert theme.status == ThemeStatus.SUGGESTED


def test_accept_through_the_page_creates_a_code_on_its_comments(client, suggested, facilitator):
    theme = theme_of(suggested, COMMUNICATION)
    client.post(
        session_url("themes-rename-theme", suggested, theme_id=theme.pk), {"label": "Late news"}
    )
    response = client.post(
        session_url("themes-accept-theme", suggested, theme_id=theme.pk), follow=True
    )
    theme.refresh_from_db()
    assert theme.status == ThemeStatus.ACCEPTED
    assert theme.code.name == "Late news"
    assert theme.code.kind == CodeKind.THEME
    coded = CodeApplication.objects.filter(code=theme.code)
    assert set(coded.values_list("answer__comment", flat=True)) == set(COMMUNICATION)
    assert [card.theme for card in response.context["page"].accepted] == [theme]


def test_accepted_theme_cannot_be_changed_through_the_page(client, suggested):
    theme = theme_of(suggested, BUDGET)
    actions.do_accept_theme(theme)
    response = client.post(
        session_url("themes-rename-theme", suggested, theme_id=theme.pk),
        {"label": "Other"},
        follow=True,
    )
    theme.refresh_from_db()
    assert theme.label != "Other"
    assert "only suggested themes can be changed" in response.content.decode()


def test_move_a_comment_through_the_page(client, suggested):
    budget, training = theme_of(suggested, BUDGET), theme_of(suggested, TRAINING)
    answer = Answer.objects.get(comment=BUDGET[0])
    url = session_url("themes-move-comment", suggested, theme_id=budget.pk)
    client.post(url, {"answer": answer.pk, "target": training.pk})
    assert BUDGET[0] in comments_of(training)
    other = Answer.objects.get(comment=BUDGET[1])
    client.post(url, {"answer": other.pk, "target": "none"})
    assert BUDGET[1] not in comments_of(budget)
    assert not Theme.objects.filter(members__answer=other).exists()


def test_move_refuses_a_comment_of_another_theme(client, suggested):
    budget, training = theme_of(suggested, BUDGET), theme_of(suggested, TRAINING)
    answer = Answer.objects.get(comment=TRAINING[0])
    url = session_url("themes-move-comment", suggested, theme_id=budget.pk)
    response = client.post(url, {"answer": answer.pk, "target": "none"}, follow=True)
    assert "Choose a comment of this theme" in response.content.decode()
    assert comments_of(training) == set(TRAINING)


# ---------------------------------------------------------------------------------------------
# Privacy


def page_text(client, session) -> str:
    html = client.get(session_url("themes-list-themes", session)).content.decode()
    for theme in Theme.objects.filter(run__session=session):
        html += client.get(
            session_url("themes-show-theme", session, theme_id=theme.pk)
        ).content.decode()
    return html


def test_confidential_session_never_shows_names(client, suggested):
    html = page_text(client, suggested)
    assert not any(name in html for name in NAMES)
    assert "Respondent " in html


def test_named_session_shows_names_to_analysts(client, suggested):
    suggested.anonymity = Anonymity.NAMED
    suggested.save(update_fields=["anonymity"])
    html = page_text(client, suggested)
    assert any(name in html for name in NAMES)


def test_a_lone_small_group_hides_every_group(client, themed_session):
    add_respondent(
        themed_session, "Zelda Quartermain", "Treasury Circle", {3: BUDGET[0] + " Zelda agrees."}
    )
    actions.do_suggest_themes(themed_session)
    response = client.get(session_url("themes-list-themes", themed_session))
    html = page_text(client, themed_session)
    assert "Treasury Circle" not in html
    assert "Board (" not in html
    assert "Other groups" not in html
    assert response.context["groups_shown"] is False
    assert "Not shown: too few respondents in the groups." in html


def test_small_groups_count_only_as_other_groups(client, themed_session):
    add_respondent(themed_session, "Zelda Quartermain", "Treasury Circle", {3: BUDGET[1]})
    add_respondent(themed_session, "Yusuf Oyelaran", "Wellbeing Panel", {3: BUDGET[2]})
    add_respondent(themed_session, "Xavier Wolde", "Wellbeing Panel", {3: BUDGET[3]})
    actions.do_suggest_themes(themed_session)
    html = page_text(client, themed_session)
    assert "Treasury Circle" not in html
    assert "Wellbeing Panel" not in html
    assert "Board (" in html
    assert "Other groups or no group (3)" in html


# ---------------------------------------------------------------------------------------------
# Query counts


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_query_counts_do_not_grow_with_comments_or_themes(client, themed_session):
    actions.do_suggest_themes(themed_session)
    theme = theme_of(themed_session, BUDGET)
    small_list = count_queries(client, session_url("themes-list-themes", themed_session))
    small_show = count_queries(
        client, session_url("themes-show-theme", themed_session, theme_id=theme.pk)
    )
    for n in range(6):
        add_respondent(
            themed_session,
            f"Extra Person {n}",
            "Staff",
            {0: BUDGET[n] + " Again.", 1: TRAINING[n] + " Again.", 2: COMMUNICATION[n] + " Again."},
        )
    actions.do_suggest_themes(themed_session, max_themes=5)
    theme = theme_of(themed_session, BUDGET)
    assert count_queries(client, session_url("themes-list-themes", themed_session)) == small_list
    assert (
        count_queries(client, session_url("themes-show-theme", themed_session, theme_id=theme.pk))
        == small_show
    )
    assert small_list <= 16


def test_session_dashboard_links_to_the_themes(client, learning_session):
    response = client.get(session_url("sessions-show-session", learning_session))
    assert session_url("themes-list-themes", learning_session) in response.content.decode()
