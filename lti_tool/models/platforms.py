"""LMS registrations, their deployments, the tool's own LTI keys, and single-use launch state."""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lti_tool.domain.platforms import ToolKeyPair
from lti_tool.extensions import db
from lti_tool.models.columns import UtcDateTime, utcnow


class Platform(db.Model):
    """An LMS registration: issuer and client_id, its endpoints, the organisation it serves."""

    __tablename__ = "platforms"
    __table_args__ = (UniqueConstraint("issuer", "client_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    issuer: Mapped[str] = mapped_column(String(500))
    client_id: Mapped[str] = mapped_column(String(200))
    auth_login_url: Mapped[str] = mapped_column(String(500))
    auth_token_url: Mapped[str] = mapped_column(String(500))
    key_set_url: Mapped[str] = mapped_column(String(500))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    # Moodle's web services, where an administrator stored a token: the site's address and
    # the token, sealed like the signing keys (never shown again).
    moodle_url: Mapped[str | None] = mapped_column(String(500))
    moodle_token_sealed: Mapped[str | None] = mapped_column(Text)
    # The secret that signs the results this platform pushes to POST /api/v1/results
    # (`flask lti platform webhook-secret`), sealed: it must be read back to check signatures.
    webhook_secret_sealed: Mapped[str | None] = mapped_column(Text)

    deployments: Mapped[list["Deployment"]] = relationship(back_populates="platform")
    organisation = relationship("Organisation")


class Deployment(db.Model):
    """A deployment of the tool on a platform (Moodle: the tool type's id)."""

    __tablename__ = "deployments"
    __table_args__ = (UniqueConstraint("platform_id", "deployment_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform_id: Mapped[int] = mapped_column(ForeignKey("platforms.id"))
    deployment_id: Mapped[str] = mapped_column(String(200))

    platform: Mapped[Platform] = relationship(back_populates="deployments")


class ToolKey(db.Model):
    """An RSA key the tool signs LTI service requests with; the private half is sealed."""

    __tablename__ = "tool_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    kid: Mapped[str] = mapped_column(String(100), unique=True)
    sealed_private_key: Mapped[str] = mapped_column(Text)
    public_jwk: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)

    def to_domain(self) -> ToolKeyPair:
        return ToolKeyPair(
            kid=self.kid,
            sealed_private_key=self.sealed_private_key,
            public_jwk=dict(self.public_jwk),
            created_at=self.created_at,
        )


class LaunchState(db.Model):
    """OIDC state of a login in progress, consumed exactly once by the launch that follows."""

    __tablename__ = "launch_states"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    value: Mapped[dict] = mapped_column(JSON)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime(), index=True)


class RegistrationInvitation(db.Model):
    """A single-use link an administrator hands to an LMS for dynamic registration.

    Only a hash of the token is stored: a database leak does not let anyone register.
    """

    __tablename__ = "registration_invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)

    organisation = relationship("Organisation")


class AccessToken(db.Model):
    """An OAuth2 access token a platform granted the tool, shared by every worker until it
    nearly expires; keyed by a hash of the issuer and scopes (pylti1p3's scope key)."""

    __tablename__ = "access_tokens"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    token: Mapped[str] = mapped_column(Text)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime(), index=True)
