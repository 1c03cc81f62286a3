"""Credential dates: written in UTC to the second, read only with a time zone."""

from datetime import UTC, datetime, timedelta, timezone

import pytest

from adapters.credentials.datetimes import from_xsd, to_xsd


def test_dates_are_written_in_utc_to_the_second():
    amsterdam = timezone(timedelta(hours=2))
    moment = datetime(2026, 6, 30, 14, 0, 5, 123456, tzinfo=amsterdam)
    assert to_xsd(moment) == "2026-06-30T12:00:05Z"


def test_a_date_without_time_zone_is_refused():
    with pytest.raises(ValueError, match="time zone"):
        to_xsd(datetime(2026, 6, 30))


@pytest.mark.parametrize(
    ("text", "moment"),
    [
        ("2026-06-30T12:00:00Z", datetime(2026, 6, 30, 12, tzinfo=UTC)),
        ("2026-06-30T14:00:00+02:00", datetime(2026, 6, 30, 12, tzinfo=UTC)),
        ("2026-06-30T12:00:00.123456789Z", datetime(2026, 6, 30, 12, 0, 0, 123456, tzinfo=UTC)),
    ],
)
def test_date_time_stamps_are_read(text, moment):
    assert from_xsd(text) == moment


@pytest.mark.parametrize(
    "text",
    [None, 5, "", "2026-06-30", "2026-06-30T12:00:00", "2026-13-30T12:00:00Z", "30 June 2026"],
)
def test_anything_else_is_not_a_date(text):
    assert from_xsd(text) is None
