"""Keeping a course's people up to date from the platform's roster (within another use case)."""

from sqlalchemy import select

from lti_tool.domain.launch import Role
from lti_tool.domain.roster import Member
from lti_tool.models import Course, Enrolment, Person
from lti_tool.models.upserts import upsert
from lti_tool.services.uow import UnitOfWork

_KEPT_ROLES = {Role.TEACHER, Role.LEARNER}


def store_members(uow: UnitOfWork, course: Course, members: list[Member]) -> int:
    """Record the names and roles of the course's active members; the caller commits.

    Returns how many members were read. People who never launched get a name this way, so
    their awards show it; inactive members and roles without pages are left as they are.
    """
    wanted = [m for m in members if m.is_active and m.role in _KEPT_ROLES]
    subjects = {m.subject for m in wanted}
    people = {
        person.subject: person
        for person in uow.session.scalars(
            select(Person).where(
                Person.platform_id == course.platform_id, Person.subject.in_(subjects)
            )
        )
    }
    for member in wanted:
        person = people.get(member.subject)
        if person is None:
            person = Person(platform_id=course.platform_id, subject=member.subject)
            uow.session.add(person)
            uow.session.flush()
        if member.name:
            person.name = member.name
        enrol(uow, course.id, person.id, member.role)
    uow.session.flush()
    return len(members)


def enrol(uow: UnitOfWork, course_id: int, person_id: int, role: Role) -> None:
    """Record the person's role in the course, as the platform last stated it."""
    upsert(
        uow.session,
        Enrolment,
        keys={"course_id": course_id, "person_id": person_id},
        values={"role": role.value},
    )
