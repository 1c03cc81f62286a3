"""Grade files teachers upload: Moodle 5.1's plain-text export (40-grade-export-plain-text.csv)
and its variants, mapped CSVs, and every way a file is refused with its line numbers."""

import csv
import io
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from adapters.lms.csv_table import MAX_BYTES, MAX_ROWS
from adapters.lms.grade_csv import (
    grade_column,
    headers_of,
    is_moodle_export,
    read_mapped_csv,
    read_moodle_export,
)
from lti_tool.domain.errors import InvalidInput
from lti_tool.domain.grade_files import (
    ColumnMapping,
    GradeColumn,
    GradeImport,
    ImportedRow,
    LearnerKey,
)
from lti_tool.domain.results import COURSE_ITEM, Activity

EXPORT = Path(__file__).parents[2] / "vectors" / "moodle-5.1" / "40-grade-export-plain-text.csv"
ASSIGNMENT = "Assignment: VET-101 Assessment 1 (Real)"
TOOL = "External tool: Holdout LTI Activity (Real)"
TOTAL = "Course total (Real)"
IDENTITY = ["First name", "Last name", "ID number", "Institution", "Department", "Email address"]
QUIZ = grade_column("Quiz 1", Decimal(20))
BY_EMAIL = ColumnMapping("Email", LearnerKey.EMAIL, (QUIZ,))


def moodle_csv(rows, *, delimiter=",", grades=(ASSIGNMENT,), encoding="utf-8") -> bytes:
    """An export shaped as Moodle writes it: identity columns, grades, the download time."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow([*IDENTITY, *grades, "Last downloaded from this course"])
    for email, *scores in rows:
        writer.writerow(["Sam", "Student", "", "", "", email, *scores, "1795390052"])
    return out.getvalue().encode(encoding)


def text(*lines: str) -> bytes:
    return "\n".join(lines).encode()


def refusal(read, *args, **kwargs) -> str:
    with pytest.raises(InvalidInput) as raised:
        read(*args, **kwargs)
    return raised.value.message


# Moodle's export


def test_the_real_moodle_export_is_read_with_exact_scores():
    read = read_moodle_export(EXPORT.read_bytes())

    assert read == GradeImport(
        learner_key=LearnerKey.EMAIL,
        rows=(
            ImportedRow(
                2,
                "student2@example.com",
                (("external-tool-holdout-lti-activity", Decimal("64.00")), (COURSE_ITEM, 64)),
            ),
            ImportedRow(
                3,
                "student1@example.com",
                (("assignment-vet-101-assessment-1", Decimal("85.00")), (COURSE_ITEM, 85)),
            ),
        ),
        columns=(
            GradeColumn(ASSIGNMENT, "assignment-vet-101-assessment-1", "VET-101 Assessment 1"),
            GradeColumn(TOOL, "external-tool-holdout-lti-activity", "Holdout LTI Activity"),
            GradeColumn(TOTAL, COURSE_ITEM, "Course total"),
        ),
        activities=(
            Activity("assignment-vet-101-assessment-1", "VET-101 Assessment 1", "assign"),
            Activity("external-tool-holdout-lti-activity", "Holdout LTI Activity", "lti"),
        ),
    )


def test_the_real_export_is_recognised_by_its_header():
    headers = headers_of(EXPORT.read_bytes())

    assert headers[5:] == [
        "Email address",
        ASSIGNMENT,
        TOOL,
        TOTAL,
        "Last downloaded from this course",
    ]
    assert is_moodle_export(headers)


def test_a_mapped_csv_is_not_taken_for_a_moodle_export():
    assert not is_moodle_export(["Email", "Quiz 1"])
    assert not is_moodle_export(["Name", "Quiz 1 (Real)"])


def test_maxima_are_taken_by_header_or_by_item():
    read = read_moodle_export(
        EXPORT.read_bytes(),
        maxima={ASSIGNMENT: Decimal(100), COURSE_ITEM: Decimal(200)},
    )

    assert [column.maximum for column in read.columns] == [100, None, 200]


def test_a_semicolon_export_with_decimal_commas_and_a_bom_is_read():
    data = moodle_csv(
        [["student1@example.com", "85,50", "-"]],
        delimiter=";",
        grades=(ASSIGNMENT, TOTAL),
        encoding="utf-8-sig",
    )

    read = read_moodle_export(data)

    assert read.rows[0].scores == (("assignment-vet-101-assessment-1", Decimal("85.50")),)


@pytest.mark.parametrize("delimiter", ["\t", ":", ","])
def test_each_separator_moodle_offers_is_read(delimiter):
    data = moodle_csv([["student1@example.com", "85.00"]], delimiter=delimiter)

    read = read_moodle_export(data)

    assert read.columns[0].header == ASSIGNMENT
    assert read.rows[0].scores == (("assignment-vet-101-assessment-1", Decimal("85.00")),)


def test_a_utf16_export_with_a_bom_is_read():
    data = moodle_csv([["student1@example.com", "85.00"]], delimiter="\t", encoding="utf-16")

    assert read_moodle_export(data).rows[0].learner == "student1@example.com"


def test_percentages_are_out_of_100_and_letters_are_left_out():
    data = moodle_csv(
        [["student1@example.com", "85.00 %", "B+"]],
        grades=("Quiz: Week 1 (Percentage)", "Quiz: Week 1 (Letter)"),
    )

    read = read_moodle_export(data)

    assert read.columns == (GradeColumn("Quiz: Week 1 (Percentage)", "quiz-week-1", "Week 1", 100),)
    assert read.rows[0].scores == (("quiz-week-1", Decimal("85.00")),)
    assert read.activities == (Activity("quiz-week-1", "Week 1", "quiz"),)


@pytest.mark.parametrize(
    ("maxima", "header"),
    [({}, "Quiz: Week 1 (Percentage)"), ({"quiz-week-1": Decimal(20)}, "Quiz: Week 1 (Real)")],
)
def test_an_item_in_two_display_types_is_read_once_from_a_column_with_a_maximum(maxima, header):
    data = moodle_csv(
        [["student1@example.com", "17.00", "85.00 %"]],
        grades=("Quiz: Week 1 (Real)", "Quiz: Week 1 (Percentage)"),
    )

    read = read_moodle_export(data, maxima=maxima)

    assert [column.header for column in read.columns] == [header]
    assert len(read.rows[0].scores) == 1


def test_items_without_a_known_activity_type_keep_their_whole_name():
    data = moodle_csv([["a@example.com", "3"]], grades=("Attendance: Week 1 (Real)",))

    read = read_moodle_export(data)

    assert read.activities == (Activity("attendance-week-1", "Attendance: Week 1", ""),)


def test_an_export_without_email_is_keyed_by_id_number():
    data = text('"First name","ID number","Quiz: A (Real)"', "Sam,S-001,5.00")

    read = read_moodle_export(data)

    assert read.learner_key is LearnerKey.ID_NUMBER
    assert read.rows[0].learner == "S-001"


def test_a_file_that_is_not_a_moodle_export_is_refused_with_advice():
    message = refusal(read_moodle_export, text("Email,Quiz 1", "a@example.com,5"))

    assert message.startswith("Line 1: this is not Moodle's plain-text grade export")
    assert "Map its columns" in message


def test_an_export_of_letters_only_is_refused():
    data = moodle_csv([["a@example.com", "B"]], grades=("Quiz: A (Letter)",))

    message = refusal(read_moodle_export, data)

    assert message == "Line 1: the export has no grade column in Real or Percentage."


def test_two_activities_of_the_same_name_are_refused_until_one_is_renamed():
    data = moodle_csv([["a@example.com", "1", "2"]], grades=(ASSIGNMENT, ASSIGNMENT))

    message = refusal(read_moodle_export, data)

    assert message.endswith(f"Line 1: two columns are named '{ASSIGNMENT}'; rename one of them.")


def test_a_maximum_that_is_not_above_0_is_refused():
    message = refusal(read_moodle_export, EXPORT.read_bytes(), maxima={TOTAL: Decimal(0)})

    assert message == f"The maximum of column '{TOTAL}' must be above 0, not 0."


# Mapped CSVs


@pytest.mark.parametrize(
    ("key", "written", "read"),
    [
        (LearnerKey.EMAIL, " Student1@Example.com ", "student1@example.com"),
        (LearnerKey.ID_NUMBER, "S-001a", "S-001a"),
        (LearnerKey.USERNAME, "Student1", "student1"),
        (LearnerKey.SUBJECT, "5", "5"),
    ],
)
def test_a_mapped_csv_is_read_by_each_learner_key(key, written, read):
    mapping = ColumnMapping("Who", key, (QUIZ,))

    imported = read_mapped_csv(text("Who,Quiz 1,Other", f"{written},17.5,x"), mapping)

    assert imported == GradeImport(
        learner_key=key,
        rows=(ImportedRow(2, read, (("quiz-1", Decimal("17.5")),)),),
        columns=(GradeColumn("Quiz 1", "quiz-1", "Quiz 1", Decimal(20)),),
        activities=(Activity("quiz-1", "Quiz 1"),),
    )


def test_a_mapped_course_total_is_not_an_activity():
    total = GradeColumn("Final", COURSE_ITEM, "Course total", Decimal(100))
    mapping = ColumnMapping("Email", LearnerKey.EMAIL, (QUIZ, total))

    imported = read_mapped_csv(text("Email,Quiz 1,Final", "a@example.com,,70"), mapping)

    assert imported.rows[0].scores == ((COURSE_ITEM, Decimal(70)),)
    assert imported.activities == (Activity("quiz-1", "Quiz 1"),)


@pytest.mark.parametrize(
    ("written", "completed"),
    [
        ("yes", True),
        ("Yes", True),
        ("1", True),
        ("TRUE", True),
        ("complete", True),
        ("Completed", True),
        ("no", False),
        ("0", False),
        ("false", False),
        ("incomplete", False),
        ("Not  complete", False),
        ("", None),
    ],
)
def test_the_completed_column_says_yes_no_or_nothing(written, completed):
    mapping = ColumnMapping("Email", LearnerKey.EMAIL, (), completed_column="Done")

    imported = read_mapped_csv(text("Email,Done", f"a@example.com,{written}"), mapping)

    assert imported.rows == (ImportedRow(2, "a@example.com", (), completed),)


def test_blank_lines_are_skipped_and_lines_counted():
    data = text("", "Email,Quiz 1", "", "a@example.com,1", ",", "b@example.com,2", "")

    imported = read_mapped_csv(data, BY_EMAIL)

    assert [(row.line, row.learner) for row in imported.rows] == [
        (4, "a@example.com"),
        (6, "b@example.com"),
    ]


def test_a_value_spanning_lines_keeps_the_line_of_its_row():
    data = text("Email,Note,Quiz 1", 'a@example.com,"two', 'lines",1', "b@example.com,,x")

    message = refusal(read_mapped_csv, data, BY_EMAIL)

    assert "Line 4: the grade 'x' in column 'Quiz 1' is not a number." in message


def test_a_cell_that_looks_like_a_formula_is_kept_as_data():
    mapping = ColumnMapping("Id", LearnerKey.ID_NUMBER, (QUIZ,))

    imported = read_mapped_csv(text("Id,Quiz 1", '"=HYPERLINK(""x"")",1'), mapping)

    assert imported.rows[0].learner == '=HYPERLINK("x")'


def test_a_short_row_has_no_score_in_its_missing_cells():
    imported = read_mapped_csv(text("Email,Other,Quiz 1", "a@example.com"), BY_EMAIL)

    assert imported.rows == (ImportedRow(2, "a@example.com", ()),)


@given(
    delimiter=st.sampled_from([",", ";", "\t"]),
    maxima=st.lists(st.integers(1, 1000), min_size=1, max_size=4),
    data=st.data(),
)
def test_any_well_formed_mapped_csv_round_trips(delimiter, maxima, data):
    columns = tuple(grade_column(f"Item {n}", Decimal(m)) for n, m in enumerate(maxima))
    learners = data.draw(
        st.lists(
            st.from_regex(r"[a-z0-9._]{1,12}@[a-z]{1,8}\.eu", fullmatch=True), unique=True
        ).filter(bool)
    )
    written = {
        learner: [
            data.draw(st.decimals(0, column.maximum, places=2) | st.none()) for column in columns
        ]
        for learner in learners
    }
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(["Email", *(column.header for column in columns)])
    for learner, scores in written.items():
        writer.writerow([learner, *("" if score is None else str(score) for score in scores)])
    mapping = ColumnMapping("Email", LearnerKey.EMAIL, columns)

    imported = read_mapped_csv(out.getvalue().encode(), mapping)

    assert {row.learner: dict(row.scores) for row in imported.rows} == {
        learner: {c.item: s for c, s in zip(columns, scores, strict=True) if s is not None}
        for learner, scores in written.items()
    }


# Refusals: all or nothing, each problem with its line


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        ("a@example.com,abc", "Line 3: the grade 'abc' in column 'Quiz 1' is not a number."),
        ("a@example.com,NaN", "Line 3: the grade 'NaN' in column 'Quiz 1' is not a number."),
        (
            'a@example.com,"1,000.5"',
            "Line 3: the grade '1,000.5' in column 'Quiz 1' is not a number.",
        ),
        (
            'a@example.com,"1.000,5"',
            "Line 3: the grade '1.000,5' in column 'Quiz 1' is not a number.",
        ),
        (
            "a@example.com,21",
            "Line 3: the grade '21' in column 'Quiz 1' is above its maximum of 20.",
        ),
        ("a@example.com,-1", "Line 3: the grade '-1' in column 'Quiz 1' is below 0."),
        (",5", "Line 3: no email address."),
        ("student,5", "Line 3: 'student' is not an email address."),
        ("a@example.com,5,extra", "Line 3: it has 3 values but the header names 2 columns."),
    ],
)
def test_a_bad_row_is_refused_with_its_line_and_nothing_is_returned(row, problem):
    data = text("Email,Quiz 1", "z@example.com,20", row, "y@example.com,0")

    message = refusal(read_mapped_csv, data, BY_EMAIL)

    assert message == f"The file was not imported; correct it and upload it again.\n{problem}"


@pytest.mark.parametrize(
    ("key", "problem"),
    [
        (LearnerKey.ID_NUMBER, "no ID number."),
        (LearnerKey.USERNAME, "no username."),
        (LearnerKey.SUBJECT, "no user id."),
    ],
)
def test_a_row_without_its_learner_names_the_key_missing(key, problem):
    mapping = ColumnMapping("Who", key, (QUIZ,))

    assert f"Line 2: {problem}" in refusal(read_mapped_csv, text("Who,Quiz 1", ",5"), mapping)


def test_a_long_value_is_quoted_cut_short():
    data = text("Email,Quiz 1", "a@example.com," + "x" * 1000)

    message = refusal(read_mapped_csv, data, BY_EMAIL)

    assert message.endswith(f"Line 2: the grade '{'x' * 39}…' in column 'Quiz 1' is not a number.")


def test_a_learner_twice_is_refused_with_both_lines():
    data = text("Email,Quiz 1", "a@example.com,1", "b@example.com,2", "A@example.com,3")

    message = refusal(read_mapped_csv, data, BY_EMAIL)

    assert message.endswith("\nLine 4: a@example.com appears twice (also on line 2).")


def test_a_bad_completed_value_is_refused_with_its_line():
    mapping = ColumnMapping("Email", LearnerKey.EMAIL, (), completed_column="Done")

    message = refusal(read_mapped_csv, text("Email,Done", "a@example.com,maybe"), mapping)

    assert message.endswith(
        "Line 2: the value 'maybe' in column 'Done' is not one of yes, no, 1, 0, true, false, "
        "complete, incomplete."
    )


def test_every_problem_of_a_moodle_export_is_listed():
    data = moodle_csv(
        [["a@example.com", "abc", "90"], ["", "1", "-"]],
        grades=(ASSIGNMENT, TOTAL),
    )

    message = refusal(read_moodle_export, data, maxima={TOTAL: Decimal(80)})

    assert message.splitlines()[1:] == [
        f"Line 2: the grade 'abc' in column '{ASSIGNMENT}' is not a number.",
        f"Line 2: the grade '90' in column '{TOTAL}' is above its maximum of 80.",
        "Line 3: no email address.",
    ]


def test_more_than_20_problems_are_counted_not_listed():
    rows = [f"a{n}@example.com,x" for n in range(25)]

    lines = refusal(read_mapped_csv, text("Email,Quiz 1", *rows), BY_EMAIL).splitlines()

    assert len(lines) == 22
    assert lines[20] == "Line 21: the grade 'x' in column 'Quiz 1' is not a number."
    assert lines[21] == "… and 5 more problems."


def test_columns_the_mapping_names_must_be_in_the_file_once():
    mapping = ColumnMapping("Mail", LearnerKey.EMAIL, (QUIZ,), completed_column="Done")
    data = text("Email,Quiz 1,Quiz 1", "a@example.com,1,2")

    message = refusal(read_mapped_csv, data, mapping)

    assert message.splitlines()[1:] == [
        "Line 1: the file has no column named 'Mail'.",
        "Line 1: two columns are named 'Quiz 1'; rename one of them.",
        "Line 1: the file has no column named 'Done'.",
    ]


@pytest.mark.parametrize(
    ("mapping", "message"),
    [
        (
            ColumnMapping("Email", LearnerKey.EMAIL, ()),
            "Choose at least one column of grades, or the column of completion.",
        ),
        (
            ColumnMapping("Email", LearnerKey.EMAIL, (QUIZ, QUIZ)),
            "Two of the chosen columns are the same activity; choose each once.",
        ),
        (
            ColumnMapping("Email", LearnerKey.EMAIL, (grade_column("Quiz 1", Decimal(-5)),)),
            "The maximum of column 'Quiz 1' must be above 0, not -5.",
        ),
    ],
)
def test_a_mapping_that_cannot_be_read_by_is_refused(mapping, message):
    assert refusal(read_mapped_csv, text("Email,Quiz 1", "a@example.com,1"), mapping) == message


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The file is empty."),
        (b"\xef\xbb\xbf \r\n\r\n", "The file is empty."),
        (b"Email,Quiz 1\n", "The file has a header but no learners' rows."),
        (
            b"Email,Quiz 1\na@example.com,1\nJos\xe9@example.com,2\n",
            'Line 3: the file is not UTF-8 text. Save it as "CSV UTF-8" and upload it again.',
        ),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "Line 1: the file is not UTF-8 text. Save it as"),
        (b"Email,Quiz 1\n\x00\x01\x02", "Line 2: the file is not text; upload a CSV file."),
        (
            b'Email,Quiz 1\na@example.com,1\n"b@example.com"x,2\n',
            "Line 3: the line cannot be read as CSV; check its quotation marks.",
        ),
        (
            b'Email,Quiz 1\na@example.com,"1\n',
            "Line 2: the line cannot be read as CSV; check its quotation marks.",
        ),
        (
            b'Email,Quiz 1\na@example.com,"' + b"9" * 200_000 + b'"\n',
            "Line 2: the line cannot be read as CSV; check its quotation marks.",
        ),
        (b"x" * (MAX_BYTES + 1), "The file is larger than 5 MB."),
    ],
)
def test_a_file_that_cannot_be_read_is_refused(data, message):
    assert refusal(read_mapped_csv, data, BY_EMAIL).startswith(message)
    assert refusal(headers_of, data).startswith(message)


def test_a_file_of_more_than_20000_rows_is_refused():
    rows = [f"a{n}@example.com,1" for n in range(MAX_ROWS + 1)]

    message = refusal(read_mapped_csv, text("Email,Quiz 1", *rows), BY_EMAIL)

    assert message == "The file has more than 20,000 rows; split it into smaller files."


def test_a_file_of_20000_rows_is_read():
    rows = [f"a{n}@example.com,1" for n in range(MAX_ROWS)]

    assert len(read_mapped_csv(text("Email,Quiz 1", *rows), BY_EMAIL).rows) == MAX_ROWS
