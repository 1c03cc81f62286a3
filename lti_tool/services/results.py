"""Use case: read a course's results from its platform, keep them, grant the awards they earn."""

from collections import defaultdict
from dataclasses import dataclass, replace

from sqlalchemy import select

from lti_tool.domain.errors import InvalidInput, NotFound
from lti_tool.domain.results import TOOL_ITEM, Result, ResultSource
from lti_tool.domain.rules import Evidence
from lti_tool.models import Award, Course, MicroCredentialRow, Person, Platform
from lti_tool.models import Result as ResultRow
from lti_tool.services.ports import Clock, ResultFeed, RosterFeed
from lti_tool.services.roster import store_members
from lti_tool.services.uow import UnitOfWork


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
        people = _people_by_subject(uow, course.platform_id, {r.learner for r in results})
        changed = sum(_store(uow, course.id, people[r.learner].id, r, clock) for r in results)
        granted = _grant_awards(uow, course.id, clock)
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
        course = uow.session.get(Course, course_id)
        if course is None:
            raise NotFound("This course is not known to the tool; launch it from your LMS.")
        if not course.ags_lineitem_url:
            raise InvalidInput(
                "The platform sent no gradebook column for this activity, so results cannot be "
                "read. Check that the tool may use Assignment and Grade Services."
            )
        platform = uow.session.get(Platform, course.platform_id)
        return _Endpoints(
            issuer=platform.issuer,
            client_id=platform.client_id,
            lineitem_url=course.ags_lineitem_url,
            scopes=tuple(course.ags_scopes),
            nrps_url=course.nrps_url,
        )


def _people_by_subject(uow: UnitOfWork, platform_id: int, subjects: set[str]) -> dict[str, Person]:
    """The learners of these subject ids, adding those who have not launched the tool yet."""
    known = {
        person.subject: person
        for person in uow.session.scalars(
            select(Person).where(Person.platform_id == platform_id, Person.subject.in_(subjects))
        )
    }
    for subject in subjects - known.keys():
        known[subject] = Person(platform_id=platform_id, subject=subject, name="")
        uow.session.add(known[subject])
    uow.session.flush()
    return known


def _store(uow: UnitOfWork, course_id: int, person_id: int, result: Result, clock: Clock) -> bool:
    row = uow.session.scalars(
        select(ResultRow).where(
            ResultRow.course_id == course_id,
            ResultRow.person_id == person_id,
            ResultRow.source == result.source.value,
            ResultRow.item == result.item,
        )
    ).first()
    if row is None:
        row = ResultRow(
            course_id=course_id, person_id=person_id, source=result.source.value, item=result.item
        )
        uow.session.add(row)
    elif (row.score, row.maximum, row.recorded_at) == (
        result.score,
        result.maximum,
        result.recorded_at,
    ):
        return False
    row.score, row.maximum, row.recorded_at = result.score, result.maximum, result.recorded_at
    row.synced_at = clock()
    return True


def _grant_awards(uow: UnitOfWork, course_id: int, clock: Clock) -> int:
    """Grant each qualifying learner the course's micro-credentials they do not hold yet."""
    results_by_person: dict[int, list[Result]] = defaultdict(list)
    for row in uow.session.scalars(select(ResultRow).where(ResultRow.course_id == course_id)):
        results_by_person[row.person_id].append(_to_domain(row))
    granted = 0
    definitions = uow.session.scalars(
        select(MicroCredentialRow).where(MicroCredentialRow.course_id == course_id)
    ).all()
    for definition in definitions:
        if definition.rule is None:
            continue
        rule = definition.rule.to_domain()
        holders = set(
            uow.session.scalars(
                select(Award.person_id).where(Award.micro_credential_id == definition.id)
            )
        )
        for person_id, results in sorted(results_by_person.items()):
            decision = rule.evaluate(Evidence(grades=tuple(results)))
            if decision.qualifies and person_id not in holders:
                uow.session.add(
                    Award(
                        micro_credential_id=definition.id,
                        person_id=person_id,
                        grade=decision.grade,
                        granted_at=clock(),
                    )
                )
                granted += 1
    return granted


def _to_domain(row: ResultRow) -> Result:
    return Result(
        learner=str(row.person_id),
        source=ResultSource(row.source),
        item=row.item,
        score=row.score,
        maximum=row.maximum,
        recorded_at=row.recorded_at,
    )
