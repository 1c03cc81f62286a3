"""Award rules: conditions on results, all-of and any-of, the date window, the grade carried,
and the properties that make evaluation trustworthy (same results, same awards)."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lti_tool.domain.errors import InvalidInput
from lti_tool.domain.results import COURSE_ITEM, TOOL_ITEM, Completion, Result, ResultSource
from lti_tool.domain.rules import (
    ActivityCompleted,
    AllOf,
    AnyOf,
    CourseCompleted,
    Evidence,
    GradeAtLeast,
    GradeUnit,
    Rule,
    Window,
    condition_from_json,
    condition_to_json,
)

DAY = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


def grade(score, maximum=100, *, item=COURSE_ITEM, at=DAY, source=ResultSource.MOODLE):
    return Result("7", source, item, Decimal(score), Decimal(maximum), at)


def done(item=COURSE_ITEM, *, completed=True, passed=None, at=DAY):
    return Completion("7", ResultSource.MOODLE, item, completed, passed, at)


def test_the_final_grade_in_percent_or_in_its_own_points():
    evidence = Evidence(grades=(grade("7.5", 10),))
    assert GradeAtLeast(Decimal(75)).check(evidence).met
    assert not GradeAtLeast(Decimal(76)).check(evidence).met
    points = GradeAtLeast(Decimal("7.5"), GradeUnit.POINTS).check(evidence)
    assert points.met and points.reasons == ("The final grade 7.5 / 10 is at least 7.5.",)
    below = GradeAtLeast(Decimal(8), GradeUnit.POINTS).check(evidence)
    assert below.reasons == ("The final grade 7.5 / 10 is below 8.",)


def test_the_newest_grade_of_an_item_counts():
    evidence = Evidence(grades=(grade(90, at=DAY), grade(40, at=DAY + timedelta(days=1))))
    outcome = GradeAtLeast(Decimal(50)).check(evidence)
    assert not outcome.met and outcome.grade == "40 %"


def test_course_and_activity_completion():
    assert CourseCompleted().check(Evidence(completions=(done(),))).met
    assert not CourseCompleted().check(Evidence(completions=(done(completed=False),))).met
    assert CourseCompleted().check(Evidence()).reasons == (
        "No course completion has been received yet.",
    )
    quiz = ActivityCompleted("12", "Safety quiz", passed=True)
    assert quiz.check(Evidence(completions=(done("12", passed=True),))).met
    failed = quiz.check(Evidence(completions=(done("12", passed=False),)))
    assert failed.reasons == ("“Safety quiz” is completed but not passed.",)


def test_all_of_is_met_when_the_last_part_is_and_names_what_is_missing():
    later = DAY + timedelta(days=3)
    rule = AllOf((CourseCompleted(), GradeAtLeast(Decimal(60))))
    outcome = rule.check(Evidence(grades=(grade(70, at=later),), completions=(done(),)))
    assert outcome.met and outcome.met_at == later
    missing = rule.check(Evidence(grades=(grade(70),)))
    assert missing.reasons == ("No course completion has been received yet.",)


def test_any_of_is_met_when_the_first_part_is():
    later = DAY + timedelta(days=3)
    rule = AnyOf((CourseCompleted(), GradeAtLeast(Decimal(60))))
    outcome = rule.check(Evidence(grades=(grade(70, at=later),), completions=(done(),)))
    assert outcome.met and outcome.met_at == DAY
    assert not rule.check(Evidence(grades=(grade(10),))).met


def test_the_date_window_bounds_when_the_conditions_were_met():
    rule = Rule(CourseCompleted(), Window(DAY - timedelta(days=1), DAY + timedelta(days=1)))
    assert rule.evaluate(Evidence(completions=(done(),))).qualifies
    late = rule.evaluate(Evidence(completions=(done(at=DAY + timedelta(days=5)),)))
    assert not late.qualifies
    assert late.reasons[-1] == "Met on 2026-06-06, after the window closed on 2026-06-02."
    undated = rule.evaluate(Evidence(completions=(done(at=None),)))
    assert "carry no date" in undated.reasons[-1]
    with pytest.raises(InvalidInput, match="ends before it starts"):
        Window(DAY, DAY - timedelta(days=1))


def test_the_grade_is_carried_only_when_the_rule_asks():
    evidence = Evidence(grades=(grade(85),))
    assert Rule(GradeAtLeast(Decimal(60))).evaluate(evidence).grade is None
    carried = Rule(GradeAtLeast(Decimal(60)), carry_grade=True).evaluate(evidence)
    assert carried.qualifies and carried.grade == "85 %"


@pytest.mark.parametrize(
    "data, message",
    [
        (None, "condition must be an object"),
        ({"type": "nope"}, "condition.type must be"),
        ({"type": "grade_at_least", "threshold": "lots"}, "threshold must be a number"),
        ({"type": "grade_at_least", "threshold": "NaN"}, "threshold must be a number"),
        ({"type": "grade_at_least", "threshold": 120}, "from 0 to 100"),
        ({"type": "grade_at_least", "threshold": 5, "unit": "stars"}, "percent or points"),
        ({"type": "activity_completed"}, "condition.item must be a non-empty text"),
        ({"type": "activity_completed", "item": "3", "passed": "yes"}, "true or false"),
        ({"type": "all_of", "conditions": []}, "non-empty list"),
        (
            {"type": "any_of", "conditions": [{"type": "all_of", "conditions": [5]}]},
            r"condition.conditions\[0\].conditions\[0\] must be an object",
        ),
        (
            {"type": "all_of", "conditions": [{"type": "course_completed"}] * 60},
            "at most 50 conditions",
        ),
    ],
)
def test_a_stored_or_imported_condition_that_is_wrong_says_where(data, message):
    with pytest.raises(InvalidInput, match=message):
        condition_from_json(data)


def test_nesting_deeper_than_three_is_refused():
    leaf = {"type": "course_completed"}
    nested = leaf
    for _ in range(4):
        nested = {"type": "all_of", "conditions": [nested]}
    with pytest.raises(InvalidInput, match="nest at most 3 deep"):
        condition_from_json(nested)


# Properties -----------------------------------------------------------------------------------

ITEMS = st.sampled_from([COURSE_ITEM, "11", "12"])
MOMENTS = st.one_of(st.none(), st.integers(0, 30).map(lambda days: DAY + timedelta(days=days)))
GRADES = st.builds(
    lambda score, maximum, item, at, source: Result(
        "7", source, item, Decimal(min(score, maximum)), Decimal(maximum), at
    ),
    st.integers(0, 100),
    st.integers(1, 100),
    ITEMS,
    MOMENTS,
    st.sampled_from(list(ResultSource)),
)
COMPLETIONS = st.builds(
    lambda item, completed, passed, at: Completion(
        "7", ResultSource.MOODLE, item, completed, passed, at
    ),
    ITEMS,
    st.booleans(),
    st.sampled_from([None, True, False]),
    MOMENTS,
)
EVIDENCE = st.builds(
    lambda grades, completions: Evidence(tuple(grades), tuple(completions)),
    st.lists(GRADES, max_size=6),
    st.lists(COMPLETIONS, max_size=6),
)
LEAVES = st.one_of(
    st.just(CourseCompleted()),
    st.builds(ActivityCompleted, st.sampled_from(["11", "12"]), st.just(""), st.booleans()),
    st.builds(
        GradeAtLeast,
        st.integers(0, 100).map(Decimal),
        st.sampled_from(list(GradeUnit)),
        ITEMS,
    ),
)


def _combined(children):
    parts = st.lists(children, min_size=1, max_size=3).map(tuple)
    return st.one_of(parts.map(AllOf), parts.map(AnyOf))


# All-of and any-of nested up to three deep, as deep as a rule may go.
_ONE_DEEP = st.one_of(LEAVES, _combined(LEAVES))
_TWO_DEEP = st.one_of(LEAVES, _combined(_ONE_DEEP))
CONDITIONS = st.one_of(LEAVES, _combined(_TWO_DEEP))


@settings(max_examples=300)
@given(condition=CONDITIONS, evidence=EVIDENCE, data=st.data())
def test_the_same_results_in_any_order_give_the_same_decision(condition, evidence, data):
    shuffled = Evidence(
        tuple(data.draw(st.permutations(evidence.grades))),
        tuple(data.draw(st.permutations(evidence.completions))),
    )
    rule = Rule(condition, carry_grade=True)
    assert rule.evaluate(shuffled) == rule.evaluate(evidence)


@settings(max_examples=300)
@given(condition=CONDITIONS, evidence=EVIDENCE)
def test_receiving_the_same_results_twice_changes_nothing(condition, evidence):
    twice = Evidence(evidence.grades * 2, evidence.completions * 2)
    assert Rule(condition).evaluate(twice) == Rule(condition).evaluate(evidence)


@settings(max_examples=300)
@given(parts=st.lists(CONDITIONS, min_size=1, max_size=3), evidence=EVIDENCE)
def test_all_of_and_any_of_are_and_and_or(parts, evidence):
    each = [part.check(evidence).met for part in parts]
    assert AllOf(tuple(parts)).check(evidence).met == all(each)
    assert AnyOf(tuple(parts)).check(evidence).met == any(each)


@given(condition=CONDITIONS)
def test_a_condition_survives_export_and_import(condition):
    assert condition_from_json(condition_to_json(condition)) == condition


# The pass mark on the micro-credential's own activity, as the teacher's page sets it ---------


def test_a_learner_at_the_pass_mark_qualifies_and_the_grade_is_carried():
    rule = Rule(GradeAtLeast(Decimal(60), item=TOOL_ITEM), carry_grade=True)
    decision = rule.evaluate(Evidence(grades=(grade(60, item=TOOL_ITEM),)))
    assert decision.qualifies and decision.grade == "60 %"
    assert decision.reasons == ("The grade of the activity 60 % is at least 60 %.",)


def test_a_learner_below_the_pass_mark_is_told_why():
    rule = Rule(GradeAtLeast(Decimal(60), item=TOOL_ITEM))
    decision = rule.evaluate(Evidence(grades=(grade("59.99", item=TOOL_ITEM),)))
    assert not decision.qualifies
    assert decision.reasons == ("The grade of the activity 59.99 % is below 60 %.",)


def test_a_dated_result_wins_over_one_without_a_date():
    evidence = Evidence(grades=(grade(90, at=None), grade(40)))
    assert GradeAtLeast(Decimal(50)).check(evidence).grade == "40 %"


@pytest.mark.parametrize(
    "threshold, message", [("-1", "cannot be negative"), ("100.01", "from 0 to 100")]
)
def test_a_pass_mark_outside_its_range_is_refused(threshold, message):
    with pytest.raises(InvalidInput, match=message):
        GradeAtLeast(Decimal(threshold))


def test_results_with_impossible_scores_are_refused():
    with pytest.raises(InvalidInput, match="maximum"):
        grade(1, 0)
    with pytest.raises(InvalidInput, match="negative"):
        grade(-1)
