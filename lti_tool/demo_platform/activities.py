"""The course's LTI activities: the seeded one, and those a deep linking response adds.

Moodle turns each content item into an activity form (content_item_to_form), which the teacher
then saves; the emulator saves it at once. An item with a `lineItem` gets a gradebook column
named after the activity (Moodle ignores the lineItem's label), out of its `scoreMaximum`, with
its `resourceId` and `tag` (gradebookservices::instance_added); an item without one accepts no
grades, as with the tool's grades "delegated to the teacher".
"""

import threading
from dataclasses import dataclass

from lti_tool.demo_platform import seed
from lti_tool.demo_platform.deep_linking import ResourceLinkItem
from lti_tool.demo_platform.gradebook import Gradebook


@dataclass(frozen=True)
class DeepLinkingResult:
    """What contentitem_return.php did with a response: the activities it added, and the
    message it shows (an error message when `is_error`)."""

    activities: list[seed.Activity]
    message: str
    is_error: bool = False


class CourseActivities:
    """The course's LTI activities by course module id, oldest first; thread-safe."""

    def __init__(self, first: seed.Activity) -> None:
        self._activities = {first.cmid: first}
        self._lock = threading.Lock()

    def get(self, cmid: int) -> seed.Activity:
        """The activity with this course module id; raises KeyError for an unknown one."""
        with self._lock:
            return self._activities[cmid]

    def all(self) -> list[seed.Activity]:
        """Every activity, the seeded one first."""
        with self._lock:
            return list(self._activities.values())

    def add(self, link: ResourceLinkItem, *, gradebook: Gradebook) -> seed.Activity:
        """A new activity made from an ltiResourceLink content item, with the next course
        module id and resource link id, and its gradebook column if the item asks for one."""
        with self._lock:
            activity = seed.Activity(
                cmid=max(self._activities) + 1,
                instance_id=max(a.instance_id for a in self._activities.values()) + 1,
                title=link.title,
                description=link.text,
                url=link.url,
                custom=dict(link.custom),
                launch_container=link.launch_container,
                accepts_grades=link.line_item is not None,
            )
            self._activities[activity.cmid] = activity
        link_id = str(activity.instance_id)
        if link.line_item is None:
            gradebook.add_resource_link(link_id)
        else:
            gradebook.add_activity_item(
                label=activity.title,
                score_maximum=link.line_item.score_maximum,
                resource_link_id=link_id,
                resource_id=link.line_item.resource_id,
                tag=link.line_item.tag,
            )
        return activity
