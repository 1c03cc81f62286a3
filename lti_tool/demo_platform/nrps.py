"""Moodle's Names and Role Provisioning Service: the course's memberships under services.php.

Follows mod/lti/service/memberships; compare with tests/vectors/moodle-5.1/12*.
https://www.imsglobal.org/spec/lti-nrps/v2p0/
"""

from flask import request

from lti_tool.demo_platform import claims
from lti_tool.demo_platform.errors import ServiceError
from lti_tool.demo_platform.launch_claims import basic_outcome
from lti_tool.demo_platform.platform import DemoMoodle
from lti_tool.demo_platform.seed import Person
from lti_tool.demo_platform.service_calls import (
    check_media_type,
    int_param,
    require_course,
    require_token,
)
from lti_tool.demo_platform.web import current_platform, json_response


def memberships(course_id: str, type_id: str):
    """The course's members, newest enrolment first as Moodle lists them, paged by `limit` and
    `from` (a straight-quoted `Link: rel="next"`), filtered by `role`; `rlid` adds the launch
    message each member would get from that resource link."""
    platform = current_platform()
    check_media_type((claims.MEMBERSHIP_CONTAINER_TYPE,))
    require_course(platform, course_id)
    link_id = request.args.get("rlid", "")
    if type_id != str(platform.type_id) or link_id not in ("", str(platform.activity.instance_id)):
        raise ServiceError(404)
    # Moodle answers 403, not 401, when the token does not allow this service.
    require_token(platform, (claims.SCOPE_MEMBERSHIPS_READONLY,), type_id=type_id, status=403)
    people, headers = _page(platform, _with_role(platform, request.args.get("role", "")), link_id)
    course = platform.course
    body = {
        "id": platform.urls.memberships,
        "context": {"id": str(course.id), "label": course.shortname, "title": course.fullname},
        "members": [
            _member_json(platform, person, with_message=bool(link_id)) for person in people
        ],
    }
    content_type = claims.MEMBERSHIP_CONTAINER_TYPE + "; charset=utf-8"
    return json_response(body, content_type=content_type, headers=headers)


def _page(
    platform: DemoMoodle, people: list[Person], link_id: str
) -> tuple[list[Person], dict[str, str]]:
    """The page `limit` and `from` ask for, and the Link header to the next one if any."""
    limit = int_param("limit")
    if limit <= 0:
        return people, {}
    start = max(int_param("from"), 0)
    if len(people) <= start + limit:
        return people[start : start + limit], {}
    next_page = f"{platform.urls.memberships}?limit={limit}&from={start + limit}"
    next_page += f"&rlid={link_id}" if link_id else ""
    return people[start : start + limit], {"Link": f'<{next_page}>; rel="next"'}


def _with_role(platform: DemoMoodle, role: str) -> list[Person]:
    """Course members, highest user id first; `role` (short or full URI) keeps that role."""
    role = role.removeprefix(claims.MEMBERSHIP_ROLE)
    people = sorted(
        (person for person in platform.people.values() if not person.is_site_admin),
        key=lambda person: person.id,
        reverse=True,
    )
    if role in ("Instructor", "Learner"):
        return [person for person in people if person.role == role]
    return people


def _member_json(platform: DemoMoodle, person: Person, *, with_message: bool) -> dict[str, object]:
    member: dict[str, object] = {"status": "Active", "roles": [person.role]}
    if with_message:
        outcome = basic_outcome(person.id, urls=platform.urls, service_salt=platform.service_salt)
        message = {claims.MESSAGE_TYPE: claims.RESOURCE_LINK_REQUEST, claims.BASIC_OUTCOME: outcome}
        member["message"] = [message]
    member.update(
        user_id=str(person.id),
        lis_person_sourcedid="",
        name=person.name,
        given_name=person.given_name,
        family_name=person.family_name,
        email=person.email,
        ext_user_username=person.username,
    )
    return member
