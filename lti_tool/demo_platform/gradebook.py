"""The course gradebook of the emulated Moodle: line items, grades, and Moodle's rules for scores.

Rules follow Moodle's gradebookservices (mod/lti/service/gradebookservices): a score needs
userId, timestamp, gradingProgress and activityProgress; a score not newer than the stored grade
is refused with 409; scoreGiven is rescaled to the line item's maximum; a score that is not
FullyGraded clears the grade.
"""

import math
import threading
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from lti_tool.demo_platform.errors import ScoreRejectedError, ServiceError


@dataclass(frozen=True)
class LineItem:
    """A gradebook column the tool may use; `is_activity_item` marks the activity's own column."""

    id: int
    label: str
    score_maximum: float
    resource_id: str = ""
    tag: str = ""
    resource_link_id: str | None = None
    is_activity_item: bool = False


@dataclass(frozen=True)
class Grade:
    """A learner's grade on a line item, scaled to its maximum; `timestamp` in epoch seconds."""

    user_id: int
    score: float
    timestamp: int
    comment: str | None = None


class Gradebook:
    """Line items and grades of one course, in memory and safe to share between threads."""

    def __init__(
        self,
        *,
        activity_item: LineItem,
        gradable_user_ids: Iterable[int],
        resource_link_ids: Iterable[str],
    ) -> None:
        self._items: dict[int, LineItem] = {activity_item.id: activity_item}
        self._grades: dict[int, dict[int, Grade]] = {activity_item.id: {}}
        self._gradable = frozenset(gradable_user_ids)
        self._link_ids = set(resource_link_ids)
        self._next_id = activity_item.id + 1
        self._lock = threading.Lock()

    def line_items(
        self,
        *,
        resource_id: str | None = None,
        resource_link_id: str | None = None,
        tag: str | None = None,
    ) -> list[LineItem]:
        """The course's line items in id order, keeping those equal to every filter given."""
        with self._lock:
            items = list(self._items.values())
        return [
            item
            for item in items
            if (tag is None or item.tag == tag)
            and (resource_link_id is None or (item.resource_link_id or "") == resource_link_id)
            and (resource_id is None or item.resource_id == resource_id)
        ]

    def line_item(self, item_id: int) -> LineItem | None:
        """The line item with this id, or None."""
        with self._lock:
            return self._items.get(item_id)

    def add_line_item(self, body: Any) -> LineItem:
        """A new line item from a POSTed JSON body; raises ServiceError 400/403 as Moodle does."""
        if not _has_label_and_maximum(body):
            raise ServiceError(400, "No label or Score Maximum")
        maximum = _number(body["scoreMaximum"])
        if maximum is None:
            raise ServiceError(400)
        link_id = body.get("resourceLinkId") or body.get("ltiLinkId")
        self._check_link_id(link_id)
        with self._lock:
            return self._insert(
                label=str(body["label"]),
                score_maximum=maximum,
                resource_id=str(body.get("resourceId") or ""),
                tag=str(body.get("tag") or ""),
                resource_link_id=str(link_id) if link_id else None,
            )

    def add_resource_link(self, link_id: str) -> None:
        """Accept `link_id` as a line item's resourceLinkId: a new LTI activity of the course."""
        with self._lock:
            self._link_ids.add(link_id)

    def add_activity_item(
        self,
        *,
        label: str,
        score_maximum: float,
        resource_link_id: str,
        resource_id: str = "",
        tag: str = "",
    ) -> LineItem:
        """A new LTI activity's own column, as Moodle makes one for an activity that accepts
        grades; it carries the activity's resource link id and cannot be deleted through AGS."""
        with self._lock:
            self._link_ids.add(resource_link_id)
            return self._insert(
                label=label,
                score_maximum=score_maximum,
                resource_id=resource_id,
                tag=tag,
                resource_link_id=resource_link_id,
                is_activity_item=True,
            )

    def update_line_item(self, item_id: int, body: Any) -> LineItem:
        """The line item as a PUT body changes it; grades keep their percentage of the maximum."""
        if not _has_label_and_maximum(body):
            raise ServiceError(400)
        maximum = _number(body["scoreMaximum"])
        link_id = body.get("resourceLinkId", body.get("ltiLinkId"))
        if maximum is None or (link_id is not None and _number(link_id) is None):
            raise ServiceError(400)
        self._check_link_id(link_id)
        with self._lock:
            old = self._items[item_id]
            item = replace(
                old,
                label=str(body["label"]),
                score_maximum=maximum,
                resource_id=str(body.get("resourceId") or ""),
                tag=str(body.get("tag") or ""),
                resource_link_id=str(link_id) if link_id is not None else old.resource_link_id,
            )
            self._items[item_id] = item
            if maximum != old.score_maximum and old.score_maximum:
                grades = self._grades[item_id]
                for user_id, grade in grades.items():
                    scaled = grade.score * maximum / old.score_maximum
                    grades[user_id] = replace(grade, score=scaled)
        return item

    def delete_line_item(self, item_id: int) -> None:
        """Remove a line item the tool made; the activity's own column stays (ServiceError 403)."""
        with self._lock:
            if self._items[item_id].is_activity_item:
                raise ServiceError(403, "Forbidden: the activity's own line item stays")
            del self._items[item_id]
            del self._grades[item_id]

    def results(self, item_id: int, *, user_id: int = 0) -> list[Grade]:
        """The grades on a line item (only users who have one); `user_id` > 0 keeps one user's."""
        with self._lock:
            grades = list(self._grades[item_id].values())
        return [grade for grade in grades if user_id <= 0 or grade.user_id == user_id]

    def set_grade(
        self,
        item_id: int,
        user_id: int,
        score: float,
        *,
        timestamp: int,
        comment: str | None = None,
    ) -> None:
        """Store a grade directly, as a teacher grading in Moodle would (no timestamp check)."""
        with self._lock:
            self._grades[item_id][user_id] = Grade(user_id, float(score), timestamp, comment)

    def post_score(self, item_id: int, body: Any) -> None:
        """Apply a score POSTed by the tool; raises ScoreRejectedError 400 or 409 as Moodle does."""
        user_id, timestamp = self._validate_score(body)
        given = _number(body.get("scoreGiven"))
        if body["gradingProgress"] != "FullyGraded":
            given = None
        maximum = _number(body.get("scoreMaximum"))
        maximum = 1.0 if maximum is None else maximum
        comment = body.get("comment") or None
        with self._lock:
            item = self._items[item_id]
            grades = self._grades[item_id]
            stored = grades.get(user_id)
            if stored is not None and stored.timestamp >= timestamp:
                raise ScoreRejectedError(
                    409,
                    f"Refusing score with an earlier timestamp for item {item_id} "
                    f"and user {user_id}",
                )
            if given is None:
                grades.pop(user_id, None)
                return
            if maximum not in (item.score_maximum, 0.0):
                given = given * item.score_maximum / maximum
            grades[user_id] = Grade(user_id, given, timestamp, str(comment) if comment else None)

    def _insert(self, **fields: Any) -> LineItem:
        """A new line item with the next id; the caller holds the lock."""
        item = LineItem(id=self._next_id, **fields)
        self._items[item.id] = item
        self._grades[item.id] = {}
        self._next_id += 1
        return item

    def _validate_score(self, body: Any) -> tuple[int, int]:
        required = ("userId", "timestamp", "gradingProgress", "activityProgress")
        if not isinstance(body, dict) or any(body.get(key) is None for key in required):
            raise ScoreRejectedError(400)
        timestamp = _epoch_seconds(body["timestamp"])
        numbers_ok = all(
            body.get(key) is None or _number(body[key]) is not None
            for key in ("scoreGiven", "scoreMaximum")
        )
        user_id = _user_id(body["userId"])
        if timestamp is None or not numbers_ok or user_id not in self._gradable:
            raise ScoreRejectedError(400)
        return user_id, timestamp

    def _check_link_id(self, link_id: object) -> None:
        with self._lock:
            is_known = str(link_id) in self._link_ids
        if link_id and not is_known:
            raise ServiceError(403)


def _has_label_and_maximum(body: Any) -> bool:
    return isinstance(body, dict) and None not in (body.get("label"), body.get("scoreMaximum"))


def _number(value: object) -> float | None:
    """The value as a float if PHP's is_numeric would accept it, else None."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            return None
    else:
        return None
    return number if math.isfinite(number) else None


def _user_id(value: object) -> int | None:
    text = str(value)
    return int(text) if text.isdigit() else None


def _epoch_seconds(value: object) -> int | None:
    """Whole seconds of an ISO 8601 timestamp (no zone means UTC), as PHP's strtotime gives."""
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return math.floor(moment.timestamp())
