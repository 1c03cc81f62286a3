"""The course a use case is about, as every teacher's use case looks it up."""

from lti_tool.domain.errors import NotFound
from lti_tool.models import Course
from lti_tool.services.uow import UnitOfWork


def known_course(uow: UnitOfWork, course_id: int) -> Course:
    """The course; raises NotFound, saying to launch it, for one the tool does not know."""
    course = uow.session.get(Course, course_id)
    if course is None:
        raise NotFound("This course is not known to the tool; launch it from your LMS.")
    return course
