"""What every result source shares: keeping a course's grades and completions, once each, and
granting the awards the course's rules say they earn. The caller holds the unit of work."""

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import select

from lti_tool.domain.credentials import AwardState
from lti_tool.domain.results import Activity, Completion, Result, ResultSource
from lti_tool.domain.rules import Evidence
from lti_tool.models import Award, CompletionRow, CourseActivity, MicroCredentialRow, Person
from lti_tool.models import Result as ResultRow
from lti_tool.services import audit
from lti_tool.services.ports import Clock
from lti_tool.services.uow import UnitOfWork


def people_by_subject(uow: UnitOfWork, platform_id: int, subjects: set[str]) -> dict[str, Person]:
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


def store_result(
    uow: UnitOfWork, course_id: int, person_id: int, result: Result, clock: Clock
) -> bool:
    """Keep the result; True when it is new or changed. The same result twice changes nothing,
    and an older one (a replay, a late delivery) does not replace a newer one."""
    row = _row(uow, ResultRow, course_id, person_id, result.source, result.item)
    values = (result.score, result.maximum, result.recorded_at)
    if row is not None and _older(result.recorded_at, row.recorded_at):
        return False
    if row is None:
        row = ResultRow(
            course_id=course_id, person_id=person_id, source=result.source.value, item=result.item
        )
        uow.session.add(row)
    elif (row.score, row.maximum, row.recorded_at) == values:
        return False
    row.score, row.maximum, row.recorded_at = values
    row.synced_at = clock()
    return True


def store_completion(
    uow: UnitOfWork, course_id: int, person_id: int, completion: Completion, clock: Clock
) -> bool:
    """Keep the completion; True when it is new or changed (as `store_result`)."""
    row = _row(uow, CompletionRow, course_id, person_id, completion.source, completion.item)
    values = (completion.completed, completion.passed, completion.recorded_at)
    if row is not None and _older(completion.recorded_at, row.recorded_at):
        return False
    if row is None:
        row = CompletionRow(
            course_id=course_id,
            person_id=person_id,
            source=completion.source.value,
            item=completion.item,
        )
        uow.session.add(row)
    elif (row.completed, row.passed, row.recorded_at) == values:
        return False
    row.completed, row.passed, row.recorded_at = values
    row.synced_at = clock()
    return True


def store_activities(uow: UnitOfWork, course_id: int, activities: Iterable[Activity]) -> None:
    """Keep the names of the course's activities, for rules to offer; a new name replaces the
    old one."""
    for activity in activities:
        row = uow.session.scalars(
            select(CourseActivity).where(
                CourseActivity.course_id == course_id, CourseActivity.item == activity.item
            )
        ).first()
        if row is None:
            row = CourseActivity(course_id=course_id, item=activity.item)
            uow.session.add(row)
        row.name, row.kind = activity.name[:500], activity.kind[:50]
    uow.session.flush()


def grant_awards(uow: UnitOfWork, course_id: int, clock: Clock) -> int:
    """Grant each qualifying learner the course's micro-credentials they do not hold yet (an
    award awaiting approval or rejected counts as held); returns how many were made."""
    evidence = evidence_by_person(uow, course_id)
    granted = 0
    definitions = uow.session.scalars(  # a draft never published earns nothing yet
        select(MicroCredentialRow).where(
            MicroCredentialRow.course_id == course_id, MicroCredentialRow.version > 0
        )
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
        for person_id, learner_evidence in sorted(evidence.items()):
            decision = rule.evaluate(learner_evidence)
            if decision.qualifies and person_id not in holders:
                now = clock()
                state = AwardState.PENDING if rule.needs_approval else AwardState.GRANTED
                award = Award(
                    micro_credential_id=definition.id,
                    person_id=person_id,
                    grade=decision.grade,
                    granted_at=now,
                    state=state.value,
                )
                uow.session.add(award)
                uow.session.flush()
                audit.record(uow, course_id, award.id, state.value, now, actor="rule")
                granted += 1
    return granted


def _older(new: datetime | None, kept: datetime | None) -> bool:
    return new is not None and kept is not None and new < kept


def _row(uow: UnitOfWork, model, course_id: int, person_id: int, source: ResultSource, item: str):
    return uow.session.scalars(
        select(model).where(
            model.course_id == course_id,
            model.person_id == person_id,
            model.source == source.value,
            model.item == item,
        )
    ).first()


def evidence_by_person(uow: UnitOfWork, course_id: int) -> dict[int, Evidence]:
    """Every learner's grades and completions in the course, by person id."""
    grades: dict[int, list[Result]] = defaultdict(list)
    completions: dict[int, list[Completion]] = defaultdict(list)
    for row in uow.session.scalars(select(ResultRow).where(ResultRow.course_id == course_id)):
        grades[row.person_id].append(row.to_domain())
    for row in uow.session.scalars(
        select(CompletionRow).where(CompletionRow.course_id == course_id)
    ):
        completions[row.person_id].append(row.to_domain())
    return {
        person: Evidence(tuple(grades[person]), tuple(completions[person]))
        for person in grades.keys() | completions.keys()
    }
