"""Status lists (revocation, suspension) of each organisation, and the entries awards hold."""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lti_tool.extensions import db
from lti_tool.models.columns import UtcDateTime, utcnow


class StatusListRow(db.Model):
    """One list of an organisation: its bits, and its signed status list credential.

    The bits are kept as bytes (16 KiB for 131,072 entries), so a change flips one bit in one
    row; the signed document is stored when a bit changes, never made when someone reads it.
    `revision` goes up with every change: updating it first is what makes concurrent changes to
    one list wait for each other (see services/revocation.py).
    """

    __tablename__ = "status_lists"
    __table_args__ = (UniqueConstraint("organisation_id", "purpose", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    purpose: Mapped[str] = mapped_column(String(20))
    number: Mapped[int]  # 1, 2, …: a new list when the previous one is full
    size: Mapped[int]  # entries (bits)
    bits: Mapped[bytes] = mapped_column(LargeBinary)
    document: Mapped[dict] = mapped_column(JSON)
    revision: Mapped[int] = mapped_column(default=1)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)

    organisation = relationship("Organisation")


class StatusEntryRow(db.Model):
    """An award's place in one list; the index is unique in its list, one entry per purpose.

    `set_at` is when the bit was last set (revoked or suspended), None while it is clear.
    """

    __tablename__ = "status_entries"
    __table_args__ = (
        UniqueConstraint("status_list_id", "list_index"),
        UniqueConstraint("award_id", "purpose"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    status_list_id: Mapped[int] = mapped_column(ForeignKey("status_lists.id"))
    list_index: Mapped[int]
    award_id: Mapped[int] = mapped_column(ForeignKey("awards.id"))
    purpose: Mapped[str] = mapped_column(String(20))
    set_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)

    status_list: Mapped[StatusListRow] = relationship()
