"""Results from LTI Assignment and Grade Services (AGS 2.0), read with pylti1p3.

https://www.imsglobal.org/spec/lti-ags/v2p0/#result-service
"""

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal, InvalidOperation

import requests
from pylti1p3.assignments_grades import AssignmentsGradesService
from pylti1p3.exception import LtiException, LtiServiceException
from pylti1p3.grade import Grade

from adapters.lms.platform_services import PlatformServices
from adapters.lti import claims
from lti_tool.domain.errors import InvalidInput, ServiceUnavailable
from lti_tool.domain.results import Result, ResultSource


class AgsResultFeed:
    """Reads the results of a line item from the platform that launched the course."""

    def __init__(self, *, services: PlatformServices):
        self._services = services

    def results(
        self, *, issuer: str, client_id: str, lineitem_url: str, scopes: Sequence[str]
    ) -> list[Result]:
        """Every result on the line item; raises ServiceUnavailable when the platform fails."""
        if claims.AGS_SCOPE_RESULT_READONLY not in scopes:
            raise InvalidInput(
                "The platform did not grant this tool access to results. Ask your administrator "
                "to allow the tool to use Assignment and Grade Services."
            )
        connector = self._services.connector(issuer, client_id)
        service = AssignmentsGradesService(
            connector, {"scope": list(scopes), "lineitem": lineitem_url}
        )
        try:
            return [_result_from(item, lineitem_url) for item in service.get_grades()]
        except LtiException as error:
            raise ServiceUnavailable(
                f"The learning platform did not return the results: {error}"
            ) from error
        except requests.RequestException as error:
            raise ServiceUnavailable(
                "The learning platform could not be reached to read results."
            ) from error


def _result_from(item: dict, lineitem_url: str) -> Result:
    try:
        score = Decimal(str(item["resultScore"]))
        maximum = Decimal(str(item.get("resultMaximum", 1)))
    except (KeyError, InvalidOperation) as error:
        raise ServiceUnavailable(
            f"The platform sent a result without a usable score: {error}"
        ) from error
    timestamp = item.get("timestamp")
    return Result(
        learner=str(item["userId"]),
        source=ResultSource.AGS,
        item=lineitem_url,
        score=score,
        maximum=maximum,
        recorded_at=datetime.fromisoformat(timestamp) if timestamp else None,
    )


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
        the scopes; a platform holding a newer score (Moodle: 409) counts as reported.
        Raises ServiceUnavailable when the platform fails.
        """
        granted = set(scopes)
        reads_line_items = {claims.AGS_SCOPE_LINEITEM, claims.AGS_SCOPE_LINEITEM_READONLY}
        if claims.AGS_SCOPE_SCORE not in granted or not reads_line_items & granted:
            return False
        service = AssignmentsGradesService(
            self._services.connector(issuer, client_id),
            {"scope": list(scopes), "lineitems": lineitems_url},
        )
        grade = (
            Grade()
            .set_score_given(100)
            .set_score_maximum(100)
            .set_activity_progress("Completed")
            .set_grading_progress("FullyGraded")
            .set_user_id(learner)
            .set_timestamp(issued_at.isoformat())
            .set_comment("Micro-credential issued")
        )
        try:
            line_item = service.find_lineitem_by_tag(tag)
            if line_item is None:
                return False
            service.put_grade(grade, line_item)
        except LtiServiceException as error:
            if error.response.status_code == 409:  # the platform has a newer score already
                return True
            raise ServiceUnavailable(f"The platform did not take the score: {error}") from error
        except (LtiException, requests.RequestException) as error:
            raise ServiceUnavailable(f"The platform did not take the score: {error}") from error
        return True
