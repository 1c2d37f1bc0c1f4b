"""Programs (the catalogue): search, create, change, lifecycle moves and their history.

Within the caller's reach: the agency's roles see every program; a partner's staff the
programs their partner runs by default or has a session of.
"""

import uuid
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from sqlalchemy import True_, delete, exists, func, insert, or_, select
from sqlmodel import Session as DbSession
from sqlmodel import col

from app.audit import service as audit
from app.auth.policy import Permission
from app.auth.principal import Principal
from app.auth.scope import partner_scope, within
from app.core import lifecycle
from app.core.errors import NotFound, reject_nulls
from app.core.listing import PageParams, contains_pattern, order_by, paginate
from app.core.updates import apply_update
from app.models import (
    Competency,
    DevelopmentType,
    Program,
    ProgramCompetency,
    ProgramPrerequisite,
    StatusChange,
    TrainingSession,
)
from app.models.base import new_id, utcnow
from app.models.enums import DevelopmentPath, EmployeeStatus, ProgramStatus
from app.programs import rules
from app.programs.lifecycle import PROGRAM
from app.programs.schemas import (
    ProgramCompetencyIn,
    ProgramCompetencyPublic,
    ProgramCreate,
    ProgramPublic,
    ProgramTransition,
    ProgramUpdate,
)

ENTITY = "program"
CENTS = Decimal("0.01")
SORT_COLUMNS: dict[str, Any] = {
    "code": col(Program.code),
    "title": col(Program.title),
    "created_at": col(Program.created_at),
}
REQUIRED = (
    "code",
    "title",
    "development_type_id",
    "standard_jp",
    "periodicity",
    "requires_supervisor_approval",
    "requires_agency_verification",
    "min_attendance_pct",
    "excused_attendance",
    "competencies",
    "prerequisite_program_ids",
)
# Fields of the program row a create or a PATCH sets as given (the sets are rows of their own).
ROW_FIELDS = tuple(
    name
    for name in ProgramUpdate.model_fields
    if name not in ("competencies", "prerequisite_program_ids")
)


def reach(caller: Principal, permission: Permission) -> Any:
    """The programs ``caller`` reaches: all, or a partner's (default partner or a session)."""
    own = partner_scope(caller, permission, col(Program.default_partner_id))
    if isinstance(own, True_):
        return own
    has_session = exists().where(
        col(TrainingSession.program_id) == col(Program.id),
        partner_scope(caller, permission, col(TrainingSession.partner_id)),
    )
    return or_(own, has_session)


def get_program(
    db: DbSession,
    program_id: uuid.UUID,
    caller: Principal,
    permission: Permission = Permission.PROGRAMS_READ,
) -> Program:
    """The program, or 404 (also outside the caller's reach)."""
    statement = within(
        select(Program).where(col(Program.id) == program_id), reach(caller, permission)
    )
    program: Program | None = db.execute(statement).scalar_one_or_none()
    if program is None:
        raise NotFound(f"Program {program_id} does not exist.")
    return program


LIST_COLUMNS = (
    col(Program.id),
    col(Program.code),
    col(Program.title),
    col(Program.development_type_id),
    col(DevelopmentType.path),
    col(Program.leadership_subtype_id),
    col(Program.standard_jp),
    col(Program.periodicity),
    col(Program.default_partner_id),
    col(Program.status),
    col(Program.created_at),
    col(Program.updated_at),
)


def list_programs(
    db: DbSession,
    caller: Principal,
    *,
    params: PageParams,
    sort: str,
    q: str | None = None,
    development_type_id: int | None = None,
    path: DevelopmentPath | None = None,
    competency_id: uuid.UUID | None = None,
    status: ProgramStatus | None = None,
    partner_id: uuid.UUID | None = None,
) -> tuple[list[Any], int]:
    """A page of the catalogue within the caller's reach: Core rows of the list's columns."""
    conditions: list[Any] = []
    if q:
        pattern = contains_pattern(q)
        conditions.append(
            or_(
                col(Program.search_key).like(pattern, "\\"),
                func.lower(col(Program.code)).like(pattern, "\\"),
            )
        )
    if development_type_id is not None:
        conditions.append(col(Program.development_type_id) == development_type_id)
    if path is not None:
        conditions.append(col(DevelopmentType.path) == path)
    if competency_id is not None:
        conditions.append(
            col(Program.id).in_(
                select(col(ProgramCompetency.program_id)).where(
                    col(ProgramCompetency.competency_id) == competency_id
                )
            )
        )
    if status is not None:
        conditions.append(col(Program.status) == status)
    if partner_id is not None:
        conditions.append(col(Program.default_partner_id) == partner_id)
    statement = within(
        select(*LIST_COLUMNS)
        .join(DevelopmentType, col(DevelopmentType.id) == col(Program.development_type_id))
        .where(*conditions),
        reach(caller, Permission.PROGRAMS_READ),
    )
    return paginate(db, statement, params, [*order_by(sort, SORT_COLUMNS), col(Program.id)])


def view(db: DbSession, program: Program) -> ProgramPublic:
    """The program as the API shows it: its type's path, target competencies, prerequisites."""
    development_type = db.get(DevelopmentType, program.development_type_id)
    assert development_type is not None  # noqa: S101 - a foreign key
    targets = db.execute(
        select(
            col(Competency.id),
            col(Competency.code),
            col(Competency.name),
            col(ProgramCompetency.target_level),
        )
        .join(ProgramCompetency, col(ProgramCompetency.competency_id) == col(Competency.id))
        .where(col(ProgramCompetency.program_id) == program.id)
        .order_by(col(Competency.code))
    ).all()
    return ProgramPublic(
        **{name: getattr(program, name) for name in _PUBLIC_ROW_FIELDS},
        path=DevelopmentPath(development_type.path),
        min_score=None if program.min_score is None else float(program.min_score),
        eligible_statuses=[EmployeeStatus(s) for s in program.eligible_statuses or []],
        eligible_position_types=program.eligible_position_types or [],
        competencies=[
            ProgramCompetencyPublic(competency_id=i, code=c, name=n, target_level=lvl)
            for i, c, n, lvl in targets
        ],
        prerequisite_program_ids=_prerequisites_of(db, program.id),
    )


_PUBLIC_ROW_FIELDS = tuple(
    name
    for name in ProgramPublic.model_fields
    if name
    not in (
        "path",
        "min_score",
        "eligible_statuses",
        "eligible_position_types",
        "competencies",
        "prerequisite_program_ids",
    )
)


def create_program(db: DbSession, data: ProgramCreate, actor: Principal) -> Program:
    """Write a new program as a draft; its code must be new (409)."""
    values = data.model_dump(exclude={"competencies", "prerequisite_program_ids"})
    _check(db, values, None, data.competencies, data.prerequisite_program_ids)
    rules.ensure_unique_code(db, data.code, None)
    program = Program(**_row_values(values), status=ProgramStatus.DRAFT.value)
    db.add(program)
    db.flush()
    _replace_sets(db, program.id, data.competencies, data.prerequisite_program_ids)
    audit.created(
        db,
        actor,
        ENTITY,
        program,
        _audit_view(program, data.competencies, data.prerequisite_program_ids),
    )
    _record_creation(db, program, actor)
    db.commit()  # a concurrent create of the code: the unique index, answered as 409
    return program


def update_program(
    db: DbSession,
    program_id: uuid.UUID,
    data: ProgramUpdate,
    if_match: str | None,
    actor: Principal,
) -> Program:
    """Change a program; the result is checked as a whole, as on create."""
    program = get_program(db, program_id, actor, Permission.PROGRAMS_WRITE)
    competencies = _competencies_of(db, program.id)
    prerequisites = _prerequisites_of(db, program.id)
    new_competencies = data.competencies if data.competencies is not None else competencies
    new_prerequisites = (
        data.prerequisite_program_ids
        if data.prerequisite_program_ids is not None
        else prerequisites
    )
    apply_update(
        db,
        program,
        lambda: _program_changes(db, program, data),
        if_match=if_match,
        actor=actor,
        entity_type=ENTITY,
        before=_audit_view(program, competencies, prerequisites),
        after=lambda: _audit_view(program, new_competencies, new_prerequisites),
    )
    return program


def _program_changes(db: DbSession, program: Program, data: ProgramUpdate) -> dict[str, Any]:
    changes = data.model_dump(exclude_unset=True)
    reject_nulls(changes, REQUIRED)
    fields = {name: changes[name] for name in ROW_FIELDS if name in changes}
    merged = {name: getattr(program, name) for name in ROW_FIELDS} | fields
    _check(db, merged, program.id, data.competencies, data.prerequisite_program_ids)
    if "code" in fields:
        rules.ensure_unique_code(db, fields["code"], program.id)
    if data.competencies is not None:
        _replace_competencies(db, program.id, data.competencies)
    if data.prerequisite_program_ids is not None:
        _replace_prerequisites(db, program.id, data.prerequisite_program_ids)
    return _row_values(fields)


def transition_program(
    db: DbSession, program_id: uuid.UUID, data: ProgramTransition, actor: Principal
) -> Program:
    """Move a program along its lifecycle (409 ``invalid-transition`` when not allowed)."""
    program = get_program(db, program_id, actor, Permission.PROGRAMS_WRITE)
    lifecycle.transition(db, PROGRAM, program, data.status.value, actor=actor, reason=data.reason)
    db.commit()
    return program


def program_history(
    db: DbSession, program_id: uuid.UUID, caller: Principal, params: PageParams
) -> tuple[list[lifecycle.StatusChangePublic], int]:
    """A page of the program's moves, oldest first (its creation as a draft the first)."""
    program = get_program(db, program_id, caller)
    return lifecycle.history(db, ENTITY, program.id, params)


def _check(
    db: DbSession,
    values: Mapping[str, Any],
    program_id: uuid.UUID | None,
    competencies: list[ProgramCompetencyIn] | None,
    prerequisites: list[uuid.UUID] | None,
) -> None:
    rules.check_program(db, values)
    if competencies is not None:
        rules.check_competencies_of(db, [item.competency_id for item in competencies])
    if prerequisites is not None:
        rules.check_prerequisites(db, program_id, prerequisites)


def _row_values(values: Mapping[str, Any]) -> dict[str, Any]:
    """Values as the row stores them: enums as their values, the sets deduplicated."""
    row = dict(values)
    if "min_score" in row and row["min_score"] is not None:
        row["min_score"] = Decimal(str(row["min_score"])).quantize(CENTS)
    for name in ("eligible_statuses", "eligible_position_types"):
        if name in row and row[name] is not None:
            unique = list(dict.fromkeys(str(getattr(v, "value", v)) for v in row[name]))
            row[name] = unique or None
    for name in ("periodicity", "excused_attendance"):
        if name in row and row[name] is not None:
            row[name] = str(getattr(row[name], "value", row[name]))
    return row


def _competencies_of(db: DbSession, program_id: uuid.UUID) -> list[ProgramCompetencyIn]:
    rows = db.execute(
        select(col(ProgramCompetency.competency_id), col(ProgramCompetency.target_level)).where(
            col(ProgramCompetency.program_id) == program_id
        )
    ).all()
    return [ProgramCompetencyIn(competency_id=c, target_level=level) for c, level in rows]


def _prerequisites_of(db: DbSession, program_id: uuid.UUID) -> list[uuid.UUID]:
    return list(
        db.execute(
            select(col(ProgramPrerequisite.required_program_id))
            .where(col(ProgramPrerequisite.program_id) == program_id)
            .order_by(col(ProgramPrerequisite.required_program_id))
        ).scalars()
    )


def _replace_sets(
    db: DbSession,
    program_id: uuid.UUID,
    competencies: list[ProgramCompetencyIn],
    prerequisites: list[uuid.UUID],
) -> None:
    _replace_competencies(db, program_id, competencies)
    _replace_prerequisites(db, program_id, prerequisites)


def _replace_competencies(
    db: DbSession, program_id: uuid.UUID, competencies: list[ProgramCompetencyIn]
) -> None:
    db.execute(delete(ProgramCompetency).where(col(ProgramCompetency.program_id) == program_id))
    if competencies:
        db.execute(
            insert(ProgramCompetency.__table__),  # type: ignore[attr-defined]
            [
                {
                    "program_id": program_id,
                    "competency_id": c.competency_id,
                    "target_level": c.target_level,
                }
                for c in competencies
            ],
        )


def _replace_prerequisites(db: DbSession, program_id: uuid.UUID, required: list[uuid.UUID]) -> None:
    db.execute(delete(ProgramPrerequisite).where(col(ProgramPrerequisite.program_id) == program_id))
    if required:
        db.execute(
            insert(ProgramPrerequisite.__table__),  # type: ignore[attr-defined]
            [{"program_id": program_id, "required_program_id": r} for r in required],
        )


def _audit_view(
    program: Program, competencies: list[ProgramCompetencyIn], prerequisites: list[uuid.UUID]
) -> dict[str, Any]:
    """The program's fields, as the audit log compares them (the sets as sorted strings)."""
    state = program.model_dump()
    if state.get("min_score") is not None:
        state["min_score"] = str(state["min_score"])
    state["competencies"] = sorted(f"{c.competency_id}:{c.target_level}" for c in competencies)
    state["prerequisite_program_ids"] = sorted(str(p) for p in prerequisites)
    return state


def _record_creation(db: DbSession, program: Program, actor: Principal) -> None:
    """The first entry of the program's history: written as a draft (audited as the create)."""
    db.add(
        StatusChange(
            id=new_id(),
            entity_type=ENTITY,
            entity_id=program.id,
            from_status=None,
            to_status=program.status,
            actor_type=actor.kind,
            actor_id=actor.id,
            actor_label=actor.label,
            occurred_at=utcnow(),
        )
    )
