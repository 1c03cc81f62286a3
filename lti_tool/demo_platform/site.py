"""Who talks to the emulated Moodle and where: the registered tool and the site's endpoint URLs."""

from dataclasses import dataclass, field

from lti_tool.demo_platform import seed


@dataclass(frozen=True)
class ToolRegistration:
    """The tool as a Moodle administrator registers it (one tool type, deployment id "1").

    `redirect_urls` are the registered redirection URIs; they default to the target link URI.
    `deep_linking_url` is Moodle's "Content Selection URL", where deep linking requests go
    ("" sends them to the target link URI); `name` is the tool type's name.
    """

    client_id: str
    initiate_login_url: str
    target_link_uri: str
    jwks_url: str
    redirect_urls: tuple[str, ...] = field(default=())
    deep_linking_url: str = ""
    name: str = seed.TOOL_NAME

    def __post_init__(self) -> None:
        if not self.redirect_urls:
            object.__setattr__(self, "redirect_urls", (self.target_link_uri,))

    @property
    def deep_linking_target(self) -> str:
        """Where a deep linking request goes: the content selection URL, else the tool URL."""
        return self.deep_linking_url or self.target_link_uri


@dataclass(frozen=True)
class SiteUrls:
    """Moodle's endpoints, each under the site URL, which is also the issuer; `type_id` is the
    tool type of the course's LTI activity, which service URLs name."""

    issuer: str
    type_id: int = seed.TYPE_ID

    @property
    def auth(self) -> str:
        """The OIDC authentication endpoint."""
        return f"{self.issuer}/mod/lti/auth.php"

    @property
    def token(self) -> str:
        """The OAuth 2 token endpoint."""
        return f"{self.issuer}/mod/lti/token.php"

    @property
    def jwks(self) -> str:
        """The platform's public key set."""
        return f"{self.issuer}/mod/lti/certs.php"

    @property
    def openid_configuration(self) -> str:
        """The platform's OpenID configuration, which dynamic registration starts from."""
        return f"{self.issuer}/mod/lti/openid-configuration.php"

    @property
    def registration(self) -> str:
        """The dynamic registration endpoint a tool POSTs its registration request to."""
        return f"{self.issuer}/mod/lti/openid-registration.php"

    @property
    def start_registration(self) -> str:
        """The administrator's page that sends the browser to a tool's registration URL."""
        return f"{self.issuer}/mod/lti/startltiadvregistration.php"

    @property
    def services(self) -> str:
        """Where Moodle's LTI services live (AGS, NRPS, tool settings)."""
        return f"{self.issuer}/mod/lti/services.php"

    @property
    def lineitems(self) -> str:
        """The course's AGS line item container, without the `?type_id=` query."""
        return f"{self.services}/{seed.COURSE.id}/lineitems"

    def lineitem(self, item_id: int) -> str:
        """One line item, without the `?type_id=` query (append it after any sub-path)."""
        return f"{self.lineitems}/{item_id}/lineitem"

    @property
    def type_query(self) -> str:
        """The query Moodle adds to AGS URLs: the tool type's id."""
        return f"?type_id={self.type_id}"

    @property
    def memberships(self) -> str:
        """The course's NRPS membership container (Moodle adds no query here)."""
        return f"{self.services}/CourseSection/{seed.COURSE.id}/bindings/{self.type_id}/memberships"

    @property
    def outcome_service(self) -> str:
        """The LTI 1.1 Basic Outcomes endpoint named in launches (not emulated)."""
        return f"{self.issuer}/mod/lti/service.php"

    def launch(self, user_id: int, cmid: int | None = None) -> str:
        """The page that starts a launch of an activity as this user: the seeded activity, or
        the one with course module id `cmid`."""
        query = "" if cmid is None else f"?cmid={cmid}"
        return f"{self.issuer}/launch/{user_id}{query}"

    def view(self, user_id: int, cmid: int | None = None) -> str:
        """The activity's page with the tool embedded in an iframe, as this user (mod/lti's
        view.php; `user` stands for Moodle's session): the seeded activity, or `cmid`'s."""
        return f"{self.issuer}/mod/lti/view.php?id={cmid or seed.ACTIVITY.cmid}&user={user_id}"

    @property
    def storage_frame(self) -> str:
        """The page of the frame that answers LTI Platform Storage messages."""
        return f"{self.issuer}/post_message_forwarding"

    def content_item(self, user_id: int) -> str:
        """The activity form's "Select content" page, as this user: it starts a deep linking
        request (`user` stands for Moodle's session, as the launch page's path does)."""
        return (
            f"{self.issuer}/mod/lti/contentitem.php?id={self.type_id}&course={seed.COURSE.id}"
            f"&user={user_id}"
        )

    def content_item_return(self, sesskey: str) -> str:
        """Where the tool POSTs its deep linking response (the request's deep_link_return_url)."""
        return (
            f"{self.issuer}/mod/lti/contentitem_return.php?course={seed.COURSE.id}"
            f"&id={self.type_id}&sesskey={sesskey}"
        )
