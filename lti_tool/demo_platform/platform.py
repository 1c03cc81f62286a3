"""DemoMoodle: the state of the emulated Moodle 5.1 site, its OIDC launch flow and its
dynamic registration of tools.

Checks follow Moodle's mod/lti/auth.php; compare with tests/vectors/moodle-5.1/01-03 and 30-32.
"""

import json
import os
import secrets
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

import jwt
import requests

from lti_tool.demo_platform import seed
from lti_tool.demo_platform.errors import AuthRequestError
from lti_tool.demo_platform.gradebook import Gradebook, LineItem
from lti_tool.demo_platform.keys import key_id, load_or_create_key, public_jwk
from lti_tool.demo_platform.launch_claims import resource_link_claims
from lti_tool.demo_platform.platform_configuration import platform_configuration
from lti_tool.demo_platform.site import SiteUrls, ToolRegistration
from lti_tool.demo_platform.tokens import PERMITTED_SCOPES, AccessTokens
from lti_tool.demo_platform.tool_registrations import (
    RegisteredTool,
    ToolRegistrations,
    registration_start_url,
)

GRADED_BEFORE = 86400  # the seed grades are a day old, so a fresh score is always newer
_MAX_OPEN_LAUNCHES = 1000


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
    """An in-memory Moodle 5.1 site with one course, one LTI activity and the registered tool.

    `key_path` names a PEM file for the platform key (made there if missing); `http` is the
    session the token endpoint fetches the tool's JWKS with; `clock` gives epoch seconds.
    `tool`, `type_id`, `deployment_id`, `urls` and `tokens` belong to the tool the activity
    uses: the pre-registered one (type 1) until `activate` puts a registered tool there.
    """

    def __init__(
        self,
        *,
        issuer: str,
        tool: ToolRegistration,
        key_path: str | os.PathLike[str] | None = None,
        http: requests.Session | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.issuer = issuer.rstrip("/")
        self.site, self.course, self.activity = seed.SITE, seed.COURSE, seed.ACTIVITY
        self.people = {person.id: person for person in (*seed.PEOPLE, seed.SITE_ADMIN)}
        self._key = load_or_create_key(key_path)
        self.kid = key_id(self._key)
        self._clock = clock
        self._service_salt = secrets.token_hex(8)
        self._sesskey = secrets.token_hex(5)
        self._launches: dict[str, int] = {}
        self._lock = threading.Lock()
        self._http = http or requests.Session()
        self.gradebook = _seeded_gradebook(graded_at=int(clock()) - GRADED_BEFORE)
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

    def login_initiation(self, user_id: int) -> dict[str, str]:
        """The fields Moodle POSTs to the tool's login URL to launch the activity as this user.

        Raises KeyError for someone not in the course. The launch id is remembered, once, for
        the authentication request that follows, as Moodle keeps it in the user's session.
        """
        person = self.people[user_id]
        launch_id = f"ltilaunch{self.activity.instance_id}_{secrets.randbelow(2**31 - 1) + 1}"
        with self._lock:
            self._launches[launch_id] = person.id
            while len(self._launches) > _MAX_OPEN_LAUNCHES:
                del self._launches[next(iter(self._launches))]
        hint = {"cmid": self.activity.cmid, "launchid": launch_id}
        return {
            "iss": self.issuer,
            "target_link_uri": self.tool.target_link_uri,
            "login_hint": str(person.id),
            "lti_message_hint": json.dumps(hint, separators=(",", ":")),
            "client_id": self.tool.client_id,
            "lti_deployment_id": self.deployment_id,
        }

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
        with self._lock:
            user_id = self._launches.pop(launch_id, None)
        if user_id is None:
            raise AuthRequestError("invalid_request", "unknown or already used launch id")
        self._check_client(params, user_id)
        if params.get("response_mode") != "form_post":
            raise AuthRequestError("invalid_request", "Invalid response_mode: use form_post")
        if params.get("prompt") not in (None, "", "none"):
            raise AuthRequestError("invalid_request", "Invalid prompt: use none")
        payload = resource_link_claims(
            self.people[user_id],
            nonce=params["nonce"],
            now=int(self._clock()),
            urls=self.urls,
            tool=self.tool,
            sesskey=self._sesskey,
            service_salt=self._service_salt,
        )
        fields = {"id_token": self.sign(payload), "state": params.get("state", "")}
        return AuthResponse(redirect_uri=params["redirect_uri"], fields=fields)

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


def _seeded_gradebook(*, graded_at: int) -> Gradebook:
    activity = seed.ACTIVITY
    gradebook = Gradebook(
        activity_item=LineItem(
            id=seed.LINE_ITEM_ID,
            label=activity.title,
            score_maximum=float(seed.LINE_ITEM_MAXIMUM),
            resource_link_id=str(activity.instance_id),
            is_activity_item=True,
        ),
        gradable_user_ids=[person.id for person in seed.LEARNERS],
        resource_link_ids=[str(activity.instance_id)],
    )
    for user_id, score in seed.GRADES.items():
        gradebook.set_grade(seed.LINE_ITEM_ID, user_id, score, timestamp=graded_at)
    return gradebook
