"""The course roster from LTI Names and Role Provisioning Services (NRPS 2.0), every page.

https://www.imsglobal.org/spec/lti-nrps/v2p0 — ids, names and roles are kept; the emails the
platform also sends are passed on only to match an uploaded grade file, and never stored
(least data about learners).
"""

import requests
from pylti1p3.exception import LtiException

from adapters.lms.platform_services import PlatformServices
from adapters.lti import claims
from lti_tool.domain.errors import ServiceUnavailable
from lti_tool.domain.roster import Member

_MEMBERSHIPS = "application/vnd.ims.lti-nrps.v2.membershipcontainer+json"


class NrpsRoster:
    """Reads who is in a course, including people who never launched the tool."""

    def __init__(self, *, services: PlatformServices):
        self._services = services

    def members(self, *, issuer: str, client_id: str, memberships_url: str) -> list[Member]:
        """Every member of the course; raises ServiceUnavailable when the platform fails."""
        connector = self._services.connector(issuer, client_id)
        scopes = [claims.NRPS_SCOPE_MEMBERSHIP_READONLY]
        try:
            return [
                _member_from(member)
                for page in connector.pages(scopes, memberships_url, accept=_MEMBERSHIPS)
                for member in (page or {}).get("members", [])
                if isinstance(member, dict) and member.get("user_id")
            ]
        except LtiException as error:
            raise ServiceUnavailable(
                f"The learning platform did not return the course members: {error}"
            ) from error
        except requests.RequestException as error:
            raise ServiceUnavailable(
                "The learning platform could not be reached to read the course members."
            ) from error


def _member_from(member: dict) -> Member:
    name = member.get("name") or " ".join(
        part for part in (member.get("given_name"), member.get("family_name")) if part
    )
    return Member(
        subject=str(member["user_id"]),
        name=str(name),
        role=claims.role_of(member.get("roles") or []),
        is_active=member.get("status", "Active") == "Active",
        email=str(member.get("email") or "").strip().lower(),
    )
