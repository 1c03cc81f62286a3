from decimal import Decimal

import pytest

from lti_tool.domain.credentials import MicroCredential
from lti_tool.domain.errors import InvalidInput
from lti_tool.domain.verification import Check, VerificationReport
from tests.factories import make_micro_credential


def test_a_complete_micro_credential_has_no_problems():
    assert make_micro_credential().problems() == []


def test_wrong_values_are_refused_at_once_and_all_named():
    with pytest.raises(InvalidInput) as raised:
        MicroCredential(
            title="Digital content",
            description="About it.",
            learning_outcomes=("Develops content.",),
            ects=Decimal("0"),
            eqf_level=9,
        )
    message = raised.value.message
    assert "ECTS" in message
    assert "EQF level" in message


@pytest.mark.parametrize("ects", ["0.1", "60"])
def test_workload_bounds_are_inclusive_of_sensible_values(ects):
    assert make_micro_credential(ects=Decimal(ects)).ects == Decimal(ects)


def test_a_report_is_verified_only_when_every_check_passed():
    passed = Check("signature", True, "ok")
    failed = Check("dates", False, "expired")
    assert VerificationReport((passed,)).verified
    assert not VerificationReport((passed, failed)).verified
    assert not VerificationReport(()).verified
    assert VerificationReport((failed,)).as_dict()["checks"][0] == {
        "name": "dates",
        "passed": False,
        "message": "expired",
    }
