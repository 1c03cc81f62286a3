"""The demo Moodle's AGS line items, compared with Moodle 5.1 captures (06-09b)."""

import json
import re

import pytest
from flask.testing import FlaskClient

from tests.demo_platform.support import (
    CAPTURED_SITE,
    CONTAINER,
    ISSUER,
    ITEM,
    LINEITEM,
    LINEITEMS,
    RESULTS,
    assert_like,
    capture,
    here,
    local_path,
)


def test_line_item_container_matches_moodles(client: FlaskClient, bearer: dict[str, str]):
    captured = capture("06-ags-lineitems.json")
    headers = bearer | captured["request"]["headers"]

    response = client.get(here(captured["request"]["url"]), headers=headers)

    assert_like(response, captured["response"])
    assert response.get_json(force=True) == [
        {
            "id": ISSUER + "/mod/lti/services.php/2/lineitems/3/lineitem?type_id=1",
            "label": "Micro-credentials",
            "scoreMaximum": 100,
            "resourceId": "",
            "tag": "",
            "resourceLinkId": "1",
            "ltiLinkId": "1",
        }
    ]


def test_paging_line_items_sends_moodles_curly_quoted_link_header(
    client: FlaskClient, bearer: dict[str, str]
):
    captured = capture("06b-ags-lineitems-limit1.json")
    headers = bearer | {"Accept": CONTAINER}

    response = client.get(here(captured["request"]["url"]), headers=headers)

    # The header travels as UTF-8 bytes; WSGI hands them over as Latin-1 text.
    link = response.headers["Link"].encode("latin-1").decode("utf-8")
    assert_like(response, captured["response"])
    assert link == captured["response"]["headers"]["Link"].replace(CAPTURED_SITE, ISSUER)
    assert "rel=“first”" in link and "&amp;limit=1" in link


def test_line_items_filter_by_resource_link_and_tag(client: FlaskClient, bearer: dict[str, str]):
    by_link = capture("06c-ags-lineitems-by-resource-link.json")
    by_tag = capture("06d-ags-lineitems-by-tag.json")
    headers = bearer | {"Content-Type": ITEM}
    new_item = {"scoreMaximum": 20, "label": "Welding safety", "tag": "microcredential-42"}
    assert client.post(LINEITEMS, data=json.dumps(new_item), headers=headers).status_code == 201
    accept = bearer | {"Accept": CONTAINER}

    linked = client.get(here(by_link["request"]["url"]), headers=accept)
    tagged = client.get(here(by_tag["request"]["url"]), headers=accept)
    elsewhere = client.get(LINEITEMS + "&resource_link_id=99", headers=accept)

    assert_like(linked, by_link["response"])
    assert_like(tagged, by_tag["response"])
    assert [item["label"] for item in linked.get_json(force=True)] == ["Micro-credentials"]
    assert [item["label"] for item in tagged.get_json(force=True)] == ["Welding safety"]
    assert elsewhere.get_json(force=True) == []


def test_one_line_item_matches_moodles(client: FlaskClient, bearer: dict[str, str]):
    captured = capture("07-ags-lineitem.json")

    response = client.get(here(captured["request"]["url"]), headers=bearer | {"Accept": ITEM})

    assert_like(response, captured["response"])


def test_line_item_create_update_delete_answer_as_moodle(
    client: FlaskClient, bearer: dict[str, str]
):
    created, updated = (
        capture("08-ags-lineitem-create.json"),
        capture("09-ags-lineitem-update.json"),
    )
    deleted = capture("09b-ags-lineitem-delete.json")
    headers = bearer | {"Content-Type": ITEM}

    create = client.post(LINEITEMS, data=json.dumps(created["request"]["body"]), headers=headers)
    item_url = create.get_json(force=True)["id"]
    update = client.put(
        local_path(item_url), data=json.dumps(updated["request"]["body"]), headers=headers
    )
    delete = client.delete(local_path(item_url), headers=bearer)

    assert_like(create, created["response"])
    assert_like(update, updated["response"])
    assert_like(delete, deleted["response"])
    assert item_url == ISSUER + "/mod/lti/services.php/2/lineitems/4/lineitem?type_id=1"
    assert update.get_json(force=True)["scoreMaximum"] == 20
    assert client.get(local_path(item_url), headers=bearer).status_code == 404


def test_the_activity_line_item_cannot_be_deleted(client: FlaskClient, bearer: dict[str, str]):
    assert client.delete(LINEITEM, headers=bearer).status_code == 403


def test_paging_through_line_items_links_prev_and_next(client, bearer: dict[str, str]):
    for label in ("Second", "Third"):
        item = json.dumps({"scoreMaximum": 10, "label": label})
        client.post(LINEITEMS, data=item, headers=bearer | {"Content-Type": ITEM})

    response = client.get(LINEITEMS + "&limit=1&from=1", headers=bearer)

    link = response.headers["Link"].encode("latin-1").decode("utf-8")
    rels = {
        rel: url.rsplit("from=", 1)[1] for url, rel in re.findall(r"<([^>]+)>; rel=“(\w+)”", link)
    }
    assert rels == {"first": "0", "prev": "0", "canonical": "1", "next": "2", "last": "3"}
    assert [item["label"] for item in response.get_json(force=True)] == ["Second"]


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"label": "No maximum"}, 400),
        ({"scoreMaximum": 10}, 400),
        ({"scoreMaximum": "ten", "label": "Not a number"}, 400),
        ({"scoreMaximum": 10, "label": "Elsewhere", "resourceLinkId": "9"}, 403),
        ("not an object", 400),
    ],
)
def test_a_line_item_moodle_cannot_store_is_refused(client, bearer, body: object, status: int):
    headers = bearer | {"Content-Type": ITEM}

    created = client.post(LINEITEMS, data=json.dumps(body), headers=headers)
    updated = client.put(LINEITEM, data=json.dumps(body), headers=headers)

    assert created.status_code == updated.status_code == status
    assert created.get_json(force=True)["status"] == status


def test_a_line_item_body_that_is_not_json_is_refused(client, bearer: dict[str, str]):
    headers = bearer | {"Content-Type": ITEM}

    assert client.post(LINEITEMS, data="{", headers=headers).status_code == 400


def test_changing_the_maximum_keeps_each_grades_percentage(client, bearer, platform):
    body = {"scoreMaximum": 50, "label": "Micro-credentials", "resourceLinkId": "1"}

    response = client.put(LINEITEM, data=json.dumps(body), headers=bearer | {"Content-Type": ITEM})

    assert response.status_code == 200
    assert [grade.score for grade in platform.gradebook.results(3)] == [42.5, 32, 21]
    result = client.get(RESULTS + "&user_id=4", headers=bearer).get_json(force=True)[0]
    assert (result["resultScore"], result["resultMaximum"]) == (42.5, 50)
