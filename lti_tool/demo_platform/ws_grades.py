"""The gradebook as Moodle's grade report and completion read it: a learner's grade per column,
the course total, and an activity's completion state from its grade.

The course total follows Moodle's default Natural aggregation with empty grades excluded: the
sum of the learner's grades out of the sum of the maxima of the columns they have a grade in
(every column's maximum when they have none). Activity completion is the rule "Receive a
grade": complete once graded, and with a grade to pass, complete-pass or complete-fail
(completion_info::internal_get_grade_state).
"""

from dataclasses import dataclass

from lti_tool.demo_platform import seed
from lti_tool.demo_platform.gradebook import Grade, Gradebook, LineItem

# Moodle's COMPLETION_* states.
INCOMPLETE, COMPLETE, COMPLETE_PASS, COMPLETE_FAIL = 0, 1, 2, 3


@dataclass(frozen=True)
class CourseTotal:
    """A learner's course total: None as score when ungraded; `graded_at` of the latest grade."""

    score: float | None
    maximum: float
    graded_at: int | None


def grade_of(gradebook: Gradebook, item_id: int, user_id: int) -> Grade | None:
    """The learner's grade on a column, or None."""
    return next(iter(gradebook.results(item_id, user_id=user_id)), None)


def course_total(gradebook: Gradebook, user_id: int) -> CourseTotal:
    """The learner's course total (see the module's docstring)."""
    items = gradebook.line_items()
    graded = [(item, grade_of(gradebook, item.id, user_id)) for item in items]
    graded = [(item, grade) for item, grade in graded if grade is not None]
    if not graded:
        return CourseTotal(None, sum(item.score_maximum for item in items), None)
    return CourseTotal(
        score=sum(grade.score for _, grade in graded),
        maximum=sum(item.score_maximum for item, _ in graded),
        graded_at=max(grade.timestamp for _, grade in graded),
    )


def pass_grade(item: LineItem) -> float | None:
    """The column's grade to pass: only the seeded activity's column has one."""
    return float(seed.LINE_ITEM_PASS_GRADE) if item.id == seed.LINE_ITEM_ID else None


def completion_state(item: LineItem, grade: Grade | None) -> int:
    """The completion state "Receive a grade" gives an activity graded in `item`."""
    if grade is None:
        return INCOMPLETE
    passing = pass_grade(item)
    if passing is None:
        return COMPLETE
    return COMPLETE_PASS if grade.score >= passing else COMPLETE_FAIL
