"""Use cases about awarding bodies: their DID documents, logos and signing keys."""

import re
from dataclasses import dataclass

from sqlalchemy import select

from lti_tool.domain.errors import InvalidInput, NotFound
from lti_tool.domain.logos import logo_content_type
from lti_tool.domain.micro_credential import is_url
from lti_tool.domain.organisations import OrganisationIdentifier
from lti_tool.models import Organisation, SigningKeyRow
from lti_tool.services.courses import known_course
from lti_tool.services.ports import Clock, CredentialIssuer, DidDocuments
from lti_tool.services.uow import UnitOfWork

_SLUG = re.compile(r"[a-z0-9][a-z0-9-]{1,63}")


@dataclass(frozen=True)
class Logo:
    content: bytes
    content_type: str


@dataclass(frozen=True)
class OrganisationSpec:
    """An awarding body as an administrator describes it; the logo is the uploaded file."""

    slug: str
    name: str
    country_code: str
    url: str
    is_alliance: bool
    logo: bytes | None = None
    identifiers: tuple[OrganisationIdentifier, ...] = ()

    def problems(self) -> list[str]:
        problems = []
        if not _SLUG.fullmatch(self.slug):
            problems.append("The slug must be 2 to 64 lowercase letters, digits or dashes.")
        if not self.name.strip():
            problems.append("The name is missing.")
        if not (len(self.country_code) == 2 and self.country_code.isalpha()):
            problems.append("The country must be a two-letter ISO 3166 code, e.g. NL.")
        if not is_url(self.url):
            problems.append("The website must be an http(s) URL, without spaces.")
        for identifier in self.identifiers:
            problems.extend(identifier.problems())
        return problems


def add_organisation(
    spec: OrganisationSpec, *, uow: UnitOfWork, issuer: CredentialIssuer, clock: Clock
) -> bool:
    """Add the organisation with its signing key; True when new, False when it already exists.

    Raises InvalidInput naming every problem, including a logo that is not a PNG or SVG.
    """
    problems = spec.problems()
    if problems:
        raise InvalidInput(" ".join(problems))
    content_type = logo_content_type(spec.logo) if spec.logo is not None else None
    with uow:
        organisation = uow.session.scalars(
            select(Organisation).where(Organisation.slug == spec.slug)
        ).first()
        is_new = organisation is None
        if is_new:
            organisation = Organisation(
                slug=spec.slug,
                name=spec.name.strip(),
                country_code=spec.country_code.upper(),
                url=spec.url,
                is_alliance=spec.is_alliance,
                logo=spec.logo,
                logo_content_type=content_type,
            )
            uow.session.add(organisation)
        if spec.identifiers:
            organisation.identifiers = [
                {"type": identifier.identifier_type, "value": identifier.value.strip()}
                for identifier in spec.identifiers
            ]
        ensure_signing_key(organisation, uow=uow, issuer=issuer, clock=clock)
        uow.commit()
        return is_new


def did_document(slug: str, *, uow: UnitOfWork, dids: DidDocuments) -> dict:
    """The organisation's DID document with every key it ever signed with; raises NotFound."""
    with uow:
        organisation = _by_slug(uow, slug)
        keys = [row.to_domain() for row in organisation.keys]
        return dids.document(dids.did_for(slug), keys)


def did_document_for_did(did: str, *, uow: UnitOfWork, dids: DidDocuments) -> dict | None:
    """The DID document of a DID this deployment hosts, or None: no HTTP to ourselves."""
    slug = dids.slug_for(did)
    if slug is None:
        return None
    with uow:
        organisation = uow.session.scalars(
            select(Organisation).where(Organisation.slug == slug)
        ).first()
        if organisation is None:
            return None
        return dids.document(did, [row.to_domain() for row in organisation.keys])


def logo(slug: str, *, uow: UnitOfWork) -> Logo:
    """The organisation's logo as uploaded; raises NotFound when it has none."""
    with uow:
        organisation = _by_slug(uow, slug)
        if not organisation.logo:
            raise NotFound("This organisation has no logo.")
        return Logo(organisation.logo, organisation.logo_content_type or "image/png")


def ensure_signing_key(
    organisation: Organisation, *, uow: UnitOfWork, issuer: CredentialIssuer, clock: Clock
) -> SigningKeyRow:
    """The organisation's newest signing key, made on first use; the caller commits."""
    if organisation.keys:
        return organisation.keys[-1]
    key = issuer.new_key("key-1", clock())
    row = SigningKeyRow(
        organisation=organisation,
        key_id=key.key_id,
        public_key_multibase=key.public_key_multibase,
        sealed_private_key=key.sealed_private_key,
        created_at=key.created_at,
    )
    uow.session.add(row)
    uow.session.flush()
    return row


def rotate_signing_key(
    slug: str, *, uow: UnitOfWork, issuer: CredentialIssuer, clock: Clock
) -> str:
    """Add a new signing key to the organisation and return its id; it signs from now on.

    The older keys stay in the DID document, so every credential signed with them still
    verifies; a verifier that cached the document refetches it on the unknown key id.
    Raises NotFound for an unknown organisation.
    """
    with uow:
        organisation = _by_slug(uow, slug)
        key = issuer.new_key(f"key-{len(organisation.keys) + 1}", clock())
        uow.session.add(
            SigningKeyRow(
                organisation=organisation,
                key_id=key.key_id,
                public_key_multibase=key.public_key_multibase,
                sealed_private_key=key.sealed_private_key,
                created_at=key.created_at,
            )
        )
        uow.commit()
        return key.key_id


def set_suspendable_credentials(slug: str, enabled: bool, *, uow: UnitOfWork) -> None:
    """Whether the organisation's next credentials also get a suspension entry.

    Off by default: Open Badges 3.0 allows one status entry, and 1EdTech's schema refuses a
    credential with two (docs/decisions/0010-one-status-entry.md). Credentials already issued
    keep the entries they have. Raises NotFound for an unknown organisation.
    """
    with uow:
        _by_slug(uow, slug).suspendable_credentials = enabled
        uow.commit()


def _by_slug(uow: UnitOfWork, slug: str) -> Organisation:
    organisation = uow.session.scalars(
        select(Organisation).where(Organisation.slug == slug)
    ).first()
    if organisation is None:
        raise NotFound(f"No organisation is called {slug!r} here.")
    return organisation


def organisation_slug_of_course(course_id: int, *, uow: UnitOfWork) -> str:
    """The slug of the organisation a course belongs to; raises NotFound for an unknown course."""
    with uow:
        course = known_course(uow, course_id)
        return course.organisation.slug
