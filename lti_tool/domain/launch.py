"""A validated LTI launch, in our words: who, from which platform and course, in which role."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class Role(enum.StrEnum):
    """The part of the tool a launch leads to."""

    TEACHER = "teacher"
    LEARNER = "learner"
    ADMIN = "admin"
    OTHER = "other"


@dataclass(frozen=True)
class DeepLinkRequest:
    """A platform asking the teacher to pick content to place in the course (Deep Linking)."""

    return_url: str
    data: str | None = None


@dataclass(frozen=True)
class PlacedResource:
    """What the tool places in the course: a link to itself and its gradebook column."""

    title: str
    url: str
    custom: dict[str, str]
    line_item_label: str
    line_item_tag: str
    score_maximum: int = 100


@dataclass(frozen=True)
class Launch:
    """Everything the tool keeps from a validated resource-link launch."""

    issuer: str
    client_id: str
    deployment_id: str
    subject: str
    name: str
    role: Role
    context_id: str | None
    context_label: str
    context_title: str
    ags_lineitem_url: str | None = None
    ags_lineitems_url: str | None = None
    ags_scopes: tuple[str, ...] = ()
    nrps_url: str | None = None
    locale: str | None = None
    # An LMS administrator may also teach the course: the role picks the page, this flag
    # opens the admin pages as well.
    is_administrator: bool = False
    deep_link: DeepLinkRequest | None = None


@dataclass(frozen=True)
class LaunchRequest:
    """The parts of an HTTP request an LTI login or launch is judged on: its query and form
    fields, and the login cookies it carries (name -> value, see `browser_binding`)."""

    params: dict[str, str]
    is_secure: bool
    login_cookies: dict[str, str] = field(default_factory=dict)
