"""The framework pages, through the test client."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import client_for, make_framework
from learnloop.frameworks.actions import do_add_starter_framework
from learnloop.frameworks.models import Framework, Module, Principle, ProofPoint
from learnloop.frameworks.queries import framework_as_parsed
from learnloop.lib.framework_yaml import parse_framework

V1 = {"slug": "riverside", "key": "test-framework", "version": 1}
M1 = V1 | {"module_key": "module-1"}
P1 = M1 | {"principle_key": "principle-1"}
PP1 = P1 | {"proof_point_key": "pp-1"}

READ_URLS = [
    ("frameworks-list-frameworks", {"slug": "riverside"}),
    ("frameworks-show-framework", V1),
    ("frameworks-show-latest-framework", {"slug": "riverside", "key": "test-framework"}),
    ("frameworks-download-framework", V1),
]
SHOW_ONLY = {name for name, _kwargs in READ_URLS} | {"frameworks-list-starters"}
WRITE_URLS = [
    ("frameworks-upload-framework", {"slug": "riverside"}),
    ("frameworks-list-starters", {"slug": "riverside"}),
    ("frameworks-add-starter", {"slug": "riverside"}),
    ("frameworks-edit-framework", V1),
    ("frameworks-add-module", V1),
    ("frameworks-edit-module", M1),
    ("frameworks-remove-module", M1),
    ("frameworks-add-principle", M1),
    ("frameworks-edit-principle", P1),
    ("frameworks-remove-principle", P1),
    ("frameworks-add-proof-point", P1),
    ("frameworks-edit-proof-point", PP1),
    ("frameworks-remove-proof-point", PP1),
]


def url(name: str, **kwargs) -> str:
    return reverse(name, kwargs=kwargs)


def show_url(version: int = 1) -> str:
    return url("frameworks-show-framework", **(V1 | {"version": version}))


def upload(client: Client, text: str | bytes, name: str = "framework.yaml"):
    data = text.encode() if isinstance(text, str) else text
    return client.post(
        url("frameworks-upload-framework", slug="riverside"),
        {"file": SimpleUploadedFile(name, data, content_type="application/yaml")},
    )


def structure(framework: Framework):
    framework.refresh_from_db()
    return framework.title, framework_as_parsed(framework)


# Who may do what


@pytest.mark.parametrize(("name", "kwargs"), READ_URLS + WRITE_URLS)
@pytest.mark.usefixtures("framework")
def test_outsider_gets_404_on_every_framework_page(outsider_client, name, kwargs):
    assert outsider_client.get(url(name, **kwargs)).status_code == 404
    posted = outsider_client.post(url(name, **kwargs), {"title": "x", "key": "x"})
    # A page that only shows something answers a POST 405, to anyone.
    assert posted.status_code == (405 if name in SHOW_ONLY else 404)


@pytest.mark.parametrize(("name", "kwargs"), READ_URLS + WRITE_URLS)
@pytest.mark.usefixtures("framework")
def test_signed_out_visitor_is_sent_to_sign_in(client, name, kwargs):
    response = client.get(url(name, **kwargs))
    assert response.status_code == 302
    assert "/accounts/" in response["Location"]


@pytest.mark.parametrize(("name", "kwargs"), READ_URLS)
@pytest.mark.usefixtures("framework")
def test_viewer_can_read_every_framework_page(viewer_client, name, kwargs):
    assert viewer_client.get(url(name, **kwargs), follow=True).status_code == 200


@pytest.mark.parametrize(("name", "kwargs"), WRITE_URLS)
@pytest.mark.parametrize("role", ["viewer", "facilitator"])
def test_members_below_administrator_cannot_change_frameworks(
    request, framework, name, kwargs, role
):
    client = client_for(request.getfixturevalue(role))
    before = structure(framework)
    assert client.get(url(name, **kwargs)).status_code == 404
    data = {"title": "x", "key": "learning-routines", "text": "x"}
    assert client.post(url(name, **kwargs), data).status_code == (405 if name in SHOW_ONLY else 404)
    assert structure(framework) == before
    assert Framework.objects.count() == 1


def test_viewer_cannot_upload_a_framework(viewer_client, small_yaml):
    assert upload(viewer_client, small_yaml).status_code == 404
    assert not Framework.objects.exists()


def test_a_framework_of_another_organization_is_not_found(admin_client, other_organization):
    make_framework(other_organization, key="theirs")
    response = admin_client.get(
        url("frameworks-show-framework", slug="riverside", key="theirs", version=1)
    )
    assert response.status_code == 404


def test_owner_can_edit_like_an_administrator(owner, framework):
    response = client_for(owner).post(
        url("frameworks-edit-framework", **V1), {"title": "Owned", "description": ""}
    )
    assert response.status_code == 302
    framework.refresh_from_db()
    assert framework.title == "Owned"


# Reading


def test_list_shows_one_row_per_framework_with_its_latest_version(
    admin_client, framework, small_yaml
):
    upload(admin_client, small_yaml)
    upload(admin_client, small_yaml.replace("Small framework", "Small, revised"))
    response = admin_client.get(url("frameworks-list-frameworks", slug="riverside"))
    rows = response.context["rows"]
    assert [(r["latest"].title, r["version_count"]) for r in rows] == [
        ("Small, revised", 2),
        ("Test framework", 1),
    ]
    assert b"2 versions" in response.content
    assert b"Add from the starter library" in response.content


def test_list_shows_an_empty_state_and_no_admin_buttons_to_a_viewer(viewer_client):
    response = viewer_client.get(url("frameworks-list-frameworks", slug="riverside"))
    assert b"No frameworks yet." in response.content
    assert b"An administrator of this organization can add one." in response.content
    assert b"Upload a framework file" not in response.content


def test_show_lists_modules_principles_and_proof_points_in_order(viewer_client, framework):
    response = viewer_client.get(show_url())
    content = response.content.decode()
    assert content.index("Module 1") < content.index("Principle 1.2") < content.index("Module 2")
    assert "Proof point 2.1" in content
    assert "Fully meets" in content
    assert "Don&#x27;t know" in content
    assert "Edit module" not in content


def test_show_counts_the_learning_sessions_using_the_version(admin_client, learning_session):
    response = admin_client.get(show_url())
    assert response.context["session_count"] == 1
    assert b"used by 1 learning session" in response.content
    assert b"never changed in place" in response.content


def test_show_uses_as_many_queries_for_89_proof_points_as_for_4(admin_client, framework):
    do_add_starter_framework(framework.organization, "organizational-performance")
    big = url(
        "frameworks-show-framework", slug="riverside", key="organizational-performance", version=1
    )
    with CaptureQueriesContext(connection) as small_queries:
        admin_client.get(show_url())
    with CaptureQueriesContext(connection) as big_queries:
        admin_client.get(big)
    assert len(big_queries) == len(small_queries) <= 12


def test_latest_redirects_to_the_newest_version(admin_client, framework, small_yaml):
    upload(admin_client, small_yaml.replace("key: small", "key: test-framework"))
    response = admin_client.get(
        url("frameworks-show-latest-framework", slug="riverside", key="test-framework")
    )
    assert response["Location"] == show_url(2)


def test_download_gives_yaml_that_imports_back_identical(viewer_client, framework):
    response = viewer_client.get(url("frameworks-download-framework", **V1))
    assert response["Content-Type"] == "application/yaml"
    assert response["Content-Disposition"] == 'attachment; filename="test-framework-v1.yaml"'
    assert parse_framework(response.content) == framework_as_parsed(framework)


# Uploading


def test_upload_imports_a_new_framework(admin_client, organization, small_yaml):
    response = upload(admin_client, small_yaml)
    framework = Framework.objects.get(organization=organization, key="small")
    assert response["Location"] == url(
        "frameworks-show-framework", slug="riverside", key="small", version=1
    )
    assert ProofPoint.objects.filter(module__framework=framework).count() == 3


def test_upload_of_an_existing_key_makes_the_next_version(admin_client, framework, small_yaml):
    before = structure(framework)
    upload(admin_client, small_yaml.replace("key: small", "key: test-framework"))
    latest = Framework.objects.get(key="test-framework", version=2)
    assert latest.previous_version == framework
    assert structure(framework) == before


def test_a_bad_upload_lists_every_problem_and_saves_nothing(admin_client, small_yaml):
    text = small_yaml.replace("key: money", "key: leadership").replace(
        "            text: A current strategic plan exists.\n", ""
    )
    response = upload(admin_client, text)
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [
        "line 10: modules[0].principles[0].proof_points[0]: 'text' is required",
        "line 13: modules[1].key: duplicate key 'leadership' "
        "(already used by modules[0] on line 4)",
    ]
    assert b"nothing was saved" in response.content
    assert not Framework.objects.exists()
    assert not Module.objects.exists()


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"\x89PNG\r\n\x1a\n\x00", "the file is not UTF-8 text (byte 1 cannot be read)"),
        (b"", "The submitted file is empty."),
        (b"key: [", "line 1, column 7: this is not valid YAML:"),
    ],
)
def test_files_that_are_not_frameworks_are_refused(admin_client, data, expected):
    response = upload(admin_client, data)
    assert response.context["form"].errors["file"][0].startswith(expected)
    assert not Framework.objects.exists()


def test_a_file_over_the_upload_limit_is_refused(admin_client, small_yaml, settings):
    settings.MAX_UPLOAD_SIZE = 100
    response = upload(admin_client, small_yaml)
    size = len(small_yaml.encode())
    assert response.context["form"].errors["file"] == [
        f"The file is {size} bytes; the largest accepted is 100 bytes."
    ]
    assert not Framework.objects.exists()


# The starter library


def test_starter_library_lists_the_three_frameworks_with_module_counts(admin_client):
    response = admin_client.get(url("frameworks-list-starters", slug="riverside"))
    content = response.content.decode()
    assert "Organizational performance" in content
    assert "7 modules" in content
    assert "Learning-focused routines" in content
    assert "Action learning set health" in content
    assert "6 modules" in content


def test_adding_a_starter_gives_the_organization_its_own_copy(admin_client, organization):
    response = admin_client.post(
        url("frameworks-add-starter", slug="riverside"), {"key": "organizational-performance"}
    )
    framework = Framework.objects.get(organization=organization, key="organizational-performance")
    assert response["Location"] == url(
        "frameworks-show-framework",
        slug="riverside",
        key="organizational-performance",
        version=1,
    )
    assert framework.modules.count() == 7
    listing = admin_client.get(url("frameworks-list-starters", slug="riverside"))
    assert b"Already added" in listing.content


def test_an_unknown_starter_is_not_found(admin_client):
    response = admin_client.post(url("frameworks-add-starter", slug="riverside"), {"key": "nope"})
    assert response.status_code == 404
    assert not Framework.objects.exists()


def test_adding_a_starter_needs_a_post(admin_client):
    assert admin_client.get(url("frameworks-add-starter", slug="riverside")).status_code == 405


# Editing


def test_editing_an_unused_framework_changes_it_in_place(admin_client, framework):
    response = admin_client.post(
        url("frameworks-edit-framework", **V1), {"title": "Renamed", "description": "Why"}
    )
    assert response["Location"] == show_url()
    framework.refresh_from_db()
    assert (framework.title, framework.description) == ("Renamed", "Why")
    assert Framework.objects.count() == 1


def test_editing_a_used_framework_makes_version_two_and_says_so(
    admin_client, framework, learning_session
):
    before = structure(framework)
    response = admin_client.post(
        url("frameworks-edit-principle", **P1), {"title": "Sharper", "description": ""}, follow=True
    )
    assert response.redirect_chain[-1][0] == show_url(2) + "#principle-module-1-principle-1"
    assert b"Version 1 is used by a learning session, so it was left unchanged" in response.content
    assert structure(framework) == before
    v2 = Framework.objects.get(key="test-framework", version=2)
    assert (
        Principle.objects.get(module__framework=v2, module__key="module-1", key="principle-1").title
        == "Sharper"
    )
    learning_session.refresh_from_db()
    assert learning_session.framework == framework


def test_the_edit_page_warns_that_a_used_version_will_not_change(admin_client, learning_session):
    response = admin_client.get(url("frameworks-edit-module", **M1))
    assert b"Version 1 is used by a learning session" in response.content
    assert b"saving makes version 2" in response.content


def test_saving_an_unchanged_form_makes_no_new_version(admin_client, framework, learning_session):
    response = admin_client.post(
        url("frameworks-edit-module", **M1), {"title": "Module 1", "description": ""}, follow=True
    )
    assert b"Nothing was changed." in response.content
    assert Framework.objects.count() == 1


def test_adding_a_module_with_a_key_already_used_shows_the_error(admin_client, framework):
    response = admin_client.post(
        url("frameworks-add-module", **V1), {"key": "module-1", "title": "Again"}
    )
    assert response.context["form"].errors["key"] == [
        "This key is already used here; choose another."
    ]
    assert framework.modules.count() == 2


def test_a_key_that_is_not_a_slug_is_refused(admin_client, framework):
    response = admin_client.post(
        url("frameworks-add-module", **V1), {"key": "Module Three", "title": "Three"}
    )
    assert "key" in response.context["form"].errors
    assert framework.modules.count() == 2


def test_adding_a_proof_point_without_a_key_makes_one_from_its_text(admin_client, framework):
    admin_client.post(
        url("frameworks-add-proof-point", **P1),
        {"key": "", "text": "Minutes are published within a month.", "guidance": ""},
    )
    keys = list(
        ProofPoint.objects.filter(principle__module__key="module-1", principle__key="principle-1")
        .order_by("position")
        .values_list("key", flat=True)
    )
    assert keys == ["pp-1", "minutes-are-published-within-a-month"]


def test_editing_a_proof_point_changes_its_text_and_guidance(admin_client, framework):
    admin_client.post(
        url("frameworks-edit-proof-point", **PP1), {"text": "New text", "guidance": "Look here"}
    )
    point = ProofPoint.objects.get(module__key="module-1", principle__key="principle-1")
    assert (point.text, point.guidance, point.key) == ("New text", "Look here", "pp-1")


def test_removing_asks_for_confirmation_first(admin_client, framework):
    response = admin_client.get(url("frameworks-remove-module", **M1))
    assert b"Remove this module?" in response.content
    assert b"Its 2 principles are removed with it" in response.content
    assert framework.modules.count() == 2


def test_removing_a_module_after_confirming(admin_client, framework):
    response = admin_client.post(url("frameworks-remove-module", **M1), follow=True)
    assert b"Removed the module" in response.content
    assert list(framework.modules.values_list("key", flat=True)) == ["module-2"]


def test_removing_the_last_proof_point_is_refused_with_a_message(admin_client, framework):
    response = admin_client.post(url("frameworks-remove-proof-point", **PP1), follow=True)
    assert b"A principle needs at least one proof point" in response.content
    assert ProofPoint.objects.filter(module__framework=framework).count() == 4


def test_an_older_version_shows_no_edit_links_and_refuses_edits(
    admin_client, framework, small_yaml
):
    upload(admin_client, small_yaml.replace("key: small", "key: test-framework"))
    page = admin_client.get(show_url(1))
    assert b"This is an older version" in page.content
    assert b"Edit module" not in page.content
    before = structure(framework)
    response = admin_client.post(
        url("frameworks-edit-framework", **V1), {"title": "Sneaky", "description": ""}
    )
    assert (
        "Only the latest version (version 2) can be edited."
        in response.context["form"].non_field_errors()
    )
    assert structure(framework) == before


def test_a_missing_module_is_not_found(admin_client, framework):
    missing = V1 | {"module_key": "nope"}
    assert admin_client.get(url("frameworks-edit-module", **missing)).status_code == 404
