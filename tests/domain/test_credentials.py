from decimal import Decimal

import pytest

from lti_tool.domain.credentials import MicroCredential
from lti_tool.domain.errors import InvalidInput
from lti_tool.domain.verification import Check, VerificationReport
from tests.factories import make_micro_credential


def test_a_complete_micro_credential_has_no_problems():
    assert make_micro_credential().problems() == []


def test_every_missing_element_is_named_at_once():
    with pytest.raises(InvalidInput) as raised:
        MicroCredential(
            title=" ",
            description="",
            learning_outcomes=("  ",),
            ects=Decimal("0"),
            eqf_level=9,
        )
    message = raised.value.message
    for words in ("title", "description", "learning outcome", "ECTS", "EQF level"):
        assert words in message


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
