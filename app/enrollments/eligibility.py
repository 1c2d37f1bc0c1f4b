"""Who may enroll in a session: the program's target group, with every reason someone is not.

All reasons are gathered (not the first one), each as a field error a client can show:
"rank II/d below III/a", "age 36, limit 35", "has not passed Latsar CPNS".
"""

from datetime import date
from functools import cache
from typing import Any

from sqlalchemy import Date, Select, Uuid, bindparam, exists, select
from sqlalchemy.orm import aliased
from sqlmodel import Session as DbSession
from sqlmodel import col

from app.core.errors import FieldError
from app.models import (
    Employee,
    Enrollment,
    Golongan,
    Position,
    Program,
    ProgramPrerequisite,
    SessionFacilitator,
    TrainingSession,
)
from app.models.enums import EnrollmentStatus

LOC: list[str | int] = ["body", "employee_id"]


def _age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def person_reasons(
    db: DbSession, program: Program, employee: Employee, on: date, loc: list[str | int]
) -> list[FieldError]:
    """The reasons of the person alone (active, status, position type, rank, age on ``on``)
    that keep ``employee`` out of ``program``: enrollment adds the session's, an internship
    uses these."""
    found: list[FieldError] = []

    def refuse(code: str, msg: str) -> None:
        found.append(FieldError(loc=loc, msg=msg, type=code))

    if not employee.is_active:
        refuse("inactive", "The employee is no longer active.")
    if program.eligible_statuses and employee.status not in program.eligible_statuses:
        refuse(
            "status",
            f"Status {employee.status} is not among {', '.join(program.eligible_statuses)}.",
        )
    if program.eligible_position_types:
        position_type = None
        if employee.position_id is not None:
            position = db.get(Position, employee.position_id)
            position_type = position.position_type_code if position is not None else None
        if position_type not in program.eligible_position_types:
            held = f"Position type {position_type}" if position_type else "No position"
            refuse(
                "position_type",
                f"{held} is not among {', '.join(program.eligible_position_types)}.",
            )
    _rank_reasons(db, program, employee, refuse)
    if program.max_age is not None:
        age = _age_on(employee.birth_date, on)
        if age > program.max_age:
            refuse("age", f"Age {age} when it starts, limit {program.max_age}.")
    return found


def reasons(
    db: DbSession, program: Program, session: TrainingSession, employee: Employee
) -> list[FieldError]:
    """Every reason ``employee`` may not enroll in ``session`` (empty: eligible)."""
    found = person_reasons(db, program, employee, session.start_date, LOC)
    ids = {"session_id": session.id, "employee_id": employee.id}

    def refuse(code: str, msg: str) -> None:
        found.append(FieldError(loc=LOC, msg=msg, type=code))

    missing = db.execute(_missing_prerequisites(), {"program_id": program.id, **ids}).scalars()
    for title in missing:
        refuse("prerequisite", f"Has not passed {title}, which this program requires.")
    if db.execute(_facilitates(), ids).scalar():
        refuse("facilitator", "Facilitates this session: facilitators are not participants.")
    dates = {"start": session.start_date, "end": session.end_date}
    overlap = db.execute(_overlapping(), ids | dates).first()
    if overlap is not None:
        refuse(
            "overlap",
            f"Already enrolled in {overlap.name} ({overlap.start_date} to {overlap.end_date}), "
            "whose dates overlap this session's.",
        )
    return found


def _rank_reasons(db: DbSession, program: Program, employee: Employee, refuse: object) -> None:
    if program.min_golongan_code is None and program.max_golongan_code is None:
        return
    assert callable(refuse)  # noqa: S101 - the closure of reasons()
    ranks = {
        row.code: row
        for row in db.execute(
            select(Golongan).where(
                col(Golongan.code).in_(
                    [
                        c
                        for c in (
                            program.min_golongan_code,
                            program.max_golongan_code,
                            employee.golongan_code,
                        )
                        if c
                    ]
                )
            )
        ).scalars()
    }
    held = ranks.get(employee.golongan_code or "")
    if held is None:
        refuse("rank", "No rank (golongan) is recorded, and this program has a rank range.")
        return
    low = ranks.get(program.min_golongan_code or "")
    high = ranks.get(program.max_golongan_code or "")
    bound = low or high
    if bound is not None and held.kind != bound.kind:
        refuse("rank", f"Rank {held.code} is not a {bound.kind.upper()} rank, as the range is.")
        return
    if low is not None and held.sort_order < low.sort_order:
        refuse("rank_below", f"Rank {held.code} below {low.code}.")
    if high is not None and held.sort_order > high.sort_order:
        refuse("rank_above", f"Rank {held.code} above {high.code}.")


# The statements are built once, with bound parameters: an alias of a wide table costs more to
# build than the query takes to run, and enrollment holds the session's lock while it checks.
@cache
def _missing_prerequisites() -> Select[Any]:
    """Titles of the programs ``program_id`` requires that ``employee_id`` has not passed."""
    required = aliased(Program)
    passed = (
        exists()
        .where(
            col(Enrollment.employee_id) == bindparam("employee_id", type_=Uuid()),
            col(Enrollment.status) == EnrollmentStatus.PASSED.value,
            col(Enrollment.session_id) == col(TrainingSession.id),
            col(TrainingSession.program_id) == col(required.id),
        )
        .correlate(required)
    )
    return (
        select(col(required.title))
        .join(ProgramPrerequisite, col(ProgramPrerequisite.required_program_id) == col(required.id))
        .where(
            col(ProgramPrerequisite.program_id) == bindparam("program_id", type_=Uuid()), ~passed
        )
        .order_by(col(required.title))
    )


@cache
def _facilitates() -> Select[Any]:
    """Whether ``employee_id`` facilitates ``session_id``."""
    return select(
        exists().where(
            col(SessionFacilitator.session_id) == bindparam("session_id", type_=Uuid()),
            col(SessionFacilitator.employee_id) == bindparam("employee_id", type_=Uuid()),
        )
    )


@cache
def _overlapping() -> Select[str, date, date]:
    """Another session from ``start`` to ``end`` where ``employee_id`` holds a seat."""
    return (
        select(
            col(TrainingSession.name),
            col(TrainingSession.start_date),
            col(TrainingSession.end_date),
        )
        .join(Enrollment, col(Enrollment.session_id) == col(TrainingSession.id))
        .where(
            col(Enrollment.employee_id) == bindparam("employee_id", type_=Uuid()),
            col(Enrollment.seat_held).is_(True),
            col(TrainingSession.id) != bindparam("session_id", type_=Uuid()),
            col(TrainingSession.start_date) <= bindparam("end", type_=Date()),
            col(TrainingSession.end_date) >= bindparam("start", type_=Date()),
        )
        .limit(1)
    )
