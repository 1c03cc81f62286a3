"""Who awards a micro-credential, and the endorsements by which the co-awarding bodies vouch for it.

The lead awarding body is the organisation of the course; it alone signs learners' credentials.
The alliance and any other co-awarding body each sign an EndorsementCredential of the
micro-credential with their own key (shared/standards/EU-ELEMENTS.md §3). One endorsement per
body serves every learner's credential of one version of the definition: it is stored with the
definition's fingerprint and made again only when the definition changes.
"""

import uuid
from collections.abc import Sequence

from sqlalchemy import select

from lti_tool.domain import credentials as domain
from lti_tool.domain.endorsements import EndorsementContent
from lti_tool.models import EndorsementRow, MicroCredentialRow, Organisation
from lti_tool.services.organisations import ensure_signing_key
from lti_tool.services.ports import Clock, CredentialIssuer, DidDocuments
from lti_tool.services.uow import UnitOfWork


def achievement_id(base_url: str, micro_credential_id: int) -> str:
    """The id of the micro-credential in its credentials: its public page."""
    return f"{base_url}/micro-credentials/{micro_credential_id}"


def awarding_body_rows(uow: UnitOfWork, definition: MicroCredentialRow) -> list[Organisation]:
    """The lead awarding body (the course's organisation) first, then the alliance, then the
    other co-awarding bodies the teacher chose, each once."""
    return awarding_body_rows_of(
        uow, definition.course.organisation, definition.co_awarding_bodies or []
    )


def awarding_body_rows_of(
    uow: UnitOfWork, lead: Organisation, co_awarding_bodies: Sequence[str]
) -> list[Organisation]:
    """As `awarding_body_rows`, for a definition not saved yet: `lead` first, then the
    alliance, then the organisations of `co_awarding_bodies` (slugs) that exist, each once."""
    alliances = uow.session.scalars(
        select(Organisation).where(Organisation.is_alliance.is_(True)).order_by(Organisation.id)
    ).all()
    chosen = {
        row.slug: row
        for row in uow.session.scalars(
            select(Organisation).where(Organisation.slug.in_(co_awarding_bodies))
        )
    }
    bodies: list[Organisation] = []
    for row in (lead, *alliances, *(chosen[s] for s in co_awarding_bodies if s in chosen)):
        if row not in bodies:
            bodies.append(row)
    return bodies


def awarding_bodies(
    uow: UnitOfWork, definition: MicroCredentialRow, *, dids: DidDocuments, base_url: str
) -> tuple[domain.Organisation, ...]:
    """The awarding bodies of `definition` as the credential names them, the lead first."""
    return tuple(
        _domain(row, dids=dids, base_url=base_url) for row in awarding_body_rows(uow, definition)
    )


def ensure_endorsements(
    definition: MicroCredentialRow,
    *,
    uow: UnitOfWork,
    issuer: CredentialIssuer,
    dids: DidDocuments,
    clock: Clock,
    base_url: str,
) -> tuple[dict, ...]:
    """Each co-awarding body's signed endorsement of the current version of `definition`,
    made and stored where missing (the caller commits); the alliance's first."""
    rows = awarding_body_rows(uow, definition)
    bodies = [_domain(row, dids=dids, base_url=base_url) for row in rows]
    fingerprint = definition.to_domain(awarding_bodies=bodies).fingerprint()
    documents = []
    for row, body in zip(rows[1:], bodies[1:], strict=True):
        found = next(
            (
                e
                for e in definition.endorsements
                if e.organisation_id == row.id and e.fingerprint == fingerprint
            ),
            None,
        )
        if found is None:
            key = ensure_signing_key(row, uow=uow, issuer=issuer, clock=clock)
            content = EndorsementContent(
                credential_id=f"urn:uuid:{uuid.uuid4()}",
                achievement_id=achievement_id(base_url, definition.id),
                title=definition.title,
                endorser=body,
                awarding_body=bodies[0],
                issued_at=clock(),
            )
            found = EndorsementRow(
                micro_credential=definition,
                organisation=row,
                fingerprint=fingerprint,
                credential_id=content.credential_id,
                document=issuer.endorse(content, key.to_domain()),
                created_at=content.issued_at,
            )
            uow.session.add(found)
        documents.append(found.document)
    return tuple(documents)


def _domain(row: Organisation, *, dids: DidDocuments, base_url: str) -> domain.Organisation:
    return row.to_domain(base_url=base_url, did=dids.did_for(row.slug))
