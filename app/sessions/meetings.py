"""Meetings of a session: one by one or a weekly series, moved (their ``sequence`` rises, as
calendar clients expect), cancelled, and closed (their attendance is final).

The JP of a session's meetings not cancelled add up to at most the session's JP; adding or
changing one is checked under the session's lock, so two additions at once cannot both fit
into the last free JP.
"""

import uuid
from datetime import date, time
from typing import Any

from sqlalchemy import insert, select
from sqlmodel import Session as DbSession
from sqlmodel import col

from app.audit import service as audit
from app.auth.policy import Permission
from app.auth.principal import Principal
from app.core.clock import today
from app.core.config import Settings
from app.core.errors import Conflict, InvalidInput, NotFound, reject_nulls
from app.core.listing import PageParams, paginate
from app.core.updates import apply_update
from app.models import Meeting, TrainingSession
from app.models.base import new_id, utcnow
from app.sessions import facilitators
from app.sessions import service as sessions
from app.sessions.lifecycle import OVER
from app.sessions.schemas import MeetingCreate, MeetingSeriesCreate, MeetingUpdate

ORDER = [col(Meeting.meeting_date), col(Meeting.start_time), col(Meeting.id)]
MOVES = ("meeting_date", "start_time", "end_time")


def list_meetings(
    db: DbSession, session_id: uuid.UUID, caller: Principal, params: PageParams
) -> tuple[list[Any], int]:
    """A page of the session's meetings, in date and time order (cancelled ones included)."""
    sessions.get_session(db, session_id, caller)
    statement = select(Meeting).where(col(Meeting.session_id) == session_id)
    return paginate(db, statement, params, ORDER)


def get_meeting(
    db: DbSession,
    meeting_id: uuid.UUID,
    caller: Principal,
    permission: Permission = Permission.PROGRAMS_READ,
) -> Meeting:
    """The meeting, or 404 (also when its session is outside the caller's reach)."""
    statement = (
        select(Meeting)
        .join(TrainingSession, col(TrainingSession.id) == col(Meeting.session_id))
        .where(col(Meeting.id) == meeting_id, sessions.reach(caller, permission))
    )
    meeting: Meeting | None = db.execute(statement).scalar_one_or_none()
    if meeting is None:
        raise NotFound(f"Meeting {meeting_id} does not exist.")
    return meeting


def _open_session(db: DbSession, session_id: uuid.UUID, actor: Principal) -> TrainingSession:
    session = sessions.locked_session(db, session_id, actor)
    if session.status in OVER:
        raise Conflict(f"This session is {session.status}: its meetings no longer change.")
    return session


def _check(
    db: DbSession,
    session: TrainingSession,
    values: dict[str, Any],
    added_jp: int,
    loc: list[str | int],
) -> None:
    """A meeting's date within the session, its times in order, its facilitator of the
    session, and the JP then scheduled at most the session's."""
    day: date = values["meeting_date"]
    if not session.start_date <= day <= session.end_date:
        raise InvalidInput.field(
            [*loc, "meeting_date"],
            f"{day} is outside the session's dates, {session.start_date} to {session.end_date}.",
            "outside_session",
        )
    start: time = values["start_time"]
    if values["end_time"] <= start:
        raise InvalidInput.field(
            [*loc, "end_time"], "The meeting must end after it starts.", "end_before_start"
        )
    facilitators.check_of_session(
        db, session.id, values.get("facilitator_id"), [*loc, "facilitator_id"]
    )
    scheduled = sessions.meetings_jp(db, session.id) + added_jp
    if scheduled > session.jp:
        raise InvalidInput.field(
            [*loc, "jp"],
            f"The meetings would add up to {scheduled} JP, above the session's {session.jp} JP.",
            "jp_above_session",
        )


def create_meeting(
    db: DbSession, session_id: uuid.UUID, data: MeetingCreate, actor: Principal
) -> Meeting:
    """Add a meeting to a session."""
    session = _open_session(db, session_id, actor)
    values = data.model_dump()
    _check(db, session, values, data.jp, ["body"])
    meeting = Meeting(session_id=session.id, **values)
    db.add(meeting)
    audit.created(db, actor, "meeting", meeting)
    db.commit()
    return meeting


def create_series(
    db: DbSession, session_id: uuid.UUID, data: MeetingSeriesCreate, actor: Principal
) -> list[Meeting]:
    """Add weekly meetings to a session, all or none."""
    session = _open_session(db, session_id, actor)
    days = sessions.series_dates(data.first_date, data.weeks, data.weekdays)
    if not days:
        raise InvalidInput.field(
            ["body", "weekdays"], "No day of these weeks falls on these weekdays.", "no_days"
        )
    common = data.model_dump(exclude={"weekdays", "first_date", "weeks"})
    loc: list[str | int] = ["body"]
    for day in (days[0], days[-1]):  # the series lies within the session when both ends do
        _check(db, session, {**common, "meeting_date": day}, data.jp * len(days), loc)
    now = utcnow()
    rows = [
        {
            **common,
            "id": new_id(),
            "session_id": session.id,
            "meeting_date": day,
            "sequence": 0,
            "version": 1,
            "created_at": now,
            "updated_at": now,
        }
        for day in days
    ]
    db.execute(insert(Meeting.__table__), rows)  # type: ignore[attr-defined]
    audit.record_rows(
        db,
        audit.event_rows(
            actor=actor,
            entity_type="meeting",
            events=[("create", row["id"], audit.diff(None, row)) for row in rows],
        ),
    )
    db.commit()
    statement = select(Meeting).where(col(Meeting.id).in_([row["id"] for row in rows]))
    return list(db.execute(statement.order_by(*ORDER)).scalars())


def update_meeting(
    db: DbSession,
    meeting_id: uuid.UUID,
    data: MeetingUpdate,
    if_match: str | None,
    actor: Principal,
) -> Meeting:
    """Change a meeting; a new date or time raises its sequence."""
    meeting = get_meeting(db, meeting_id, actor, Permission.PROGRAMS_WRITE)
    session = _open_session(db, meeting.session_id, actor)

    def changes() -> dict[str, Any]:
        found = data.model_dump(exclude_unset=True)
        reject_nulls(found, ("meeting_date", "start_time", "end_time", "topic", "jp"))
        if meeting.cancelled_at is not None:
            raise Conflict("This meeting is cancelled: it no longer changes.")
        moved = any(found.get(f, getattr(meeting, f)) != getattr(meeting, f) for f in MOVES)
        if moved and meeting.closed_at is not None:
            raise Conflict("This meeting is closed: it was held, it does not move.")
        merged = {**meeting.model_dump(), **found}
        _check(db, session, merged, found.get("jp", meeting.jp) - meeting.jp, ["body"])
        if moved:
            found["sequence"] = meeting.sequence + 1
        return found

    apply_update(db, meeting, changes, if_match=if_match, actor=actor, entity_type="meeting")
    return meeting


def cancel_meeting(db: DbSession, meeting_id: uuid.UUID, actor: Principal) -> Meeting:
    """Call a meeting off: its JP free again, calendars told (sequence + 1)."""
    meeting = get_meeting(db, meeting_id, actor, Permission.PROGRAMS_WRITE)
    _open_session(db, meeting.session_id, actor)
    if meeting.cancelled_at is not None:
        raise Conflict("This meeting is already cancelled.")
    if meeting.closed_at is not None:
        raise Conflict("This meeting is closed: it was held, it cannot be cancelled.")
    return _set(db, meeting, actor, cancelled_at=utcnow(), sequence=meeting.sequence + 1)


def close_meeting(
    db: DbSession, meeting_id: uuid.UUID, actor: Principal, settings: Settings
) -> Meeting:
    """Close a meeting held: its attendance is final, a missing record an absence."""
    meeting = get_meeting(db, meeting_id, actor, Permission.PROGRAMS_WRITE)
    sessions.locked_session(db, meeting.session_id, actor)
    if meeting.cancelled_at is not None:
        raise Conflict("This meeting is cancelled: there is nothing to close.")
    if meeting.closed_at is not None:
        raise Conflict("This meeting is already closed.")
    if meeting.meeting_date > today(settings):
        raise Conflict(f"This meeting is on {meeting.meeting_date}: it has not been held yet.")
    return _set(db, meeting, actor, closed_at=utcnow())


def _set(db: DbSession, meeting: Meeting, actor: Principal, **fields: Any) -> Meeting:
    before = meeting.model_dump()
    for name, value in fields.items():
        setattr(meeting, name, value)
    meeting.updated_at = utcnow()
    db.add(meeting)
    audit.updated(db, actor, "meeting", meeting, before)
    db.commit()
    return meeting
