"""The people of a course as the platform lists them, in our words."""

from __future__ import annotations

from dataclasses import dataclass, field

from lti_tool.domain.launch import Role


@dataclass(frozen=True)
class Member:
    """One person of a course: the platform's subject id, display name and role there."""

    subject: str
    name: str
    role: Role
    is_active: bool = True
    # Read to match an uploaded grade file's learners; never stored, never in a log line.
    email: str = field(default="", repr=False)
