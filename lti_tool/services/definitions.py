"""Use cases of the teacher's designer: keep a draft, publish it as a new version, export and
import a definition as JSON, and give it a badge image.

A micro-credential's columns are its newest published version, which credentials are issued
from; edits go to its draft until the teacher publishes them, so a credential is never issued
from half-made changes, and every published version is kept as it was
(`micro_credential_versions`). A credential already issued is a signed document of its own and
never changes.
"""

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import select

from lti_tool.domain.credentials import MicroCredential
from lti_tool.domain.definition_json import definition_from_json, definition_to_json
from lti_tool.domain.errors import InvalidInput, NotFound
from lti_tool.models import (
    BadgeImage,
    Course,
    MicroCredentialRow,
    MicroCredentialVersion,
    Organisation,
)
from lti_tool.services.courses import known_course
from lti_tool.services.endorsements import awarding_bodies, ensure_endorsements
from lti_tool.services.ports import BadgeImages, Clock, CredentialIssuer, DidDocuments
from lti_tool.services.uow import UnitOfWork


@dataclass(frozen=True)
class WorkingCopy:
    """What the designer shows: the draft if there is one, else the published definition."""

    id: int
    definition: MicroCredential
    co_awarding_bodies: tuple[str, ...]
    version: int  # the newest published version; 0 when never published
    has_changes: bool  # a draft differs from what is published (or nothing is)
    badge_digest: str | None


@dataclass(frozen=True)
class VersionView:
    number: int
    title: str
    published_at: datetime


def save_draft(
    course_id: int,
    definition: MicroCredential,
    *,
    co_awarding_bodies: Sequence[str] = (),
    micro_credential_id: int | None = None,
    uow: UnitOfWork,
) -> int:
    """Keep the teacher's definition as a draft, of a new micro-credential of the course or of
    the one given, and return its id; nothing is issued from it until it is published.

    Raises NotFound for another course's micro-credential, InvalidInput naming an unknown
    co-awarding body.
    """
    with uow:
        course = known_course(uow, course_id)
        slugs = _checked_co_awarding(uow, course, co_awarding_bodies)
        if micro_credential_id is None:
            row = MicroCredentialRow(course=course, version=0, co_awarding_bodies=list(slugs))
            row.set_definition(definition)  # a first draft fills the columns: none is published
            uow.session.add(row)
        else:
            row = micro_credential_in_course(uow, micro_credential_id, course_id)
            if not row.is_published:
                row.set_definition(definition)
                row.co_awarding_bodies = list(slugs)
        row.draft = definition_to_json(definition, slugs)
        uow.commit()
        return row.id


def publish(
    micro_credential_id: int,
    *,
    course_id: int,
    teacher_id: int | None,
    uow: UnitOfWork,
    issuer: CredentialIssuer,
    dids: DidDocuments,
    clock: Clock,
    base_url: str,
) -> int:
    """Publish the draft as the next version, with the co-awarding bodies' endorsements of it;
    return its number. Credentials issued from now on state it; those issued before do not
    change. Raises InvalidInput naming every missing Annex I element, NotFound as above."""
    with uow:
        row = micro_credential_in_course(uow, micro_credential_id, course_id)
        definition, slugs = row.working_copy()
        publish_row(
            row,
            definition,
            slugs,
            teacher_id=teacher_id,
            uow=uow,
            issuer=issuer,
            dids=dids,
            clock=clock,
            base_url=base_url,
        )
        uow.commit()
        return row.version


def publish_row(
    row: MicroCredentialRow,
    definition: MicroCredential,
    co_awarding_bodies: Sequence[str],
    *,
    teacher_id: int | None,
    uow: UnitOfWork,
    issuer: CredentialIssuer,
    dids: DidDocuments,
    clock: Clock,
    base_url: str,
) -> None:
    """Make `definition` the row's next published version, in the caller's unit of work (it
    commits); raises InvalidInput, before changing anything, as `publish` does."""
    slugs = _checked_co_awarding(uow, row.course, co_awarding_bodies)
    row.set_definition(definition)
    row.co_awarding_bodies = list(slugs)
    bodies = awarding_bodies(uow, row, dids=dids, base_url=base_url)
    replace(definition, awarding_bodies=bodies).ensure_publishable()
    row.version += 1
    row.draft = None
    row.versions.append(
        MicroCredentialVersion(
            number=row.version,
            definition=definition_to_json(definition, slugs),
            published_at=clock(),
            published_by=teacher_id,
        )
    )
    uow.session.add(row)
    uow.session.flush()
    ensure_endorsements(row, uow=uow, issuer=issuer, dids=dids, clock=clock, base_url=base_url)


def discard_draft(micro_credential_id: int, *, course_id: int, uow: UnitOfWork) -> None:
    """Forget the unpublished changes of a published micro-credential. Raises NotFound as
    above, InvalidInput for one never published (its draft is all it has)."""
    with uow:
        row = micro_credential_in_course(uow, micro_credential_id, course_id)
        if not row.is_published:
            raise InvalidInput("This micro-credential was never published: its draft is all of it.")
        row.draft = None
        uow.commit()


def working_copy(micro_credential_id: int, *, course_id: int, uow: UnitOfWork) -> WorkingCopy:
    with uow:
        row = micro_credential_in_course(uow, micro_credential_id, course_id)
        definition, slugs = row.working_copy()
        return WorkingCopy(
            id=row.id,
            definition=definition,
            co_awarding_bodies=slugs,
            version=row.version,
            has_changes=row.draft is not None,
            badge_digest=row.badge_digest,
        )


def versions(micro_credential_id: int, *, course_id: int, uow: UnitOfWork) -> list[VersionView]:
    """The published versions, newest first."""
    with uow:
        row = micro_credential_in_course(uow, micro_credential_id, course_id)
        return [
            VersionView(v.number, str(v.definition.get("title", "")), v.published_at)
            for v in reversed(row.versions)
        ]


def export_definition(micro_credential_id: int, *, course_id: int, uow: UnitOfWork) -> dict:
    """The working copy as a JSON document another course (or tool) can import."""
    with uow:
        row = micro_credential_in_course(uow, micro_credential_id, course_id)
        return definition_to_json(*row.working_copy())


def import_definition(course_id: int, document: object, *, uow: UnitOfWork) -> int:
    """A new draft of the course from an exported document; returns its id. Raises
    InvalidInput naming what is wrong in the document and where; nothing is kept then."""
    definition, slugs = definition_from_json(document)
    return save_draft(course_id, definition, co_awarding_bodies=slugs, uow=uow)


def set_badge(
    micro_credential_id: int,
    *,
    course_id: int,
    upload: bytes | None,
    uow: UnitOfWork,
    badges: BadgeImages,
) -> str:
    """Give the micro-credential a badge image: the uploaded PNG or SVG, cleaned, or without
    one a badge generated from the organisation's logo and the title. Returns its digest.

    Images are kept by digest and never changed, so credentials issued with an earlier image
    keep showing it. Raises InvalidInput for a file that is no acceptable image.
    """
    with uow:
        row = micro_credential_in_course(uow, micro_credential_id, course_id)
        title = row.working_copy()[0].title
        organisation: Organisation = row.course.organisation
        logo, logo_type = organisation.logo, organisation.logo_content_type
    if upload is None:
        media_type, data = (
            "image/svg+xml",
            badges.generate(title=title, logo=logo, logo_type=logo_type if logo else None),
        )
    else:
        media_type, data = badges.clean(upload)
    digest = hashlib.sha256(data).hexdigest()
    with uow:
        if uow.session.get(BadgeImage, digest) is None:
            uow.session.add(BadgeImage(digest=digest, media_type=media_type, data=data))
        micro_credential_in_course(uow, micro_credential_id, course_id).badge_digest = digest
        uow.commit()
    return digest


@dataclass(frozen=True)
class Badge:
    media_type: str
    data: bytes


def badge(digest: str, *, uow: UnitOfWork) -> Badge:
    """A badge image by its digest, for anyone; raises NotFound."""
    with uow:
        found = uow.session.get(BadgeImage, digest) if len(digest) == 64 else None
        if found is None:
            raise NotFound("There is no badge image at this address.")
        return Badge(found.media_type, found.data)


def badge_url(base_url: str, digest: str) -> str:
    """Where anyone fetches the badge image (pages/routes.py); credentials state it."""
    return f"{base_url}/badges/{digest}"


def micro_credential_in_course(
    uow: UnitOfWork, micro_credential_id: int, course_id: int
) -> MicroCredentialRow:
    """The course's micro-credential; raises NotFound for another course's or a missing one."""
    row = uow.session.get(MicroCredentialRow, micro_credential_id)
    if row is None or row.course_id != course_id:
        raise NotFound("This micro-credential does not exist in this course.")
    return row


def co_awarding_rows(uow: UnitOfWork, course: Course) -> list[Organisation]:
    """The organisations that may co-award the course's micro-credentials: all but the
    course's own and the alliance (which always does), by name."""
    return list(
        uow.session.scalars(
            select(Organisation)
            .where(Organisation.is_alliance.is_(False), Organisation.id != course.organisation_id)
            .order_by(Organisation.name)
        )
    )


def _checked_co_awarding(uow: UnitOfWork, course: Course, slugs: Sequence[str]) -> tuple[str, ...]:
    """The slugs, each once, if each names an organisation other than the course's own and the
    alliance; raises InvalidInput naming those that do not."""
    chosen = tuple(dict.fromkeys(slugs))
    allowed = {row.slug for row in co_awarding_rows(uow, course)}
    unknown = [slug for slug in chosen if slug not in allowed]
    if unknown:
        raise InvalidInput(f"No organisation can co-award it as {', '.join(unknown)}.")
    return chosen
