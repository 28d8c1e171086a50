"""Every coding address as an outsider, a viewer and an analyst; nothing changes for those
who may not code."""

import pytest

from conftest import client_for
from learnloop.analysis import actions
from learnloop.analysis.models import Code, CodeApplication, CodeSuggestion
from learnloop.analysis.tests.conftest import comment, session_url


@pytest.fixture
def objects(coded_session):
    """One of each object an address names."""
    actions.do_create_default_codebook(coded_session)
    actions.do_generate_suggestions(coded_session)
    theme = Code.objects.get(session=coded_session, name="Theme")
    answer = comment(coded_session, "Who signs off the budget?")
    application, _ = actions.do_apply_code(theme, answer, 0, 3)
    suggestion = CodeSuggestion.objects.filter(answer__session=coded_session).first()
    return {
        "code_id": theme.pk,
        "answer_id": answer.pk,
        "application_id": application.pk,
        "suggestion_id": suggestion.pk,
        "proof_point_id": answer.proof_point_id,
    }


# name, method, the object ids the address needs
ADDRESSES = [
    ("analysis-show-coding", "get", []),
    ("analysis-show-codebook", "get", []),
    ("analysis-add-code", "post", []),
    ("analysis-show-proof-point-codes", "get", ["proof_point_id"]),
    ("analysis-edit-code", "get", ["code_id"]),
    ("analysis-edit-code", "post", ["code_id"]),
    ("analysis-merge-code", "get", ["code_id"]),
    ("analysis-merge-code", "post", ["code_id"]),
    ("analysis-delete-code", "get", ["code_id"]),
    ("analysis-delete-code", "post", ["code_id"]),
    ("analysis-toggle-code", "post", ["answer_id"]),
    ("analysis-apply-code", "post", ["answer_id"]),
    ("analysis-remove-application", "post", ["application_id"]),
    ("analysis-generate-suggestions", "post", []),
    ("analysis-accept-suggestion", "post", ["suggestion_id"]),
    ("analysis-reject-suggestion", "post", ["suggestion_id"]),
]


def address(session, objects, name, needs):
    return session_url(name, session, **{key: objects[key] for key in needs})


def state():
    return (
        list(Code.objects.order_by("pk").values_list("pk", "name", "merged_into")),
        list(CodeApplication.objects.order_by("pk").values_list("pk", "code", "start")),
        list(CodeSuggestion.objects.order_by("pk").values_list("pk", "status")),
    )


def form_for(objects):
    return {"code": objects["code_id"], "name": "X", "kind": "custom", "target": objects["code_id"]}


@pytest.mark.parametrize(("name", "method", "needs"), ADDRESSES)
def test_outsider_gets_404_everywhere(outsider, coded_session, objects, name, method, needs):
    before = state()
    client = client_for(outsider)
    url = address(coded_session, objects, name, needs)
    response = getattr(client, method)(url, form_for(objects))
    assert response.status_code == 404
    assert state() == before


@pytest.mark.parametrize(("name", "method", "needs"), ADDRESSES)
def test_viewer_gets_404_everywhere(viewer, coded_session, objects, name, method, needs):
    before = state()
    client = client_for(viewer)
    url = address(coded_session, objects, name, needs)
    response = getattr(client, method)(url, form_for(objects))
    assert response.status_code == 404
    assert state() == before


@pytest.mark.parametrize(("name", "method", "needs"), ADDRESSES)
def test_signed_out_visitor_is_sent_to_sign_in(client, coded_session, objects, name, method, needs):
    before = state()
    response = getattr(client, method)(address(coded_session, objects, name, needs))
    assert response.status_code == 302
    assert "/accounts/login" in response["Location"]
    assert state() == before


@pytest.mark.parametrize("role", ["facilitator", "admin", "owner"])
@pytest.mark.parametrize(
    ("name", "needs"), [(n, needs) for n, method, needs in ADDRESSES if method == "get"]
)
def test_analysts_see_every_page(request, role, coded_session, objects, name, needs):
    client = client_for(request.getfixturevalue(role))
    url = address(coded_session, objects, name, needs)
    assert client.get(url, headers={"HX-Request": "true"}).status_code == 200


def test_an_id_from_another_session_finds_nothing(
    facilitator, coded_session, objects, organization
):
    from learnloop.learning_sessions.models import LearningSession

    other = LearningSession.objects.create(
        organization=organization,
        title="Autumn",
        framework=coded_session.framework,
        scale=coded_session.scale,
    )
    client = client_for(facilitator)
    before = state()
    for name, method, needs in ADDRESSES:
        if needs:
            url = address(other, objects, name, needs)
            assert getattr(client, method)(url, form_for(objects)).status_code == 404, name
    assert state() == before


def test_a_merged_code_has_no_pages(facilitator, coded_session, objects):
    theme = Code.objects.get(pk=objects["code_id"])
    actions.do_merge_codes(theme, Code.objects.get(session=coded_session, name="Strength"))
    client = client_for(facilitator)
    for name in ["analysis-edit-code", "analysis-merge-code", "analysis-delete-code"]:
        assert client.get(session_url(name, coded_session, code_id=theme.pk)).status_code == 404
