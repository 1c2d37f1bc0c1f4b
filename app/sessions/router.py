"""Sessions (angkatan) of programs, their facilitators and their meetings."""

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response, status

from app.auth.deps import AppSettings, ProgramsReader, ProgramsWriter
from app.core.db import Db
from app.core.errors import problem_responses
from app.core.etag import IfMatch, set_etag
from app.core.lifecycle import StatusChangePublic
from app.core.links import location
from app.core.listing import Page, Paging, sort_query
from app.core.types import IsoDate, QueryBool, SearchText
from app.models import Meeting
from app.models.enums import SessionMode, SessionStatus
from app.sessions import facilitators, meetings, service
from app.sessions.schemas import (
    FacilitatorCreate,
    FacilitatorPublic,
    MeetingCreate,
    MeetingPublic,
    MeetingSeriesCreate,
    MeetingSeriesPublic,
    MeetingUpdate,
    SessionCreate,
    SessionPublic,
    SessionTransition,
    SessionUpdate,
    session_public,
)

router = APIRouter(
    prefix="/sessions", tags=["sessions"], responses=problem_responses(401, 403, 422)
)
meetings_router = APIRouter(
    prefix="/meetings", tags=["sessions"], responses=problem_responses(401, 403, 404, 422)
)


@router.get("", summary="List sessions")
def list_sessions(
    db: Db,
    caller: ProgramsReader,
    settings: AppSettings,
    paging: Paging,
    sort: Annotated[str, sort_query(list(service.SORT_COLUMNS), "start_date")] = "start_date",
    program_id: uuid.UUID | None = None,
    year: Annotated[int | None, Query(ge=1900, le=9999)] = None,
    status: SessionStatus | None = None,
    partner_id: uuid.UUID | None = None,
    mode: SessionMode | None = None,
    q: Annotated[SearchText | None, Query(description="Name contains.")] = None,
    starts_from: Annotated[IsoDate | None, Query(description="Starting on or after.")] = None,
    starts_until: Annotated[IsoDate | None, Query(description="Starting on or before.")] = None,
    registration_open: Annotated[
        QueryBool | None, Query(description="Open for registration today.")
    ] = None,
) -> Page[SessionPublic]:
    """Sessions by program, year, status, partner, mode, name and start; a partner's staff
    see their partner's."""
    filters = {
        "program_id": program_id,
        "year": year,
        "status": status,
        "partner_id": partner_id,
        "mode": mode,
        "q": q,
        "starts_from": starts_from,
        "starts_until": starts_until,
        "registration_open": registration_open,
    }
    rows, total = service.list_sessions(
        db, caller, settings, params=paging, sort=sort, filters=filters
    )
    return Page.of([session_public(row[0]) for row in rows], total, paging)


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    summary="Plan a session",
    responses=problem_responses(409),
)
def create_session(
    db: Db,
    caller: ProgramsWriter,
    settings: AppSettings,
    body: SessionCreate,
    request: Request,
    response: Response,
) -> SessionPublic:
    """Plan a session of an active program, as a draft; its batch number is the next of the
    program's year unless given."""
    session = service.create_session(db, body, caller, settings)
    response.headers["Location"] = location(request, "get_session", session_id=session.id)
    set_etag(response, session.version)
    return session_public(session)


@router.get("/{session_id:uuid}", summary="Get a session", responses=problem_responses(404))
def get_session(
    db: Db, caller: ProgramsReader, session_id: uuid.UUID, response: Response
) -> SessionPublic:
    """One session with its seats taken and free, and its ETag."""
    session = service.get_session(db, session_id, caller)
    set_etag(response, session.version)
    return session_public(session)


@router.patch(
    "/{session_id:uuid}",
    summary="Update a session",
    responses=problem_responses(404, 409, 412, 428),
)
def update_session(
    db: Db,
    caller: ProgramsWriter,
    settings: AppSettings,
    session_id: uuid.UUID,
    body: SessionUpdate,
    response: Response,
    if_match: IfMatch = None,
) -> SessionPublic:
    """Change a session: dates while it has not started, a capacity not below the seats
    taken (a raise promotes from the waitlist at once)."""
    session = service.update_session(db, session_id, body, if_match, caller, settings)
    set_etag(response, session.version)
    return session_public(session)


@router.post(
    "/{session_id:uuid}/transitions",
    summary="Move a session",
    responses=problem_responses(404, 409),
)
def transition_session(
    db: Db,
    caller: ProgramsWriter,
    settings: AppSettings,
    session_id: uuid.UUID,
    body: SessionTransition,
    response: Response,
) -> SessionPublic:
    """Open, close, run, complete or cancel a session. Running: confirmed participants
    attend, unconfirmed requests are rejected; cancelled: every standing enrollment is
    withdrawn; completed: outcomes are fixed and each pass credits its JP."""
    session = service.transition_session(db, session_id, body, caller, settings)
    set_etag(response, session.version)
    return session_public(session)


@router.get(
    "/{session_id:uuid}/history", summary="A session's moves", responses=problem_responses(404)
)
def session_history(
    db: Db, caller: ProgramsReader, session_id: uuid.UUID, paging: Paging
) -> Page[StatusChangePublic]:
    """Each move of the session's lifecycle: from, to, who, when and why."""
    items, total = service.session_history(db, session_id, caller, paging)
    return Page.of(items, total, paging)


def _facilitator(row: Any) -> FacilitatorPublic:
    facilitator, name = row[0], row[1]
    return FacilitatorPublic.model_validate({**facilitator.model_dump(), "employee_name": name})


@router.get(
    "/{session_id:uuid}/facilitators",
    summary="List a session's facilitators",
    responses=problem_responses(404),
)
def list_facilitators(
    db: Db, caller: ProgramsReader, session_id: uuid.UUID, paging: Paging
) -> Page[FacilitatorPublic]:
    """The session's facilitators, in the order they were added."""
    service.get_session(db, session_id, caller)
    rows, total = facilitators.list_facilitators(db, session_id, paging)
    return Page.of([_facilitator(row) for row in rows], total, paging)


@router.post(
    "/{session_id:uuid}/facilitators",
    status_code=status.HTTP_201_CREATED,
    summary="Add a facilitator",
    responses=problem_responses(404, 409),
)
def add_facilitator(
    db: Db, caller: ProgramsWriter, session_id: uuid.UUID, body: FacilitatorCreate
) -> FacilitatorPublic:
    """Add an employee or an external person as a facilitator; an employee enrolled in the
    session cannot facilitate it."""
    return _facilitator(service.add_facilitator(db, session_id, body, caller))


@router.delete(
    "/{session_id:uuid}/facilitators/{facilitator_id:uuid}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Remove a facilitator",
    responses=problem_responses(404, 409),
)
def remove_facilitator(
    db: Db, caller: ProgramsWriter, session_id: uuid.UUID, facilitator_id: uuid.UUID
) -> None:
    """Remove a facilitator who leads no meeting."""
    service.remove_facilitator(db, session_id, facilitator_id, caller)


@router.get(
    "/{session_id:uuid}/meetings",
    summary="List a session's meetings",
    responses=problem_responses(404),
)
def list_meetings(
    db: Db, caller: ProgramsReader, session_id: uuid.UUID, paging: Paging
) -> Page[MeetingPublic]:
    """The session's meetings by date and time, cancelled ones included."""
    rows, total = meetings.list_meetings(db, session_id, caller, paging)
    return Page.of([MeetingPublic.model_validate(row[0]) for row in rows], total, paging)


def _meeting(meeting: Meeting, response: Response) -> MeetingPublic:
    set_etag(response, meeting.version)
    return MeetingPublic.model_validate(meeting)


@router.post(
    "/{session_id:uuid}/meetings",
    status_code=status.HTTP_201_CREATED,
    summary="Add a meeting",
    responses=problem_responses(404, 409),
)
def create_meeting(
    db: Db,
    caller: ProgramsWriter,
    session_id: uuid.UUID,
    body: MeetingCreate,
    request: Request,
    response: Response,
) -> MeetingPublic:
    """Add a meeting within the session's dates; the meetings' JP stay within the session's."""
    meeting = meetings.create_meeting(db, session_id, body, caller)
    response.headers["Location"] = location(request, "get_meeting", meeting_id=meeting.id)
    return _meeting(meeting, response)


@router.post(
    "/{session_id:uuid}/meeting-series",
    status_code=status.HTTP_201_CREATED,
    summary="Add weekly meetings",
    responses=problem_responses(404, 409),
)
def create_meeting_series(
    db: Db, caller: ProgramsWriter, session_id: uuid.UUID, body: MeetingSeriesCreate
) -> MeetingSeriesPublic:
    """Add the same meeting on some weekdays of a number of weeks, all in one go or none."""
    created = meetings.create_series(db, session_id, body, caller)
    return MeetingSeriesPublic(meetings=[MeetingPublic.model_validate(m) for m in created])


@meetings_router.get("/{meeting_id:uuid}", summary="Get a meeting")
def get_meeting(
    db: Db, caller: ProgramsReader, meeting_id: uuid.UUID, response: Response
) -> MeetingPublic:
    """One meeting, with its ETag."""
    return _meeting(meetings.get_meeting(db, meeting_id, caller), response)


@meetings_router.patch(
    "/{meeting_id:uuid}",
    summary="Update a meeting",
    responses=problem_responses(409, 412, 428),
)
def update_meeting(
    db: Db,
    caller: ProgramsWriter,
    meeting_id: uuid.UUID,
    body: MeetingUpdate,
    response: Response,
    if_match: IfMatch = None,
) -> MeetingPublic:
    """Change a meeting; moving it (date or time) raises its sequence."""
    meeting = meetings.update_meeting(db, meeting_id, body, if_match, caller)
    return _meeting(meeting, response)


@meetings_router.post(
    "/{meeting_id:uuid}/cancellation",
    summary="Cancel a meeting",
    responses=problem_responses(409),
)
def cancel_meeting(
    db: Db, caller: ProgramsWriter, meeting_id: uuid.UUID, response: Response
) -> MeetingPublic:
    """Call a meeting off: its JP are free again, calendars show it cancelled."""
    return _meeting(meetings.cancel_meeting(db, meeting_id, caller), response)


@meetings_router.post(
    "/{meeting_id:uuid}/closure",
    summary="Close a meeting",
    responses=problem_responses(409),
)
def close_meeting(
    db: Db, caller: ProgramsWriter, settings: AppSettings, meeting_id: uuid.UUID, response: Response
) -> MeetingPublic:
    """Close a meeting held: its attendance is final, a missing record counts as absent."""
    return _meeting(meetings.close_meeting(db, meeting_id, caller, settings), response)
