"""The attendance percentage, computed by the database.

A meeting counts for a participant once it is **held and recorded**: it is closed (its
attendance is final: a missing record is then an absence), or it has the participant's record.
A held meeting nobody has recorded yet is not an absence: it counts for nothing until it is
closed. A cancelled meeting never counts. An excused absence counts as the program says:
as attended, as missed, or not at all (the meeting leaves the count). The attended meetings
are a subset of the counted ones, so the percentage never exceeds 100; with nothing counted
it is null.
"""

from typing import Any

from sqlalchemy import Numeric, and_, case, cast, func, literal, or_, select
from sqlmodel import col

from app.models import Attendance, Enrollment, Meeting
from app.models.enums import AttendanceStatus, ExcusedAttendance

PRESENT_STATUSES = (AttendanceStatus.PRESENT.value, AttendanceStatus.LATE.value)


def percentage_query(excused: str, session_id: Any, enrollment_ids: Any = None) -> Any:
    """SELECT enrollment id, counted meetings, attended meetings, percentage (2 decimals)
    for the enrollments of ``session_id`` (or only ``enrollment_ids``)."""
    is_excused = col(Attendance.status) == AttendanceStatus.EXCUSED.value
    counted_row = or_(col(Meeting.closed_at).is_not(None), col(Attendance.id).is_not(None))
    if excused == ExcusedAttendance.EXEMPT.value:
        counted_row = and_(counted_row, or_(col(Attendance.id).is_(None), ~is_excused))
    attended_statuses = list(PRESENT_STATUSES)
    if excused == ExcusedAttendance.PRESENT.value:
        attended_statuses.append(AttendanceStatus.EXCUSED.value)
    counted = func.coalesce(func.sum(case((counted_row, 1), else_=0)), 0)
    attended = func.coalesce(
        func.sum(case((col(Attendance.status).in_(attended_statuses), 1), else_=0)), 0
    )
    percentage = case(
        (counted == 0, literal(None)),
        else_=func.round(cast(attended * 100.0, Numeric(12, 4)) / counted, 2),
    )
    statement = (
        select(
            col(Enrollment.id).label("enrollment_id"),
            counted.label("counted"),
            attended.label("attended"),
            percentage.label("percentage"),
        )
        .select_from(Enrollment)
        .outerjoin(
            Meeting,
            and_(
                col(Meeting.session_id) == col(Enrollment.session_id),
                col(Meeting.cancelled_at).is_(None),
            ),
        )
        .outerjoin(
            Attendance,
            and_(
                col(Attendance.meeting_id) == col(Meeting.id),
                col(Attendance.enrollment_id) == col(Enrollment.id),
            ),
        )
        .where(col(Enrollment.session_id) == session_id)
        .group_by(col(Enrollment.id))
    )
    if enrollment_ids is not None:
        statement = statement.where(col(Enrollment.id).in_(enrollment_ids))
    return statement
