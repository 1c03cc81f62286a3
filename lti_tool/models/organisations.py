"""Awarding bodies and their Ed25519 signing keys (sealed at rest)."""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, LargeBinary, String, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lti_tool.domain import organisations as domain
from lti_tool.domain.keys import SigningKey
from lti_tool.extensions import db
from lti_tool.models.columns import UtcDateTime, utcnow


class Organisation(db.Model):
    """A member school or provider, or the alliance itself (`is_alliance`)."""

    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    country_code: Mapped[str] = mapped_column(String(2))
    url: Mapped[str] = mapped_column(String(500))
    is_alliance: Mapped[bool] = mapped_column(default=False)
    logo_content_type: Mapped[str | None] = mapped_column(String(50))
    logo: Mapped[bytes | None] = mapped_column(LargeBinary)
    # [{"type": "ext:BRIN", "value": "25PX"}, …]: registration numbers shown on credentials.
    identifiers: Mapped[list] = mapped_column(JSON, default=list, server_default="[]")
    # Whether credentials also get a suspension entry (docs/decisions/0010-one-status-entry.md).
    suspendable_credentials: Mapped[bool] = mapped_column(default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)

    keys: Mapped[list["SigningKeyRow"]] = relationship(
        back_populates="organisation", order_by="SigningKeyRow.created_at"
    )

    def to_domain(self, *, base_url: str, did: str | None) -> domain.Organisation:
        logo_url = f"{base_url}/orgs/{self.slug}/logo" if self.logo else None
        return domain.Organisation(
            slug=self.slug,
            name=self.name,
            country_code=self.country_code,
            url=self.url,
            logo_url=logo_url,
            did=did,
            identifiers=tuple(
                domain.OrganisationIdentifier(item["type"], item["value"])
                for item in self.identifiers or ()
            ),
        )


class SigningKeyRow(db.Model):
    """One Ed25519 key of an organisation; older keys stay so older credentials still verify."""

    __tablename__ = "signing_keys"
    __table_args__ = (UniqueConstraint("organisation_id", "key_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    key_id: Mapped[str] = mapped_column(String(64))
    public_key_multibase: Mapped[str] = mapped_column(String(200))
    sealed_private_key: Mapped[str] = mapped_column(String(1000))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)

    organisation: Mapped[Organisation] = relationship(back_populates="keys")

    def to_domain(self) -> SigningKey:
        return SigningKey(
            key_id=self.key_id,
            public_key_multibase=self.public_key_multibase,
            sealed_private_key=self.sealed_private_key,
            created_at=self.created_at,
        )
