"""Internships: placement under an agreement's quota, the lifecycle, the logbook kept by the
intern and acknowledged by the partner's mentor, the evaluation, and the JP credit.

Reach: the people of the caller's grant (an operator's OPD, a supervisor's reports, the
employee themself) and, for a partner's staff, their partner's interns. Who writes what is
narrower still: only the intern writes their logbook, only the internship's mentor
acknowledges and evaluates it.
"""

import uuid
from typing import Any

from sqlalchemy import or_, select, true
from sqlmodel import Session as DbSession
from sqlmodel import col

from app.agreements import quotas
from app.agreements.service import covering
from app.audit import service as audit
from app.auth.policy import Permission, Reach
from app.auth.principal import Principal
from app.auth.scope import employee_scope, partner_scope
from app.certificates import issuing
from app.core import lifecycle
from app.core.clock import today
from app.core.config import Settings
from app.core.errors import Conflict, FieldError, Forbidden, InvalidInput, NotFound, reject_nulls
from app.core.listing import PageParams, order_by, paginate
from app.core.updates import apply_update
from app.documents.service import readable
from app.enrollments.eligibility import person_reasons
from app.internships.lifecycle import INTERNSHIP, OPEN
from app.internships.schemas import (
    EvaluationSet,
    InternshipCreate,
    InternshipTransition,
    InternshipUpdate,
    LogEntryCreate,
)
from app.learning import records
from app.models import (
    DevelopmentType,
    Employee,
    Internship,
    InternshipLogEntry,
    Partner,
    Program,
    User,
    UserRole,
)
from app.models.base import utcnow
from app.models.enums import (
    AgreementScope,
    CertificateSource,
    InternshipStatus,
    LearningSource,
    ProgramStatus,
    QuotaKind,
    Role,
)

MAGANG = 10  # development type: internship (magang)
SORT_COLUMNS: dict[str, Any] = {
    "starts_on": col(Internship.starts_on),
    "created_at": col(Internship.created_at),
}
PLANNED = InternshipStatus.PLANNED.value
ACTIVE = InternshipStatus.ACTIVE.value


def reach(caller: Principal, permission: Permission = Permission.INTERNSHIPS_READ) -> Any:
    """The internships within the caller's reach: their people's, and their partner's."""
    people = employee_scope(caller, permission, col(Internship.employee_id))
    if people is true():
        return people
    if Reach.PARTNER in caller.reaches(permission):
        return or_(people, partner_scope(caller, permission, col(Internship.partner_id)))
    return people


def get_internship(
    db: DbSession,
    internship_id: uuid.UUID,
    caller: Principal,
    permission: Permission = Permission.INTERNSHIPS_READ,
    *,
    lock: bool = False,
) -> Internship:
    """The internship, or 404 (also outside the caller's reach)."""
    statement = select(Internship).where(
        col(Internship.id) == internship_id, reach(caller, permission)
    )
    if lock:
        statement = statement.with_for_update()
    internship: Internship | None = db.execute(statement).scalar_one_or_none()
    if internship is None:
        raise NotFound(f"Internship {internship_id} does not exist.")
    return internship


def list_internships(
    db: DbSession, caller: Principal, *, params: PageParams, sort: str, filters: dict[str, Any]
) -> tuple[list[Any], int]:
    """A page of the internships within the caller's reach."""
    conditions: list[Any] = [reach(caller)]
    for name in ("employee_id", "partner_id", "agreement_id", "program_id", "year"):
        if filters.get(name) is not None:
            conditions.append(getattr(Internship, name) == filters[name])
    if filters.get("status") is not None:
        conditions.append(col(Internship.status) == filters["status"].value)
    if filters.get("mentored_by_me"):
        conditions.append(col(Internship.mentor_user_id) == caller.id)
    statement = select(Internship).where(*conditions)
    return paginate(db, statement, params, [*order_by(sort, SORT_COLUMNS), col(Internship.id)])


def _error(field: str, msg: str, code: str) -> FieldError:
    return FieldError(loc=["body", field], msg=msg, type=code)


def create_internship(
    db: DbSession, data: InternshipCreate, actor: Principal, settings: Settings
) -> Internship:
    """Place an eligible employee at a partner under an agreement, taking one of its
    internship places of the start's year; everything refused at once writes nothing."""
    # The employee's row is locked: two placements of one person are checked one at a time.
    employee = db.execute(
        select(Employee)
        .where(
            col(Employee.id) == data.employee_id,
            employee_scope(actor, Permission.INTERNSHIPS_WRITE),
        )
        .with_for_update()
    ).scalar_one_or_none()
    if employee is None:
        raise InvalidInput.field(
            ["body", "employee_id"], f"Employee {data.employee_id} does not exist.", "unknown"
        )
    program = _program(db, data.program_id)
    errors: list[FieldError] = []
    if data.ends_on < data.starts_on:
        errors.append(_error("ends_on", "It cannot end before it starts.", "end_before_start"))
    errors += person_reasons(db, program, employee, data.starts_on, ["body", "employee_id"])
    overlap = db.execute(
        select(col(Internship.title), col(Internship.starts_on), col(Internship.ends_on)).where(
            col(Internship.employee_id) == employee.id,
            col(Internship.status).in_(OPEN),
            col(Internship.starts_on) <= data.ends_on,
            col(Internship.ends_on) >= data.starts_on,
        )
    ).first()
    if overlap is not None:
        errors.append(
            _error(
                "employee_id",
                f"Already placed in {overlap[0]} ({overlap[1]} to {overlap[2]}), whose dates "
                "overlap these.",
                "overlap",
            )
        )
    if errors:
        raise InvalidInput(" ".join(e.msg for e in errors), errors=errors)
    agreement = covering(
        db,
        data.agreement_id,
        None,
        data.starts_on,
        data.ends_on,
        AgreementScope.INTERNSHIP,
        ["body", "agreement_id"],
        today(settings),
    )
    fields = data.model_dump()
    _check_people(db, fields, agreement.partner_id, actor)
    quotas.take(db, agreement.id, data.starts_on.year, QuotaKind.INTERNSHIP_PLACES, 1)
    fields.update(
        partner_id=agreement.partner_id,
        year=data.starts_on.year,
        jp=data.jp or program.standard_jp,
        supervisor_id=data.supervisor_id or employee.supervisor_id,
    )
    internship = Internship(**fields)
    db.add(internship)
    audit.created(db, actor, "internship", internship)
    db.commit()
    return internship


def _program(db: DbSession, program_id: uuid.UUID) -> Program:
    program = db.get(Program, program_id)
    if program is None:
        raise InvalidInput.field(
            ["body", "program_id"], f"Program {program_id} does not exist.", "unknown_program"
        )
    if program.development_type_id != MAGANG:
        raise InvalidInput.field(
            ["body", "program_id"],
            f"Program {program.code} is not an internship program (development type 10).",
            "not_internship",
        )
    if program.status != ProgramStatus.ACTIVE.value:
        raise Conflict(f"Program {program.code} is {program.status}: only an active one places.")
    return program


def _check_people(
    db: DbSession, fields: dict[str, Any], partner_id: uuid.UUID, actor: Principal
) -> None:
    """The mentor is an active account of the partner's staff; the supervisor an employee;
    the final report a document the caller may read."""
    mentor_id = fields.get("mentor_user_id")
    if mentor_id is not None:
        staff = db.execute(
            select(col(UserRole.id))
            .join(User, col(User.id) == col(UserRole.user_id))
            .where(
                col(UserRole.user_id) == mentor_id,
                col(UserRole.role) == Role.PARTNER.value,
                col(UserRole.partner_id) == partner_id,
                col(User.is_active),
            )
        ).first()
        if staff is None:
            raise InvalidInput.field(
                ["body", "mentor_user_id"],
                "The mentor must be an active account of the partner's staff.",
                "not_partner_staff",
            )
        if not fields.get("mentor_name"):
            user = db.get(User, mentor_id)
            fields["mentor_name"] = user.display_name if user is not None else None
    supervisor_id = fields.get("supervisor_id")
    if supervisor_id is not None and db.get(Employee, supervisor_id) is None:
        raise InvalidInput.field(
            ["body", "supervisor_id"], f"Employee {supervisor_id} does not exist.", "unknown"
        )
    document_id = fields.get("report_document_id")
    if document_id is not None and not readable(db, document_id, actor):
        raise InvalidInput.field(
            ["body", "report_document_id"], f"Document {document_id} does not exist.", "unknown"
        )


def update_internship(
    db: DbSession,
    internship_id: uuid.UUID,
    data: InternshipUpdate,
    if_match: str | None,
    actor: Principal,
    settings: Settings,
) -> Internship:
    """Change an internship not over: its period only while planned (still within its
    agreement, in the same quota year)."""
    internship = get_internship(db, internship_id, actor, Permission.INTERNSHIPS_WRITE, lock=True)

    def changes() -> dict[str, Any]:
        found = data.model_dump(exclude_unset=True)
        reject_nulls(found, ("title", "goals", "starts_on", "ends_on", "jp"))
        if internship.status not in OPEN:
            raise Conflict(f"This internship is {internship.status}: it no longer changes.")
        moved = {"starts_on", "ends_on"} & {
            k for k, v in found.items() if v != getattr(internship, k)
        }
        if moved:
            if internship.status != PLANNED:
                raise Conflict("This internship has started: its dates no longer change.")
            starts = found.get("starts_on", internship.starts_on)
            ends = found.get("ends_on", internship.ends_on)
            if ends < starts:
                raise InvalidInput.field(
                    ["body", "ends_on"], "It cannot end before it starts.", "end_before_start"
                )
            if starts.year != internship.year:
                raise InvalidInput.field(
                    ["body", "starts_on"],
                    f"It takes a place of {internship.year}: it starts in that year.",
                    "other_year",
                )
            covering(
                db,
                internship.agreement_id,
                internship.partner_id,
                starts,
                ends,
                AgreementScope.INTERNSHIP,
                ["body", "starts_on"],
                today(settings),
            )
        _check_people(db, found, internship.partner_id, actor)
        return found

    apply_update(db, internship, changes, if_match=if_match, actor=actor, entity_type="internship")
    return internship


def transition_internship(
    db: DbSession,
    internship_id: uuid.UUID,
    data: InternshipTransition,
    actor: Principal,
    settings: Settings,
) -> Internship:
    """Start, complete or cancel an internship. Completion needs the final report and the
    mentor's evaluation, and credits the JP once; cancelling gives its place back."""
    internship = get_internship(db, internship_id, actor, Permission.INTERNSHIPS_WRITE, lock=True)
    target = data.status.value
    INTERNSHIP.check(internship.status, target, data.reason)
    completed = target == InternshipStatus.COMPLETED.value
    on = today(settings)
    if target == ACTIVE and on < internship.starts_on:
        raise Conflict(f"This internship starts on {internship.starts_on}: not yet.")
    if completed and on < internship.ends_on:
        raise Conflict(f"This internship runs until {internship.ends_on}: it is not over yet.")
    if completed:
        missing = [
            label
            for label, value in (
                ("its final report (report_document_id)", internship.report_document_id),
                ("the mentor's evaluation", internship.evaluation_score),
            )
            if value is None
        ]
        if missing:
            raise Conflict("An internship is completed with " + " and ".join(missing) + ".")
    cancelled = target == InternshipStatus.CANCELLED.value
    lifecycle.transition(
        db,
        INTERNSHIP,
        internship,
        target,
        actor=actor,
        reason=data.reason,
        changes={"cancel_reason": data.reason} if cancelled else None,
    )
    if cancelled:
        quotas.release(db, internship.agreement_id, internship.year, QuotaKind.INTERNSHIP_PLACES, 1)
    if completed:
        _credit(db, internship, settings, actor)
    db.commit()
    db.refresh(internship)
    return internship


def _credit(db: DbSession, internship: Internship, settings: Settings, actor: Principal) -> None:
    """Credit the internship's JP as a learning record and issue its certificate, together."""
    program = db.get(Program, internship.program_id)
    partner = db.get(Partner, internship.partner_id)
    assert program is not None  # noqa: S101 - a foreign key
    assert partner is not None  # noqa: S101 - a foreign key
    kind = db.get(DevelopmentType, program.development_type_id)
    assert kind is not None  # noqa: S101 - a foreign key
    records.credit(
        db,
        [
            records.Credit(
                employee_id=internship.employee_id,
                development_type_id=program.development_type_id,
                path=kind.path,
                leadership_subtype_id=None,
                title=internship.title,
                organiser=partner.name,
                start_date=internship.starts_on,
                end_date=internship.ends_on,
                jp=internship.jp,
                source=LearningSource.INTERNSHIP.value,
                source_id=str(internship.id),
            )
        ],
    )
    issuing.issue(
        db,
        settings,
        [
            issuing.Award(
                employee_id=internship.employee_id,
                source=CertificateSource.INTERNSHIP.value,
                source_id=str(internship.id),
                program_title=program.title,
                title=internship.title,
                organiser=partner.name,
                start_date=internship.starts_on,
                end_date=internship.ends_on,
                jp=internship.jp,
            )
        ],
        actor,
    )


def internship_history(
    db: DbSession, internship_id: uuid.UUID, caller: Principal, params: PageParams
) -> tuple[list[lifecycle.StatusChangePublic], int]:
    """A page of the internship's moves, oldest first."""
    get_internship(db, internship_id, caller)
    return lifecycle.history(db, INTERNSHIP.entity_type, internship_id, params)


def evaluate(
    db: DbSession, internship_id: uuid.UUID, data: EvaluationSet, actor: Principal
) -> Internship:
    """The mentor's evaluation of an internship under way (again: it replaces the last)."""
    internship = get_internship(db, internship_id, actor, Permission.INTERNSHIP_LOGBOOK, lock=True)
    _only_mentor(internship, actor)
    if internship.status != ACTIVE:
        raise Conflict(f"This internship is {internship.status}: it is evaluated while active.")
    before = internship.model_dump()
    internship.evaluation_score = data.score
    internship.evaluation_notes = data.notes
    internship.evaluated_at = internship.updated_at = utcnow()
    db.add(internship)
    audit.updated(db, actor, "internship", internship, before)
    db.commit()
    return internship


def _only_mentor(internship: Internship, actor: Principal) -> None:
    if internship.mentor_user_id is None or actor.id != internship.mentor_user_id:
        raise Forbidden("Only the internship's mentor acknowledges and evaluates it.")


# The logbook


def list_log_entries(
    db: DbSession, internship_id: uuid.UUID, caller: Principal, params: PageParams
) -> tuple[list[Any], int]:
    """The internship's logbook, by day."""
    get_internship(db, internship_id, caller)
    statement = select(InternshipLogEntry).where(
        col(InternshipLogEntry.internship_id) == internship_id
    )
    return paginate(
        db, statement, params, [col(InternshipLogEntry.entry_date), col(InternshipLogEntry.id)]
    )


def add_log_entry(
    db: DbSession,
    internship_id: uuid.UUID,
    data: LogEntryCreate,
    actor: Principal,
    settings: Settings,
) -> InternshipLogEntry:
    """A day of the logbook, by the intern, within the period and not ahead of today."""
    internship = get_internship(db, internship_id, actor, Permission.INTERNSHIP_LOGBOOK, lock=True)
    if actor.kind != "user" or actor.employee_id != internship.employee_id:
        raise Forbidden("Only the intern writes the internship's logbook.")
    if internship.status != ACTIVE:
        raise Conflict(f"This internship is {internship.status}: its logbook is kept while active.")
    on = today(settings)
    last = min(internship.ends_on, on)
    if not internship.starts_on <= data.entry_date <= last:
        raise InvalidInput.field(
            ["body", "entry_date"],
            f"An entry is for a day from {internship.starts_on} to {last}.",
            "outside_period",
        )
    taken = select(col(InternshipLogEntry.id)).where(
        col(InternshipLogEntry.internship_id) == internship_id,
        col(InternshipLogEntry.entry_date) == data.entry_date,
    )
    if db.execute(taken).first() is not None:
        raise Conflict(f"The logbook already has an entry for {data.entry_date}.")
    entry = InternshipLogEntry(
        internship_id=internship_id,
        entry_date=data.entry_date,
        activities=data.activities,
        author_user_id=actor.id,
    )
    db.add(entry)
    audit.created(db, actor, "internship_log_entry", entry)
    db.commit()  # a concurrent entry of the day: the unique constraint, answered as 409
    return entry


def acknowledge(
    db: DbSession, internship_id: uuid.UUID, entry_id: uuid.UUID, actor: Principal
) -> InternshipLogEntry:
    """The mentor's acknowledgement of an entry, once."""
    internship = get_internship(db, internship_id, actor, Permission.INTERNSHIP_LOGBOOK)
    _only_mentor(internship, actor)
    entry: InternshipLogEntry | None = db.execute(
        select(InternshipLogEntry)
        .where(
            col(InternshipLogEntry.id) == entry_id,
            col(InternshipLogEntry.internship_id) == internship_id,
        )
        .with_for_update()
    ).scalar_one_or_none()
    if entry is None:
        raise NotFound(f"Logbook entry {entry_id} does not exist.")
    if entry.acknowledged_at is not None:
        raise Conflict(f"This entry was acknowledged on {entry.acknowledged_at:%Y-%m-%d}.")
    before = entry.model_dump()
    entry.acknowledged_by = actor.id
    entry.acknowledged_at = utcnow()
    db.add(entry)
    audit.updated(db, actor, "internship_log_entry", entry, before)
    db.commit()
    return entry
