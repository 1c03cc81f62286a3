"""Grade files a teacher uploads, read into rows of scores per learner: Moodle's plain-text grade
export (recognised by its header), or any CSV whose columns the teacher maps.

A file is read whole or not at all: every problem is reported with its line number in one
InvalidInput, and nothing is returned while any remains. The file must be UTF-8 (with or
without a byte order mark) or UTF-16 with a byte order mark. Windows-1252 is refused, not
guessed: it decodes almost any bytes, so it would accept binary files and silently garble the
names of Central and Eastern European files; Excel and LibreOffice both save "CSV UTF-8".
Cells such as "=HYPERLINK(…)" are kept as plain data: the tool never writes CSV back, so
formula injection cannot reach a spreadsheet through it.
"""

import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from adapters.lms.csv_table import Problems, Table
from lti_tool.domain.errors import InvalidInput
from lti_tool.domain.grade_files import (
    ColumnMapping,
    GradeColumn,
    GradeImport,
    ImportedRow,
    LearnerKey,
)
from lti_tool.domain.results import COURSE_ITEM, Activity

_NO_GRADE = frozenset({"", "-"})  # Moodle writes "-" where a learner has no grade
_NUMBER = re.compile(r"-?(?:\d+(?:[.,]\d+)?|[.,]\d+)")  # a decimal point or a decimal comma
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+")
_YES = frozenset({"yes", "y", "1", "true", "complete", "completed"})
_NO = frozenset({"no", "n", "0", "false", "incomplete", "not complete", "not completed"})

# English Moodle only: other languages translate these headers, and use the mapped form.
_MOODLE_COLUMN = re.compile(r"(?P<name>.+) \((?P<display>Real|Percentage|Letter)\)")
_MOODLE_COURSE_TOTAL = "Course total"
# The module names Moodle's web services give as an activity's kind, by their English label.
_MOODLE_KINDS = {
    "Assignment": "assign",
    "Database": "data",
    "External tool": "lti",
    "Forum": "forum",
    "Glossary": "glossary",
    "H5P": "h5pactivity",
    "Lesson": "lesson",
    "Quiz": "quiz",
    "SCORM package": "scorm",
    "Workshop": "workshop",
}


_KEY_WORDS = {
    LearnerKey.EMAIL: "email address",
    LearnerKey.ID_NUMBER: "ID number",
    LearnerKey.USERNAME: "username",
    LearnerKey.SUBJECT: "user id",
}
# In the order a Moodle export's learner column is chosen.
_MOODLE_KEYS = (
    ("Email address", LearnerKey.EMAIL),
    ("ID number", LearnerKey.ID_NUMBER),
    ("Username", LearnerKey.USERNAME),
)


def grade_column(header: str, maximum: Decimal | None = None) -> GradeColumn:
    """The column `header` of a mapped CSV, its item a slug of the header (e.g. "quiz-1")."""
    return GradeColumn(header=header, item=_slug(header), name=header, maximum=maximum)


def headers_of(data: bytes) -> list[str]:
    """The names in the file's first line, for the teacher to map; raises InvalidInput for a
    file that cannot be read."""
    return list(Table.read(data).header)


def is_moodle_export(headers: Sequence[str]) -> bool:
    """Whether these headers are those of Moodle's plain-text grade export in English."""
    has_grades = any(_MOODLE_COLUMN.fullmatch(header) for header in headers)
    return has_grades and any(name in headers for name, _ in _MOODLE_KEYS)


def read_moodle_export(data: bytes, *, maxima: Mapping[str, Decimal] | None = None) -> GradeImport:
    """The learners and scores of Moodle's "Export grades → Plain text file" (in English).

    Learners are keyed by email, else ID number, else username: the first of these columns the
    export has. Moodle does not export maxima: `maxima` gives them by header or by item,
    "(Percentage)" columns are out of 100, and the other columns have maximum None, for the
    service to fill (from Moodle's grade items, or by asking the teacher). "(Letter)" columns
    are not scores and are left out; where an item comes in several display types, the first
    column with a known maximum is read. Raises InvalidInput listing every problem.
    """
    table = Table.read(data)
    if not is_moodle_export(table.header):
        raise InvalidInput(
            "Line 1: this is not Moodle's plain-text grade export in English (its header names "
            'no "Email address" or "ID number" column, or no grade column). Map its columns '
            "instead."
        )
    learner, key = next((name, key) for name, key in _MOODLE_KEYS if name in table.header)
    found = [_moodle_column(header, maxima or {}) for header in table.header]
    columns = _one_per_item([pair for pair in found if pair])
    if not columns:
        raise InvalidInput("Line 1: the export has no grade column in Real or Percentage.")
    grades = tuple(column for column, _ in columns)
    activities = tuple(activity for column, activity in columns if column.item != COURSE_ITEM)
    rows = _read_rows(table, _Reading(learner, key, grades))
    return GradeImport(key, rows, grades, activities)


def read_mapped_csv(data: bytes, mapping: ColumnMapping) -> GradeImport:
    """The learners and scores of any CSV, read by the teacher's `mapping`; raises InvalidInput
    for a mapped column the file lacks (or names twice) and for every problem of its rows."""
    _check_mapping(mapping)
    table = Table.read(data)
    reading = _Reading(
        mapping.learner_column, mapping.learner_key, mapping.grades, mapping.completed_column
    )
    activities = tuple(
        Activity(item=col.item, name=col.name) for col in mapping.grades if col.item != COURSE_ITEM
    )
    return GradeImport(mapping.learner_key, _read_rows(table, reading), mapping.grades, activities)


def _check_mapping(mapping: ColumnMapping) -> None:
    if not mapping.grades and not mapping.completed_column:
        raise InvalidInput("Choose at least one column of grades, or the column of completion.")
    items = [column.item for column in mapping.grades]
    if len(set(items)) < len(items):
        raise InvalidInput("Two of the chosen columns are the same activity; choose each once.")
    for column in mapping.grades:
        _check_maximum(column.header, column.maximum)


def _check_maximum(header: str, maximum: Decimal | None) -> None:
    if maximum is not None and not maximum > 0:
        raise InvalidInput(f"The maximum of column '{header}' must be above 0, not {maximum}.")


def _moodle_column(
    header: str, maxima: Mapping[str, Decimal]
) -> tuple[GradeColumn, Activity] | None:
    """The column and activity of a Moodle grade header such as "Quiz: Week 1 (Real)"; None
    for other headers and for letter grades."""
    match = _MOODLE_COLUMN.fullmatch(header)
    if not match or match["display"] == "Letter":
        return None
    full_name = match["name"]
    label, _, name = full_name.partition(": ")
    kind = _MOODLE_KINDS.get(label, "")
    if not kind:
        name = full_name
    item = COURSE_ITEM if full_name == _MOODLE_COURSE_TOTAL else _slug(full_name)
    if match["display"] == "Percentage":
        maximum: Decimal | None = Decimal(100)
    else:
        maximum = maxima.get(header, maxima.get(item))
    _check_maximum(header, maximum)
    return GradeColumn(header, item, name, maximum), Activity(item=item, name=name, kind=kind)


def _one_per_item(
    found: list[tuple[GradeColumn, Activity]],
) -> list[tuple[GradeColumn, Activity]]:
    """One column per item: the first with a known maximum, else the first."""
    chosen: dict[str, tuple[GradeColumn, Activity]] = {}
    for column, activity in found:
        current = chosen.get(column.item)
        if current is None or (current[0].maximum is None and column.maximum is not None):
            chosen[column.item] = (column, activity)
    return list(chosen.values())


def _slug(name: str) -> str:
    """A stable id for a column name: lower-case words (any script) joined by hyphens, or a
    digest where the name has no letters or digits."""
    slug = re.sub(r"[\W_]+", "-", name.casefold()).strip("-")
    return slug or hashlib.sha256(name.encode()).hexdigest()[:12]


@dataclass(frozen=True)
class _Reading:
    """Which columns hold the learner, their scores and their completion."""

    learner: str
    key: LearnerKey
    grades: tuple[GradeColumn, ...]
    completed: str | None = None


def _read_rows(table: Table, reading: _Reading) -> tuple[ImportedRow, ...]:
    """Every row read by `reading`; raises InvalidInput for every problem found."""
    problems = Problems()
    index = _indexes(table.header, reading, problems)
    problems.raise_any()
    rows: list[ImportedRow] = []
    first_seen: dict[str, int] = {}
    width = len(table.header)
    for line, cells in table.rows:
        if any(extra.strip() for extra in cells[width:]):
            problems.add(line, f"it has {len(cells)} values but the header names {width} columns.")
        row = _read_row(line, cells, reading, index, problems)
        if row is None:
            continue
        if row.learner in first_seen:
            also = first_seen[row.learner]
            problems.add(line, f"{row.learner} appears twice (also on line {also}).")
        first_seen.setdefault(row.learner, line)
        rows.append(row)
    problems.raise_any()
    return tuple(rows)


def _indexes(header: Sequence[str], reading: _Reading, problems: Problems) -> dict[str, int]:
    """The position of each column `reading` names; a problem for one missing or named twice."""
    names = [reading.learner, *(column.header for column in reading.grades)]
    names += [reading.completed] if reading.completed else []
    for name in names:
        if name not in header:
            problems.add(1, f"the file has no column named '{name}'.")
        elif header.count(name) > 1:
            problems.add(1, f"two columns are named '{name}'; rename one of them.")
    return {name: header.index(name) for name in names if name in header}


def _read_row(
    line: int, cells: tuple[str, ...], reading: _Reading, index: dict[str, int], problems: Problems
) -> ImportedRow | None:
    """The row's learner and values, or None when a problem leaves no learner to key it by."""

    def cell(name: str) -> str:
        at = index[name]
        return cells[at].strip() if at < len(cells) else ""

    scores = []
    for column in reading.grades:
        score = _score(cell(column.header), column, line, problems)
        if score is not None:
            scores.append((column.item, score))
    completed = None
    if reading.completed:
        completed = _completed(cell(reading.completed), reading.completed, line, problems)
    learner = _learner(cell(reading.learner), reading.key, line, problems)
    return ImportedRow(line, learner, tuple(scores), completed) if learner else None


def _score(text: str, column: GradeColumn, line: int, problems: Problems) -> Decimal | None:
    """The cell's score, None for no grade. A decimal comma and a trailing "%" (as Moodle
    writes percentages) are read too; thousands separators are not."""
    if text in _NO_GRADE:
        return None
    number = text.removesuffix("%").strip()
    where = f"the grade '{_shown(text)}' in column '{column.header}'"
    if not _NUMBER.fullmatch(number):
        problems.add(line, f"{where} is not a number.")
        return None
    score = Decimal(number.replace(",", "."))
    if score < 0:
        problems.add(line, f"{where} is below 0.")
    elif column.maximum is not None and score > column.maximum:
        problems.add(line, f"{where} is above its maximum of {column.maximum}.")
    return score


def _completed(text: str, column: str, line: int, problems: Problems) -> bool | None:
    """Whether the cell says completed; None when empty."""
    word = " ".join(text.casefold().split())
    if not word:
        return None
    if word in _YES or word in _NO:
        return word in _YES
    problems.add(
        line,
        f"the value '{_shown(text)}' in column '{column}' is not one of yes, no, 1, 0, true, "
        "false, complete, incomplete.",
    )
    return None


def _learner(text: str, key: LearnerKey, line: int, problems: Problems) -> str | None:
    """The learner's key as compared: emails and usernames in lower case (Moodle stores
    usernames so, and mail systems do not tell addresses apart by case)."""
    if not text:
        problems.add(line, f"no {_KEY_WORDS[key]}.")
        return None
    if key is LearnerKey.EMAIL and not _EMAIL.fullmatch(text):
        problems.add(line, f"'{_shown(text)}' is not an email address.")
        return None
    if key in (LearnerKey.EMAIL, LearnerKey.USERNAME):
        return text.lower()
    return text


def _shown(text: str) -> str:
    """A cell's text as a message quotes it: cut short, as a cell may hold a whole page."""
    return text if len(text) <= 40 else text[:39] + "…"


class GradeFileReader:
    """Implements services.ports.GradeFiles with the functions above."""

    def headers(self, data: bytes) -> list[str]:
        return headers_of(data)

    def suggested_mapping(self, data: bytes) -> ColumnMapping | None:
        """For Moodle's export, the mapping its reader would use, maxima left to the teacher;
        None for any other file. Raises InvalidInput for an export with faulty lines."""
        if not is_moodle_export(headers_of(data)):
            return None
        read = read_moodle_export(data)
        column = next(name for name, key in _MOODLE_KEYS if key == read.learner_key)
        return ColumnMapping(column, read.learner_key, read.columns)

    def column(self, header: str, maximum: Decimal | None) -> GradeColumn:
        return grade_column(header, maximum)

    def read(self, data: bytes, mapping: ColumnMapping) -> GradeImport:
        return read_mapped_csv(data, mapping)
