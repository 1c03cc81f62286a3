"""The demo Moodle's Names and Role Provisioning Service, compared with Moodle 5.1 captures."""

from collections.abc import Callable

import pytest
from flask.testing import FlaskClient

from tests.demo_platform.support import CAPTURED_SITE, ISSUER, capture, shape

MEMBERSHIPS = "/demo-platform/mod/lti/services.php/CourseSection/2/bindings/1/memberships"
NRPS_TYPE = "application/vnd.ims.lti-nrps.v2.membershipcontainer+json"


@pytest.fixture
def bearer(get_token: Callable[..., str]) -> dict[str, str]:
    return {"Authorization": f"Bearer {get_token()}", "Accept": NRPS_TYPE}


def _assert_like(response, captured: dict) -> None:
    """Same status, Content-Type, container and member keys and types as Moodle's answer."""
    body, expected = response.get_json(force=True), captured["body"]
    assert response.status_code == captured["status"]
    assert response.headers["Content-Type"] == captured["headers"]["Content-Type"]
    assert shape({**body, "members": []}) == shape({**expected, "members": []})
    assert {str(shape(m)) for m in body["members"]} == {str(shape(m)) for m in expected["members"]}


def test_members_match_moodles(client: FlaskClient, bearer: dict[str, str]):
    captured = capture("12-nrps-members.json")

    response = client.get(MEMBERSHIPS, headers=bearer)

    body = response.get_json(force=True)
    _assert_like(response, captured["response"])
    assert body["id"] == ISSUER + "/mod/lti/services.php/CourseSection/2/bindings/1/memberships"
    assert body["context"] == captured["response"]["body"]["context"]
    assert [(m["user_id"], m["roles"]) for m in body["members"]] == [
        ("6", ["Learner"]),
        ("5", ["Learner"]),
        ("4", ["Learner"]),
        ("3", ["Instructor"]),
    ]


def test_paging_members_sends_a_straight_quoted_link(client: FlaskClient, bearer: dict[str, str]):
    captured = capture("12b-nrps-members-limit1.json")

    first = client.get(MEMBERSHIPS + "?limit=1", headers=bearer)
    last = client.get(MEMBERSHIPS + "?limit=1&from=3", headers=bearer)

    _assert_like(first, captured["response"])
    assert first.headers["Link"] == captured["response"]["headers"]["Link"].replace(
        CAPTURED_SITE, ISSUER
    )
    assert len(first.get_json(force=True)["members"]) == 1
    assert "Link" not in last.headers
    assert [m["user_id"] for m in last.get_json(force=True)["members"]] == ["3"]


def test_members_of_a_resource_link_carry_their_launch_message(client, bearer):
    captured = capture("12c-nrps-members-rlid.json")

    response = client.get(MEMBERSHIPS + "?rlid=1", headers=bearer)

    _assert_like(response, captured["response"])
    assert client.get(MEMBERSHIPS + "?rlid=9", headers=bearer).status_code == 404


def test_members_filter_by_role(client: FlaskClient, bearer: dict[str, str]):
    teachers = client.get(MEMBERSHIPS + "?role=Instructor", headers=bearer)
    learner_uri = "http://purl.imsglobal.org/vocab/lis/v2/membership%23Learner"
    learners = client.get(MEMBERSHIPS + "?role=" + learner_uri, headers=bearer)

    assert [m["user_id"] for m in teachers.get_json(force=True)["members"]] == ["3"]
    assert [m["user_id"] for m in learners.get_json(force=True)["members"]] == ["6", "5", "4"]


def test_members_need_a_token_with_the_nrps_scope(client, get_token: Callable[..., str]):
    score_only = get_token(["https://purl.imsglobal.org/spec/lti-ags/scope/score"])

    anonymous = client.get(MEMBERSHIPS)
    wrong_scope = client.get(MEMBERSHIPS, headers={"Authorization": f"Bearer {score_only}"})

    # Moodle's memberships resource answers 403 where AGS answers 401.
    assert anonymous.status_code == wrong_scope.status_code == 403
    assert anonymous.get_json(force=True)["reason"] == "Forbidden"


def test_other_course_or_tool_type_is_not_found(client: FlaskClient, bearer: dict[str, str]):
    assert client.get(MEMBERSHIPS.replace("/2/", "/7/"), headers=bearer).status_code == 404
    assert client.get(MEMBERSHIPS.replace("/1/", "/4/"), headers=bearer).status_code == 404
