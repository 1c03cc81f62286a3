"""Results and scores as Moodle 5.1 answers for them (10-11d)."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from adapters.lms.platform_services import with_path
from adapters.lti import claims
from lti_tool.domain.errors import InvalidInput, NotFound, ServiceUnavailable
from lti_tool.domain.results import ResultSource
from tests.adapters.lms.support import (
    ISSUER,
    LINEITEM,
    LINEITEMS,
    NEW_ITEM,
    REFUSED,
    RESULTS,
    SCOPES,
    capture,
    sent_json,
)


def test_results_are_read_under_the_line_item_with_type_id_kept(feed, moodle_http):
    captured = capture("11-ags-results.json")
    moodle_http.get(RESULTS, json=captured["response"]["body"])

    (result,) = feed.results(
        issuer=ISSUER, client_id="client", lineitem_url=LINEITEM, scopes=SCOPES
    )

    assert moodle_http.calls[1].request.url == captured["request"]["url"]
    assert result.learner == "5"
    assert result.source == ResultSource.AGS
    assert result.item == LINEITEM
    assert (result.score, result.maximum) == (Decimal(64), Decimal(100))
    assert result.recorded_at == datetime(2026, 11, 22, 23, 27, tzinfo=UTC)


def test_one_learners_results_are_asked_with_user_id(feed, moodle_http):
    captured = capture("11b-ags-results-user.json")
    moodle_http.get(captured["request"]["url"], json=captured["response"]["body"])

    results = feed.results(
        issuer=ISSUER, client_id="client", lineitem_url=LINEITEM, scopes=SCOPES, learner="5"
    )

    assert [r.learner for r in results] == ["5"]
    assert moodle_http.calls[1].request.url == RESULTS + "&user_id=5"


def test_moodle_refusing_to_page_results_is_asked_again_for_all_of_them(feed, moodle_http):
    refused = capture("11c-ags-results-limit1.json")
    moodle_http.get(
        refused["request"]["url"],
        status=404,
        body=refused["response"]["body"],
        content_type="text/html; charset=utf-8",
    )
    moodle_http.get(RESULTS, json=capture("11-ags-results.json")["response"]["body"])

    results = feed.results(
        issuer=ISSUER, client_id="client", lineitem_url=LINEITEM, scopes=SCOPES, page_size=1
    )

    assert [r.learner for r in results] == ["5"]
    assert [call.request.url for call in moodle_http.calls[1:]] == [RESULTS + "&limit=1", RESULTS]


def test_a_platform_that_pages_results_is_read_to_the_last_page(feed, moodle_http):
    body = capture("11-ags-results.json")["response"]["body"]
    page = RESULTS + "&limit=1&page={}"
    second = [body[0] | {"userId": "4", "resultScore": 85}]
    moodle_http.get(
        RESULTS + "&limit=1", json=body, headers={"Link": f'<{page.format(2)}>; rel="next"'}
    )
    moodle_http.get(page.format(2), json=second)

    results = feed.results(
        issuer=ISSUER, client_id="client", lineitem_url=LINEITEM, scopes=SCOPES, page_size=1
    )

    assert [(r.learner, r.score) for r in results] == [("5", 64), ("4", 85)]


def test_results_without_a_score_are_left_out(feed, moodle_http):
    graded = capture("11-ags-results.json")["response"]["body"][0]
    ungraded = {key: value for key, value in graded.items() if key != "resultScore"}
    moodle_http.get(RESULTS, json=[graded, ungraded | {"userId": "4"}])

    results = feed.results(issuer=ISSUER, client_id="client", lineitem_url=LINEITEM, scopes=SCOPES)

    assert [r.learner for r in results] == ["5"]


def test_results_need_the_results_scope(feed):
    with pytest.raises(InvalidInput, match="did not grant this tool access to results"):
        feed.results(
            issuer=ISSUER,
            client_id="client",
            lineitem_url=LINEITEM,
            scopes=[claims.AGS_SCOPE_SCORE],
        )


def report(scores, **changes):
    target = {
        "issuer": ISSUER,
        "client_id": "client",
        "lineitems_url": LINEITEMS,
        "scopes": SCOPES,
        "tag": "microcredential-42",
        "learner": "5",
        "issued_at": datetime(2026, 11, 22, 23, 27, tzinfo=UTC),
    }
    return scores.report_issued(**(target | changes))


def tagged_line_item(moodle_http):
    body = capture("06d-ags-lineitems-by-tag.json")["response"]["body"]
    moodle_http.get(LINEITEMS + "&tag=microcredential-42", json=body)


def test_an_issued_credential_is_scored_on_the_tagged_line_item(scores, moodle_http):
    tagged_line_item(moodle_http)
    captured = capture("10-ags-score.json")["response"]
    item_scores = with_path(NEW_ITEM, "scores")
    moodle_http.post(item_scores, body="", content_type=captured["headers"]["Content-Type"])

    assert report(scores)

    assert moodle_http.calls[2].request.url == item_scores
    assert (
        moodle_http.calls[2].request.headers["Content-Type"]
        == "application/vnd.ims.lis.v1.score+json"
    )
    assert sent_json(moodle_http) == {
        "userId": "5",
        "scoreGiven": 100,
        "scoreMaximum": 100,
        "activityProgress": "Completed",
        "gradingProgress": "FullyGraded",
        "timestamp": "2026-11-22T23:27:00+00:00",
        "comment": "Micro-credential issued",
    }


def test_a_score_moodle_already_has_newer_counts_as_reported(scores, moodle_http):
    tagged_line_item(moodle_http)
    captured = capture("10b-ags-score-older-timestamp.json")["response"]
    moodle_http.post(with_path(NEW_ITEM, "scores"), status=409, json=captured["body"])

    assert report(scores)


def test_without_a_tagged_line_item_no_score_is_sent(scores, moodle_http):
    moodle_http.get(LINEITEMS + "&tag=microcredential-42", json=[])

    assert not report(scores)
    assert len(moodle_http.calls) == 2


@pytest.mark.parametrize(
    "scopes",
    [
        (claims.AGS_SCOPE_LINEITEM, claims.AGS_SCOPE_RESULT_READONLY),
        (claims.AGS_SCOPE_SCORE, claims.AGS_SCOPE_RESULT_READONLY),
    ],
)
def test_without_the_scopes_no_score_is_sent(scores, scopes):
    assert not report(scores, scopes=scopes)


@pytest.mark.parametrize(
    ("status", "error", "message"),
    [
        (400, ServiceUnavailable, "did not take the score"),
        (401, ServiceUnavailable, REFUSED),
        (404, NotFound, "no longer in the learning platform"),
        (500, ServiceUnavailable, "did not take the score"),
    ],
)
def test_a_score_the_platform_refuses_is_a_domain_error(
    scores, moodle_http, status, error, message
):
    tagged_line_item(moodle_http)
    moodle_http.post(with_path(NEW_ITEM, "scores"), status=status, json=[])

    with pytest.raises(error, match=message):
        report(scores)
