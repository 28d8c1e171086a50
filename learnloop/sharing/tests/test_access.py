"""Every address of the sharing app, walked as people who may not use it."""

import pytest

from conftest import client_for
from learnloop.sharing.models import Redaction, RedactionStatus, RedactionTerm, ShareRelease

from .conftest import make_release, session_url

# (name, extra kwargs, method): analysts' pages (facilitators and above).
ANALYST_PAGES = [
    ("sharing-show-sharing", {}, "get"),
    ("sharing-review-redactions", {}, "get"),
    ("sharing-scan-redactions", {}, "post"),
    ("sharing-keep-redactions", {}, "post"),
    ("sharing-undo-redaction", {"redaction_id": "redaction"}, "post"),
    ("sharing-redo-redaction", {"redaction_id": "redaction"}, "post"),
    ("sharing-add-term", {}, "post"),
    ("sharing-remove-term", {"term_id": "term"}, "post"),
    ("sharing-preview-release", {"release_id": "release"}, "get"),
    ("sharing-show-responses", {"release_id": "release"}, "get"),
    ("sharing-download-pack", {"release_id": "release"}, "get"),
    ("sharing-download-raw-data", {"release_id": "release"}, "get"),
]
ADMINISTRATOR_PAGES = [
    ("sharing-create-release", {}, "get"),
    ("sharing-create-release", {}, "post"),
    ("sharing-edit-release", {"release_id": "release"}, "get"),
    ("sharing-edit-release", {"release_id": "release"}, "post"),
    ("sharing-publish-release", {"release_id": "release"}, "get"),
    ("sharing-publish-release", {"release_id": "release"}, "post"),
    ("sharing-withdraw-release", {"release_id": "release"}, "get"),
    ("sharing-withdraw-release", {"release_id": "release"}, "post"),
]
MEMBER_PAGES = [
    ("sharing-show-shared", {}, "get"),
    ("sharing-download-shared-pack", {}, "get"),
    ("sharing-download-shared-raw-data", {}, "get"),
    ("sharing-add-shared-contribution", {}, "post"),
]


@pytest.fixture
def objects(sharing_session, admin):
    from learnloop.sharing import actions

    actions.do_prepare_redactions(sharing_session)
    term = actions.do_add_redaction_term(sharing_session, "archive", "", admin)
    release = make_release(sharing_session, admin)
    return {"redaction": Redaction.objects.first().pk, "term": term.pk, "release": release.pk}


def url_for(session, name, kwargs, objects):
    return session_url(name, session, **{key: objects[value] for key, value in kwargs.items()})


def unchanged_state():
    return (
        list(Redaction.objects.values_list("pk", "status", "reviewed_at")),
        list(RedactionTerm.objects.values_list("pk", "term")),
        list(ShareRelease.objects.values_list("pk", "title", "state")),
    )


@pytest.mark.parametrize(("name", "kwargs", "method"), ANALYST_PAGES + ADMINISTRATOR_PAGES)
def test_outsider_and_viewer_get_404_everywhere(
    sharing_session, objects, outsider, viewer, name, kwargs, method
):
    url = url_for(sharing_session, name, kwargs, objects)
    before = unchanged_state()
    for user in [outsider, viewer]:
        response = getattr(client_for(user), method)(url, {"term": "x", "title": "x"})
        assert response.status_code == 404, (user.email, url)
    assert unchanged_state() == before


@pytest.mark.parametrize(("name", "kwargs", "method"), ADMINISTRATOR_PAGES)
def test_facilitator_cannot_reach_administrator_pages(
    sharing_session, objects, facilitator, name, kwargs, method
):
    url = url_for(sharing_session, name, kwargs, objects)
    before = unchanged_state()
    response = getattr(client_for(facilitator), method)(url, {"title": "x"})
    assert response.status_code == 404
    assert unchanged_state() == before


@pytest.mark.parametrize(("name", "kwargs", "method"), ANALYST_PAGES)
def test_facilitator_reaches_analyst_pages(
    sharing_session, objects, facilitator, name, kwargs, method
):
    url = url_for(sharing_session, name, kwargs, objects)
    response = getattr(client_for(facilitator), method)(url)
    assert response.status_code in (200, 302), url


@pytest.mark.parametrize(("name", "kwargs", "method"), MEMBER_PAGES)
def test_outsider_cannot_reach_the_members_release(
    published, sharing_session, outsider, name, kwargs, method
):
    url = session_url(name, sharing_session)
    assert getattr(client_for(outsider), method)(url).status_code == 404


def test_signed_out_people_are_sent_to_sign_in(sharing_session, objects, client):
    for name, kwargs, method in ANALYST_PAGES + ADMINISTRATOR_PAGES + MEMBER_PAGES:
        url = url_for(sharing_session, name, kwargs, objects)
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/")


def test_ids_from_another_session_are_not_found(sharing_session, objects, organization, admin):
    from conftest import make_framework
    from learnloop.learning_sessions.models import LearningSession

    framework = make_framework(organization, key="other")
    other = LearningSession.objects.create(
        organization=organization, title="Other", framework=framework, scale=framework.default_scale
    )
    client = client_for(admin)
    for name, kwargs, method in ANALYST_PAGES + ADMINISTRATOR_PAGES:
        if not kwargs:
            continue
        url = url_for(other, name, kwargs, objects)
        assert getattr(client, method)(url).status_code == 404, url
    assert not Redaction.objects.filter(status=RedactionStatus.UNDONE).exists()
