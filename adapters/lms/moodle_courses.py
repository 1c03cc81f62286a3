"""A Moodle course's results through its web services: the grades and members of the course in
two calls, then each learner's course and activity completion in two more (Moodle has no
course-wide completion call), which the caller may spread over workers."""

from adapters.lms.moodle_ws import MoodleSite, MoodleWebServices
from lti_tool.domain.platforms import WebServiceCheck
from lti_tool.domain.results import Completion, CourseResults


class MoodleCourses:
    """Implements services.ports.MoodleCourses."""

    def __init__(self, *, services: MoodleWebServices):
        self._services = services

    def check(self, site_url: str, token: str) -> WebServiceCheck:
        info = self._services.site_info(MoodleSite(url=site_url, token=token))
        return WebServiceCheck(
            site_name=info.name, user=info.username, missing_functions=info.missing
        )

    def course_grades(self, site_url: str, token: str, course_id: int) -> CourseResults:
        site = MoodleSite(url=site_url, token=token)
        report = self._services.grade_items(site, course_id=course_id)
        members = self._services.enrolled_users(site, course_id=course_id)
        return CourseResults(
            grades=report.results,
            completions=(),
            members=tuple(members),
            activities=report.activities,
        )

    def learner_completions(
        self, site_url: str, token: str, course_id: int, subject: str
    ) -> tuple[Completion, ...]:
        site = MoodleSite(url=site_url, token=token)
        learner = {"course_id": course_id, "user_id": subject}
        course = self._services.course_completion(site, **learner)
        return (course, *self._services.activities_completion(site, **learner))
