"""Gradebook columns (AGS line items) as Moodle 5.1 answers for them (06-09b)."""

from dataclasses import replace
from decimal import Decimal

import pytest
from responses import matchers

from adapters.lms.ags_line_items import LineItem
from adapters.lti import claims
from lti_tool.domain.errors import InvalidInput, NotAllowed
from tests.adapters.lms.support import (
    ISSUER,
    ITEM_TYPE,
    LINEITEM,
    LINEITEMS,
    NEW_ITEM,
    SCOPES,
    WELDING,
    capture,
    moodle_link,
    sent_json,
)


def test_line_items_are_found_by_tag(line_items, moodle_http):
    captured = capture("06d-ags-lineitems-by-tag.json")
    moodle_http.get(captured["request"]["url"], json=captured["response"]["body"])

    found = line_items.line_items(
        issuer=ISSUER,
        client_id="client",
        lineitems_url=LINEITEMS,
        scopes=SCOPES,
        tag="microcredential-42",
    )

    assert found == [
        LineItem(
            label="Micro-credential: Welding safety (v2)",
            score_maximum=Decimal(20),
            tag="microcredential-42",
            resource_id="mc-42",
            url=NEW_ITEM,
        )
    ]
    accept = moodle_http.calls[1].request.headers["Accept"]
    assert accept == "application/vnd.ims.lis.v2.lineitemcontainer+json"


def test_line_items_are_found_by_resource_link(line_items, moodle_http):
    captured = capture("06c-ags-lineitems-by-resource-link.json")
    moodle_http.get(captured["request"]["url"], json=captured["response"]["body"])

    (found,) = line_items.line_items(
        issuer=ISSUER,
        client_id="client",
        lineitems_url=LINEITEMS,
        scopes=SCOPES,
        resource_link_id="1",
    )

    assert (found.label, found.resource_link_id, found.url) == (
        "Holdout LTI Activity",
        "1",
        LINEITEM,
    )
    assert found.other_members == {}


def test_filters_are_checked_again_for_a_platform_that_ignores_them(line_items, moodle_http):
    everything = capture("06-ags-lineitems.json")["response"]["body"]
    everything += capture("06d-ags-lineitems-by-tag.json")["response"]["body"]
    any_query = matchers.query_param_matcher({"type_id": "1"}, strict_match=False)
    moodle_http.get(LINEITEMS.split("?")[0], json=everything, match=[any_query])

    def found(**filters):
        return [
            item.label
            for item in line_items.line_items(
                issuer=ISSUER,
                client_id="client",
                lineitems_url=LINEITEMS,
                scopes=SCOPES,
                **filters,
            )
        ]

    assert found(tag="microcredential-42") == ["Micro-credential: Welding safety (v2)"]
    assert found(resource_link_id="1") == ["Holdout LTI Activity"]
    assert found(tag="microcredential-42", resource_link_id="1") == []
    assert len(found()) == 2


def test_every_page_of_line_items_is_read_over_moodles_curly_quoted_links(line_items, moodle_http):
    first, second = capture("06-ags-lineitems.json"), capture("06d-ags-lineitems-by-tag.json")
    page = LINEITEMS + "&limit=1&from={}"
    links = [(page.format(0), "first"), (page.format(1), "next"), (page.format(2), "last")]
    moodle_http.get(
        LINEITEMS + "&limit=1",
        json=first["response"]["body"],
        headers={"Link": moodle_link(*links)},
    )
    moodle_http.get(
        page.format(1),
        json=second["response"]["body"],
        headers={"Link": moodle_link((page.format(0), "first"), (page.format(1), "canonical"))},
    )

    found = line_items.line_items(
        issuer=ISSUER, client_id="client", lineitems_url=LINEITEMS, scopes=SCOPES, page_size=1
    )

    assert [item.url for item in found] == [LINEITEM, NEW_ITEM]
    assert [call.request.url for call in moodle_http.calls[1:]] == [
        LINEITEMS + "&limit=1",
        page.format(1),
    ]


def test_a_platform_linking_in_a_circle_is_read_once(line_items, moodle_http):
    moodle_http.get(
        LINEITEMS,
        json=capture("06-ags-lineitems.json")["response"]["body"],
        headers={"Link": f'<{LINEITEMS}>; rel="next"'},
    )

    found = line_items.line_items(
        issuer=ISSUER, client_id="client", lineitems_url=LINEITEMS, scopes=SCOPES
    )

    assert len(found) == 1
    assert len(moodle_http.calls) == 2  # the token, then one page


def test_a_line_item_is_created_as_moodle_answers(line_items, moodle_http):
    captured = capture("08-ags-lineitem-create.json")
    moodle_http.post(LINEITEMS, status=201, json=captured["response"]["body"])

    created = line_items.create(
        WELDING, issuer=ISSUER, client_id="client", lineitems_url=LINEITEMS, scopes=SCOPES
    )

    assert created == replace(WELDING, url=NEW_ITEM)
    assert sent_json(moodle_http) == captured["request"]["body"]
    assert moodle_http.calls[1].request.headers["Content-Type"] == ITEM_TYPE
    assert moodle_http.calls[1].request.url == LINEITEMS


def test_a_line_item_is_updated_by_putting_all_of_it(line_items, moodle_http):
    captured = capture("09-ags-lineitem-update.json")
    moodle_http.put(NEW_ITEM, json=captured["response"]["body"])
    renamed = LineItem(
        label="Micro-credential: Welding safety (v2)",
        score_maximum=Decimal(20),
        tag="microcredential-42",
        resource_id="mc-42",
        url=NEW_ITEM,
    )

    updated = line_items.update(renamed, issuer=ISSUER, client_id="client", scopes=SCOPES)

    assert updated == renamed
    assert sent_json(moodle_http) == captured["request"]["body"]
    request = moodle_http.calls[1].request
    assert (request.method, request.url) == ("PUT", NEW_ITEM)
    assert request.headers["Content-Type"] == ITEM_TYPE


def test_members_the_tool_does_not_use_survive_an_update(line_items, moodle_http):
    dated = {
        "id": NEW_ITEM,
        "label": "Welding",
        "scoreMaximum": 12.5,
        "startDateTime": "2026-01-01T00:00:00Z",
        "ltiLinkId": "1",
        "resourceLinkId": "1",
    }
    moodle_http.get(LINEITEMS, json=[dated])
    moodle_http.put(NEW_ITEM, body="", status=204)
    (item,) = line_items.line_items(
        issuer=ISSUER, client_id="client", lineitems_url=LINEITEMS, scopes=SCOPES
    )

    updated = line_items.update(
        replace(item, label="Welding, renamed"),
        issuer=ISSUER,
        client_id="client",
        scopes=SCOPES,
    )

    assert sent_json(moodle_http) == {
        "id": NEW_ITEM,
        "label": "Welding, renamed",
        "scoreMaximum": 12.5,
        "startDateTime": "2026-01-01T00:00:00Z",
        "resourceLinkId": "1",
    }
    assert (updated.label, updated.score_maximum) == ("Welding, renamed", Decimal("12.5"))


def test_only_a_line_item_the_platform_made_can_be_updated(line_items):
    with pytest.raises(ValueError, match="read from the platform"):
        line_items.update(WELDING, issuer=ISSUER, client_id="client", scopes=SCOPES)


def test_a_line_item_is_deleted_as_moodle_answers(line_items, moodle_http):
    captured = capture("09b-ags-lineitem-delete.json")["response"]
    moodle_http.delete(NEW_ITEM, status=captured["status"], body="", content_type="text/html")

    assert line_items.delete(
        issuer=ISSUER, client_id="client", lineitem_url=NEW_ITEM, scopes=SCOPES
    )
    assert moodle_http.calls[1].request.method == "DELETE"


def test_deleting_a_line_item_that_is_gone_is_no_error(line_items, moodle_http):
    moodle_http.delete(NEW_ITEM, status=404, json={"status": 404, "reason": "Not Found"})

    assert not line_items.delete(
        issuer=ISSUER, client_id="client", lineitem_url=NEW_ITEM, scopes=SCOPES
    )


def test_the_activitys_own_line_item_cannot_be_deleted(line_items, moodle_http):
    moodle_http.delete(LINEITEM, status=403, json={"status": 403, "reason": "Forbidden"})

    with pytest.raises(NotAllowed, match="does not let the tool remove"):
        line_items.delete(issuer=ISSUER, client_id="client", lineitem_url=LINEITEM, scopes=SCOPES)


@pytest.mark.parametrize(
    ("scopes", "calls"),
    [
        ((claims.AGS_SCOPE_RESULT_READONLY,), ["line_items", "create", "update", "delete"]),
        ((claims.AGS_SCOPE_LINEITEM_READONLY,), ["create", "update", "delete"]),
    ],
)
def test_line_items_need_the_scope_the_launch_granted(line_items, scopes, calls):
    item = LineItem(label="x", score_maximum=Decimal(1), url=NEW_ITEM)
    call = {
        "line_items": lambda: line_items.line_items(
            issuer=ISSUER, client_id="client", lineitems_url=LINEITEMS, scopes=scopes
        ),
        "create": lambda: line_items.create(
            item, issuer=ISSUER, client_id="client", lineitems_url=LINEITEMS, scopes=scopes
        ),
        "update": lambda: line_items.update(item, issuer=ISSUER, client_id="client", scopes=scopes),
        "delete": lambda: line_items.delete(
            issuer=ISSUER, client_id="client", lineitem_url=NEW_ITEM, scopes=scopes
        ),
    }
    for name in calls:
        with pytest.raises(InvalidInput, match="did not grant"):
            call[name]()
