"""The launches Moodle has started and keeps in the user's session until auth.php answers them.

Moodle's lti_initiatelogin puts a launch id in the `lti_message_hint` and remembers what it
launches; auth.php answers a launch id once (mod/lti/auth.php).
"""

import secrets
import threading
from dataclasses import dataclass

MAX_OPEN_LAUNCHES = 1000


@dataclass(frozen=True)
class PendingLaunch:
    """Who launches what: the activity with course module id `cmid`, or, when `cmid` is None,
    a deep linking request from the activity form, whose name and description are `title`
    and `text`."""

    user_id: int
    cmid: int | None
    title: str = ""
    text: str = ""

    @property
    def is_deep_linking(self) -> bool:
        """True for the "Select content" button's request, which names no activity."""
        return self.cmid is None


class PendingLaunches:
    """Launch ids not answered yet, the oldest forgotten past MAX_OPEN_LAUNCHES; thread-safe."""

    def __init__(self) -> None:
        self._launches: dict[str, PendingLaunch] = {}
        self._lock = threading.Lock()

    def start(self, prefix: str, launch: PendingLaunch) -> str:
        """Remember `launch` under a new launch id, `prefix` then Moodle's random number."""
        launch_id = f"{prefix}{secrets.randbelow(2**31 - 1) + 1}"
        with self._lock:
            self._launches[launch_id] = launch
            while len(self._launches) > MAX_OPEN_LAUNCHES:
                del self._launches[next(iter(self._launches))]
        return launch_id

    def take(self, launch_id: str) -> PendingLaunch | None:
        """The launch with this id, forgotten now so it works once; None if unknown or used."""
        with self._lock:
            return self._launches.pop(launch_id, None)
