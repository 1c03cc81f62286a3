"""The id_token payload of a resource link launch, key for key as Moodle 5.1 signs it.

Mirrors Moodle's lti_get_launch_data and lti_build_sourcedid (mod/lti/locallib.php); compare with
tests/vectors/moodle-5.1/03-id-token-*.json.
"""

import hashlib
import json
import secrets
from urllib.parse import urlsplit

from lti_tool.demo_platform import claims, seed
from lti_tool.demo_platform.site import SiteUrls, ToolRegistration

ID_TOKEN_LIFETIME = 60  # seconds between iat and exp


def resource_link_claims(
    person: seed.Person,
    *,
    nonce: str,
    now: int,
    urls: SiteUrls,
    tool: ToolRegistration,
    sesskey: str,
    service_salt: str,
) -> dict[str, object]:
    """The claims Moodle puts in the id_token when `person` opens the LTI activity."""
    course, activity = seed.COURSE, seed.ACTIVITY
    return {
        "nonce": nonce,
        "iat": now,
        "exp": now + ID_TOKEN_LIFETIME,
        "iss": urls.issuer,
        "aud": tool.client_id,
        claims.DEPLOYMENT_ID: str(urls.type_id),
        claims.TARGET_LINK_URI: tool.target_link_uri,
        "sub": str(person.id),
        claims.LIS: {"person_sourcedid": "", "course_section_sourcedid": course.shortname},
        claims.ROLES: _roles(person),
        claims.CONTEXT: {
            "id": str(course.id),
            "label": course.shortname,
            "title": course.fullname,
            "type": ["CourseSection"],
        },
        claims.MESSAGE_TYPE: claims.RESOURCE_LINK_REQUEST,
        claims.RESOURCE_LINK: {
            "title": activity.title,
            "description": activity.description,
            "id": str(activity.instance_id),
        },
        claims.BASIC_OUTCOME: basic_outcome(person.id, urls=urls, service_salt=service_salt),
        "given_name": person.given_name,
        "family_name": person.family_name,
        "name": person.name,
        claims.EXT: {"user_username": person.username, "lms": "moodle-2"},
        "email": person.email,
        claims.LAUNCH_PRESENTATION: {
            "locale": "en",
            "document_target": "frame",
            "return_url": f"{urls.issuer}/mod/lti/return.php?course={course.id}"
            f"&launch_container=5&instanceid={activity.instance_id}&sesskey={sesskey}",
        },
    } | _service_claims(urls)


def _service_claims(urls: SiteUrls) -> dict[str, object]:
    """The claims that end Moodle's id_token: the platform, and where its services are."""
    course = seed.COURSE
    return {
        claims.TOOL_PLATFORM: {
            "product_family_code": "moodle",
            "version": seed.SITE.version,
            "guid": urlsplit(urls.issuer).hostname or "",
            "name": seed.SITE.shortname,
            "description": seed.SITE.fullname,
        },
        claims.VERSION: claims.LTI_VERSION,
        claims.AGS_ENDPOINT: {
            "scope": list(claims.AGS_SCOPES),
            "lineitems": urls.lineitems + urls.type_query,
            "lineitem": urls.lineitem(seed.LINE_ITEM_ID) + urls.type_query,
        },
        claims.CUSTOM: {
            "context_memberships_url": urls.memberships,
            "system_setting_url": f"{urls.services}/tool/{urls.type_id}/custom",
            "context_setting_url": f"{urls.services}/CourseSection/{course.id}/bindings/tool/"
            f"{urls.type_id}/custom",
            "link_setting_url": f"{urls.services}/links/{{link_id}}/custom",
        },
        claims.NRPS: {
            "context_memberships_url": urls.memberships,
            "service_versions": ["1.0", "2.0"],
        },
    }


def basic_outcome(user_id: int, *, urls: SiteUrls, service_salt: str) -> dict[str, str]:
    """The LTI 1.1 outcome claim Moodle still adds: a salted-hash sourcedid and the service URL."""
    data = {
        "instanceid": str(seed.ACTIVITY.instance_id),
        "userid": str(user_id),
        "typeid": str(urls.type_id),
        "launchid": secrets.randbelow(2**31 - 1) + 1,
    }
    data_json = json.dumps(data, separators=(",", ":"))
    digest = hashlib.sha256((data_json + service_salt).encode()).hexdigest()
    sourcedid = json.dumps({"data": data, "hash": digest}, separators=(",", ":"))
    return {"lis_result_sourcedid": sourcedid, "lis_outcome_service_url": urls.outcome_service}


def _roles(person: seed.Person) -> list[str]:
    """Moodle's LTI 1.3 roles: a site administrator is also an Instructor of every course."""
    if person.is_site_admin:
        return [
            claims.INSTITUTION_ADMINISTRATOR,
            claims.MEMBERSHIP_ROLE + person.role,
            claims.SYSTEM_ADMINISTRATOR,
        ]
    return [claims.MEMBERSHIP_ROLE + person.role]
