from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from lti_tool.domain.errors import InvalidInput
from lti_tool.domain.rules import FinalGradeAtLeast
from tests.factories import make_result


def test_learner_at_the_pass_mark_qualifies_and_the_grade_is_carried():
    decision = FinalGradeAtLeast(Decimal("60")).evaluate([make_result(score=Decimal("60"))])
    assert decision.qualifies
    assert decision.grade == "60 %"
    assert "at least 60 %" in decision.reasons[0]


def test_learner_below_the_pass_mark_does_not_qualify_and_is_told_why():
    decision = FinalGradeAtLeast(Decimal("60")).evaluate([make_result(score=Decimal("59.99"))])
    assert not decision.qualifies
    assert decision.reasons == ("Final grade 59.99 % is below 60 %.",)


def test_grade_is_a_percentage_of_the_items_own_maximum():
    result = make_result(score=Decimal("7"), maximum=Decimal("10"))
    assert FinalGradeAtLeast(Decimal("70")).evaluate([result]).qualifies


def test_the_most_recent_result_is_the_final_grade():
    earlier = datetime(2026, 5, 1, tzinfo=UTC)
    results = [
        make_result(score=Decimal("90"), recorded_at=earlier),
        make_result(score=Decimal("40"), recorded_at=earlier + timedelta(days=1)),
    ]
    assert not FinalGradeAtLeast(Decimal("50")).evaluate(results).qualifies


def test_a_timed_result_wins_over_one_without_time():
    results = [
        make_result(score=Decimal("90"), recorded_at=None),
        make_result(score=Decimal("40"), recorded_at=datetime(2026, 5, 1, tzinfo=UTC)),
    ]
    assert FinalGradeAtLeast(Decimal("50")).evaluate(results).grade == "40 %"


def test_no_results_means_no_decision_yet():
    rule = FinalGradeAtLeast(Decimal("50"))
    assert not rule.applies_to([])
    decision = rule.evaluate([])
    assert not decision.qualifies
    assert "No grade" in decision.reasons[0]


@pytest.mark.parametrize("threshold", ["-1", "100.01"])
def test_pass_mark_outside_0_to_100_is_refused(threshold):
    with pytest.raises(InvalidInput, match="percentage from 0 to 100"):
        FinalGradeAtLeast(Decimal(threshold))


def test_results_with_impossible_scores_are_refused():
    with pytest.raises(InvalidInput, match="maximum"):
        make_result(maximum=Decimal("0"))
    with pytest.raises(InvalidInput, match="negative"):
        make_result(score=Decimal("-1"))
