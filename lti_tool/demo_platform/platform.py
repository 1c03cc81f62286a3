"""DemoMoodle: the state of the emulated Moodle 5.1 site, its OIDC launch flow, its deep
linking and its dynamic registration of tools.

Checks follow Moodle's mod/lti/auth.php and contentitem_return.php; compare with
tests/vectors/moodle-5.1/01-03, 13 and 30-32.
"""

import json
import os
import secrets
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import jwt
import requests

from lti_tool.demo_platform import seed
from lti_tool.demo_platform.activities import CourseActivities, DeepLinkingResult
from lti_tool.demo_platform.deep_linking import DeepLinkingError, read_response
from lti_tool.demo_platform.errors import AuthRequestError
from lti_tool.demo_platform.gradebook import Gradebook, LineItem
from lti_tool.demo_platform.keys import key_id, load_or_create_key, public_jwk
from lti_tool.demo_platform.launch_claims import deep_linking_request_claims, resource_link_claims
from lti_tool.demo_platform.launch_shapes import MOODLE, LaunchShape
from lti_tool.demo_platform.launches import PendingLaunch, PendingLaunches
from lti_tool.demo_platform.platform_configuration import platform_configuration
from lti_tool.demo_platform.site import SiteUrls, ToolRegistration
from lti_tool.demo_platform.tokens import PERMITTED_SCOPES, AccessTokens
from lti_tool.demo_platform.tool_registrations import (
    RegisteredTool,
    ToolRegistrations,
    registration_start_url,
)
from lti_tool.demo_platform.ws_site import WebServices

STORAGE_FRAME = "post_message_forwarding"  # the name of Canvas's storage frame
GRADED_BEFORE = 86400  # the seed grades are a day old, so a fresh score is always newer
# Moodle's strings for what contentitem_return.php refuses or reports (lang/en/lti.php, moodle.php).
_TOOL_TYPE_NOT_FOUND = "LTI tool type not found."
_COURSE_NOT_FOUND = "Can not find data record in database table course."
_INVALID_SESSKEY = "Incorrect sesskey submitted, form not accepted!"
_CONTENT_FETCHED = "Successfully fetched tool configuration from the selected content."


@dataclass(frozen=True)
class LaunchableUser:
    """Someone the demo can launch the tool as, and the URL that starts that launch."""

    id: int
    name: str
    is_teacher: bool
    launch_url: str
    is_site_admin: bool = False


@dataclass(frozen=True)
class AuthResponse:
    """What auth.php POSTs back to the tool: the fields, in order, and where to."""

    redirect_uri: str
    fields: dict[str, str]


class DemoMoodle:
    """An in-memory Moodle 5.1 site with one course, its LTI activities and the registered tool.

    `key_path` names a PEM file for the platform key (made there if missing); `http` is the
    session the token endpoint fetches the tool's JWKS with; `clock` gives epoch seconds.
    `tool`, `type_id`, `deployment_id`, `urls` and `tokens` belong to the tool the activity
    uses: the pre-registered one (type 1) until `activate` puts a registered tool there.
    `activities` holds the seeded activity and those deep linking added; `deep_link_items`
    every content item deep linking responses brought, in order. `launch_shape` is the
    platform whose id_tokens it signs: Moodle's own until `use_shape` changes it.
    `storage_target` is the frame its logins name in `lti_storage_target`: None, as Moodle
    (which offers no platform storage), until `offer_storage` names one. `webservices` holds
    the REST web service tokens and the course completions Moodle's cron has aggregated.
    `learners` are the course's learners and `grades` their grades on the activity's line
    item (learner id -> score out of 100): the seeded three unless given, say a larger cohort
    for a benchmark.
    """

    def __init__(
        self,
        *,
        issuer: str,
        tool: ToolRegistration,
        key_path: str | os.PathLike[str] | None = None,
        http: requests.Session | None = None,
        clock: Callable[[], float] = time.time,
        learners: Sequence[seed.Person] = seed.LEARNERS,
        grades: Mapping[int, float] = seed.GRADES,
    ) -> None:
        self.issuer = issuer.rstrip("/")
        self.site, self.course, self.activity = seed.SITE, seed.COURSE, seed.ACTIVITY
        self.learners = tuple(learners)
        people = (seed.TEACHER, *self.learners, seed.SITE_ADMIN)
        self.people = {person.id: person for person in people}
        self._key = load_or_create_key(key_path)
        self.kid = key_id(self._key)
        self._clock = clock
        self._service_salt = secrets.token_hex(8)
        self._sesskey = secrets.token_hex(5)
        self._launches = PendingLaunches()
        self._lock = threading.Lock()
        self._http = http or requests.Session()
        self.gradebook = _seeded_gradebook(
            self.learners, grades, graded_at=int(clock()) - GRADED_BEFORE
        )
        self.activities = CourseActivities(seed.ACTIVITY)
        self.webservices = WebServices(
            gradebook=self.gradebook,
            learner_ids=[person.id for person in self.learners],
            clock=clock,
        )
        self.deep_link_items: list[Any] = []
        self.launch_shape: LaunchShape = MOODLE
        self.storage_target: str | None = None
        self._use_tool(tool, seed.TYPE_ID, PERMITTED_SCOPES)
        self.registrations = ToolRegistrations(
            sign=self.sign,
            public_key=self._key.public_key(),
            kid=self.kid,
            clock=clock,
            first_type_id=seed.TYPE_ID + 1,
        )

    def now(self) -> float:
        """The platform's clock, in epoch seconds."""
        return self._clock()

    def jwks(self) -> dict[str, list[dict[str, str]]]:
        """The public key set certs.php serves."""
        return {"keys": [public_jwk(self._key, self.kid)]}

    def configuration(self) -> dict[str, object]:
        """The OpenID configuration openid-configuration.php serves, token or not."""
        return platform_configuration(self.urls, self.site)

    def start_registration(self, tool_registration_url: str) -> str:
        """Where startltiadvregistration.php sends the administrator's browser: the tool's
        registration URL, its query kept, with `openid_configuration` and a new single-use
        `registration_token` appended. Raises ValueError for a URL that is not http(s)."""
        return registration_start_url(
            tool_registration_url,
            openid_configuration=self.urls.openid_configuration,
            token=self.registrations.new_token(),
        )

    def register(self, registration_token: str, request: object) -> RegisteredTool:
        """Register the tool a registration request (parsed JSON) describes, as a pending tool
        type; its `response` is what openid-registration.php answers. Raises RegistrationError
        with Moodle's status and message."""
        return self.registrations.register(registration_token, request)

    @property
    def registered_tools(self) -> dict[str, RegisteredTool]:
        """The dynamically registered tools by client id, oldest first."""
        return self.registrations.registered()

    def activate(self, client_id: str) -> RegisteredTool:
        """Activate a registered tool and make it the tool of the course's LTI activity, as an
        administrator accepting it and a teacher pointing the activity at it would: launches,
        tokens and service URLs are then that tool's (its type id, its client id, its JWKS,
        the scopes it registered). The previous tool is no longer launched nor granted tokens.
        Raises KeyError for an unknown client id."""
        registered = self.registrations.activate(client_id)
        scopes = [scope for scope in registered.scopes if scope in PERMITTED_SCOPES]
        self._use_tool(
            registered.configuration.tool_registration(client_id), registered.type_id, scopes
        )
        return registered

    def use_shape(self, shape: LaunchShape) -> None:
        """Sign the id_tokens of the launches and deep linking requests answered from now on
        in `shape`: another platform's claims and roles, or another way of writing `aud`,
        to try the tool beyond Moodle. The login initiation and the services stay Moodle's."""
        with self._lock:
            self.launch_shape = shape

    def offer_storage(self, target: str | None = STORAGE_FRAME) -> None:
        """Name `target` in `lti_storage_target` from now on, as Canvas does: the frame of
        `urls.view` that answers LTI Platform Storage ("_parent": that page). None: none."""
        with self._lock:
            self.storage_target = target

    def launchable_users(self) -> list[LaunchableUser]:
        """Everyone in the course, teacher first, with the URL that launches the tool as them."""
        return [
            LaunchableUser(
                person.id,
                person.name,
                person.is_teacher,
                self.urls.launch(person.id),
                person.is_site_admin,
            )
            for person in self.people.values()
        ]

    def set_grade(self, user_id: int, score: float, *, comment: str | None = None) -> None:
        """Grade a learner on the activity's line item now, as a teacher would in Moodle."""
        self.gradebook.set_grade(
            seed.LINE_ITEM_ID, user_id, score, timestamp=int(self._clock()), comment=comment
        )

    def login_initiation(self, user_id: int, *, cmid: int | None = None) -> dict[str, str]:
        """The fields Moodle POSTs to the tool's login URL to launch an activity as this user:
        the seeded activity, or the one with course module id `cmid`.

        Raises KeyError for someone not in the course or an unknown activity. The launch id is
        remembered, once, for the authentication request that follows, as Moodle keeps it in
        the user's session.
        """
        person = self.people[user_id]
        activity = self.activities.get(self.activity.cmid if cmid is None else cmid)
        launch_id = self._launches.start(
            f"ltilaunch{activity.instance_id}_", PendingLaunch(person.id, activity.cmid)
        )
        hint = {"cmid": activity.cmid, "launchid": launch_id}
        return self._initiation(person, hint, activity.url or self.tool.target_link_uri)

    def deep_linking_initiation(
        self, user_id: int, *, title: str = "", text: str = ""
    ) -> dict[str, str]:
        """The fields Moodle POSTs to the tool's login URL when this user presses the activity
        form's "Select content" button (contentitem.php); `title` and `text` are the form's
        activity name and description, the tool's name standing in for an empty name.

        Raises KeyError for someone not in the course, PermissionError for someone who may
        not add activities (a learner). The launch id works once, like a launch's.
        """
        person = self.people[user_id]
        if not (person.is_teacher or person.is_site_admin):
            raise PermissionError(f"user {user_id} may not add activities to the course")
        pending = PendingLaunch(person.id, None, title=title, text=text)
        launch_id = self._launches.start("ltilaunch_ContentItemSelectionRequest", pending)
        return self._initiation(person, {"launchid": launch_id}, self.tool.deep_linking_target)

    def authenticate(self, params: Mapping[str, str]) -> AuthResponse:
        """Answer an OIDC authentication request with a signed id_token, as auth.php does.

        Raises AuthRequestError naming the first problem, in the order Moodle checks.
        """
        required = ("scope", "response_type", "client_id", "redirect_uri", "login_hint", "nonce")
        missing = [name for name in required if not params.get(name)]
        if missing:
            raise AuthRequestError("invalid_request", "missing " + ", ".join(missing))
        launch_id = _launch_id(params.get("lti_message_hint", ""))
        if params["scope"] != "openid":
            raise AuthRequestError("invalid_scope", "scope must be openid")
        if params["response_type"] != "id_token":
            raise AuthRequestError("unsupported_response_type", "response_type must be id_token")
        launch = self._launches.take(launch_id)
        if launch is None:
            raise AuthRequestError("invalid_request", "unknown or already used launch id")
        self._check_client(params, launch.user_id)
        if params.get("response_mode") != "form_post":
            raise AuthRequestError("invalid_request", "Invalid response_mode: use form_post")
        if params.get("prompt") not in (None, "", "none"):
            raise AuthRequestError("invalid_request", "Invalid prompt: use none")
        payload = self._id_token_claims(launch, nonce=params["nonce"])
        fields = {"id_token": self.sign(payload), "state": params.get("state", "")}
        fields = self._with_storage_target(fields)
        return AuthResponse(redirect_uri=params["redirect_uri"], fields=fields)

    def receive_deep_linking_response(
        self, token: str, *, type_id: str, course_id: str, sesskey: str
    ) -> DeepLinkingResult:
        """What contentitem_return.php does with the JWT a tool POSTs back: verify it, then add
        an activity for each ltiResourceLink item (with its gradebook column when the item has
        a lineItem), unless the tool sent an error message.

        `type_id`, `course_id` and `sesskey` are the return URL's `id`, `course` and `sesskey`.
        Raises DeepLinkingError naming the first problem, in the order Moodle meets them.
        """
        if type_id != str(self.type_id):
            raise DeepLinkingError(_TOOL_TYPE_NOT_FOUND)
        if not token:
            raise DeepLinkingError("No JWT: the response goes in a form field named JWT")
        response = read_response(
            token,
            tool=self.tool,
            issuer=self.issuer,
            deployment_id=self.deployment_id,
            now=self._clock(),
            http=self._http,
        )
        if course_id != str(self.course.id):
            raise DeepLinkingError(_COURSE_NOT_FOUND)
        if sesskey != self._sesskey:
            raise DeepLinkingError(_INVALID_SESSKEY)
        with self._lock:
            self.deep_link_items.extend(response.content_items)
        if response.error_message:
            return DeepLinkingResult([], response.error_message, is_error=True)
        added = [self.activities.add(link, gradebook=self.gradebook) for link in response.links]
        return DeepLinkingResult(added, (response.message or _CONTENT_FETCHED) if added else "")

    def line_item_of(self, activity: seed.Activity) -> LineItem | None:
        """The activity's line item, which its launches' `lineitem` claim names: None when the
        activity has none or several (gradebookservices::get_launch_parameters)."""
        items = self.gradebook.line_items(resource_link_id=str(activity.instance_id))
        return items[0] if len(items) == 1 else None

    def sign(self, payload: dict[str, object]) -> str:
        """A JWT signed with the platform key, RS256, its kid in the header."""
        return jwt.encode(payload, self._key, algorithm="RS256", headers={"kid": self.kid})

    @property
    def service_salt(self) -> str:
        """The secret Moodle hashes into LTI 1.1 result sourcedids."""
        return self._service_salt

    def _use_tool(self, tool: ToolRegistration, type_id: int, scopes: Iterable[str]) -> None:
        """Put `tool` (of tool type `type_id`) on the activity, granting it `scopes`."""
        urls = SiteUrls(self.issuer, type_id=type_id)
        tokens = AccessTokens(
            client_id=tool.client_id,
            tool_jwks_url=tool.jwks_url,
            token_url=urls.token,
            http=self._http,
            clock=self._clock,
            permitted_scopes=scopes,
        )
        with self._lock:
            self.tool, self.type_id, self.deployment_id = tool, type_id, str(type_id)
            self.urls, self.tokens = urls, tokens

    def _initiation(
        self, person: seed.Person, hint: dict[str, object], target_link_uri: str
    ) -> dict[str, str]:
        return self._with_storage_target(
            {
                "iss": self.issuer,
                "target_link_uri": target_link_uri,
                "login_hint": str(person.id),
                "lti_message_hint": json.dumps(hint, separators=(",", ":")),
                "client_id": self.tool.client_id,
                "lti_deployment_id": self.deployment_id,
            }
        )

    def _with_storage_target(self, fields: dict[str, str]) -> dict[str, str]:
        """`fields`, and `lti_storage_target` if offered (Canvas sends it in both forms)."""
        target = self.storage_target
        return fields if target is None else {**fields, "lti_storage_target": target}

    def _id_token_claims(self, launch: PendingLaunch, *, nonce: str) -> dict[str, object]:
        person, now = self.people[launch.user_id], int(self._clock())
        if launch.is_deep_linking:
            return deep_linking_request_claims(
                person,
                title=launch.title or self.tool.name,
                text=launch.text,
                nonce=nonce,
                now=now,
                urls=self.urls,
                tool=self.tool,
                sesskey=self._sesskey,
                shape=self.launch_shape,
            )
        activity = self.activities.get(launch.cmid or self.activity.cmid)
        line_item = self.line_item_of(activity)
        return resource_link_claims(
            person,
            activity=activity,
            line_item_id=None if line_item is None else line_item.id,
            nonce=nonce,
            now=now,
            urls=self.urls,
            tool=self.tool,
            sesskey=self._sesskey,
            service_salt=self._service_salt,
            shape=self.launch_shape,
        )

    def _check_client(self, params: Mapping[str, str], user_id: int) -> None:
        if params["client_id"] != self.tool.client_id:
            raise AuthRequestError("unauthorized_client", "unknown client_id")
        if params["login_hint"] != str(user_id):
            raise AuthRequestError("access_denied", "login_hint is not the user of this launch")
        if params["redirect_uri"] not in self.tool.redirect_urls:
            raise AuthRequestError(
                "invalid_request", "redirect_uri is not registered for this tool"
            )


def _launch_id(message_hint: str) -> str:
    try:
        hint = json.loads(message_hint)
    except ValueError:
        hint = None
    if not isinstance(hint, dict) or not isinstance(hint.get("launchid"), str):
        raise AuthRequestError("invalid_request", "No launch id in LTI hint")
    return hint["launchid"]


def _seeded_gradebook(
    learners: Sequence[seed.Person], grades: Mapping[int, float], *, graded_at: int
) -> Gradebook:
    activity = seed.ACTIVITY
    gradebook = Gradebook(
        activity_item=LineItem(
            id=seed.LINE_ITEM_ID,
            label=activity.title,
            score_maximum=float(seed.LINE_ITEM_MAXIMUM),
            resource_link_id=str(activity.instance_id),
            is_activity_item=True,
        ),
        gradable_user_ids=[person.id for person in learners],
        resource_link_ids=[str(activity.instance_id)],
    )
    for user_id, score in grades.items():
        gradebook.set_grade(seed.LINE_ITEM_ID, user_id, score, timestamp=graded_at)
    return gradebook
