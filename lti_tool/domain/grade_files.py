"""A grade file a teacher uploads, in the domain's words: which column names the learner and
how, which columns are scores (out of what), and the rows read from it. The file is read by
adapters/lms/grade_csv.py; a service matches the learners to the course's people."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from lti_tool.domain.results import Activity


class LearnerKey(StrEnum):
    """What a file's learner column holds; a service maps it to the platform's subject id."""

    EMAIL = "email"
    ID_NUMBER = "id_number"  # Moodle's "ID number" (idnumber), set by the institution
    USERNAME = "username"
    SUBJECT = "subject"  # the LMS user id, which LTI launches send as `sub`


@dataclass(frozen=True)
class GradeColumn:
    """A column of scores: `item` is its stable id (COURSE_ITEM for the course total), and
    `maximum` what a full score is, None where the file does not say."""

    header: str
    item: str
    name: str
    maximum: Decimal | None = None


@dataclass(frozen=True)
class ColumnMapping:
    """What a teacher says about the columns of a CSV that is not Moodle's export."""

    learner_column: str
    learner_key: LearnerKey
    grades: tuple[GradeColumn, ...]
    completed_column: str | None = None  # yes/no, 1/0, true/false, complete/incomplete


@dataclass(frozen=True)
class ImportedRow:
    """One learner's scores as (item, score) pairs; `completed` is None without such a column.

    `learner` is as the file wrote it, but emails and usernames are in lower case.
    """

    line: int
    learner: str
    scores: tuple[tuple[str, Decimal], ...]
    completed: bool | None = None


@dataclass(frozen=True)
class GradeImport:
    """A whole file's rows, with the columns read and the activities they are scores of."""

    learner_key: LearnerKey
    rows: tuple[ImportedRow, ...]
    columns: tuple[GradeColumn, ...]
    activities: tuple[Activity, ...]  # every column's activity but the course total
