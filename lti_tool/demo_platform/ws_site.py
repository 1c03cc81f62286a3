"""The emulated site's web service state: tokens with the functions of their external service,
and the course completions Moodle's cron has aggregated.

Moodle marks course completion in a cron task, not when a grade arrives
(tests/vectors/moodle-5.1/README.md), and never unmarks it. Here the cron runs when the
platform starts, whenever `run_cron()` is called, and before a completion is read once
CRON_INTERVAL seconds of the platform's clock have passed since its last run.
"""

import threading
from collections.abc import Callable, Iterable

from lti_tool.demo_platform import seed
from lti_tool.demo_platform.gradebook import Gradebook
from lti_tool.demo_platform.ws_grades import (
    COMPLETE,
    COMPLETE_PASS,
    completion_state,
    course_total,
    grade_of,
)

CRON_INTERVAL = 60
# The external service of the development token: the functions the emulator answers.
SERVICE_FUNCTIONS = (
    "core_completion_get_activities_completion_status",
    "core_completion_get_course_completion_status",
    "core_enrol_get_enrolled_users",
    "core_webservice_get_site_info",
    "gradereport_user_get_grade_items",
)
# The course's completion criteria (all required): completing the seeded activity, and a
# course total of at least the course's pass grade.
ACTIVITY_CRITERION, GRADE_CRITERION = "activity", "grade"


class WebServices:
    """Tokens and aggregated course completions of the site's one course; thread-safe."""

    def __init__(
        self, *, gradebook: Gradebook, learner_ids: Iterable[int], clock: Callable[[], float]
    ) -> None:
        self._gradebook = gradebook
        self._learner_ids = tuple(learner_ids)
        self._clock = clock
        self._tokens = {seed.WS_TOKEN: frozenset(SERVICE_FUNCTIONS)}
        self._met: dict[int, dict[str, int]] = {user_id: {} for user_id in self._learner_ids}
        self._last_cron = 0.0
        self._lock = threading.Lock()
        self.run_cron()

    def add_token(self, token: str, functions: Iterable[str] = SERVICE_FUNCTIONS) -> None:
        """Accept `token` for an external service holding `functions` (say, one lacking one)."""
        with self._lock:
            self._tokens[token] = frozenset(functions)

    def functions(self, token: str) -> frozenset[str] | None:
        """The functions the token's service holds; None for a token the site does not know."""
        with self._lock:
            return self._tokens.get(token)

    def run_cron(self) -> None:
        """Moodle's completion cron: record each criterion a learner meets now, with the time."""
        now = int(self._clock())
        with self._lock:
            self._last_cron = self._clock()
            for user_id in self._learner_ids:
                for criterion in self._criteria_met(user_id):
                    self._met[user_id].setdefault(criterion, now)

    def criteria_met(self, user_id: int) -> dict[str, int]:
        """The criteria the cron has seen the learner meet, with when (running it if due)."""
        if self._clock() - self._last_cron >= CRON_INTERVAL:
            self.run_cron()
        with self._lock:
            return dict(self._met.get(user_id, {}))

    def _criteria_met(self, user_id: int) -> list[str]:
        item = self._gradebook.line_item(seed.LINE_ITEM_ID)
        met = []
        if item is not None:
            state = completion_state(item, grade_of(self._gradebook, item.id, user_id))
            if state in (COMPLETE, COMPLETE_PASS):
                met.append(ACTIVITY_CRITERION)
        total = course_total(self._gradebook, user_id).score
        if total is not None and total >= seed.COURSE_PASS_GRADE:
            met.append(GRADE_CRITERION)
        return met
