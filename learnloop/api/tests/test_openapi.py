"""The OpenAPI schema and the reference page, served with no third-party assets."""

import json
import re

from django.test import Client

from learnloop.api.api import api

PATHS = [
    "/api/v1/organizations",
    "/api/v1/organizations/{slug}/frameworks",
    "/api/v1/organizations/{slug}/frameworks/{key}/versions/{version}",
    "/api/v1/organizations/{slug}/sessions",
    "/api/v1/organizations/{slug}/sessions/{session_id}",
    "/api/v1/organizations/{slug}/sessions/{session_id}/progress",
    "/api/v1/organizations/{slug}/sessions/{session_id}/report",
    "/api/v1/organizations/{slug}/actions",
    "/api/v1/organizations/{slug}/sessions/{session_id}/discussions",
    "/api/v1/organizations/{slug}/sessions/{session_id}/discussions/{discussion_id}",
    "/api/v1/organizations/{slug}/sessions/{session_id}/rounds/comparison",
    "/api/v1/organizations/{slug}/sessions/{session_id}/rounds/trend",
    "/api/v1/organizations/{slug}/sessions/{session_id}/releases",
    "/api/v1/organizations/{slug}/sessions/{session_id}/releases/{release_id}/responses",
]


def test_openapi_json_is_valid_json_listing_every_path(db):
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = json.loads(response.content)
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "Learnloop API"
    for path in PATHS:
        assert "get" in schema["paths"][path], path


def test_operations_have_plain_ids_for_code_generators():
    schema = api.get_openapi_schema()
    ids = {op["operationId"] for ops in schema["paths"].values() for op in ops.values()}
    assert ids == {
        "show_index",
        "list_organizations",
        "list_frameworks",
        "show_framework",
        "list_sessions",
        "show_session",
        "show_progress",
        "show_report",
        "show_report_summary",
        "show_report_conversation_starters",
        "show_report_groups",
        "show_report_proof_point",
        "show_report_respondent",
        "list_actions",
        "list_discussions",
        "show_discussion",
        "show_round_comparison",
        "show_round_trend",
        "list_releases",
        "show_release_responses",
    }


def test_every_operation_but_the_index_requires_the_bearer_token(db):
    schema = Client().get("/api/v1/openapi.json").json()
    assert schema["components"]["securitySchemes"]["ApiTokenAuth"] == {
        "type": "http",
        "scheme": "bearer",
    }
    for path, operations in schema["paths"].items():
        for operation in operations.values():
            if path == "/api/v1/":  # the index of links, nothing of anyone's
                assert "security" not in operation
                continue
            assert operation["security"] == [{"ApiTokenAuth": []}], path


def test_the_api_only_reads():
    """No write endpoints yet: nothing a forged cross-site request could change."""
    schema = api.get_openapi_schema()
    methods = {method for operations in schema["paths"].values() for method in operations}
    assert methods == {"get"}


def test_the_reference_page_loads_only_assets_from_this_server(db):
    response = Client().get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert "/static/vendor/swagger-ui-5.31.0/swagger-ui-bundle.js" in sources
    assert "/static/vendor/swagger-ui-5.31.0/swagger-ui.css" in sources
    assert all(source.startswith("/") for source in sources), sources
    settings = json.loads(re.search(r'id="swagger-settings"[^>]*>(.*?)</script>', html).group(1))
    assert settings["url"] == "/api/v1/openapi.json"
    assert settings["validatorUrl"] is None  # the badge would send our address to swagger.io


def test_the_reference_pages_assets_are_served(db):
    client = Client()
    for path in [
        "/static/vendor/swagger-ui-5.31.0/swagger-ui-bundle.js",
        "/static/vendor/swagger-ui-5.31.0/swagger-ui.css",
        "/static/api/docs.js",
    ]:
        response = client.get(path)
        assert response.status_code == 200, path
        body = b"".join(response.streaming_content)
        assert b"https://cdn" not in body
        assert b"sourceMappingURL" not in body


def test_the_api_root_is_an_index_of_links_with_no_token_needed(db):
    response = Client().get("/api/v1/")
    assert response.status_code == 200
    index = response.json()
    assert index["name"] == "Learnloop API"
    assert index["version"] == "1"
    for name, path in [
        ("openapi", "/api/v1/openapi.json"),
        ("docs", "/api/v1/docs"),
        ("organizations", "/api/v1/organizations"),
    ]:
        assert index[name] == "http://testserver" + path
    assert Client().get("/api/v1/openapi.json").json()["paths"]["/api/v1/"]["get"]
    assert Client().post("/api/v1/").status_code == 405
