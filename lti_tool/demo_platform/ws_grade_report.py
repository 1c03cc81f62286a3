"""One learner's items of Moodle's user grade report (gradereport_user_get_grade_items, as in
tests/vectors/moodle-5.1/22): a column of the gradebook, or the course total."""

from typing import Any

from lti_tool.demo_platform.gradebook import Grade, LineItem
from lti_tool.demo_platform.ws_grades import CourseTotal, pass_grade

_PLAIN = 2  # FORMAT_PLAIN, Moodle's format of grade feedback
_COURSE_ITEM_ID = 1
_RESULT_ICON = (
    '<i class="icon fa fa-{icon} text-{colour} fa-fw inline"  title="{word}" role="img" '
    'aria-label="{word}"></i>'
)


def column(
    item: LineItem, grade: Grade | None, total: CourseTotal, cmids: dict[str, int]
) -> dict[str, Any]:
    """A column: the activity's own (a `mod` item) or one the tool made through AGS (Moodle
    makes those `manual` items, bound to the resource link in its own table)."""
    cmid = cmids.get(item.resource_link_id or "") if item.is_activity_item else None
    weight = item.score_maximum / total.maximum if grade is not None and total.maximum else 0
    head: dict[str, Any] = {
        "id": item.id,
        "itemname": item.label,
        "itemtype": "manual" if cmid is None else "mod",
        "itemmodule": None if cmid is None else "lti",
        "iteminstance": None if cmid is None else int(item.resource_link_id or 0),
        "itemnumber": 0,
        "idnumber": "",
        "categoryid": 1,
        "outcomeid": None,
        "scaleid": None,
        "locked": False,
    }
    if cmid is not None:
        head["cmid"] = cmid
    head |= {"weightraw": _number(weight), "weightformatted": f"{weight * 100:.2f} %"}
    score = None if grade is None else grade.score
    formatted = _formatted(score, pass_grade(item))
    return head | _grade_fields(score, item.score_maximum, grade, formatted)


def course_total_item(total: CourseTotal) -> dict[str, Any]:
    head = {
        "id": _COURSE_ITEM_ID,
        "itemname": None,
        "itemtype": "course",
        "itemmodule": None,
        "iteminstance": 1,
        "itemnumber": None,
        "idnumber": None,
        "categoryid": None,
        "outcomeid": None,
        "scaleid": None,
        "locked": False,
    }
    formatted = _formatted(total.score, None)
    fields = _grade_fields(total.score, total.maximum, None, formatted)
    return head | fields | {"gradedategraded": total.graded_at}


def _formatted(score: float | None, passing: float | None) -> str:
    """The grade as the report shows it, with the Pass/Fail icon when the item has a pass grade."""
    if score is None:
        return "-"
    if passing is None:
        return f"{score:.2f}"
    passed = score >= passing
    icon = _RESULT_ICON.format(
        icon="check" if passed else "times",
        colour="success" if passed else "danger",
        word="Pass" if passed else "Fail",
    )
    return f"{icon}{score:.2f}"


def _grade_fields(
    score: float | None, maximum: float, grade: Grade | None, formatted: str
) -> dict[str, Any]:
    """The grade part of an item, `status` only when there is no grade (as Moodle sends it)."""
    fields: dict[str, Any] = {} if score is not None else {"status": "novalue"}
    percent = "-" if score is None or not maximum else f"{score / maximum * 100:.2f} %"
    return fields | {
        "graderaw": None if score is None else _number(score),
        "gradedatesubmitted": None,
        "gradedategraded": None if grade is None else grade.timestamp,
        "gradehiddenbydate": False,
        "gradeneedsupdate": False,
        "gradeishidden": False,
        "gradeislocked": False,
        "gradeisoverridden": False,
        "gradeformatted": formatted,
        "grademin": 0,
        "grademax": _number(maximum),
        "rangeformatted": f"0&ndash;{_number(maximum)}",
        "percentageformatted": percent,
        "feedback": (grade.comment or "") if grade is not None else "",
        "feedbackformat": _PLAIN,
    }


def _number(value: float) -> int | float:
    """A whole number as an int, as Moodle's JSON writes it."""
    return int(value) if float(value).is_integer() else value
