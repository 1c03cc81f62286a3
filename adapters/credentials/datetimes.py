"""Date-times as VC 2.0 writes them (xsd:dateTimeStamp), to text and back, strictly."""

import re
from datetime import UTC, datetime

# xsd:dateTimeStamp: a date-time that always states its time zone
# (https://www.w3.org/TR/vc-data-model-2.0/#validity-period, https://www.w3.org/TR/xmlschema11-2/#dateTimeStamp).
_DATE_TIME_STAMP = re.compile(
    r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})", re.ASCII
)


def to_xsd(moment: datetime) -> str:
    """`moment` in UTC to the second, as "YYYY-MM-DDTHH:MM:SSZ"; raises ValueError if naive."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("A credential date needs a time zone; got a naive datetime.")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def from_xsd(value: object) -> datetime | None:
    """The timezone-aware datetime of an xsd:dateTimeStamp string, or None if it is not one."""
    if not isinstance(value, str) or _DATE_TIME_STAMP.fullmatch(value) is None:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None
