"""Learning records: proposing, verifying, recording from an import or SIASN, and reading them,
each use case one transaction, every record within the caller's reach."""

import uuid
from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import case, func, literal, select
from sqlmodel import Session as DbSession
from sqlmodel import col

from app.audit import service as audit
from app.auth.policy import Permission
from app.auth.principal import Principal
from app.auth.scope import employee_scope
from app.core.clock import today
from app.core.config import Settings
from app.core.errors import FieldError, Forbidden, InvalidInput, NotFound
from app.core.lifecycle import Lifecycle, transition
from app.core.lifecycle import record as record_moves
from app.core.listing import PageParams, order_by, paginate
from app.documents.service import readable
from app.learning import records, totals
from app.learning.records import Credit, Written
from app.learning.schemas import ProposalCreate, RecordCreate, RecordFields
from app.models import DevelopmentType, Employee, JpConversionRule, LeadershipSubtype
from app.models import LearningRecord as Record
from app.models.enums import EmployeeStatus, LearningSource, LearningStatus

LEARNING_RECORD = Lifecycle(
    entity_type="learning_record",
    statuses=LearningStatus,
    moves={LearningStatus.PROPOSED: (LearningStatus.VERIFIED, LearningStatus.REJECTED)},
    reason_required=frozenset({LearningStatus.REJECTED}),
)
STRUKTURAL = 1  # development type 1, Diklat Struktural: the leadership (latihan struktural)
PNS_LIKE = (EmployeeStatus.CPNS.value, EmployeeStatus.PNS.value)

SORT_COLUMNS: dict[str, Any] = {
    "end_date": col(Record.end_date),
    "created_at": col(Record.created_at),
}


def reach(caller: Principal, permission: Permission = Permission.LEARNING_READ) -> Any:
    """The records of the people within the caller's reach."""
    return employee_scope(caller, permission, col(Record.employee_id))


def jp_counted() -> Any:
    """A record's JP counted: its type's conversion rule applied; 0 unless it counts."""
    percent = func.coalesce(col(JpConversionRule.percent), 100)
    return case(
        (totals.counts(), col(Record.jp) * percent / literal(100.0)), else_=literal(0.0)
    ).label("jp_counted")


def with_counted(*conditions: Any) -> Any:
    """SELECT of records and their JP counted."""
    return (
        select(Record, jp_counted())
        .outerjoin(
            JpConversionRule,
            col(JpConversionRule.development_type_id) == col(Record.development_type_id),
        )
        .where(*conditions)
    )


def get_record(
    db: DbSession,
    record_id: uuid.UUID,
    caller: Principal,
    permission: Permission = Permission.LEARNING_READ,
) -> Any:
    """The record and its JP counted, or 404 (also outside the caller's reach)."""
    row = db.execute(with_counted(col(Record.id) == record_id, reach(caller, permission))).first()
    if row is None:
        raise NotFound(f"Learning record {record_id} does not exist.")
    return row


def get_records(db: DbSession, record_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, Any]:
    """Records just written by the caller, and their JP counted, by id (one query)."""
    rows = db.execute(with_counted(col(Record.id).in_(list(record_ids)))).all()
    return {row[0].id: row for row in rows}


def list_records(
    db: DbSession, caller: Principal, *, params: PageParams, sort: str, filters: dict[str, Any]
) -> tuple[list[Any], int]:
    """A page of the records within the caller's reach."""
    conditions: list[Any] = [reach(caller)]
    if filters.get("employee_id") is not None:
        conditions.append(col(Record.employee_id) == filters["employee_id"])
    year = filters.get("year")
    if year is not None:
        conditions += [col(Record.end_date) >= date(year, 1, 1)]
        conditions += [col(Record.end_date) <= date(year, 12, 31)]
    for name in ("source", "status"):
        if filters.get(name) is not None:
            conditions.append(getattr(Record, name) == filters[name].value)
    statement = with_counted(*conditions)
    count = select(col(Record.id)).where(*conditions)
    return paginate(db, statement, params, [*order_by(sort, SORT_COLUMNS), col(Record.id)], count)


# --- writing ---------------------------------------------------------------------------


class _Checks:
    """What validating records needs, read once per call: the development types, the
    leadership sub-types, and the people within reach."""

    def __init__(
        self,
        db: DbSession,
        caller: Principal,
        permission: Permission,
        employee_ids: set[uuid.UUID],
        settings: Settings,
    ) -> None:
        self.types = dict(
            db.execute(select(col(DevelopmentType.id), col(DevelopmentType.path))).all()
        )
        self.subtypes = set(db.execute(select(col(LeadershipSubtype.id))).scalars())
        rows = db.execute(
            select(
                col(Employee.id), col(Employee.is_active), col(Employee.status), col(Employee.nip)
            ).where(col(Employee.id).in_(employee_ids), employee_scope(caller, permission))
        ).all()
        self.people = {row.id: row for row in rows}
        self.today = today(settings)

    def errors(self, data: RecordFields, employee_id: uuid.UUID, loc: list[str | int]) -> list[Any]:
        """Every reason to refuse one record (empty: none)."""
        errors: list[FieldError] = []

        def error(name: str, msg: str, code: str) -> None:
            errors.append(FieldError(loc=[*loc, name], msg=msg, type=code))

        person = self.people.get(employee_id)
        if person is None:
            error("employee_id", f"Employee {employee_id} does not exist.", "unknown")
        elif not person.is_active:
            error("employee_id", f"Employee {employee_id} is no longer active.", "inactive")
        kind = data.development_type_id
        if kind not in self.types:
            error("development_type_id", f"Development type {kind} does not exist.", "unknown")
        subtype = data.leadership_subtype_id
        if subtype is not None and kind != STRUKTURAL:
            error(
                "leadership_subtype_id",
                "A leadership sub-type (latihan struktural) goes with development type 1, "
                f"Diklat Struktural, only: type {kind} takes none.",
                "subtype_of_other_type",
            )
        elif subtype is not None and subtype not in self.subtypes:
            error(
                "leadership_subtype_id", f"Leadership sub-type {subtype} does not exist.", "unknown"
            )
        elif subtype is None and kind == STRUKTURAL:
            error(
                "leadership_subtype_id",
                "Development type 1 (Diklat Struktural) needs its leadership sub-type.",
                "missing",
            )
        if data.end_date < data.start_date:
            error("end_date", "It cannot end before it starts.", "end_before_start")
        if data.end_date > self.today:
            error(
                "end_date",
                f"A completed activity cannot end after today ({self.today}).",
                "in_future",
            )
        if person is not None:
            appointed = appointment(person.nip, person.status)
            if appointed is not None and data.start_date < appointed:
                error(
                    "start_date",
                    f"Before the person's appointment ({appointed:%Y-%m}, from their NIP).",
                    "before_appointment",
                )
        return errors

    def credit(
        self,
        data: RecordFields,
        employee_id: uuid.UUID,
        source: str,
        source_id: str,
        caller: Principal,
        record_id: uuid.UUID,
    ) -> Credit:
        return Credit(
            id=record_id,
            employee_id=employee_id,
            development_type_id=data.development_type_id,
            path=self.types[data.development_type_id],
            leadership_subtype_id=data.leadership_subtype_id,
            title=data.title,
            organiser=data.organiser,
            start_date=data.start_date,
            end_date=data.end_date,
            jp=data.jp,
            source=source,
            source_id=source_id,
            certificate_number=data.certificate_number,
            document_id=data.document_id,
            recorded_by=caller.id,
        )


def appointment(nip: str, status: str) -> date | None:
    """The first day of the person's appointment, as their NIP gives it: TMT CPNS (year and
    month) for a PNS, the year of first appointment for a PPPK."""
    try:
        year = int(nip[8:12])
        month = int(nip[12:14]) if status in PNS_LIKE else 1
        return date(year, month, 1)
    except ValueError:
        return None


def _check_document(
    db: DbSession, document_id: uuid.UUID | None, caller: Principal, loc: list[str | int]
) -> list[FieldError]:
    if document_id is None or readable(db, document_id, caller):
        return []
    msg = f"Document {document_id} does not exist."
    return [FieldError(loc=[*loc, "document_id"], msg=msg, type="unknown")]


def _refuse(errors: list[FieldError]) -> None:
    if errors:
        raise InvalidInput(" ".join(e.msg for e in errors), errors=errors)


def propose(db: DbSession, data: ProposalCreate, caller: Principal, settings: Settings) -> Any:
    """Propose an external training with its certificate: it counts once verified."""
    employee_id = data.employee_id or caller.employee_id
    if employee_id is None:
        raise InvalidInput.field(
            ["body", "employee_id"],
            "Whose training is it? This account is no employee's: give employee_id.",
            "missing",
        )
    checks = _Checks(db, caller, Permission.LEARNING_PROPOSE, {employee_id}, settings)
    errors = checks.errors(data, employee_id, ["body"])
    errors += _check_document(db, data.document_id, caller, ["body"])
    _refuse(errors)
    record_id = uuid.uuid4()
    item = checks.credit(
        data, employee_id, LearningSource.PROPOSAL.value, str(record_id), caller, record_id
    )
    written = records.credit(db, [item])
    _audit_created(db, caller, [item])
    record_moves(db, LEARNING_RECORD, [(record_id, None, item.status)], actor=caller)
    db.commit()
    return get_record(db, written[0].id, caller, Permission.LEARNING_PROPOSE), written[0]


def record_many(
    db: DbSession,
    items: Sequence[RecordCreate],
    caller: Principal,
    settings: Settings,
    loc: Sequence[str | int] = ("body", "records"),
) -> list[Written]:
    """Record many imported or national records in one transaction, each validated as if it
    came alone: all of them, or (any refused) none. The function the imports domain feeds."""
    checks = _Checks(
        db, caller, Permission.LEARNING_WRITE, {item.employee_id for item in items}, settings
    )
    many = len(items) > 1
    errors: list[FieldError] = []
    credits: list[Credit] = []
    for index, item in enumerate(items):
        where = [*loc, index] if many else list(loc)
        found = checks.errors(item, item.employee_id, where)
        if item.source == LearningSource.NATIONAL and item.source_id is None:
            found.append(
                FieldError(
                    loc=[*where, "source_id"],
                    msg="A record from SIASN needs its SIASN id.",
                    type="missing",
                )
            )
        found += _check_document(db, item.document_id, caller, where)
        errors += found
        if not found:
            record_id = uuid.uuid4()
            credits.append(
                checks.credit(
                    item,
                    item.employee_id,
                    item.source.value,
                    item.source_id or str(record_id),
                    caller,
                    record_id,
                )
            )
    _refuse(errors)
    written = records.credit(db, credits, loc)
    _audit_created(db, caller, credits)
    db.commit()
    return written


def _audit_created(db: DbSession, caller: Principal, credits: Sequence[Credit]) -> None:
    events: list[tuple[str, Any, dict[str, Any] | None]] = [
        (
            "create",
            item.id,
            audit.diff(
                None,
                {
                    "employee_id": item.employee_id,
                    "development_type_id": item.development_type_id,
                    "title": item.title,
                    "start_date": item.start_date,
                    "end_date": item.end_date,
                    "jp": item.jp,
                    "certificate_number": item.certificate_number,
                    "source": item.source,
                    "source_id": item.source_id,
                },
            ),
        )
        for item in credits
    ]
    audit.record_rows(
        db, audit.event_rows(actor=caller, entity_type="learning_record", events=events)
    )


def decide(
    db: DbSession,
    record_id: uuid.UUID,
    target: LearningStatus,
    reason: str | None,
    caller: Principal,
) -> Any:
    """Verify a proposal (it counts from now on) or reject it with a reason; nobody decides
    their own, and only within their reach (an operator: their OPD's people)."""
    found = db.execute(
        select(Record).where(col(Record.id) == record_id, reach(caller, Permission.LEARNING_VERIFY))
    ).scalar_one_or_none()
    if found is None:
        raise NotFound(f"Learning record {record_id} does not exist.")
    if caller.employee_id == found.employee_id or caller.id == found.recorded_by:
        raise Forbidden("Nobody verifies their own proposal: another verifier must decide it.")
    changes = {"status_reason": reason} if target == LearningStatus.REJECTED else None
    transition(
        db, LEARNING_RECORD, found, target.value, actor=caller, reason=reason, changes=changes
    )
    db.flush()  # the version check: of two deciding at once, the second fails here
    if target == LearningStatus.VERIFIED:
        totals.add(db, [found.id])
    else:
        _release_links(db, found.id)
    db.commit()
    return get_record(db, record_id, caller, Permission.LEARNING_VERIFY)


def _release_links(db: DbSession, rejected_id: uuid.UUID) -> None:
    """Records linked to a rejected proposal: the earliest holds (and counts) in its place,
    the others are linked to it."""
    linked = list(
        db.execute(
            select(col(Record.id))
            .where(col(Record.duplicate_of_id) == rejected_id)
            .order_by(col(Record.created_at), col(Record.id))
        ).scalars()
    )
    if not linked:
        return
    heir, others = linked[0], linked[1:]
    db.execute(
        Record.__table__.update()  # type: ignore[attr-defined]
        .where(col(Record.id) == heir)
        .values(duplicate_of_id=None, version=Record.version + 1)
    )
    if others:
        db.execute(
            Record.__table__.update()  # type: ignore[attr-defined]
            .where(col(Record.id).in_(others))
            .values(duplicate_of_id=heir, version=Record.version + 1)
        )
    totals.add(db, [heir])
