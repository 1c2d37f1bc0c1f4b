"""Gap analysis in SQL: current levels, gaps, JPM, the unit x competency matrix.

The *current level* of a competency is the latest result of a counting method (a setting) that
has not expired (validity is a setting), read from the maintained ``current_level`` table
(``app.assessments.levels``) with the expiry applied here. Every function here runs a fixed
number of queries.
"""

import uuid
from datetime import date
from functools import cache
from typing import Any

from sqlalchemy import (
    Date,
    Uuid,
    and_,
    bindparam,
    case,
    exists,
    func,
    literal,
    select,
    union_all,
)
from sqlalchemy.orm import aliased
from sqlmodel import Session as DbSession
from sqlmodel import col

from app.assessments.levels import basis_column, check_current_levels, require_basis
from app.assessments.schemas import (
    MAX_MATRIX_COMPETENCIES,
    GapAnalysis,
    GapItem,
    GapMatrix,
    MatrixCell,
    MatrixCompetency,
    MatrixUnit,
)
from app.auth.policy import Permission
from app.auth.principal import Principal
from app.auth.scope import employee_scope, within
from app.competencies.service import effective_standards
from app.core.config import Settings
from app.core.errors import InvalidInput, NotFound
from app.core.listing import PageParams, paginate
from app.core.sql import unindexed
from app.models import Assessment, Competency, CurrentLevel, Employee, Position, Unit


def valid_from(settings: Settings, today: date) -> date:
    """The oldest assessment date that still counts."""
    months = today.year * 12 + today.month - 1 - settings.assessment_validity_months
    return date(months // 12, months % 12 + 1, min(today.day, 28))


def not_expired(settings: Settings, today: date) -> Any:
    """Condition on ``CurrentLevel``: the stored latest counting result has not expired."""
    return col(CurrentLevel.assessed_on) >= valid_from(settings, today)


def employee_gaps(
    db: DbSession,
    settings: Settings,
    today: date,
    caller: Principal,
    *,
    employee_id: uuid.UUID,
    target_position_id: uuid.UUID | None = None,
) -> GapAnalysis:
    """Each required competency: required, current, gap, source; JPM and its band.

    One statement (``_gap_statement``): the employee's row (absent if unknown or out of the
    caller's reach), the stored current-level basis, and the standard's rows joined to the
    person's current levels.
    """
    scope = employee_scope(caller, Permission.ASSESSMENTS_READ)
    statement = within(_gap_statement(), scope)
    rows = (
        db.connection()  # Core: no ORM result machinery
        .execute(
            statement,
            {
                "employee_id": employee_id,
                "target_position_id": target_position_id,
                "valid_from": valid_from(settings, today),
            },
        )
        .all()
    )
    if not rows:
        raise NotFound(f"Employee {employee_id} does not exist.")
    position_id = target_position_id or rows[0].held_position_id
    if position_id is None:
        raise InvalidInput.field(
            ["path", "employee_id"],
            "The employee holds no position: there is no standard to "
            "compare with; give target_position_id.",
            "no_position",
        )
    require_basis(rows[0].current_level_basis, settings)
    items = [_gap_item(row) for row in rows if row.competency_id is not None]
    if target_position_id is not None and not items and db.get(Position, position_id) is None:
        raise InvalidInput.field(
            ["query", "target_position_id"], "No such position.", "unknown_position"
        )
    required = sum(item.required_level for item in items)
    achieved = sum(item.current_level or 0 for item in items)
    # No standard is not a failing match: no JPM, no band, and the reason says so.
    jpm = round(min(100.0, achieved / required * 100), 2) if required else None
    return GapAnalysis(
        employee_id=employee_id,
        position_id=position_id,
        against="target_position" if target_position_id else "current_position",
        jpm=jpm,
        band=None if jpm is None else _band(settings, jpm),
        jpm_status="computed" if jpm is not None else "no_standard",
        assessed_competencies=sum(1 for item in items if item.current_level is not None),
        items=items,
    )


def _gap_item(r: Any) -> GapItem:
    return GapItem(
        competency_id=r.competency_id,
        code=r.code,
        name=r.name,
        required_level=r.required_level,
        standard_source=r.source,
        current_level=r.level,
        gap=None if r.level is None else r.level - r.required_level,
        assessment_id=r.assessment_id,
        assessed_on=r.assessed_on,
        method=r.method,
    )


@cache
def _gap_statement() -> Any:
    """Built once, with bound parameters (neither rebuilt nor recompiled per request).

    FROM the employee (one row, or none), LEFT JOIN the gap rows of the position compared with
    (``:target_position_id``, else the one held): the effective standard of that position only,
    joined to ``current_level`` by primary key with the expiry applied. A position without a
    standard gives one row with NULL competency columns.
    """
    employee_id = bindparam("employee_id", type_=Uuid())
    target = bindparam("target_position_id", type_=Uuid())
    held = select(col(Employee.position_id)).where(col(Employee.id) == employee_id)
    compared = select(func.coalesce(target, held.scalar_subquery()))
    standard = effective_standards(compared).subquery("standard")
    current = CurrentLevel
    gap = (
        select(
            standard.c.position_id,
            standard.c.competency_id,
            col(Competency.code),
            col(Competency.name),
            standard.c.required_level,
            standard.c.source,
            col(current.level),
            col(current.assessment_id),
            col(current.assessed_on),
            col(current.method),
        )
        .join(Competency, col(Competency.id) == standard.c.competency_id)
        .outerjoin(
            current,
            and_(
                col(current.employee_id) == employee_id,
                col(current.competency_id) == standard.c.competency_id,
                col(current.assessed_on) >= bindparam("valid_from", type_=Date()),
            ),
        )
    ).subquery("gap")
    return (
        select(
            col(Employee.position_id).label("held_position_id"),
            basis_column(),
            *(column for column in gap.c if column.name != "position_id"),
        )
        .select_from(Employee)
        .outerjoin(gap, gap.c.position_id == func.coalesce(target, col(Employee.position_id)))
        .where(col(Employee.id) == employee_id)
        .order_by(gap.c.code)
    )


def _band(settings: Settings, jpm: float) -> Any:
    if jpm >= settings.jpm_band_ms_min:
        return "MS"
    return "MMS" if jpm >= settings.jpm_band_mms_min else "KMS"


def _row_page(db: DbSession, unit_id: uuid.UUID | None, params: PageParams) -> list[Any]:
    """A page of the matrix's rows (id, code, name, direct), in code order.

    Rows are the children of ``unit_id`` (or the top units); when a unit is asked for, the
    unit itself is one more row (sorted first), for the people placed directly in it. A
    large OPD has thousands of children (its schools): the rows are paged. Read first, so
    the cell query names its rows by id (a page of rows joined as a CTE misled
    PostgreSQL's estimates tenfold).
    """
    columns = (col(Unit.id), col(Unit.code), col(Unit.name))
    children: Any = select(
        *columns, literal(False).label("direct"), col(Unit.code).label("sort_key")
    ).where(col(Unit.parent_id) == unit_id if unit_id else col(Unit.parent_id).is_(None))
    rows = children
    if unit_id is not None:
        itself = select(*columns, literal(True), literal("")).where(col(Unit.id) == unit_id)
        rows = union_all(children, itself)
    listed = rows.subquery("matrix_row")
    statement = (
        select(listed.c.id, listed.c.code, listed.c.name, listed.c.direct)
        .order_by(listed.c.sort_key)
        .limit(params.limit)
        .offset(params.offset)
    )
    return list(db.execute(statement).all())


def _row_count(db: DbSession, unit_id: uuid.UUID | None) -> int:
    parent = col(Unit.parent_id) == unit_id if unit_id else col(Unit.parent_id).is_(None)
    children: int = db.execute(select(func.count()).select_from(Unit).where(parent)).scalar_one()
    return children + (1 if unit_id is not None else 0)


def _row_units(page: list[Any]) -> Any:
    """(row_id, unit_id): each row unit of the page with every unit of its subtree (the
    unit's own row: the unit alone). Joined at the unit level (thousands of rows), so
    people are then matched by an equi-join on their unit."""
    row, member = aliased(Unit), aliased(Unit)
    subtrees = [r.id for r in page if not r.direct]
    parts: list[Any] = [
        select(col(row.id).label("row_id"), col(member.id).label("unit_id"))
        .select_from(row)
        .join(member, col(member.path).like(col(row.path) + "%"))
        .where(col(row.id).in_(subtrees))
    ]
    parts += [
        select(literal(r.id, Uuid()).label("row_id"), literal(r.id, Uuid()).label("unit_id"))
        for r in page
        if r.direct
    ]
    return union_all(*parts) if len(parts) > 1 else parts[0]


def gap_matrix(
    db: DbSession,
    settings: Settings,
    today: date,
    caller: Principal,
    *,
    unit_id: uuid.UUID | None,
    position_id: uuid.UUID | None,
    params: PageParams,
) -> GapMatrix:
    """A page of rows (the children of ``unit_id``, or the top units) x competencies, in
    five queries: the unit check, the basis, the row count, the page's rows and the cells.
    """
    if unit_id is not None and db.get(Unit, unit_id) is None:
        raise InvalidInput.field(["query", "unit_id"], "No such unit.", "unknown_unit")
    check_current_levels(db, settings)
    total = _row_count(db, unit_id)
    page = _row_page(db, unit_id, params)
    units = [MatrixUnit(id=r.id, code=r.code, name=r.name) for r in page]
    if not page:
        return _matrix(units, [], total, params)
    row_units = _row_units(page).cte("row_unit")
    people = (
        select(
            row_units.c.row_id,
            col(Employee.id).label("employee_id"),
            col(Employee.position_id).label("position_id"),
        )
        .join(row_units, row_units.c.unit_id == col(Employee.unit_id))
        # SQLite: seek employees by unit, not by the is_active index (app.core.sql.unindexed).
        .where(unindexed(col(Employee.is_active)), col(Employee.position_id).is_not(None))
    )
    people = within(people, employee_scope(caller, Permission.ASSESSMENTS_READ))
    if position_id is not None:
        people = people.where(col(Employee.position_id) == position_id)
    held = people.cte("people")
    standard = effective_standards(select(held.c.position_id)).subquery("standard")
    # Per person and required competency, the current level: one row of current_level.
    pairs = (
        select(
            held.c.row_id,
            standard.c.competency_id,
            standard.c.required_level,
            col(CurrentLevel.level).label("level"),
        )
        .select_from(held)
        .join(standard, standard.c.position_id == held.c.position_id)
        .outerjoin(
            CurrentLevel,
            and_(
                col(CurrentLevel.employee_id) == held.c.employee_id,
                col(CurrentLevel.competency_id) == standard.c.competency_id,
                not_expired(settings, today),
            ),
        )
    ).subquery("pairs")
    gap = pairs.c.level - pairs.c.required_level
    grouped = (
        select(
            pairs.c.row_id,
            pairs.c.competency_id,
            func.count().label("employees"),
            func.count(pairs.c.level).label("assessed"),
            func.coalesce(func.sum(case((gap < 0, 1), else_=0)), 0).label("below"),
            func.avg(gap).label("average_gap"),
        ).group_by(pairs.c.row_id, pairs.c.competency_id)
    ).subquery("cells")
    rows = db.execute(
        select(grouped, col(Competency.code), col(Competency.name))
        .join(Competency, col(Competency.id) == grouped.c.competency_id)
        .order_by(grouped.c.row_id, col(Competency.code))
    ).all()
    competencies = {row[1] for row in rows}
    if len(competencies) > MAX_MATRIX_COMPETENCIES:
        raise InvalidInput.field(
            ["query", "unit_id"],
            f"These rows are held to {len(competencies):,} competencies; a matrix shows at "
            f"most {MAX_MATRIX_COMPETENCIES:,}. Narrow it with position_id or a smaller unit.",
            "matrix_too_large",
        )
    return _matrix(units, list(rows), total, params)


def _matrix(units: list[MatrixUnit], rows: list[Any], total: int, params: PageParams) -> GapMatrix:
    competencies: dict[uuid.UUID, MatrixCompetency] = {}
    cells = []
    for row_id, competency_id, employees, assessed, below, average, code, name in rows:
        competencies.setdefault(
            competency_id, MatrixCompetency(id=competency_id, code=code, name=name)
        )
        cells.append(
            MatrixCell(
                unit_id=row_id,
                competency_id=competency_id,
                employees=employees,
                assessed=assessed,
                below_standard=below,
                average_gap=None if average is None else round(float(average), 3),
            )
        )
    order = {unit.id: n for n, unit in enumerate(units)}
    cells.sort(key=lambda cell: order[cell.unit_id])  # stable: competency code order kept
    return GapMatrix(
        units=units,
        competencies=sorted(competencies.values(), key=lambda c: c.code),
        cells=cells,
        total_units=total,
        limit=params.limit,
        offset=params.offset,
    )


def unassessed(
    db: DbSession,
    settings: Settings,
    today: date,
    caller: Principal,
    *,
    params: PageParams,
    unit_id: uuid.UUID | None,
) -> tuple[list[Any], int]:
    """Active employees never assessed by a counting method, or whose latest has expired."""
    # Per person, a seek on ix_assessment_employee_on (a few rows each), instead of grouping
    # every assessment of the city per request.
    last = (
        select(func.max(col(Assessment.assessed_on)))
        .where(
            col(Assessment.employee_id) == col(Employee.id),
            col(Assessment.method).in_(settings.assessment_counting_methods),
        )
        .scalar_subquery()
    )
    statement: Any = select(
        col(Employee.id),
        col(Employee.nip),
        col(Employee.name),
        col(Employee.unit_id),
        last.label("last"),
    ).where(
        unindexed(col(Employee.is_active)),  # SQLite: a table scan beats the index walk
        ~exists().where(
            col(Assessment.employee_id) == col(Employee.id),
            col(Assessment.method).in_(settings.assessment_counting_methods),
            col(Assessment.assessed_on) >= valid_from(settings, today),
        ),
    )
    statement = within(statement, employee_scope(caller, Permission.ASSESSMENTS_READ))
    if unit_id is not None:
        unit = db.get(Unit, unit_id)
        if unit is None:
            raise InvalidInput.field(["query", "unit_id"], "No such unit.", "unknown_unit")
        inside = select(col(Unit.id)).where(col(Unit.path).like(unit.path + "%"))
        statement = statement.where(col(Employee.unit_id).in_(inside))
    return paginate(db, statement, params, [col(Employee.name), col(Employee.id)])
