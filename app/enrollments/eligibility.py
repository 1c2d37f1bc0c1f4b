"""Who may enroll in a session: the program's target group, with every reason someone is not.

All reasons are gathered (not the first one), each as a field error a client can show:
"rank II/d below III/a", "age 36, limit 35", "has not passed Latsar CPNS".
"""

from datetime import date

from sqlalchemy import exists, select
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


def reasons(
    db: DbSession, program: Program, session: TrainingSession, employee: Employee
) -> list[FieldError]:
    """Every reason ``employee`` may not enroll in ``session`` (empty: eligible)."""
    found: list[FieldError] = []

    def refuse(code: str, msg: str) -> None:
        found.append(FieldError(loc=LOC, msg=msg, type=code))

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
        age = _age_on(employee.birth_date, session.start_date)
        if age > program.max_age:
            refuse("age", f"Age {age} when the session starts, limit {program.max_age}.")
    for title in _missing_prerequisites(db, program, employee):
        refuse("prerequisite", f"Has not passed {title}, which this program requires.")
    facilitates = db.execute(
        select(
            exists().where(
                col(SessionFacilitator.session_id) == session.id,
                col(SessionFacilitator.employee_id) == employee.id,
            )
        )
    ).scalar()
    if facilitates:
        refuse("facilitator", "Facilitates this session: facilitators are not participants.")
    overlap = _overlapping(db, session, employee)
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


def _missing_prerequisites(db: DbSession, program: Program, employee: Employee) -> list[str]:
    required = aliased(Program)
    passed = (
        exists()
        .where(
            col(Enrollment.employee_id) == employee.id,
            col(Enrollment.status) == EnrollmentStatus.PASSED.value,
            col(Enrollment.session_id) == col(TrainingSession.id),
            col(TrainingSession.program_id) == col(required.id),
        )
        .correlate(required)
    )
    rows = db.execute(
        select(col(required.title))
        .join(ProgramPrerequisite, col(ProgramPrerequisite.required_program_id) == col(required.id))
        .where(col(ProgramPrerequisite.program_id) == program.id, ~passed)
        .order_by(col(required.title))
    ).scalars()
    return list(rows)


def _overlapping(
    db: DbSession, session: TrainingSession, employee: Employee
) -> TrainingSession | None:
    other = aliased(TrainingSession)
    found: TrainingSession | None = (
        db.execute(
            select(other)
            .join(Enrollment, col(Enrollment.session_id) == col(other.id))
            .where(
                col(Enrollment.employee_id) == employee.id,
                col(Enrollment.seat_held).is_(True),
                col(other.id) != session.id,
                col(other.start_date) <= session.end_date,
                col(other.end_date) >= session.start_date,
            )
            .limit(1)
        )
        .scalars()
        .first()
    )
    return found
