"""Use cases of grade files: a teacher uploads a CSV (Moodle's grade export or any file), maps
its columns, and imports it; the scores become results of the course, awards follow.

A file is imported whole or not at all: every faulty line, and every learner the course does
not have, is named with its line. Learners are matched by their LMS user id, or by email through
the course roster (NRPS), whose emails are used for the match and never stored. Imported scores
carry no date, so importing the same file again changes nothing.
"""

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import timedelta
from decimal import Decimal

from sqlalchemy import delete

from lti_tool.domain.errors import InvalidInput, NotFound
from lti_tool.domain.grade_files import ColumnMapping, GradeColumn, GradeImport, LearnerKey
from lti_tool.domain.results import COURSE_ITEM, Completion, Result, ResultSource
from lti_tool.domain.roster import Member
from lti_tool.models import Course, GradeUpload, Platform
from lti_tool.services.evidence import (
    grant_awards,
    people_by_subject,
    store_activities,
    store_completion,
    store_result,
)
from lti_tool.services.ports import Clock, GradeFiles, RosterFeed
from lti_tool.services.roster import store_members
from lti_tool.services.uow import UnitOfWork

KEPT_FOR = timedelta(days=1)  # an upload not imported by then is deleted
_MAX_UNMATCHED_SHOWN = 20


@dataclass(frozen=True)
class ImportChoices:
    """What the teacher chose on the mapping page."""

    learner_column: str
    learner_key: LearnerKey
    maxima: Mapping[str, Decimal]  # the columns read as scores, each with its maximum
    completed_column: str | None = None


@dataclass(frozen=True)
class MappingPage:
    """What the mapping page shows: the file's columns and, for Moodle's export, its mapping."""

    upload_id: int
    filename: str
    headers: tuple[str, ...]
    suggestion: ColumnMapping | None


@dataclass(frozen=True)
class ImportSummary:
    learners: int
    scores: int
    changed: int
    awards_granted: int


def upload_grade_file(
    course_id: int, filename: str, data: bytes, *, uow: UnitOfWork, files: GradeFiles, clock: Clock
) -> int:
    """Keep the file for mapping and return its id; raises InvalidInput for a file that cannot
    be read, or a Moodle export with faulty lines (nothing kept then). Uploads older than a day
    are deleted."""
    files.headers(data)
    files.suggested_mapping(data)
    now = clock()
    with uow:
        uow.session.execute(delete(GradeUpload).where(GradeUpload.uploaded_at < now - KEPT_FOR))
        upload = GradeUpload(
            course_id=course_id, filename=filename[:255] or "grades.csv", data=data, uploaded_at=now
        )
        uow.session.add(upload)
        uow.commit()
        return upload.id


def mapping_page(
    course_id: int, upload_id: int, *, uow: UnitOfWork, files: GradeFiles
) -> MappingPage:
    """The uploaded file's columns; raises NotFound for another course's or a deleted upload."""
    with uow:
        upload = _upload(uow, course_id, upload_id)
        filename, data = upload.filename, upload.data
    return MappingPage(
        upload_id, filename, tuple(files.headers(data)), files.suggested_mapping(data)
    )


def import_grade_file(
    course_id: int,
    upload_id: int,
    choices: ImportChoices,
    *,
    uow: UnitOfWork,
    files: GradeFiles,
    roster: RosterFeed,
    clock: Clock,
) -> ImportSummary:
    """Read the file as mapped, match its learners, keep the scores and grant the awards.

    Raises InvalidInput naming every faulty line or unmatched learner (nothing stored then),
    NotFound for another course's upload, ServiceUnavailable when the roster cannot be read.
    With a roster, a learner must be a member of the course, whichever key names them.
    """
    with uow:
        upload = _upload(uow, course_id, upload_id)
        data = upload.data
        course = uow.session.get(Course, course_id)
        platform = uow.session.get(Platform, course.platform_id)
        issuer, client_id, nrps_url = platform.issuer, platform.client_id, course.nrps_url
    read = files.read(data, _mapping(choices, data, files))
    members = (
        roster.members(issuer=issuer, client_id=client_id, memberships_url=nrps_url)
        if nrps_url
        else None
    )
    subjects = _subjects(read, choices.learner_key, members)
    _check_all_matched(read, subjects)
    with uow:
        if members is not None:
            store_members(uow, uow.session.get(Course, course_id), members)
        summary = _store(uow, course_id, read, subjects, clock)
        uow.session.execute(delete(GradeUpload).where(GradeUpload.id == upload_id))
        uow.commit()
        return summary


def _mapping(choices: ImportChoices, data: bytes, files: GradeFiles) -> ColumnMapping:
    """The teacher's choices as a mapping; the columns of Moodle's export keep their items
    (the course total is the course's final grade)."""
    suggested = files.suggested_mapping(data)
    known = {column.header: column for column in suggested.grades} if suggested else {}
    grades: list[GradeColumn] = []
    for header, maximum in choices.maxima.items():
        if not maximum > 0:
            raise InvalidInput(f"The maximum of the column {header!r} must be above 0.")
        if header in known:
            grades.append(replace(known[header], maximum=maximum))
        else:
            grades.append(files.column(header, maximum))
    return ColumnMapping(
        choices.learner_column, choices.learner_key, tuple(grades), choices.completed_column
    )


def _subjects(read: GradeImport, key: LearnerKey, members: list[Member] | None) -> dict[str, str]:
    """The subject id of each learner key the course knows."""
    if key == LearnerKey.SUBJECT:
        if members is None:
            return {row.learner: row.learner for row in read.rows}
        return {member.subject: member.subject for member in members}
    if key != LearnerKey.EMAIL:
        raise InvalidInput(
            "Learners can be matched by email address or by LMS user id; choose one of those "
            "columns."
        )
    if members is None:
        raise InvalidInput(
            "Your platform does not share the course's members with the tool, so email "
            "addresses cannot be matched. Use a column of LMS user ids instead."
        )
    return {member.email: member.subject for member in members if member.email}


def _check_all_matched(read: GradeImport, subjects: Mapping[str, str]) -> None:
    unmatched = [row for row in read.rows if row.learner not in subjects]
    if not unmatched:
        return
    lines = [
        f"Line {row.line}: no learner of this course has {row.learner!r}."
        for row in unmatched[:_MAX_UNMATCHED_SHOWN]
    ]
    if len(unmatched) > _MAX_UNMATCHED_SHOWN:
        lines.append(f"… and {len(unmatched) - _MAX_UNMATCHED_SHOWN} more.")
    raise InvalidInput(
        "The file was not imported: some learners are not in this course.\n" + "\n".join(lines)
    )


def _store(
    uow: UnitOfWork, course_id: int, read: GradeImport, subjects: Mapping[str, str], clock: Clock
) -> ImportSummary:
    course = uow.session.get(Course, course_id)
    maxima = {column.item: column.maximum for column in read.columns}
    people = people_by_subject(uow, course.platform_id, set(subjects.values()))
    changed = scores = 0
    for row in read.rows:
        person = people[subjects[row.learner]]
        for item, score in row.scores:
            result = Result(person.subject, ResultSource.CSV, item, score, maxima[item])
            changed += store_result(uow, course_id, person.id, result, clock)
            scores += 1
        if row.completed is not None:
            completion = Completion(person.subject, ResultSource.CSV, COURSE_ITEM, row.completed)
            changed += store_completion(uow, course_id, person.id, completion, clock)
    store_activities(uow, course_id, read.activities)
    granted = grant_awards(uow, course_id, clock)
    return ImportSummary(len(read.rows), scores, changed, granted)


def _upload(uow: UnitOfWork, course_id: int, upload_id: int) -> GradeUpload:
    upload = uow.session.get(GradeUpload, upload_id)
    if upload is None or upload.course_id != course_id:
        raise NotFound("This uploaded file is not here any more; upload it again.")
    return upload
