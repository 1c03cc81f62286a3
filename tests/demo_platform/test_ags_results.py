"""The demo Moodle's AGS results and scores, compared with Moodle 5.1 captures (10-11c)."""

import json

import pytest
from flask.testing import FlaskClient

from lti_tool.demo_platform import DemoMoodle
from tests.demo_platform.support import (
    ISSUER,
    ITEM,
    LINEITEMS,
    RESULTS,
    RESULTS_TYPE,
    SCORE,
    SCORES,
    FakeClock,
    assert_like,
    at_emulator,
    capture,
    here,
    local_path,
    score_body,
)

CAPTURED_AT = capture("03-id-token-student1.json")["payload"]["iat"]


def test_results_are_the_seed_grades(client: FlaskClient, bearer: dict[str, str]):
    captured = capture("11-ags-results.json")

    response = client.get(RESULTS, headers=bearer | {"Accept": RESULTS_TYPE})

    # Moodle sends "comment" only for a grade with feedback; the seed grades have none.
    assert_like(response, captured["response"], optional=("comment",))
    scores = {r["userId"]: r["resultScore"] for r in response.get_json(force=True)}
    assert scores == {"4": 85, "5": 64, "6": 42}


def test_results_filter_by_user(client: FlaskClient, bearer: dict[str, str]):
    captured = capture("11b-ags-results-user.json")

    response = client.get(here(captured["request"]["url"]), headers=bearer)

    assert_like(response, captured["response"], optional=("comment",))
    assert [r["userId"] for r in response.get_json(force=True)] == ["5"]
    assert response.get_json(force=True)[0]["id"] == at_emulator(
        captured["response"]["body"][0]["id"]
    )


def test_results_hold_only_users_with_a_grade(client: FlaskClient, bearer: dict[str, str]):
    headers = bearer | {"Content-Type": ITEM}
    body = {"scoreMaximum": 10, "label": "Not graded yet"}
    item_url = client.post(LINEITEMS, data=json.dumps(body), headers=headers).get_json()["id"]
    results_url = item_url.replace("/lineitem?", "/lineitem/results?")

    teacher = client.get(RESULTS + "&user_id=3", headers=bearer)
    fresh = client.get(local_path(results_url), headers=bearer)

    assert teacher.get_json(force=True) == []
    assert fresh.get_json(force=True) == []


def test_results_do_not_page(client: FlaskClient, bearer: dict[str, str]):
    captured = capture("11c-ags-results-limit1.json")

    response = client.get(here(captured["request"]["url"]), headers=bearer)

    assert response.status_code == 404
    assert response.headers["Content-Type"] == captured["response"]["headers"]["Content-Type"]
    assert response.headers["Cache-Control"] == captured["response"]["headers"]["Cache-Control"]
    assert response.get_data(as_text=True).startswith("<!DOCTYPE html>")


# The platform runs at the capture's time, so the seed grades are older than the captured score.
@pytest.mark.parametrize("clock", [FakeClock(start=CAPTURED_AT)])
def test_a_score_becomes_the_result(client: FlaskClient, bearer: dict[str, str]):
    captured = capture("10-ags-score.json")
    headers = bearer | {"Content-Type": SCORE}

    response = client.post(SCORES, data=json.dumps(captured["request"]["body"]), headers=headers)
    result = client.get(RESULTS + "&user_id=5", headers=bearer).get_json(force=True)

    assert_like(response, captured["response"])
    assert response.get_data() == b""
    assert result == [
        {
            "id": at_emulator(capture("11b-ags-results-user.json")["request"]["url"]),
            "userId": "5",
            "resultScore": 64,
            "resultMaximum": 100,
            "comment": "captured",
            "scoreOf": ISSUER + "/mod/lti/services.php/2/lineitems/3/lineitem?type_id=1",
            "timestamp": "2026-11-22T23:27:00+00:00",
        }
    ]


def test_a_score_is_rescaled_to_the_line_item_maximum(client: FlaskClient, bearer, platform):
    score = score_body(userId="4", scoreGiven=7, scoreMaximum=10)

    client.post(SCORES, data=json.dumps(score), headers=bearer | {"Content-Type": SCORE})

    assert platform.gradebook.results(3, user_id=4)[0].score == 70


def test_a_score_not_fully_graded_clears_the_grade(client, bearer, platform: DemoMoodle):
    score = score_body(userId="6", gradingProgress="Pending")

    response = client.post(SCORES, data=json.dumps(score), headers=bearer | {"Content-Type": SCORE})

    assert response.status_code == 200
    assert platform.gradebook.results(3, user_id=6) == []


def test_an_older_or_equal_score_is_refused_with_409(client: FlaskClient, bearer: dict[str, str]):
    captured = capture("10b-ags-score-older-timestamp.json")
    headers = bearer | {"Content-Type": SCORE}
    newest = score_body(timestamp="2099-01-02T00:00:00+00:00")
    assert client.post(SCORES, data=json.dumps(newest), headers=headers).status_code == 200

    older = client.post(SCORES, data=json.dumps(captured["request"]["body"]), headers=headers)
    same = client.post(SCORES, data=json.dumps(newest), headers=headers)

    assert_like(older, captured["response"])
    assert older.get_data() == same.get_data() == b"[]"
    assert same.status_code == 409


@pytest.mark.parametrize(
    "body",
    [
        capture("10c-ags-score-incomplete.json")["request"]["body"],
        {"userId": "5", "scoreGiven": 1},
        score_body(userId="3"),
        score_body(userId="99"),
        score_body(scoreGiven="many"),
        score_body(timestamp="yesterday"),
    ],
)
def test_an_incomplete_score_is_refused_with_400(client, bearer: dict[str, str], body: dict):
    captured = capture("10c-ags-score-incomplete.json")

    response = client.post(SCORES, data=json.dumps(body), headers=bearer | {"Content-Type": SCORE})

    assert_like(response, captured["response"])
    assert response.get_data() == b"[]"


def test_set_grade_changes_the_results(client, bearer, platform: DemoMoodle):
    platform.set_grade(6, 91, comment="resit")

    result = client.get(RESULTS + "&user_id=6", headers=bearer).get_json(force=True)[0]

    assert (result["resultScore"], result["comment"]) == (91, "resit")


def test_a_score_container_is_not_ascore_body(client, bearer: dict[str, str]):
    headers = bearer | {"Content-Type": "application/vnd.ims.lis.v1.scorecontainer+json"}

    response = client.post(SCORES, data=json.dumps(score_body()), headers=headers)

    assert response.status_code == 400
    assert response.headers["Content-Type"] == "application/json; charset=utf-8"
