"""The rule page's fields and the domain's rule, both ways: up to `ROWS` conditions joined by
all-of or any-of, a date window and whether the grade is carried."""

from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, time
from decimal import Decimal, InvalidOperation

from flask_babel import gettext

from lti_tool.domain.errors import InvalidInput
from lti_tool.domain.results import COURSE_ITEM, TOOL_ITEM, Activity
from lti_tool.domain.rules import (
    ActivityCompleted,
    AllOf,
    AnyOf,
    Condition,
    CourseCompleted,
    GradeAtLeast,
    GradeUnit,
    Rule,
    Window,
)

ROWS = 4
KINDS = (
    "course_completed",
    "final_grade",
    "tool_grade",
    "activity_grade",
    "activity_completed",
    "activity_passed",
)
_ACTIVITY_KINDS = {"activity_grade", "activity_completed", "activity_passed"}
_GRADE_KINDS = {"final_grade", "tool_grade", "activity_grade"}


def rule_from(fields: Mapping[str, str], activities: Sequence[Activity]) -> Rule:
    """The rule the fields describe; raises InvalidInput naming what is wrong."""
    names = {activity.item: activity.name for activity in activities}
    conditions = []
    for row in range(ROWS):
        kind = fields.get(f"kind_{row}", "")
        if kind:
            conditions.append(_condition(fields, row, kind, names))
    if not conditions:
        raise InvalidInput(gettext("Add at least one condition."))
    combine = AnyOf if fields.get("combine") == "any_of" else AllOf
    window = _window(fields.get("starts", ""), fields.get("ends", ""))
    return Rule(
        combine(tuple(conditions)),
        window,
        carry_grade=bool(fields.get("carry_grade")),
        needs_approval=bool(fields.get("needs_approval")),
    )


def fields_of(rule: Rule | None) -> dict[str, str]:
    """The fields that show `rule` (a rule of another shape shows as its first level)."""
    if rule is None:
        return {"combine": "all_of", "kind_0": "final_grade", "threshold_0": "55"}
    condition = rule.condition
    parts = condition.conditions if isinstance(condition, AllOf | AnyOf) else (condition,)
    fields = {"combine": "any_of" if isinstance(condition, AnyOf) else "all_of"}
    for row, part in enumerate(parts[:ROWS]):
        fields |= {f"{name}_{row}": value for name, value in _fields_of(part).items()}
    if rule.window.starts:
        fields["starts"] = rule.window.starts.date().isoformat()
    if rule.window.ends:
        fields["ends"] = rule.window.ends.date().isoformat()
    if rule.carry_grade:
        fields["carry_grade"] = "1"
    if rule.needs_approval:
        fields["needs_approval"] = "1"
    return fields


def _condition(fields: Mapping[str, str], row: int, kind: str, names: dict[str, str]) -> Condition:
    number = row + 1
    if kind not in KINDS:
        raise InvalidInput(gettext("Condition %(n)d: choose what it checks.", n=number))
    if kind == "course_completed":
        return CourseCompleted()
    item = fields.get(f"item_{row}", "") if kind in _ACTIVITY_KINDS else ""
    if kind in _ACTIVITY_KINDS and item not in names:
        raise InvalidInput(gettext("Condition %(n)d: choose the activity.", n=number))
    if kind in _GRADE_KINDS:
        item = {"final_grade": COURSE_ITEM, "tool_grade": TOOL_ITEM}.get(kind, item)
        unit = GradeUnit.POINTS if fields.get(f"unit_{row}") == "points" else GradeUnit.PERCENT
        threshold = _number(fields.get(f"threshold_{row}", ""), number)
        return GradeAtLeast(threshold, unit, item, names.get(item, ""))
    return ActivityCompleted(item, names[item], passed=kind == "activity_passed")


def _fields_of(condition: Condition) -> dict[str, str]:
    match condition:
        case CourseCompleted():
            return {"kind": "course_completed"}
        case ActivityCompleted(item, _, passed):
            return {"kind": "activity_passed" if passed else "activity_completed", "item": item}
        case GradeAtLeast(threshold, unit, item, _):
            kind = {COURSE_ITEM: "final_grade", TOOL_ITEM: "tool_grade"}.get(item, "activity_grade")
            shown = f"{threshold.normalize():f}"
            return {"kind": kind, "item": item, "threshold": shown, "unit": unit.value}
    return {}


def _number(text: str, number: int) -> Decimal:
    try:
        value = Decimal(text.strip().replace(",", "."))
    except InvalidOperation:
        value = Decimal("NaN")
    if not value.is_finite():
        raise InvalidInput(gettext("Condition %(n)d: give the grade needed as a number.", n=number))
    return value


def _window(starts: str, ends: str) -> Window:
    return Window(_day(starts, time.min), _day(ends, time.max))


def _day(text: str, at: time) -> datetime | None:
    if not text.strip():
        return None
    try:
        return datetime.combine(date.fromisoformat(text.strip()), at, tzinfo=UTC)
    except ValueError:
        raise InvalidInput(gettext("Dates are written as YYYY-MM-DD.")) from None
