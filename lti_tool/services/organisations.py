"""Use cases about awarding bodies: their DID documents, logos and signing keys."""

from dataclasses import dataclass

from sqlalchemy import select

from lti_tool.domain.errors import NotFound
from lti_tool.models import Organisation, SigningKeyRow
from lti_tool.services.ports import Clock, CredentialIssuer, DidDocuments
from lti_tool.services.uow import UnitOfWork


@dataclass(frozen=True)
class Logo:
    content: bytes
    content_type: str


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


def _by_slug(uow: UnitOfWork, slug: str) -> Organisation:
    organisation = uow.session.scalars(
        select(Organisation).where(Organisation.slug == slug)
    ).first()
    if organisation is None:
        raise NotFound(f"No organisation is called {slug!r} here.")
    return organisation
