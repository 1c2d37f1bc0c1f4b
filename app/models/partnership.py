"""Partner institutions that deliver development: universities, training institutes, agencies.

The partnerships domain extends the partner (agreements, quotas, documents, contacts); other
tables refer to it: the partner role of a user and a partner's API key name one partner.
"""

import uuid
from datetime import datetime

from sqlalchemy import CheckConstraint
from sqlmodel import Field

from app.models.base import created_at_field, id_field, search_key_field, updated_at_field
from app.models.enums import PartnerKind, check_in
from app.models.organisation import Versioned


class Partner(Versioned, table=True):
    """A partner institution (mitra): its name and kind."""

    __tablename__ = "partner"
    __table_args__ = (CheckConstraint(check_in("kind", PartnerKind), name="kind"),)

    id: uuid.UUID = id_field()
    name: str = Field(max_length=200, unique=True)
    # Unique folded: "Universitas Andalas" and "UNIVERSITAS ANDALAS" are one partner.
    search_key: str = search_key_field(unique=True)
    kind: str = Field(max_length=32, index=True)
    is_active: bool = Field(default=True)
    created_at: datetime = created_at_field()
    updated_at: datetime = updated_at_field()
