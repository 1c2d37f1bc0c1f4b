"""API shapes of calendar feeds."""

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from app.core import examples
from app.models.enums import CalendarScope


class CalendarFeedCreate(BaseModel):
    """A new subscription: one employee's sessions, a unit's (with the units below it), or
    the city's. ``employee_id`` goes with ``employee``, ``unit_id`` with ``unit``."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"scope": "employee", "employee_id": examples.GURU_NURMALA},
                {"scope": "unit", "unit_id": examples.DIKBUD},
                {"scope": "city"},
            ]
        },
    )

    scope: CalendarScope
    employee_id: uuid.UUID | None = Field(
        default=None, description="The employee whose sessions the feed shows (scope employee)."
    )
    unit_id: uuid.UUID | None = Field(
        default=None, description="The unit whose employees' sessions it shows (scope unit)."
    )


class CalendarFeedPublic(BaseModel):
    """A feed as listed: what it shows, never its token."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    scope: CalendarScope
    employee_id: uuid.UUID | None
    unit_id: uuid.UUID | None
    created_at: datetime
    revoked_at: datetime | None = Field(description="Revoked: its address answers 404.")


class CalendarFeedCreated(CalendarFeedPublic):
    """The new feed with its token, shown this once: subscribe to ``url`` now, it cannot be
    shown again (a lost address: revoke the feed and create another)."""

    token: str = Field(max_length=64, description="The feed's secret: whoever holds it reads it.")
    url: str = Field(
        max_length=2000, description="The address calendar apps subscribe to (iCalendar)."
    )
