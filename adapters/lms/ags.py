"""LTI Assignment and Grade Services (AGS 2.0): the results of a gradebook column, and scores.

https://www.imsglobal.org/spec/lti-ags/v2p0/ — Moodle's habits are kept: every service URL
carries `?type_id=N`, which stays after a path added to it; results do not page (`limit` is
answered 404); a score not newer than the stored one is answered 409
(tests/vectors/moodle-5.1/10-11d). The columns themselves are in `ags_line_items`.
"""

from collections.abc import Iterator, Sequence
from datetime import datetime
from decimal import Decimal, InvalidOperation

from adapters.lms.ags_answers import (
    GONE,
    LINE_ITEM_READERS,
    RESULT_CONTAINER,
    SCORE,
    checked,
    pages,
    unreadable,
)
from adapters.lms.ags_line_items import find_line_items
from adapters.lms.platform_services import (
    PlatformServices,
    SharedTokenConnector,
    with_path,
    with_query,
)
from adapters.lti import claims
from lti_tool.domain.errors import InvalidInput, NotFound
from lti_tool.domain.results import Result, ResultSource

_NO_RESULTS_GRANTED = (
    "The platform did not grant this tool access to results. Ask your administrator to allow "
    "the tool to use Assignment and Grade Services."
)
_NO_RESULTS = "The learning platform did not return the results."
_NO_SCORE = "The learning platform did not take the score."


class AgsResultFeed:
    """Reads the results of a line item from the platform that launched the course."""

    def __init__(self, *, services: PlatformServices):
        self._services = services

    def results(
        self,
        *,
        issuer: str,
        client_id: str,
        lineitem_url: str,
        scopes: Sequence[str],
        learner: str | None = None,
        page_size: int | None = None,
    ) -> list[Result]:
        """Every result on the line item over every page, or only `learner`'s; `page_size`
        asks the platform for pages of that many.

        Results without a score (not graded yet) are left out. Raises InvalidInput when the
        platform did not grant results, NotFound when the line item is gone, and
        ServiceUnavailable when the platform fails.
        """
        if claims.AGS_SCOPE_RESULT_READONLY not in scopes:
            raise InvalidInput(_NO_RESULTS_GRANTED)
        connector = self._services.connector(issuer, client_id)
        url = with_query(with_path(lineitem_url, "results"), user_id=learner, limit=page_size)
        try:
            items = _read_results(connector, scopes, url)
        except NotFound:
            if page_size is None:
                raise
            # Moodle 5.1 answers `limit` on results with a 404 page: ask once for them all.
            items = _read_results(connector, scopes, with_query(url, limit=None))
        return list(_results_from(items, lineitem_url))


def _read_results(connector: SharedTokenConnector, scopes: Sequence[str], url: str) -> list[object]:
    return [
        item
        for page in pages(
            connector, scopes, url, accept=RESULT_CONTAINER, failure=_NO_RESULTS, gone=GONE
        )
        for item in page
    ]


def _results_from(items: list[object], lineitem_url: str) -> Iterator[Result]:
    """The results of the platform's JSON; raises ServiceUnavailable for one it cannot read."""
    for item in items:
        if not isinstance(item, dict):
            raise unreadable()
        if item.get("resultScore") is None:  # the specification lets an ungraded result be
            continue
        try:
            timestamp = item.get("timestamp")
            yield Result(
                learner=str(item["userId"]),
                source=ResultSource.AGS,
                item=lineitem_url,
                score=Decimal(str(item["resultScore"])),
                maximum=Decimal(str(item.get("resultMaximum", 1))),
                recorded_at=datetime.fromisoformat(timestamp) if timestamp else None,
            )
        except (KeyError, TypeError, ValueError, InvalidOperation) as error:
            raise unreadable() from error


class AgsScores:
    """Reports to the platform's gradebook that a learner's credential was issued."""

    def __init__(self, *, services: PlatformServices):
        self._services = services

    def report_issued(
        self,
        *,
        issuer: str,
        client_id: str,
        lineitems_url: str,
        scopes: Sequence[str],
        tag: str,
        learner: str,
        issued_at: datetime,
    ) -> bool:
        """Post a completed, fully graded 100 % on the line item tagged `tag`.

        Returns False when the course has no such line item or the platform did not grant
        the scopes; a platform holding a score as new or newer (Moodle: 409) counts as
        reported. Raises NotFound when the line item went meanwhile, ServiceUnavailable when
        the platform fails.
        """
        granted = set(scopes)
        if claims.AGS_SCOPE_SCORE not in granted or not LINE_ITEM_READERS & granted:
            return False
        connector = self._services.connector(issuer, client_id)
        found = find_line_items(connector, scopes, lineitems_url, tag=tag)
        if not found:
            return False
        score = {
            "userId": learner,
            "scoreGiven": 100,
            "scoreMaximum": 100,
            "activityProgress": "Completed",
            "gradingProgress": "FullyGraded",
            "timestamp": issued_at.isoformat(),
            "comment": "Micro-credential issued",
        }
        url = with_path(found[0].url, "scores")
        answer = connector.send(scopes, "POST", url, body=score, content_type=SCORE)
        if answer.status == 409:  # Moodle: the stored score is as new or newer
            return True
        checked(answer, _NO_SCORE, gone=GONE)
        return True
