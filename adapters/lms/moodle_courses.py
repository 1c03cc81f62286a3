"""A Moodle course's results through its web services: the grades of every learner in one call,
then each learner's course and activity completion (Moodle has no course-wide completion call)."""

from adapters.lms.moodle_ws import MoodleSite, MoodleWebServices
from lti_tool.domain.launch import Role
from lti_tool.domain.platforms import WebServiceCheck
from lti_tool.domain.results import CourseResults


class MoodleCourses:
    """Implements services.ports.MoodleCourses."""

    def __init__(self, *, services: MoodleWebServices):
        self._services = services

    def check(self, site_url: str, token: str) -> WebServiceCheck:
        info = self._services.site_info(MoodleSite(url=site_url, token=token))
        return WebServiceCheck(
            site_name=info.name, user=info.username, missing_functions=info.missing
        )

    def course_results(self, site_url: str, token: str, course_id: int) -> CourseResults:
        site = MoodleSite(url=site_url, token=token)
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
