"""Who is using the tool, as the last LTI launch established it, kept in the signed session.

Only ids and the role are kept in the cookie: no names, no emails.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from flask import session
from flask_babel import gettext

from lti_tool.domain.errors import NotAllowed
from lti_tool.domain.launch import DeepLinkRequest, Role
from lti_tool.services.deep_linking import DeepLinkOrigin
from lti_tool.services.launch import LaunchSession

_KEY = "launch"
_DEEP_LINK = "deep_link"


class NoLaunch(NotAllowed):
    default_message = "Open this page from your course in your learning platform."


@dataclass(frozen=True)
class CurrentLaunch:
    person_id: int
    course_id: int
    role: Role
    course_title: str
    is_administrator: bool = False

    def may_use(self, role: Role) -> bool:
        """Whether this launch opens the pages of `role`; administrators also open admin pages."""
        return self.role == role or (role == Role.ADMIN and self.is_administrator)


def remember(launch: LaunchSession) -> None:
    """Start a fresh session for this launch (a new launch replaces any earlier one)."""
    session.clear()
    session[_KEY] = {
        "person_id": launch.person_id,
        "course_id": launch.course_id,
        "role": launch.role.value,
        "course_title": launch.course_title,
        "is_administrator": launch.is_administrator,
    }
    if launch.locale:
        session["locale"] = launch.locale
    if launch.deep_link is not None:
        origin = launch.deep_link
        session[_DEEP_LINK] = {
            "return_url": origin.request.return_url,
            "data": origin.request.data,
            "issuer": origin.issuer,
            "client_id": origin.client_id,
            "deployment_id": origin.deployment_id,
        }


def deep_link_origin() -> DeepLinkOrigin | None:
    """The deep-linking request this session was launched with and has not answered yet."""
    data = session.get(_DEEP_LINK)
    if not data:
        return None
    return DeepLinkOrigin(
        request=DeepLinkRequest(return_url=data["return_url"], data=data["data"]),
        issuer=data["issuer"],
        client_id=data["client_id"],
        deployment_id=data["deployment_id"],
    )


def forget_deep_link() -> None:
    """A deep-linking request is answered once."""
    session.pop(_DEEP_LINK, None)


def current() -> CurrentLaunch | None:
    """The launch of this session, if any."""
    data = session.get(_KEY)
    if not data:
        return None
    return CurrentLaunch(
        person_id=data["person_id"],
        course_id=data["course_id"],
        role=Role(data["role"]),
        course_title=data["course_title"],
        is_administrator=data.get("is_administrator", False),
    )


def requires(role: Role) -> Callable:
    """A view decorator: the view runs only for a launch in `role`, and receives it."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args, **kwargs):
            launch = current()
            if launch is None:
                raise NoLaunch(
                    gettext("Open this page from your course in your learning platform.")
                )
            if not launch.may_use(role):
                raise NotAllowed(gettext("This page is not for your role in this course."))
            return view(launch, *args, **kwargs)

        return wrapped

    return decorator
