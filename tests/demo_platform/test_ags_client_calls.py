"""The demo Moodle answers the calls of the tool's AGS client as Moodle 5.1 does (06c-09b):
the draft's `lti_link_id` filter, filtered paging, whole-item PUTs, and a removed column."""

import json
import re
from collections.abc import Callable

import pytest
from flask.testing import FlaskClient

from tests.demo_platform.support import (
    CONTAINER,
    ITEM,
    LINEITEMS,
    SCORE,
    assert_like,
    capture,
    here,
    local_path,
    score_body,
)

READ_ONLY = "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly"


def add_item(client: FlaskClient, bearer: dict[str, str], **body: object) -> str:
    """POST a line item; its URL (`id`), with Moodle's ?type_id= after the path."""
    item = {"scoreMaximum": 10, "label": "Column"} | body
    response = client.post(
        LINEITEMS, data=json.dumps(item), headers=bearer | {"Content-Type": ITEM}
    )
    assert response.status_code == 201
    return response.get_json(force=True)["id"]


def links(response) -> dict[str, str]:
    """The rel → URL of Moodle's curly-quoted, `&amp;`-joined Link header, as sent (UTF-8)."""
    header = response.headers["Link"].encode("latin-1").decode("utf-8")
    return {rel: url for url, rel in re.findall(r"<([^>]+)>; rel=“(\w+)”", header)}


def test_the_drafts_lti_link_id_filters_as_resource_link_id_does(client, bearer):
    captured = capture("06c-ags-lineitems-by-resource-link.json")
    add_item(client, bearer, tag="elsewhere")
    url = here(captured["request"]["url"]).replace("resource_link_id=", "lti_link_id=")

    response = client.get(url, headers=bearer | {"Accept": CONTAINER})

    assert_like(response, captured["response"])
    assert [item["ltiLinkId"] for item in response.get_json(force=True)] == ["1"]


def test_paging_a_filtered_list_keeps_the_filter_in_every_link(client, bearer):
    for label in ("First", "Untagged", "Second"):
        add_item(client, bearer, label=label, tag="" if label == "Untagged" else "mc-1")
    accept = bearer | {"Accept": CONTAINER}

    first = client.get(LINEITEMS + "&tag=mc-1&limit=1", headers=accept)
    next_url = links(first)["next"].replace("&amp;", "&")
    second = client.get(local_path(next_url), headers=accept)

    assert "tag=mc-1" in next_url and "type_id=1" in next_url
    assert [item["label"] for item in first.get_json(force=True)] == ["First"]
    assert [item["label"] for item in second.get_json(force=True)] == ["Second"]
    assert "next" not in links(second)


def test_a_put_replaces_the_whole_line_item(client, bearer):
    updated = capture("09-ags-lineitem-update.json")
    item_url = add_item(client, bearer, tag="mc-42", resourceId="mc-42")
    headers = bearer | {"Content-Type": ITEM}
    body = {"label": "Renamed", "scoreMaximum": 20, "id": item_url}

    answer = client.put(local_path(item_url), data=json.dumps(body), headers=headers)
    stored = client.get(local_path(item_url), headers=bearer).get_json(force=True)

    assert_like(answer, updated["response"] | {"body": ""})
    assert answer.get_json(force=True) == body  # Moodle echoes what it was sent
    assert (stored["label"], stored["scoreMaximum"], stored["tag"], stored["resourceId"]) == (
        "Renamed",
        20,
        "",
        "",
    )


def test_a_read_only_token_cannot_change_or_remove_a_line_item(
    client, bearer, get_token: Callable[..., str]
):
    item_url = local_path(add_item(client, bearer))
    read_only = {"Authorization": f"Bearer {get_token([READ_ONLY])}"}
    body = json.dumps({"label": "Renamed", "scoreMaximum": 10})

    put = client.put(item_url, data=body, headers=read_only | {"Content-Type": ITEM})
    delete = client.delete(item_url, headers=read_only)

    assert put.status_code == delete.status_code == 401
    assert client.get(item_url, headers=read_only).get_json(force=True)["label"] == "Column"


@pytest.mark.parametrize("call", ["put", "delete", "results", "scores"])
def test_a_removed_line_item_is_not_found(client, bearer, call: str):
    item_url = local_path(add_item(client, bearer))
    assert client.delete(item_url, headers=bearer).status_code == 204
    path, query = item_url.split("?")
    requests = {
        "put": lambda: client.put(
            item_url,
            data=json.dumps({"label": "x", "scoreMaximum": 1}),
            headers=bearer | {"Content-Type": ITEM},
        ),
        "delete": lambda: client.delete(item_url, headers=bearer),
        "results": lambda: client.get(f"{path}/results?{query}", headers=bearer),
        "scores": lambda: client.post(
            f"{path}/scores?{query}",
            data=json.dumps(score_body()),
            headers=bearer | {"Content-Type": SCORE},
        ),
    }

    response = requests[call]()

    assert response.status_code == 404
    assert response.get_json(force=True)["status"] == 404
