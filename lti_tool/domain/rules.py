"""What earns a micro-credential: conditions on a learner's results, combined with all-of and
any-of, inside an optional date window, each decision with its reasons.

A condition looks at the learner's `Evidence` (grades and completions from every source) and
says whether it is met, since when (`met_at`, the time of the result that met it) and why. The
same evidence, in any order, always gives the same outcome: of several results for one item the
newest counts, ties broken by source and value, never by arrival order.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation

from lti_tool.domain.errors import InvalidInput
from lti_tool.domain.results import COURSE_ITEM, TOOL_ITEM, Completion, Result

MAX_DEPTH = 4  # all-of / any-of nested deeper than this is refused: no teacher needs it
MAX_CONDITIONS = 50
# The grades a credential can carry, and how a reason names them.
_GRADE_LABELS = {COURSE_ITEM: "The final grade", TOOL_ITEM: "The grade of the activity"}


@dataclass(frozen=True)
class Evidence:
    """One learner's results from every source."""

    grades: tuple[Result, ...] = ()
    completions: tuple[Completion, ...] = ()


@dataclass(frozen=True)
class Outcome:
    """Whether a condition is met, since when, why, and the grade to carry if any."""

    met: bool
    reasons: tuple[str, ...]
    met_at: datetime | None = None
    grade: str | None = None


class GradeUnit(enum.StrEnum):
    PERCENT = "percent"  # of the item's maximum
    POINTS = "points"  # in the grade's own scale


@dataclass(frozen=True)
class CourseCompleted:
    """The platform reports the course completed."""

    def check(self, evidence: Evidence) -> Outcome:
        completion = _newest_completion(evidence, COURSE_ITEM)
        if completion is None:
            return Outcome(False, ("No course completion has been received yet.",))
        if not completion.completed:
            return Outcome(False, ("The course is not completed yet.",))
        return Outcome(True, ("The course is completed.",), completion.recorded_at)


@dataclass(frozen=True)
class ActivityCompleted:
    """An activity is completed; with `passed`, completed with a passing grade."""

    item: str
    name: str = ""
    passed: bool = False

    def check(self, evidence: Evidence) -> Outcome:
        label = _label(self.item, self.name)
        completion = _newest_completion(evidence, self.item)
        if completion is None or not completion.completed:
            return Outcome(False, (f"{label} is not completed yet.",))
        if self.passed and completion.passed is not True:
            return Outcome(False, (f"{label} is completed but not passed.",))
        done = "passed" if self.passed else "completed"
        return Outcome(True, (f"{label} is {done}.",), completion.recorded_at)


@dataclass(frozen=True)
class GradeAtLeast:
    """The newest grade of an item (the course's final grade by default) is at least
    `threshold`, in percent of its maximum or in its own points."""

    threshold: Decimal
    unit: GradeUnit = GradeUnit.PERCENT
    item: str = COURSE_ITEM
    name: str = ""

    def __post_init__(self) -> None:
        if self.threshold < 0:
            raise InvalidInput("A pass mark cannot be negative.")
        if self.unit == GradeUnit.PERCENT and self.threshold > 100:
            raise InvalidInput("A pass mark in percent must be from 0 to 100.")

    def check(self, evidence: Evidence) -> Outcome:
        label = _GRADE_LABELS.get(self.item) or _label(self.item, self.name)
        result = _newest_grade(evidence, self.item)
        if result is None:
            return Outcome(False, (f"{label}: no grade has been received yet.",))
        if self.unit == GradeUnit.PERCENT:
            value, shown = result.percent, f"{_plain(result.percent)} %"
            needed = f"{_plain(self.threshold)} %"
        else:
            value, shown = result.score, f"{_plain(result.score)} / {_plain(result.maximum)}"
            needed = _plain(self.threshold)
        grade = shown if self.item in _GRADE_LABELS else None
        if value >= self.threshold:
            reason = f"{label} {shown} is at least {needed}."
            return Outcome(True, (reason,), result.recorded_at, grade)
        return Outcome(False, (f"{label} {shown} is below {needed}.",), grade=grade)


@dataclass(frozen=True)
class AllOf:
    """Every condition is met; since the last of them was."""

    conditions: tuple[Condition, ...]

    def check(self, evidence: Evidence) -> Outcome:
        outcomes = [condition.check(evidence) for condition in self.conditions]
        if all(outcome.met for outcome in outcomes):
            return Outcome(
                True,
                _reasons(outcomes),
                _latest(outcome.met_at for outcome in outcomes),
                _first_grade(outcomes),
            )
        missing = [outcome for outcome in outcomes if not outcome.met]
        return Outcome(False, _reasons(missing), grade=_first_grade(outcomes))


@dataclass(frozen=True)
class AnyOf:
    """At least one condition is met; since the first of them was."""

    conditions: tuple[Condition, ...]

    def check(self, evidence: Evidence) -> Outcome:
        outcomes = [condition.check(evidence) for condition in self.conditions]
        met = [outcome for outcome in outcomes if outcome.met]
        if met:
            return Outcome(True, _reasons(met), _earliest(o.met_at for o in met), _first_grade(met))
        return Outcome(False, _reasons(outcomes), grade=_first_grade(outcomes))


Condition = CourseCompleted | ActivityCompleted | GradeAtLeast | AllOf | AnyOf


@dataclass(frozen=True)
class Decision:
    """Whether a learner qualifies, the grade to carry into the credential, and why."""

    qualifies: bool
    reasons: tuple[str, ...]
    grade: str | None = None
    met_at: datetime | None = None


@dataclass(frozen=True)
class Window:
    """The time in which the conditions must have been met; either end may be open."""

    starts: datetime | None = None
    ends: datetime | None = None

    def __post_init__(self) -> None:
        if self.starts and self.ends and self.ends < self.starts:
            raise InvalidInput("The date window ends before it starts.")

    def check(self, met_at: datetime | None) -> str | None:
        """Why `met_at` falls outside the window, or None when inside (or no window)."""
        if self.starts is None and self.ends is None:
            return None
        if met_at is None:
            return "The results carry no date, so the date window cannot be checked."
        if self.starts is not None and met_at < self.starts:
            return f"Met on {met_at:%Y-%m-%d}, before the window opens on {self.starts:%Y-%m-%d}."
        if self.ends is not None and met_at > self.ends:
            return f"Met on {met_at:%Y-%m-%d}, after the window closed on {self.ends:%Y-%m-%d}."
        return None


@dataclass(frozen=True)
class Rule:
    """A micro-credential's award rule: a condition, a window, whether the grade goes into the
    credential, and whether the teacher approves each award before the learner can claim it."""

    condition: Condition
    window: Window = Window()
    carry_grade: bool = False
    needs_approval: bool = False

    def evaluate(self, evidence: Evidence) -> Decision:
        outcome = self.condition.check(evidence)
        grade = outcome.grade if self.carry_grade else None
        if not outcome.met:
            return Decision(False, outcome.reasons, grade)
        outside = self.window.check(outcome.met_at)
        if outside is not None:
            return Decision(False, (*outcome.reasons, outside), grade, outcome.met_at)
        return Decision(True, outcome.reasons, grade, outcome.met_at)


def pass_mark_rule(threshold_percent: Decimal) -> Rule:
    """The rule the teacher's course page sets: the grade of the micro-credential's activity
    is at least `threshold_percent` %, and goes into the credential."""
    return Rule(GradeAtLeast(threshold_percent, GradeUnit.PERCENT, TOOL_ITEM), carry_grade=True)


def pass_mark_of(rule: Rule) -> Decimal | None:
    """The pass mark of a rule `pass_mark_rule` made, else None (a rule of another shape)."""
    condition = rule.condition
    if (
        isinstance(condition, GradeAtLeast)
        and condition.item == TOOL_ITEM
        and condition.unit == GradeUnit.PERCENT
    ):
        return condition.threshold
    return None


def condition_to_json(condition: Condition) -> dict:
    """The condition as plain JSON, for storage and for a definition's export."""
    match condition:
        case CourseCompleted():
            return {"type": "course_completed"}
        case ActivityCompleted(item, name, passed):
            return {"type": "activity_completed", "item": item, "name": name, "passed": passed}
        case GradeAtLeast(threshold, unit, item, name):
            return {
                "type": "grade_at_least",
                "threshold": str(threshold),
                "unit": unit.value,
                "item": item,
                "name": name,
            }
        case AllOf(conditions) | AnyOf(conditions):
            kind = "all_of" if isinstance(condition, AllOf) else "any_of"
            return {"type": kind, "conditions": [condition_to_json(c) for c in conditions]}
    raise TypeError(f"not a condition: {condition!r}")


def condition_from_json(data: object) -> Condition:
    """The condition `data` describes; raises InvalidInput saying where it is wrong."""
    counter = [0]
    return _from_json(data, "condition", 1, counter)


def _from_json(data: object, where: str, depth: int, counter: list[int]) -> Condition:
    counter[0] += 1
    if counter[0] > MAX_CONDITIONS:
        raise InvalidInput(f"A rule may hold at most {MAX_CONDITIONS} conditions.")
    if not isinstance(data, Mapping):
        raise InvalidInput(f"{where} must be an object with a type.")
    kind = data.get("type")
    if kind == "course_completed":
        return CourseCompleted()
    if kind == "activity_completed":
        return ActivityCompleted(
            item=_text(data, "item", where, required=True),
            name=_text(data, "name", where),
            passed=_flag(data, "passed", where),
        )
    if kind == "grade_at_least":
        return GradeAtLeast(
            threshold=_number(data, "threshold", where),
            unit=_unit(data, where),
            item=_text(data, "item", where) or COURSE_ITEM,
            name=_text(data, "name", where),
        )
    if kind in ("all_of", "any_of"):
        if depth >= MAX_DEPTH:
            raise InvalidInput(f"{where}: all-of and any-of nest at most {MAX_DEPTH - 1} deep.")
        items = data.get("conditions")
        if not isinstance(items, list) or not items:
            raise InvalidInput(f"{where}.conditions must be a non-empty list.")
        parts = tuple(
            _from_json(item, f"{where}.conditions[{n}]", depth + 1, counter)
            for n, item in enumerate(items)
        )
        return AllOf(parts) if kind == "all_of" else AnyOf(parts)
    raise InvalidInput(
        f"{where}.type must be course_completed, activity_completed, grade_at_least, all_of "
        "or any_of."
    )


def _text(data: Mapping, key: str, where: str, *, required: bool = False) -> str:
    value = data.get(key, "")
    if not isinstance(value, str) or (required and not value.strip()):
        raise InvalidInput(f"{where}.{key} must be {'a non-empty' if required else 'a'} text.")
    return value.strip()


def _flag(data: Mapping, key: str, where: str) -> bool:
    value = data.get(key, False)
    if not isinstance(value, bool):
        raise InvalidInput(f"{where}.{key} must be true or false.")
    return value


def _number(data: Mapping, key: str, where: str) -> Decimal:
    value = data.get(key)
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise InvalidInput(f"{where}.{key} must be a number.")
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise InvalidInput(f"{where}.{key} must be a number.") from None
    if not number.is_finite():
        raise InvalidInput(f"{where}.{key} must be a number.")
    return number


def _unit(data: Mapping, where: str) -> GradeUnit:
    try:
        return GradeUnit(data.get("unit", GradeUnit.PERCENT.value))
    except ValueError:
        raise InvalidInput(f"{where}.unit must be percent or points.") from None


def _newest_grade(evidence: Evidence, item: str) -> Result | None:
    grades = [result for result in evidence.grades if result.item == item]
    return max(grades, key=_grade_order, default=None)


def _newest_completion(evidence: Evidence, item: str) -> Completion | None:
    found = [completion for completion in evidence.completions if completion.item == item]
    return max(found, key=_completion_order, default=None)


def _grade_order(result: Result) -> tuple:
    # Undated results sort before dated ones; ties are broken by value, never by arrival.
    return (*_when(result.recorded_at), result.source.value, result.score, result.maximum)


def _completion_order(completion: Completion) -> tuple:
    return (
        *_when(completion.recorded_at),
        completion.source.value,
        completion.completed,
        completion.passed is True,
    )


def _when(moment: datetime | None) -> tuple[bool, float]:
    return (moment is not None, moment.timestamp() if moment is not None else 0.0)


def _label(item: str, name: str) -> str:
    return f"“{name}”" if name else f"Activity {item}"


def _plain(number: Decimal) -> str:
    return f"{number.normalize():f}"


def _reasons(outcomes: Iterable[Outcome]) -> tuple[str, ...]:
    return tuple(reason for outcome in outcomes for reason in outcome.reasons)


def _first_grade(outcomes: Iterable[Outcome]) -> str | None:
    return next((outcome.grade for outcome in outcomes if outcome.grade is not None), None)


def _latest(moments: Iterable[datetime | None]) -> datetime | None:
    known = [moment for moment in moments if moment is not None]
    return max(known, default=None)


def _earliest(moments: Iterable[datetime | None]) -> datetime | None:
    known = [moment for moment in moments if moment is not None]
    return min(known, default=None)
