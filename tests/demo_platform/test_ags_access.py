"""Who may call the demo Moodle's AGS: bearer tokens, scopes, type_id and media types (11d)."""

import json
from collections.abc import Callable

import pytest
from flask.testing import FlaskClient

from tests.demo_platform.support import (
    CONTAINER,
    LINEITEM,
    LINEITEMS,
    RESULTS,
    SCORE,
    SCORES,
    assert_like,
    capture,
    score_body,
)


def test_a_call_without_token_is_refused_as_moodle_does(client: FlaskClient):
    captured = capture("11d-ags-no-token.json")

    response = client.get(LINEITEMS, headers={"Accept": CONTAINER})

    assert_like(response, captured["response"])
    assert response.get_json(force=True) == {
        "status": 401,
        "reason": "Unauthorized",
        "request": {
            "method": "GET",
            "url": "/demo-platform" + captured["response"]["body"]["request"]["url"],
            "accept": CONTAINER,
        },
    }


@pytest.mark.parametrize(
    ("method", "url", "scope"),
    [
        ("get", LINEITEMS, "https://purl.imsglobal.org/spec/lti-ags/scope/score"),
        ("get", RESULTS, "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem"),
        ("post", SCORES, "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly"),
    ],
)
def test_a_token_without_the_calls_scope_is_refused(
    client: FlaskClient, get_token: Callable[..., str], method: str, url: str, scope: str
):
    headers = {"Authorization": f"Bearer {get_token([scope])}", "Content-Type": SCORE}

    response = getattr(client, method)(url, data=json.dumps(score_body()), headers=headers)

    assert response.status_code == 401


def test_unknown_token_and_other_tool_type_are_refused(client, bearer: dict[str, str]):
    assert client.get(LINEITEMS, headers={"Authorization": "Bearer nope"}).status_code == 401
    other_type = LINEITEMS.replace("type_id=1", "type_id=2")
    assert client.get(other_type, headers=bearer).status_code == 401


def test_service_urls_must_keep_the_type_id(client: FlaskClient, bearer: dict[str, str]):
    response = client.get(LINEITEMS.removesuffix("?type_id=1"), headers=bearer)

    assert response.status_code == 400
    assert "type_id" in response.get_json(force=True)["reason"]


@pytest.mark.parametrize(
    ("url", "headers"),
    [
        (LINEITEMS, {"Accept": "*/*"}),
        (LINEITEMS, {"Accept": "application/json"}),
        (RESULTS, {"Accept": "*/*"}),
        (SCORES, {"Content-Type": "application/json"}),
    ],
)
def test_media_types_are_checked_as_moodle_does(client, bearer, url: str, headers):
    send = client.post if url == SCORES else client.get

    response = send(url, data=json.dumps(score_body()), headers=bearer | headers)

    assert response.status_code == 400
    assert response.headers["Content-Type"] == "application/json; charset=utf-8"


def test_unknown_course_and_line_item_are_not_found(client, bearer: dict[str, str]):
    other_course = LINEITEMS.replace("/services.php/2/", "/services.php/7/")

    assert client.get(other_course, headers=bearer).status_code == 404
    assert client.get(LINEITEM.replace("/3/", "/99/"), headers=bearer).status_code == 404
