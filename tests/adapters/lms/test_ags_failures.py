"""Every way a platform can fail an AGS call becomes a domain error that says what happened."""

from decimal import Decimal

import pytest
import requests
import responses

from adapters.lms.ags_line_items import LineItem
from lti_tool.domain.errors import NotFound, ServiceUnavailable
from tests.adapters.lms.support import (
    ISSUER,
    LINEITEM,
    LINEITEMS,
    NEW_ITEM,
    REFUSED,
    RESULTS,
    SCOPES,
    TOKEN_URL,
    UNREACHABLE,
    UNREADABLE,
    WELDING,
    capture,
)

# name: (method, URL called, the call)
CALLS = {
    "line_items": (
        "GET",
        LINEITEMS,
        lambda ags: ags["items"].line_items(
            issuer=ISSUER, client_id="client", lineitems_url=LINEITEMS, scopes=SCOPES
        ),
    ),
    "create": (
        "POST",
        LINEITEMS,
        lambda ags: ags["items"].create(
            WELDING, issuer=ISSUER, client_id="client", lineitems_url=LINEITEMS, scopes=SCOPES
        ),
    ),
    "update": (
        "PUT",
        NEW_ITEM,
        lambda ags: ags["items"].update(
            LineItem(label="x", score_maximum=Decimal(1), url=NEW_ITEM),
            issuer=ISSUER,
            client_id="client",
            scopes=SCOPES,
        ),
    ),
    "delete": (
        "DELETE",
        NEW_ITEM,
        lambda ags: ags["items"].delete(
            issuer=ISSUER, client_id="client", lineitem_url=NEW_ITEM, scopes=SCOPES
        ),
    ),
    "results": (
        "GET",
        RESULTS,
        lambda ags: ags["feed"].results(
            issuer=ISSUER, client_id="client", lineitem_url=LINEITEM, scopes=SCOPES
        ),
    ),
}
FAILURES = {
    "line_items": "did not return the gradebook columns",
    "create": "did not add the gradebook column",
    "update": "did not change the gradebook column",
    "delete": "did not remove the gradebook column",
    "results": "did not return the results",
}


@pytest.fixture
def ags(line_items, feed):
    return {"items": line_items, "feed": feed}


def fail(moodle_http, name, **answer):
    method, url, call = CALLS[name]
    moodle_http.add(method, url, **answer)
    return call


@pytest.mark.parametrize("name", CALLS)
def test_no_bearer_token_accepted_says_access_was_refused(ags, moodle_http, name):
    no_token = capture("11d-ags-no-token.json")["response"]
    call = fail(moodle_http, name, status=401, json=no_token["body"])

    with pytest.raises(ServiceUnavailable, match=REFUSED):
        call(ags)


@pytest.mark.parametrize("name", ["line_items", "create", "update", "results"])
def test_a_403_says_access_was_refused(ags, moodle_http, name):
    call = fail(moodle_http, name, status=403, json={"status": 403, "reason": "Forbidden"})

    with pytest.raises(ServiceUnavailable, match=REFUSED):
        call(ags)


@pytest.mark.parametrize(
    ("name", "error", "message"),
    [
        ("line_items", ServiceUnavailable, FAILURES["line_items"]),
        ("create", ServiceUnavailable, FAILURES["create"]),
        ("update", NotFound, "no longer in the learning platform"),
        ("results", NotFound, "no longer in the learning platform"),
    ],
)
def test_a_404_says_what_is_gone(ags, moodle_http, name, error, message):
    call = fail(moodle_http, name, status=404, json={"status": 404, "reason": "Not Found"})

    with pytest.raises(error, match=message):
        call(ags)


@pytest.mark.parametrize("status", [400, 409, 500, 502, 503])
@pytest.mark.parametrize("name", CALLS)
def test_a_platform_error_names_what_did_not_happen(ags, moodle_http, name, status):
    call = fail(moodle_http, name, status=status, body="<html>Moodle exploded</html>")

    with pytest.raises(ServiceUnavailable, match=FAILURES[name]) as raised:
        call(ags)
    assert "Moodle exploded" not in raised.value.message


@pytest.mark.parametrize("cause", [requests.Timeout("slow"), requests.ConnectionError("refused")])
@pytest.mark.parametrize("name", CALLS)
def test_a_platform_out_of_reach_is_unreachable(ags, moodle_http, name, cause):
    call = fail(moodle_http, name, body=cause)

    with pytest.raises(ServiceUnavailable, match=UNREACHABLE):
        call(ags)


@pytest.mark.parametrize(
    "body",
    [
        "{",
        "<html><body>Error</body></html>",
        '{"id": "not a list"}',
        "[1, 2]",
        '[{"label": "no id", "scoreMaximum": 1}]',
        '[{"id": "x", "label": "y", "scoreMaximum": "many"}]',
        '[{"id": "x", "label": "y", "scoreMaximum": true}]',
        '[{"id": "x", "label": "y", "scoreMaximum": "NaN"}]',
    ],
)
def test_line_items_the_tool_cannot_read_are_unreadable(ags, moodle_http, body):
    call = fail(moodle_http, "line_items", body=body, content_type="application/json")

    with pytest.raises(ServiceUnavailable, match=UNREADABLE):
        call(ags)


@pytest.mark.parametrize("name", ["create", "update"])
@pytest.mark.parametrize("body", ["{", "[]", '"text"', '{"label": "no id", "id": ""}'])
def test_a_changed_line_item_the_tool_cannot_read_is_unreadable(ags, moodle_http, name, body):
    call = fail(moodle_http, name, body=body, content_type="application/json")

    with pytest.raises(ServiceUnavailable, match=UNREADABLE):
        call(ags)


@pytest.mark.parametrize(
    "body",
    [
        "{",
        '{"userId": "5"}',
        "[null]",
        '[{"resultScore": 1}]',
        '[{"userId": "5", "resultScore": "high"}]',
        '[{"userId": "5", "resultScore": 1, "timestamp": "yesterday"}]',
        '[{"userId": "5", "resultScore": 1, "timestamp": 20260101}]',
    ],
)
def test_results_the_tool_cannot_read_are_unreadable(ags, moodle_http, body):
    call = fail(moodle_http, "results", body=body, content_type="application/json")

    with pytest.raises(ServiceUnavailable, match=UNREADABLE):
        call(ags)


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        ({"status": 400, "json": {"error": "invalid_client"}}, "did not give the tool an access"),
        ({"status": 200, "body": "not json"}, "did not give the tool an access"),
        ({"status": 200, "json": {"token_type": "Bearer"}}, "did not give the tool an access"),
        ({"status": 200, "json": ["no", "token"]}, "did not give the tool an access"),
        ({"body": requests.Timeout("slow")}, UNREACHABLE),
    ],
)
def test_a_platform_giving_no_token_is_a_domain_error(ags, answer, message):
    with responses.RequestsMock() as mock:
        mock.post(TOKEN_URL, **answer)
        for name in CALLS:
            with pytest.raises(ServiceUnavailable, match=message):
                CALLS[name][2](ags)


def test_one_token_serves_every_call(ags, moodle_http):
    moodle_http.get(LINEITEMS, json=[])
    moodle_http.get(RESULTS, json=[])

    CALLS["line_items"][2](ags)
    CALLS["results"][2](ags)

    assert [call.request.url for call in moodle_http.calls] == [TOKEN_URL, LINEITEMS, RESULTS]
    bearer = "Bearer " + capture("05-token.json")["response"]["body"]["access_token"]
    assert {call.request.headers["Authorization"] for call in moodle_http.calls[1:]} == {bearer}
