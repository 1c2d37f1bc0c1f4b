"""API shapes of documents."""

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from app.core.types import INVISIBLE

# A display name: one line, no folder (neither ``/`` nor ``\``): it never names a path. Not
# trimmed before the check, so a trailing control character is refused, not cut off.
DocumentName = Annotated[
    str,
    StringConstraints(min_length=1, max_length=200, pattern=rf"^[^\x00-\x1f{INVISIBLE}/\\]*$"),
]
SHA256_PATTERN = r"^[0-9a-f]{64}$"


class DocumentPublic(BaseModel):
    """A stored document: what was uploaded, by whom; its content is read at ``/content``."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    filename: str = Field(
        max_length=200,
        description="The name it was given: shown, and offered when it is downloaded.",
        examples=["perjanjian-kerja-sama-unand.pdf"],
    )
    media_type: str = Field(
        max_length=100, description="Checked from the content itself.", examples=["application/pdf"]
    )
    size_bytes: int = Field(ge=1, le=2**63 - 1, description="Size of the content in bytes.")
    sha256: str = Field(
        min_length=64,
        max_length=64,
        pattern=SHA256_PATTERN,
        description="SHA-256 of the content (lowercase hex): also the download's ETag.",
    )
    uploader_type: str = Field(max_length=16, description="`user` or `api_key`.")
    uploader_id: uuid.UUID = Field(description="The account or API key that uploaded it.")
    partner_id: uuid.UUID | None = Field(
        description="The partner whose staff uploaded it (they may read it); null otherwise."
    )
    created_at: datetime
