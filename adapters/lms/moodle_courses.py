"""A Moodle course's results through its web services, with the token sealed at rest: the
grades of every learner in one call, then each learner's course and activity completion (Moodle
has no course-wide completion call)."""

from adapters.lms.moodle_ws import MoodleSite, MoodleWebServices
from adapters.sealing import KeySealer, SealingError
from lti_tool.domain.errors import Unavailable
from lti_tool.domain.launch import Role
from lti_tool.domain.platforms import WebServiceCheck
from lti_tool.domain.results import CourseResults


class MoodleCourses:
    """Implements services.ports.MoodleCourses."""

    def __init__(self, *, services: MoodleWebServices, sealer: KeySealer):
        self._services = services
        self._sealer = sealer

    def seal_token(self, token: str) -> str:
        return self._sealer.seal(token.strip().encode("utf-8"))

    def check(self, site_url: str, sealed_token: str) -> WebServiceCheck:
        info = self._services.site_info(self._site(site_url, sealed_token))
        return WebServiceCheck(
            site_name=info.name, user=info.username, missing_functions=info.missing
        )

    def course_results(self, site_url: str, sealed_token: str, course_id: int) -> CourseResults:
        site = self._site(site_url, sealed_token)
        report = self._services.grade_items(site, course_id=course_id)
        members = self._services.enrolled_users(site, course_id=course_id)
        completions = []
        for member in members:
            if member.role != Role.LEARNER:
                continue
            learner = {"course_id": course_id, "user_id": member.subject}
            completions.append(self._services.course_completion(site, **learner))
            completions.extend(self._services.activities_completion(site, **learner))
        return CourseResults(
            grades=report.results,
            completions=tuple(completions),
            members=tuple(members),
            activities=report.activities,
        )

    def _site(self, site_url: str, sealed_token: str) -> MoodleSite:
        try:
            token = self._sealer.unseal(sealed_token).decode("utf-8")
        except SealingError:
            raise Unavailable(
                "The stored Moodle token cannot be opened with the tool's KEY_ENCRYPTION_KEYS; "
                "store the token again."
            ) from None
        return MoodleSite(url=site_url, token=token)
