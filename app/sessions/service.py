"""Sessions (angkatan) of programs: planning, the lifecycle and what its moves set off.

A session's row is the lock of everything that counts against it: seats (enrollments), the
JP of its meetings, its capacity and its moves all take it first
(``app.enrollments.seats.lock_session``), so they run one after the other.
"""

import uuid
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlmodel import Session as DbSession
from sqlmodel import col

from app.agreements import quotas
from app.agreements.service import covering
from app.audit import service as audit
from app.auth.policy import Permission
from app.auth.principal import Principal
from app.auth.scope import partner_scope, within
from app.core import lifecycle
from app.core.clock import today
from app.core.config import Settings
from app.core.errors import Conflict, FieldError, InvalidInput, NotFound, reject_nulls
from app.core.listing import PageParams, contains_pattern, order_by, paginate
from app.core.updates import apply_update
from app.enrollments import effects, seats
from app.evaluations import behaviour, learning_tests
from app.models import Meeting, Partner, Program, TrainingSession
from app.models.enums import AgreementScope, ProgramStatus, QuotaKind, SessionMode, SessionStatus
from app.sessions import facilitators
from app.sessions.lifecycle import OVER, PLANNED, SESSION
from app.sessions.schemas import FacilitatorCreate, SessionCreate, SessionTransition, SessionUpdate

SORT_COLUMNS: dict[str, Any] = {
    "start_date": col(TrainingSession.start_date),
    "created_at": col(TrainingSession.created_at),
}
DATE_FIELDS = ("start_date", "end_date", "registration_opens_on", "registration_closes_on")


def reach(caller: Principal, permission: Permission = Permission.PROGRAMS_READ) -> Any:
    """The sessions within the caller's reach: all, or a partner's staff their partner's."""
    return partner_scope(caller, permission, col(TrainingSession.partner_id))


def get_session(
    db: DbSession,
    session_id: uuid.UUID,
    caller: Principal,
    permission: Permission = Permission.PROGRAMS_READ,
) -> TrainingSession:
    """The session, or 404 (also outside the caller's reach)."""
    statement = within(
        select(TrainingSession).where(col(TrainingSession.id) == session_id),
        reach(caller, permission),
    )
    session: TrainingSession | None = db.execute(statement).scalar_one_or_none()
    if session is None:
        raise NotFound(f"Session {session_id} does not exist.")
    return session


def locked_session(db: DbSession, session_id: uuid.UUID, caller: Principal) -> TrainingSession:
    """The session the caller may change, its row locked until the commit."""
    get_session(db, session_id, caller, Permission.PROGRAMS_WRITE)
    session = seats.lock_session(db, session_id)
    assert session is not None  # noqa: S101 - just found, and sessions are never deleted
    return session


def list_sessions(
    db: DbSession,
    caller: Principal,
    settings: Settings,
    *,
    params: PageParams,
    sort: str,
    filters: dict[str, Any],
) -> tuple[list[Any], int]:
    """A page of the sessions within the caller's reach."""
    conditions = _conditions(settings, filters)
    statement = within(select(TrainingSession).where(*conditions), reach(caller))
    return paginate(db, statement, params, [*order_by(sort, SORT_COLUMNS), col(TrainingSession.id)])


def _conditions(settings: Settings, filters: dict[str, Any]) -> list[Any]:
    equal = {
        "program_id": TrainingSession.program_id,
        "year": TrainingSession.year,
        "status": TrainingSession.status,
        "partner_id": TrainingSession.partner_id,
        "mode": TrainingSession.mode,
    }
    conditions: list[Any] = [
        col(column) == filters[name]
        for name, column in equal.items()
        if filters.get(name) is not None
    ]
    if filters.get("q"):
        conditions.append(
            col(TrainingSession.search_key).like(contains_pattern(filters["q"]), "\\")
        )
    if filters.get("starts_from") is not None:
        conditions.append(col(TrainingSession.start_date) >= filters["starts_from"])
    if filters.get("starts_until") is not None:
        conditions.append(col(TrainingSession.start_date) <= filters["starts_until"])
    if filters.get("registration_open") is not None:
        now = today(settings)
        is_open = (
            (col(TrainingSession.status) == SessionStatus.OPEN.value)
            & (col(TrainingSession.registration_opens_on) <= now)
            & (col(TrainingSession.registration_closes_on) >= now)
        )
        conditions.append(is_open if filters["registration_open"] else ~is_open)
    return conditions


def create_session(
    db: DbSession, data: SessionCreate, actor: Principal, settings: Settings
) -> TrainingSession:
    """Plan a session of an active program, as a draft, with its facilitators; a partner's
    session under an agreement in force for its dates, its capacity taken from the quota."""
    program = _locked_program(db, data.program_id)
    fields = data.model_dump(exclude={"facilitators"})
    _check_plan(fields)
    year = data.start_date.year
    batch = data.batch_number or _next_batch(db, program.id, year)
    if batch > MAX_BATCH:
        raise Conflict(f"This program already has {MAX_BATCH} batches in {year}: none is left.")
    if data.batch_number is not None and _batch_taken(db, program.id, year, batch):
        raise Conflict(f"Batch {batch} of {year} of this program already exists.")
    if data.partner_id is not None:
        _check_partner(db, data.partner_id)
    partner_id = data.partner_id
    if data.agreement_id is not None:
        agreement = covering(
            db,
            data.agreement_id,
            data.partner_id,
            data.start_date,
            data.end_date,
            AgreementScope.TRAINING,
            ["body", "agreement_id"],
            today(settings),
        )
        partner_id = agreement.partner_id
        quotas.take(db, agreement.id, year, QuotaKind.TRAINING_SEATS, data.capacity)
    elif partner_id is None:
        partner_id = program.default_partner_id
    _require_agreement(partner_id, data.agreement_id)
    fields.update(
        year=year,
        batch_number=batch,
        partner_id=partner_id,
        name=data.name or f"{program.title} Angkatan {batch} Tahun {year}",
        jp=data.jp or program.standard_jp,
    )
    session = TrainingSession(**fields)
    db.add(session)
    audit.created(db, actor, "session", session)
    db.flush()  # the row its facilitators refer to
    facilitators.add_all(db, session, data.facilitators, actor, ["body", "facilitators"])
    db.commit()  # two creates racing for one number: the unique constraint, answered as 409
    return session


def _locked_program(db: DbSession, program_id: uuid.UUID) -> Program:
    """The program, its row locked: the sessions of one program are numbered one at a time."""
    statement = select(Program).where(col(Program.id) == program_id).with_for_update()
    program: Program | None = db.execute(statement).scalar_one_or_none()
    if program is None:
        raise InvalidInput.field(
            ["body", "program_id"], f"Program {program_id} does not exist.", "unknown_program"
        )
    if program.status != ProgramStatus.ACTIVE.value:
        raise Conflict(f"Program {program.code} is {program.status}: only an active one runs.")
    return program


MAX_BATCH = 999  # the batch number's range (the schema and a CHECK keep it)


def _next_batch(db: DbSession, program_id: uuid.UUID, year: int) -> int:
    statement = select(func.max(col(TrainingSession.batch_number))).where(
        col(TrainingSession.program_id) == program_id, col(TrainingSession.year) == year
    )
    return int(db.execute(statement).scalar_one() or 0) + 1


def _batch_taken(db: DbSession, program_id: uuid.UUID, year: int, batch: int) -> bool:
    statement = select(col(TrainingSession.id)).where(
        col(TrainingSession.program_id) == program_id,
        col(TrainingSession.year) == year,
        col(TrainingSession.batch_number) == batch,
    )
    return db.execute(statement).first() is not None


def _check_partner(db: DbSession, partner_id: uuid.UUID) -> None:
    if db.get(Partner, partner_id) is None:
        raise InvalidInput.field(
            ["body", "partner_id"], f"Partner {partner_id} does not exist.", "unknown_partner"
        )


def _require_agreement(partner_id: uuid.UUID | None, agreement_id: uuid.UUID | None) -> None:
    if partner_id is not None and agreement_id is None:
        raise InvalidInput.field(
            ["body", "agreement_id"],
            f"A session delivered by partner {partner_id} runs under one of its agreements: "
            "give agreement_id.",
            "agreement_required",
        )


def _check_plan(values: dict[str, Any]) -> None:
    """The dates, the registration window and where the session happens, all refused at once."""
    errors: list[FieldError] = []

    def refuse(field: str, msg: str, code: str) -> None:
        errors.append(FieldError(loc=["body", field], msg=msg, type=code))

    start: date = values["start_date"]
    if values["end_date"] < start:
        refuse("end_date", "The session cannot end before it starts.", "end_before_start")
    if values["registration_closes_on"] < values["registration_opens_on"]:
        refuse("registration_closes_on", "Registration closes before it opens.", "window")
    if values["registration_closes_on"] >= start:
        refuse(
            "registration_closes_on",
            f"Registration must close before the session starts on {start}.",
            "registration_after_start",
        )
    mode = SessionMode(values["mode"])
    if mode in (SessionMode.IN_PERSON, SessionMode.BLENDED) and not values.get("venue"):
        refuse("venue", f"A session {mode.value} needs a venue.", "venue_required")
    if mode in (SessionMode.ONLINE, SessionMode.BLENDED) and not values.get("online_url"):
        refuse("online_url", f"A session {mode.value} needs a link.", "link_required")
    if errors:
        raise InvalidInput(" ".join(e.msg for e in errors), errors=errors)


def update_session(
    db: DbSession,
    session_id: uuid.UUID,
    data: SessionUpdate,
    if_match: str | None,
    actor: Principal,
    settings: Settings,
) -> TrainingSession:
    """Change a session; a capacity raise promotes from the waitlist in the same commit."""
    session = locked_session(db, session_id, actor)
    raised: list[bool] = []

    def changes() -> dict[str, Any]:
        found = _session_changes(db, session, data)
        _agreement_changes(db, session, found, settings)
        raised.append(found.get("capacity", session.capacity) > session.capacity)
        return found

    def after() -> dict[str, Any]:
        if raised and raised[0]:
            db.flush()  # the new capacity, in the row the seats are counted against
            effects.capacity_raised(db, session, actor)
        return session.model_dump()

    apply_update(
        db,
        session,
        changes,
        if_match=if_match,
        actor=actor,
        entity_type="session",
        after=after,
    )
    db.refresh(session)
    return session


def _session_changes(
    db: DbSession, session: TrainingSession, data: SessionUpdate
) -> dict[str, Any]:
    changes = data.model_dump(exclude_unset=True)
    reject_nulls(changes, ("name", *DATE_FIELDS, "mode", "capacity", "jp"))
    if session.status in OVER:
        raise Conflict(f"This session is {session.status}: it no longer changes.")
    moved = [f for f in DATE_FIELDS if f in changes and changes[f] != getattr(session, f)]
    if moved and session.status not in PLANNED:
        raise Conflict(f"This session is {session.status}: its dates no longer change.")
    merged = {**session.model_dump(), **changes}
    _check_plan(merged)
    if merged["start_date"].year != session.year:
        raise InvalidInput.field(
            ["body", "start_date"],
            f"Batch {session.batch_number} is of {session.year}: it starts in that year.",
            "other_year",
        )
    if changes.get("partner_id") is not None:
        _check_partner(db, changes["partner_id"])
    if changes.get("capacity", session.capacity) < session.seats_taken:
        raise Conflict(
            f"capacity {changes['capacity']} is below the {session.seats_taken} seats taken."
        )
    if "jp" in changes:
        scheduled = meetings_jp(db, session.id)
        if changes["jp"] < scheduled:
            raise InvalidInput.field(
                ["body", "jp"],
                f"JP {changes['jp']} is below the {scheduled} JP of its meetings.",
                "jp_below_meetings",
            )
    if moved:
        _check_meetings_within(db, session, merged)
    return changes


def _agreement_changes(
    db: DbSession, session: TrainingSession, changes: dict[str, Any], settings: Settings
) -> None:
    """Check the agreement still covers a session whose partner, agreement or dates change,
    and move its seats between quotas: a capacity change takes or gives back the difference."""
    merged = {**session.model_dump(), **changes}
    partner_id, agreement_id = merged["partner_id"], merged["agreement_id"]
    if "agreement_id" in changes and agreement_id is not None and "partner_id" not in changes:
        partner_id = None  # taken from the agreement
    relevant = {"partner_id", "agreement_id", "start_date", "end_date"} & changes.keys()
    if agreement_id is not None and relevant:
        agreement = covering(
            db,
            agreement_id,
            partner_id,
            merged["start_date"],
            merged["end_date"],
            AgreementScope.TRAINING,
            ["body", "agreement_id"],
            today(settings),
        )
        changes["partner_id"] = partner_id = agreement.partner_id
    if {"partner_id", "agreement_id"} & changes.keys():
        _require_agreement(partner_id, agreement_id)
    old, new = session.agreement_id, agreement_id
    if old == new and new is not None:
        quotas.take(
            db, new, session.year, QuotaKind.TRAINING_SEATS, merged["capacity"] - session.capacity
        )
    elif old != new:
        if old is not None:
            quotas.release(db, old, session.year, QuotaKind.TRAINING_SEATS, session.capacity)
        if new is not None:
            quotas.take(db, new, session.year, QuotaKind.TRAINING_SEATS, merged["capacity"])


def meetings_jp(db: DbSession, session_id: uuid.UUID) -> int:
    """The JP of the session's meetings not cancelled."""
    statement = select(func.coalesce(func.sum(col(Meeting.jp)), 0)).where(
        col(Meeting.session_id) == session_id, col(Meeting.cancelled_at).is_(None)
    )
    return int(db.execute(statement).scalar_one())


def _check_meetings_within(db: DbSession, session: TrainingSession, merged: dict[str, Any]) -> None:
    outside = select(func.count()).where(
        col(Meeting.session_id) == session.id,
        col(Meeting.cancelled_at).is_(None),
        (col(Meeting.meeting_date) < merged["start_date"])
        | (col(Meeting.meeting_date) > merged["end_date"]),
    )
    count = int(db.execute(outside).scalar_one())
    if count:
        raise Conflict(
            f"{count} meeting(s) would fall outside {merged['start_date']} to "
            f"{merged['end_date']}: move or cancel them first."
        )


def transition_session(
    db: DbSession,
    session_id: uuid.UUID,
    data: SessionTransition,
    actor: Principal,
    settings: Settings,
) -> TrainingSession:
    """Move the session; its enrollments follow in the same transaction."""
    session = locked_session(db, session_id, actor)
    target = data.status.value
    SESSION.check(session.status, target, data.reason)
    if target == SessionStatus.OPEN.value:
        program = db.get(Program, session.program_id)
        assert program is not None  # noqa: S101 - a foreign key
        if program.status != ProgramStatus.ACTIVE.value:
            raise Conflict(f"Program {program.code} is {program.status}: it cannot take people.")
    cancelled = target == SessionStatus.CANCELLED.value
    if target == SessionStatus.COMPLETED.value:
        learning_tests.check_before_completion(db, session)
    lifecycle.transition(
        db,
        SESSION,
        session,
        target,
        actor=actor,
        reason=data.reason,
        changes={"cancel_reason": data.reason} if cancelled else None,
    )
    db.flush()
    if target == SessionStatus.RUNNING.value:
        effects.session_started(db, session, actor)
    elif cancelled:
        assert data.reason is not None  # noqa: S101 - the lifecycle requires it
        effects.session_cancelled(db, session, actor, data.reason)
        if session.agreement_id is not None:  # its seats go back to the agreement's quota
            quotas.release(
                db, session.agreement_id, session.year, QuotaKind.TRAINING_SEATS, session.capacity
            )
    elif target == SessionStatus.COMPLETED.value:
        effects.session_completed(db, session, actor, settings)
        behaviour.request_for_session(db, session, settings)
    db.commit()
    db.refresh(session)
    return session


def session_history(
    db: DbSession, session_id: uuid.UUID, caller: Principal, params: PageParams
) -> tuple[list[lifecycle.StatusChangePublic], int]:
    """A page of the session's moves, oldest first."""
    get_session(db, session_id, caller)
    return lifecycle.history(db, SESSION.entity_type, session_id, params)


def add_facilitator(
    db: DbSession, session_id: uuid.UUID, data: FacilitatorCreate, actor: Principal
) -> Any:
    """Add a facilitator (under the session's lock: an enrollment cannot slip in between);
    returns it with the employee's name."""
    session = locked_session(db, session_id, actor)
    [added] = facilitators.add_all(db, session, [data], actor, ["body"])
    db.commit()
    return facilitators.get_facilitator(db, session_id, added.id)


def remove_facilitator(
    db: DbSession, session_id: uuid.UUID, facilitator_id: uuid.UUID, actor: Principal
) -> None:
    """Remove a facilitator who leads no meeting."""
    session = locked_session(db, session_id, actor)
    facilitators.remove(db, session, facilitator_id, actor)


def series_dates(first: date, weeks: int, weekdays: list[int]) -> list[date]:
    """The days of ``weeks`` weeks from ``first`` (included) that fall on ``weekdays``."""
    wanted = set(weekdays)
    days = (first + timedelta(days=offset) for offset in range(7 * weeks))
    return [day for day in days if day.isoweekday() in wanted]
