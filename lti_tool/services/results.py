"""Use case: read a course's results from its platform, keep them, grant the awards they earn."""

from dataclasses import dataclass, replace

from lti_tool.domain.errors import InvalidInput
from lti_tool.domain.results import TOOL_ITEM
from lti_tool.models import Course, Platform
from lti_tool.services.courses import known_course
from lti_tool.services.evidence import grant_awards, people_by_subject, store_result
from lti_tool.services.ports import Clock, ResultFeed, RosterFeed
from lti_tool.services.roster import store_members
from lti_tool.services.uow import UnitOfWork

NO_GRADEBOOK_COLUMN = (
    "The platform sent no gradebook column for this activity, so results cannot be read. "
    "Check that the tool may use Assignment and Grade Services."
)


@dataclass(frozen=True)
class SyncSummary:
    """What one sync did: members and results read, results changed, awards newly granted."""

    results_read: int
    results_changed: int
    awards_granted: int
    members_read: int = 0


def sync_results(
    course_id: int, *, uow: UnitOfWork, feed: ResultFeed, roster: RosterFeed, clock: Clock
) -> SyncSummary:
    """Read the roster (for names) and the results, store them and grant what they earn.

    The platform is asked first and the database written after, in one transaction, so no
    transaction stays open while the platform answers. Syncing twice changes nothing.
    Raises ServiceUnavailable when the platform fails; then nothing is stored.
    """
    endpoints = _endpoints(course_id, uow)
    members = (
        roster.members(
            issuer=endpoints.issuer,
            client_id=endpoints.client_id,
            memberships_url=endpoints.nrps_url,
        )
        if endpoints.nrps_url
        else []
    )
    # The course's line item is the micro-credential's own activity.
    results = [
        replace(result, item=TOOL_ITEM)
        for result in feed.results(
            issuer=endpoints.issuer,
            client_id=endpoints.client_id,
            lineitem_url=endpoints.lineitem_url,
            scopes=endpoints.scopes,
        )
    ]
    with uow:
        course = uow.session.get(Course, course_id)
        members_read = store_members(uow, course, members)
        people = people_by_subject(uow, course.platform_id, {r.learner for r in results})
        changed = sum(store_result(uow, course.id, people[r.learner].id, r, clock) for r in results)
        granted = grant_awards(uow, course.id, clock)
        uow.commit()
        return SyncSummary(len(results), changed, granted, members_read)


@dataclass(frozen=True)
class _Endpoints:
    issuer: str
    client_id: str
    lineitem_url: str
    scopes: tuple[str, ...]
    nrps_url: str | None


def _endpoints(course_id: int, uow: UnitOfWork) -> _Endpoints:
    """Where the course's results and roster are read; raises NotFound or InvalidInput."""
    with uow:
        course = known_course(uow, course_id)
        if not course.ags_lineitem_url:
            raise InvalidInput(NO_GRADEBOOK_COLUMN)
        platform = uow.session.get(Platform, course.platform_id)
        return _Endpoints(
            issuer=platform.issuer,
            client_id=platform.client_id,
            lineitem_url=course.ags_lineitem_url,
            scopes=tuple(course.ags_scopes),
            nrps_url=course.nrps_url,
        )
