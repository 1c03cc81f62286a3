"""The id_token payloads of a resource link launch and of a deep linking request, key for key
as Moodle 5.1 signs them, or reshaped as Canvas or Brightspace would sign them.

Mirrors Moodle's lti_get_launch_data, lti_build_content_item_selection_request and
lti_build_sourcedid (mod/lti/locallib.php); compare with tests/vectors/moodle-5.1/03-id-token-*.json
and 13-deep-linking-request-teacher1.json. A `LaunchShape` (launch_shapes.py) turns them into
another platform's.
"""

import hashlib
import json
import secrets
from collections.abc import Mapping
from urllib.parse import urlsplit

from lti_tool.demo_platform import claims, seed
from lti_tool.demo_platform.deep_linking import deep_linking_settings
from lti_tool.demo_platform.launch_shapes import MOODLE, LaunchShape, shaped
from lti_tool.demo_platform.site import SiteUrls, ToolRegistration

ID_TOKEN_LIFETIME = 60  # seconds between iat and exp
# lti_get_launch_data: the document target of each launch container.
_DOCUMENT_TARGETS = {
    seed.EMBED: "iframe",
    seed.EMBED_NO_BLOCKS: "iframe",
    seed.NEW_WINDOW: "window",
    seed.REPLACE_MOODLE_WINDOW: "frame",
}


def resource_link_claims(
    person: seed.Person,
    *,
    activity: seed.Activity,
    line_item_id: int | None,
    nonce: str,
    now: int,
    urls: SiteUrls,
    tool: ToolRegistration,
    sesskey: str,
    service_salt: str,
    shape: LaunchShape = MOODLE,
) -> dict[str, object]:
    """The claims Moodle puts in the id_token when `person` opens `activity`, in the `shape`
    of the platform the emulator plays; `line_item_id` is the activity's one line item, None
    when it has none or several."""
    course = seed.COURSE
    outcome = {}
    if activity.accepts_grades:
        outcome[claims.BASIC_OUTCOME] = basic_outcome(
            person.id, urls=urls, service_salt=service_salt, instance_id=activity.instance_id
        )
    payload = {
        **_opening_claims(nonce=nonce, now=now, urls=urls, tool=tool),
        claims.TARGET_LINK_URI: activity.url or tool.target_link_uri,
        **_context_claims(person, shape.roles_of(person)),
        claims.MESSAGE_TYPE: claims.RESOURCE_LINK_REQUEST,
        claims.RESOURCE_LINK: {
            "title": activity.title,
            "description": activity.description,
            "id": str(activity.instance_id),
        },
        **outcome,
        **_person_claims(person),
        claims.LAUNCH_PRESENTATION: {
            "locale": "en",
            "document_target": _DOCUMENT_TARGETS[activity.launch_container],
            "return_url": f"{urls.issuer}/mod/lti/return.php?course={course.id}"
            f"&launch_container={activity.launch_container}&instanceid={activity.instance_id}"
            f"&sesskey={sesskey}",
        },
        **_service_claims(urls, line_item_id=line_item_id, custom=activity.custom),
    }
    return shaped(payload, person, shape=shape, urls=urls, tool=tool, custom=activity.custom)


def deep_linking_request_claims(
    person: seed.Person,
    *,
    title: str,
    text: str,
    nonce: str,
    now: int,
    urls: SiteUrls,
    tool: ToolRegistration,
    sesskey: str,
    shape: LaunchShape = MOODLE,
) -> dict[str, object]:
    """The claims of the LtiDeepLinkingRequest the activity form's "Select content" sends:
    no resource link nor outcome claim, a locale-only launch presentation, no `lineitem`
    nor `link_setting_url`, then the deep linking settings (`title` and `text` are the
    activity form's name and description); in the `shape` of the platform played."""
    payload = {
        **_opening_claims(nonce=nonce, now=now, urls=urls, tool=tool),
        claims.TARGET_LINK_URI: tool.deep_linking_target,
        **_context_claims(person, shape.roles_of(person)),
        claims.MESSAGE_TYPE: claims.DEEP_LINKING_REQUEST,
        **_person_claims(person),
        claims.LAUNCH_PRESENTATION: {"locale": "en"},
        **_service_claims(urls, line_item_id=None, custom={}, has_link=False),
        claims.DEEP_LINKING_SETTINGS: deep_linking_settings(
            return_url=urls.content_item_return(sesskey), title=title, text=text
        ),
    }
    return shaped(payload, person, shape=shape, urls=urls, tool=tool, custom={})


def _opening_claims(
    *, nonce: str, now: int, urls: SiteUrls, tool: ToolRegistration
) -> dict[str, object]:
    """The claims every Moodle id_token opens with, up to the deployment id."""
    return {
        "nonce": nonce,
        "iat": now,
        "exp": now + ID_TOKEN_LIFETIME,
        "iss": urls.issuer,
        "aud": tool.client_id,
        claims.DEPLOYMENT_ID: str(urls.type_id),
    }


def _context_claims(person: seed.Person, roles: list[str]) -> dict[str, object]:
    """Who the user is in which course: after the target link URI, before the message type."""
    course = seed.COURSE
    return {
        "sub": str(person.id),
        claims.LIS: {"person_sourcedid": "", "course_section_sourcedid": course.shortname},
        claims.ROLES: roles,
        claims.CONTEXT: {
            "id": str(course.id),
            "label": course.shortname,
            "title": course.fullname,
            "type": ["CourseSection"],
        },
    }


def _person_claims(person: seed.Person) -> dict[str, object]:
    """The name, username and email Moodle sends to a tool allowed to have them."""
    return {
        "given_name": person.given_name,
        "family_name": person.family_name,
        "name": person.name,
        claims.EXT: {"user_username": person.username, "lms": "moodle-2"},
        "email": person.email,
    }


def _service_claims(
    urls: SiteUrls,
    *,
    line_item_id: int | None,
    custom: Mapping[str, str],
    has_link: bool = True,
) -> dict[str, object]:
    """The claims that end Moodle's id_token: the platform, and where its services are.

    The activity's own custom parameters come first in the custom claim, as Moodle merges
    them before the services' parameters; `has_link` adds the resource link's settings URL.
    """
    course = seed.COURSE
    endpoint: dict[str, object] = {
        "scope": list(claims.AGS_SCOPES),
        "lineitems": urls.lineitems + urls.type_query,
    }
    if line_item_id is not None:
        endpoint["lineitem"] = urls.lineitem(line_item_id) + urls.type_query
    settings = {
        "context_memberships_url": urls.memberships,
        "system_setting_url": f"{urls.services}/tool/{urls.type_id}/custom",
        "context_setting_url": f"{urls.services}/CourseSection/{course.id}/bindings/tool/"
        f"{urls.type_id}/custom",
    }
    if has_link:
        settings["link_setting_url"] = f"{urls.services}/links/{{link_id}}/custom"
    return {
        claims.TOOL_PLATFORM: {
            "product_family_code": "moodle",
            "version": seed.SITE.version,
            "guid": urlsplit(urls.issuer).hostname or "",
            "name": seed.SITE.shortname,
            "description": seed.SITE.fullname,
        },
        claims.VERSION: claims.LTI_VERSION,
        claims.AGS_ENDPOINT: endpoint,
        claims.CUSTOM: {**custom, **settings},
        claims.NRPS: {
            "context_memberships_url": urls.memberships,
            "service_versions": ["1.0", "2.0"],
        },
    }


def basic_outcome(
    user_id: int,
    *,
    urls: SiteUrls,
    service_salt: str,
    instance_id: int = seed.ACTIVITY.instance_id,
) -> dict[str, str]:
    """The LTI 1.1 outcome claim Moodle still adds: a salted-hash sourcedid and the service URL."""
    data = {
        "instanceid": str(instance_id),
        "userid": str(user_id),
        "typeid": str(urls.type_id),
        "launchid": secrets.randbelow(2**31 - 1) + 1,
    }
    data_json = json.dumps(data, separators=(",", ":"))
    digest = hashlib.sha256((data_json + service_salt).encode()).hexdigest()
    sourcedid = json.dumps({"data": data, "hash": digest}, separators=(",", ":"))
    return {"lis_result_sourcedid": sourcedid, "lis_outcome_service_url": urls.outcome_service}
