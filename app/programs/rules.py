"""The rules a program's fields must keep, checked against the reference data and the catalogue.

Each check raises a 422 naming the field (``["body", field, ...]``) and a stable code; the
service runs them on the whole program as it would be (a PATCH merged into the current one),
so a change is validated as a create is.
"""

import uuid
from collections.abc import Mapping
from typing import Any

from sqlalchemy import exists, func, select
from sqlalchemy.orm import aliased
from sqlmodel import Session as DbSession
from sqlmodel import col

from app.competencies.service import check_competencies
from app.core.errors import Conflict, InvalidInput
from app.models import (
    DevelopmentType,
    Golongan,
    LeadershipSubtype,
    Partner,
    PositionType,
    Program,
    ProgramPrerequisite,
)


def _refuse(field: str | list[str | int], msg: str, code: str) -> InvalidInput:
    loc: list[str | int] = ["body", *([field] if isinstance(field, str) else field)]
    return InvalidInput.field(loc, msg, code)


def check_program(db: DbSession, values: Mapping[str, Any]) -> None:
    """The single-valued rules: type and sub-type, rank range, position types, partner."""
    check_development_type(db, values["development_type_id"], values.get("leadership_subtype_id"))
    check_rank_range(db, values.get("min_golongan_code"), values.get("max_golongan_code"))
    check_position_types(db, values.get("eligible_position_types") or [])
    partner_id = values.get("default_partner_id")
    if partner_id is not None and db.get(Partner, partner_id) is None:
        raise _refuse(
            "default_partner_id", f"Partner {partner_id} does not exist.", "unknown_partner"
        )


def check_development_type(db: DbSession, type_id: int, subtype_id: int | None) -> None:
    """An existing type; a leadership sub-type exactly when the type needs one."""
    development_type = db.get(DevelopmentType, type_id)
    if development_type is None:
        raise _refuse(
            "development_type_id",
            f"Development type {type_id} does not exist (1 to 25).",
            "unknown_development_type",
        )
    if development_type.needs_leadership_subtype and subtype_id is None:
        raise _refuse(
            "leadership_subtype_id",
            f"{development_type.name} is a leadership training: name its sub-type.",
            "leadership_subtype_required",
        )
    if not development_type.needs_leadership_subtype and subtype_id is not None:
        raise _refuse(
            "leadership_subtype_id",
            f"{development_type.name} has no leadership sub-type.",
            "leadership_subtype_not_allowed",
        )
    if subtype_id is not None and db.get(LeadershipSubtype, subtype_id) is None:
        raise _refuse(
            "leadership_subtype_id",
            f"Leadership sub-type {subtype_id} does not exist.",
            "unknown_leadership_subtype",
        )


def check_rank_range(db: DbSession, low_code: str | None, high_code: str | None) -> None:
    """Existing ranks, both PNS or both PPPK, the minimum not above the maximum."""
    codes = [c for c in (low_code, high_code) if c is not None]
    if not codes:
        return
    ranks = {
        r.code: r
        for r in db.execute(select(Golongan).where(col(Golongan.code).in_(codes))).scalars()
    }
    for field, code in (("min_golongan_code", low_code), ("max_golongan_code", high_code)):
        if code is not None and code not in ranks:
            raise _refuse(field, f"Unknown golongan {code!r}.", "unknown_golongan")
    if low_code is None or high_code is None:
        return
    low, high = ranks[low_code], ranks[high_code]
    if low.kind != high.kind:
        raise _refuse(
            "max_golongan_code",
            f"Golongan {low.code} is a {low.kind.upper()} rank and {high.code} a "
            f"{high.kind.upper()} one: a range is of one kind.",
            "golongan_kind_mismatch",
        )
    if low.sort_order > high.sort_order:
        raise _refuse(
            "max_golongan_code",
            f"The minimum rank {low.code} is above the maximum {high.code}.",
            "golongan_range",
        )


def check_position_types(db: DbSession, codes: list[str]) -> None:
    """Each an existing position type."""
    if not codes:
        return
    known = set(
        db.execute(select(col(PositionType.code)).where(col(PositionType.code).in_(codes)))
        .scalars()
        .all()
    )
    for index, code in enumerate(codes):
        if code not in known:
            raise _refuse(
                ["eligible_position_types", index],
                f"Unknown position type {code!r}.",
                "unknown_position_type",
            )


def check_competencies_of(db: DbSession, competency_ids: list[uuid.UUID]) -> None:
    """Each once, existing and not retired (the dictionary's rule)."""
    if competency_ids:
        check_competencies(db, competency_ids, field="competencies")


def check_prerequisites(
    db: DbSession, program_id: uuid.UUID | None, required_ids: list[uuid.UUID]
) -> None:
    """Existing programs, each once, never the program itself nor one that requires it."""
    if not required_ids:
        return
    field = "prerequisite_program_ids"
    if len(set(required_ids)) != len(required_ids):
        raise _refuse(field, "A program appears more than once.", "duplicate_prerequisite")
    known = set(
        db.execute(select(col(Program.id)).where(col(Program.id).in_(required_ids))).scalars()
    )
    for index, required in enumerate(required_ids):
        if required == program_id:
            raise _refuse([field, index], "A program cannot require itself.", "prerequisite_itself")
        if required not in known:
            raise _refuse([field, index], f"Program {required} does not exist.", "unknown_program")
    if program_id is not None and _required_by_any(db, program_id, required_ids):
        raise _refuse(
            field,
            "A program given as a prerequisite requires, directly or not, this program: the "
            "prerequisites would form a cycle.",
            "prerequisite_cycle",
        )


def _required_by_any(db: DbSession, program_id: uuid.UUID, starts: list[uuid.UUID]) -> bool:
    """Whether ``program_id`` is among the prerequisites, at any depth, of ``starts``
    (one recursive query; UNION, so the walk ends even on data that already loops)."""
    first = aliased(ProgramPrerequisite)
    chain = (
        select(col(first.required_program_id).label("id"))
        .where(col(first.program_id).in_(starts))
        .cte("chain", recursive=True)
    )
    edge = aliased(ProgramPrerequisite)
    chain = chain.union(
        select(col(edge.required_program_id)).join(chain, col(edge.program_id) == chain.c.id)
    )
    return bool(db.execute(select(exists().where(chain.c.id == program_id))).scalar())


def ensure_unique_code(db: DbSession, code: str, except_id: uuid.UUID | None) -> None:
    """A code no other program has, whatever the letter case (409)."""
    taken = select(col(Program.id)).where(func.lower(col(Program.code)) == code.lower())
    if except_id is not None:
        taken = taken.where(col(Program.id) != except_id)
    if db.execute(taken.limit(1)).first():
        raise Conflict(f"A program with the code {code!r} already exists.")
