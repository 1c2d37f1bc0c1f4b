"""Enrollments in sessions, attendance at meetings, and the learning records passes credit."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response, status

from app.auth.deps import (
    AppSettings,
    AttendanceWriter,
    EnrollmentsReader,
    EnrollmentsWriter,
)
from app.auth.principal import Principal
from app.core.db import Db
from app.core.errors import problem_responses
from app.core.etag import IfMatch, set_etag
from app.core.lifecycle import StatusChangePublic
from app.core.links import location
from app.core.listing import Page, Paging, sort_query
from app.core.responses import json_response
from app.enrollments import attendance, service
from app.enrollments.schemas import (
    AttendanceRow,
    AttendanceSheet,
    EnrollmentAttendance,
    EnrollmentCreate,
    EnrollmentPublic,
    EnrollmentTransition,
    ScoreUpdate,
)
from app.models.enums import EnrollmentStatus

router = APIRouter(tags=["enrollments"], responses=problem_responses(401, 403, 422))

Year = Annotated[int | None, Query(ge=1900, le=2200, description="The session's year.")]
SORTS = list(service.SORT_COLUMNS)


def _public(row: object) -> EnrollmentPublic:
    return EnrollmentPublic.model_validate(service.public(row))


def _answer(
    db: Db, enrollment_id: uuid.UUID, caller: Principal, response: Response
) -> EnrollmentPublic:
    row = service.get_view(db, enrollment_id, caller)
    set_etag(response, row.version)
    return _public(row)


@router.get(
    "/sessions/{session_id:uuid}/enrollments",
    summary="List a session's enrollments",
    responses=problem_responses(404),
    response_model=Page[EnrollmentPublic],
)
def list_session_enrollments(
    db: Db,
    caller: EnrollmentsReader,
    session_id: uuid.UUID,
    paging: Paging,
    sort: Annotated[str, sort_query(SORTS, "requested_at")] = "requested_at",
    status_: Annotated[EnrollmentStatus | None, Query(alias="status")] = None,
) -> Response:
    """The participants and the waitlist (with each one's place), within the caller's reach:
    an operator sees their OPD's people, a facilitator or the session's partner everyone."""
    rows, total = service.list_session_enrollments(
        db, session_id, caller, params=paging, sort=sort, status=status_
    )
    return json_response(Page.of([_public(row) for row in rows], total, paging))


@router.post(
    "/sessions/{session_id:uuid}/enrollments",
    status_code=status.HTTP_201_CREATED,
    summary="Enroll in a session",
    responses=problem_responses(404, 409),
)
def create_enrollment(
    db: Db,
    caller: EnrollmentsWriter,
    settings: AppSettings,
    session_id: uuid.UUID,
    body: EnrollmentCreate,
    request: Request,
    response: Response,
) -> EnrollmentPublic:
    """Enroll yourself or nominate an employee of your OPD. A free seat is held at once
    (``proposed``/``approved`` while the program's approvals are pending, else ``verified``);
    with none left the enrollment is ``waitlisted`` in order of request. An ineligible person
    is refused with every reason (422); the same person twice, a session not open or outside
    its registration window: 409."""
    row = service.create_enrollment(db, session_id, body, caller, settings)
    response.headers["Location"] = location(request, "get_enrollment", enrollment_id=row.id)
    set_etag(response, row.version)
    return _public(row)


@router.get(
    "/enrollments/{enrollment_id:uuid}",
    summary="Get an enrollment",
    responses=problem_responses(404),
)
def get_enrollment(
    db: Db, caller: EnrollmentsReader, enrollment_id: uuid.UUID, response: Response
) -> EnrollmentPublic:
    """One enrollment, with its place on the waitlist if it waits."""
    return _answer(db, enrollment_id, caller, response)


@router.post(
    "/enrollments/{enrollment_id:uuid}/transitions",
    summary="Move an enrollment",
    responses=problem_responses(404, 409),
)
def transition_enrollment(
    db: Db,
    caller: EnrollmentsWriter,
    enrollment_id: uuid.UUID,
    body: EnrollmentTransition,
    response: Response,
) -> EnrollmentPublic:
    """Approve (the supervisor), verify (the agency), reject or withdraw (with a reason).
    A seat given up goes at once to the next eligible person on the waitlist. A move the
    lifecycle does not allow is 409 ``invalid-transition``, naming the allowed ones."""
    service.transition_enrollment(db, enrollment_id, body, caller)
    return _answer(db, enrollment_id, caller, response)


@router.post(
    "/enrollments/{enrollment_id:uuid}/promotion",
    summary="Promote from the waitlist",
    responses=problem_responses(404, 409),
)
def promote_enrollment(
    db: Db, caller: EnrollmentsWriter, enrollment_id: uuid.UUID, response: Response
) -> EnrollmentPublic:
    """The agency moves a waitlisted person onto a free seat, ahead of the queue; they
    still need the approvals they needed. No free seat: 409 with the numbers."""
    service.promote_enrollment(db, enrollment_id, caller)
    return _answer(db, enrollment_id, caller, response)


@router.get(
    "/enrollments/{enrollment_id:uuid}/history",
    summary="An enrollment's history",
    responses=problem_responses(404),
)
def enrollment_history(
    db: Db, caller: EnrollmentsReader, enrollment_id: uuid.UUID, paging: Paging
) -> Page[StatusChangePublic]:
    """Every move of the enrollment: from which status to which, by whom, when and why."""
    items, total = service.history(db, enrollment_id, caller, paging)
    return Page.of(items, total, paging)


@router.put(
    "/enrollments/{enrollment_id:uuid}/score",
    summary="Set a final score",
    responses=problem_responses(404, 409, 412, 428),
)
def set_enrollment_score(
    db: Db,
    caller: AttendanceWriter,
    enrollment_id: uuid.UUID,
    body: ScoreUpdate,
    response: Response,
    if_match: IfMatch = None,
) -> EnrollmentPublic:
    """A participant's final score (0-100), while the session runs; the program's pass rule
    reads it when the session completes."""
    service.set_score(db, enrollment_id, body, if_match, caller)
    return _answer(db, enrollment_id, caller, response)


@router.get(
    "/enrollments/{enrollment_id:uuid}/attendance",
    summary="An enrollment's attendance",
    responses=problem_responses(404),
)
def enrollment_attendance(
    db: Db, caller: EnrollmentsReader, enrollment_id: uuid.UUID
) -> EnrollmentAttendance:
    """Meeting by meeting, and the percentage so far: only meetings held and recorded (or
    closed) count, an excused absence as the program says; never above 100."""
    return EnrollmentAttendance.model_validate(
        attendance.enrollment_attendance(db, enrollment_id, caller)
    )


@router.get("/me/enrollments", summary="List my enrollments", response_model=Page[EnrollmentPublic])
def list_my_enrollments(
    db: Db,
    caller: EnrollmentsReader,
    paging: Paging,
    sort: Annotated[str, sort_query(SORTS, "-start_date")] = "-start_date",
    status_: Annotated[EnrollmentStatus | None, Query(alias="status")] = None,
    year: Year = None,
) -> Response:
    """The caller's own enrollments (none for an account not linked to an employee)."""
    if caller.employee_id is None:
        return json_response(Page.of([], 0, paging))
    rows, total = service.list_employee_enrollments(
        db, caller.employee_id, caller, params=paging, sort=sort, status=status_, year=year
    )
    return json_response(Page.of([_public(row) for row in rows], total, paging))


@router.get(
    "/employees/{employee_id:uuid}/enrollments",
    summary="List an employee's enrollments",
    responses=problem_responses(404),
    response_model=Page[EnrollmentPublic],
)
def list_employee_enrollments(
    db: Db,
    caller: EnrollmentsReader,
    employee_id: uuid.UUID,
    paging: Paging,
    sort: Annotated[str, sort_query(SORTS, "-start_date")] = "-start_date",
    status_: Annotated[EnrollmentStatus | None, Query(alias="status")] = None,
    year: Year = None,
) -> Response:
    """One person's enrollments within the caller's reach (outside it: an empty list)."""
    rows, total = service.list_employee_enrollments(
        db, employee_id, caller, params=paging, sort=sort, status=status_, year=year
    )
    return json_response(Page.of([_public(row) for row in rows], total, paging))


@router.get(
    "/meetings/{meeting_id:uuid}/attendance",
    summary="A meeting's attendance",
    responses=problem_responses(404),
)
def list_meeting_attendance(
    db: Db, caller: AttendanceWriter, meeting_id: uuid.UUID, paging: Paging
) -> Page[AttendanceRow]:
    """The meeting's participants and what is recorded for each (null: nothing yet), for
    those who record it."""
    rows, total = attendance.meeting_attendance(db, meeting_id, caller, paging)
    return Page.of([AttendanceRow.model_validate(row._mapping) for row in rows], total, paging)


@router.put(
    "/meetings/{meeting_id:uuid}/attendance",
    summary="Record attendance",
    responses=problem_responses(404, 409),
)
def record_attendance(
    db: Db,
    caller: AttendanceWriter,
    settings: AppSettings,
    meeting_id: uuid.UUID,
    body: AttendanceSheet,
    paging: Paging,
) -> Page[AttendanceRow]:
    """Record or correct attendance (present, late, excused, absent) of one participant or
    the whole meeting, once it has been held and until it is closed; answers the meeting's
    sheet."""
    attendance.record_attendance(db, meeting_id, body, caller, settings)
    rows, total = attendance.meeting_attendance(db, meeting_id, caller, paging)
    return Page.of([AttendanceRow.model_validate(row._mapping) for row in rows], total, paging)
