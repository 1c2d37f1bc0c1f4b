"""Stored documents (signed agreements, reports, certificates): metadata here, content outside.

The content lies in the document storage (``app.documents.storage``), addressed by its SHA-256:
one upload, one row; equal content shares one stored file. Who may read a document follows from
the record that refers to it (an agreement, an internship's report); the uploader and those who
read every document may read it directly.
"""

import uuid
from datetime import datetime

from sqlalchemy import BigInteger, CheckConstraint, Column
from sqlmodel import Field, SQLModel

from app.models.base import created_at_field, id_field


class Document(SQLModel, table=True):
    """One uploaded file: its digest, size, checked media type and the name it was given."""

    __tablename__ = "document"
    __table_args__ = (
        CheckConstraint("size_bytes > 0", name="size_positive"),
        CheckConstraint("length(sha256) = 64", name="sha256_length"),
    )

    id: uuid.UUID = id_field()
    sha256: str = Field(max_length=64, index=True)
    size_bytes: int = Field(sa_column=Column(BigInteger, nullable=False))
    media_type: str = Field(max_length=100)
    filename: str = Field(max_length=200)
    # Who uploaded it: a user or an API key (as status_change records its actors).
    uploader_type: str = Field(max_length=16)
    uploader_id: uuid.UUID = Field(index=True)
    # Set when a partner's staff (or a partner's key) uploaded it: their partner reads it.
    partner_id: uuid.UUID | None = Field(default=None, foreign_key="partner.id", index=True)
    created_at: datetime = created_at_field()
