"""Awarding bodies: the member schools and providers of the alliance, and the alliance itself."""

import re
from dataclasses import dataclass

# OB3's IdentifierTypeEnum (https://www.imsglobal.org/spec/ob/v3p0/#identifiertypeenum); other
# kinds are named "ext:<Name>", as OB3 extends its enumerations, e.g. "ext:BRIN" for a Dutch
# school's number or "ext:PIC" for an Erasmus+ participant identification code.
IDENTIFIER_TYPES = frozenset(
    {
        "identifier",
        "sourcedId",
        "systemId",
        "productId",
        "userName",
        "accountId",
        "emailAddress",
        "nationalIdentityNumber",
        "isbn",
        "issn",
        "lisSourcedId",
        "oneRosterSourcedId",
        "sisSourcedId",
        "ltiContextId",
        "ltiDeploymentId",
        "ltiToolId",
        "ltiPlatformId",
        "ltiUserId",
    }
)
_EXTENSION_TYPE = re.compile(r"ext:[A-Za-z][A-Za-z0-9_.-]{0,63}")


@dataclass(frozen=True)
class OrganisationIdentifier:
    """A registration number of an awarding body: its kind (`identifier_type`) and value."""

    identifier_type: str
    value: str

    def problems(self) -> list[str]:
        problems = []
        if not (
            self.identifier_type in IDENTIFIER_TYPES
            or _EXTENSION_TYPE.fullmatch(self.identifier_type)
        ):
            problems.append(
                f"{self.identifier_type!r} is no kind of identifier: use one of Open Badges' "
                "(e.g. identifier, systemId) or ext:<Name>, e.g. ext:BRIN."
            )
        if not self.value.strip() or len(self.value) > 200:
            problems.append(
                f"The {self.identifier_type} identifier needs a value of 1-200 characters."
            )
        return problems


@dataclass(frozen=True)
class Organisation:
    """An awarding body: a member school or provider, or the alliance itself."""

    slug: str
    name: str
    country_code: str  # ISO 3166-1 alpha-2, e.g. "NL"
    url: str
    logo_url: str | None = None
    did: str | None = None  # did:web of the organisation, when the tool hosts its keys
    identifiers: tuple[OrganisationIdentifier, ...] = ()
