"""Gap analysis in SQL: current levels, gaps, JPM, the unit x competency matrix.

The *current level* of a competency is the latest result of a counting method (a setting) that
has not expired (validity is a setting), read from the maintained ``current_level`` table
(``app.assessments.levels``) with the expiry applied here. Every function here runs a fixed
number of queries.
"""

import uuid
from datetime import date
from typing import Any

from sqlalchemy import and_, case, func, literal, select, union_all
from sqlalchemy.orm import aliased
from sqlmodel import Session as DbSession
from sqlmodel import col

from app.assessments.levels import check_current_levels
from app.assessments.schemas import (
    GapAnalysis,
    GapItem,
    GapMatrix,
    MatrixCell,
    MatrixCompetency,
    MatrixUnit,
)
from app.competencies.service import effective_standards
from app.core.config import Settings
from app.core.errors import InvalidInput, NotFound
from app.core.listing import PageParams, paginate
from app.models import Assessment, Competency, CurrentLevel, Employee, Position, Unit


def valid_from(settings: Settings, today: date) -> date:
    """The oldest assessment date that still counts."""
    months = today.year * 12 + today.month - 1 - settings.assessment_validity_months
    return date(months // 12, months % 12 + 1, min(today.day, 28))


def current_levels(settings: Settings, today: date) -> Any:
    """Condition on ``CurrentLevel``: the stored latest counting result has not expired."""
    return col(CurrentLevel.assessed_on) >= valid_from(settings, today)


def employee_gaps(
    db: DbSession,
    settings: Settings,
    today: date,
    *,
    employee_id: uuid.UUID,
    scope: Any | None,
    target_position_id: uuid.UUID | None = None,
) -> GapAnalysis:
    """Each required competency: required, current, gap, source; JPM and its band."""
    statement = select(col(Employee.position_id)).where(col(Employee.id) == employee_id)
    if scope is not None:
        statement = statement.where(scope)
    row = db.execute(statement).first()
    if row is None:
        raise NotFound(f"Employee {employee_id} does not exist.")
    position_id = target_position_id or row[0]
    if position_id is None:
        raise InvalidInput.field(
            ["path", "employee_id"],
            "The employee holds no position: there is no standard to "
            "compare with; give target_position_id.",
            "no_position",
        )
    check_current_levels(db, settings)
    items = _gap_items(db, settings, today, employee_id, position_id)
    if target_position_id is not None and not items and db.get(Position, position_id) is None:
        raise InvalidInput.field(
            ["query", "target_position_id"], "No such position.", "unknown_position"
        )
    required = sum(item.required_level for item in items)
    achieved = sum(item.current_level or 0 for item in items)
    jpm = round(min(100.0, achieved / required * 100), 2) if required else 0.0
    return GapAnalysis(
        employee_id=employee_id,
        position_id=position_id,
        against="target_position" if target_position_id else "current_position",
        jpm=jpm,
        band=_band(settings, jpm),
        assessed_competencies=sum(1 for item in items if item.current_level is not None),
        items=items,
    )


def _gap_items(
    db: DbSession,
    settings: Settings,
    today: date,
    employee_id: uuid.UUID,
    position_id: uuid.UUID,
) -> list[GapItem]:
    standard = effective_standards(select(literal(position_id))).subquery("standard")
    current = CurrentLevel
    rows = db.execute(
        select(
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
                current_levels(settings, today),
            ),
        )
        .where(standard.c.position_id == position_id)
        .order_by(col(Competency.code))
    )
    return [
        GapItem(
            competency_id=r[0],
            code=r[1],
            name=r[2],
            required_level=r[3],
            standard_source=r[4],
            current_level=r[5],
            gap=None if r[5] is None else r[5] - r[3],
            assessment_id=r[6],
            assessed_on=r[7],
            method=r[8],
        )
        for r in rows
    ]


def _band(settings: Settings, jpm: float) -> Any:
    if jpm >= settings.jpm_band_ms_min:
        return "MS"
    return "MMS" if jpm >= settings.jpm_band_mms_min else "KMS"


def _membership(unit_id: uuid.UUID | None) -> Any:
    """(row_id, employee_id): each row unit with everyone in its subtree."""
    row, member_unit = aliased(Unit), aliased(Unit)
    by_subtree: Any = (
        select(col(row.id).label("row_id"), col(Employee.id).label("employee_id"))
        .select_from(Employee)
        .join(member_unit, col(member_unit.id) == col(Employee.unit_id))
        .join(row, col(member_unit.path).like(col(row.path) + "%"))
        .where(col(row.parent_id) == unit_id if unit_id else col(row.parent_id).is_(None))
    )
    if unit_id is None:
        return by_subtree.subquery("membership")
    direct: Any = select(
        literal(unit_id).label("row_id"), col(Employee.id).label("employee_id")
    ).where(col(Employee.unit_id) == unit_id)
    return union_all(by_subtree, direct).subquery("membership")


def gap_matrix(
    db: DbSession,
    settings: Settings,
    today: date,
    *,
    unit_id: uuid.UUID | None,
    position_id: uuid.UUID | None,
    scope: Any | None,
) -> GapMatrix:
    """Units (the children of ``unit_id``, or the roots) x competencies, in two queries."""
    if unit_id is not None and db.get(Unit, unit_id) is None:
        raise InvalidInput.field(["query", "unit_id"], "No such unit.", "unknown_unit")
    check_current_levels(db, settings)
    members = _membership(unit_id)
    people = select(col(Employee.id)).where(col(Employee.is_active))
    people = people.where(scope) if scope is not None else people
    if position_id is not None:
        people = people.where(col(Employee.position_id) == position_id)
    people = people.where(col(Employee.id).in_(select(members.c.employee_id)))
    held = select(col(Employee.position_id)).where(col(Employee.id).in_(people))
    standard = effective_standards(held).subquery("standard")
    # Per person and required competency, the current level: one row of current_level.
    pairs = (
        select(
            members.c.row_id,
            standard.c.competency_id,
            standard.c.required_level,
            col(CurrentLevel.level).label("level"),
        )
        .select_from(members)
        .join(Employee, col(Employee.id) == members.c.employee_id)
        .join(standard, standard.c.position_id == col(Employee.position_id))
        .outerjoin(
            CurrentLevel,
            and_(
                col(CurrentLevel.employee_id) == col(Employee.id),
                col(CurrentLevel.competency_id) == standard.c.competency_id,
                current_levels(settings, today),
            ),
        )
        .where(col(Employee.id).in_(people))
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
        select(grouped, col(Unit.code), col(Unit.name), col(Competency.code), col(Competency.name))
        .join(Unit, col(Unit.id) == grouped.c.row_id)
        .join(Competency, col(Competency.id) == grouped.c.competency_id)
        .order_by(col(Unit.code), col(Competency.code))
    ).all()
    return _matrix(list(rows))


def _matrix(rows: list[Any]) -> GapMatrix:
    units: dict[uuid.UUID, MatrixUnit] = {}
    competencies: dict[uuid.UUID, MatrixCompetency] = {}
    cells = []
    for row_id, competency_id, employees, assessed, below, average, uc, un, cc, cn in rows:
        units.setdefault(row_id, MatrixUnit(id=row_id, code=uc, name=un))
        competencies.setdefault(competency_id, MatrixCompetency(id=competency_id, code=cc, name=cn))
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
    ordered = sorted(competencies.values(), key=lambda c: c.code)
    return GapMatrix(units=list(units.values()), competencies=ordered, cells=cells)


def unassessed(
    db: DbSession,
    settings: Settings,
    today: date,
    *,
    params: PageParams,
    unit_id: uuid.UUID | None,
    scope: Any | None,
) -> tuple[list[Any], int]:
    """Active employees never assessed by a counting method, or whose latest has expired."""
    last = (
        select(col(Assessment.employee_id), func.max(col(Assessment.assessed_on)).label("last"))
        .where(col(Assessment.method).in_(settings.assessment_counting_methods))
        .group_by(col(Assessment.employee_id))
        .subquery("last_assessment")
    )
    statement = (
        select(
            col(Employee.id),
            col(Employee.nip),
            col(Employee.name),
            col(Employee.unit_id),
            last.c.last,
        )
        .outerjoin(last, last.c.employee_id == col(Employee.id))
        .where(
            col(Employee.is_active),
            (last.c.last.is_(None)) | (last.c.last < valid_from(settings, today)),
        )
    )
    if scope is not None:
        statement = statement.where(scope)
    if unit_id is not None:
        unit = db.get(Unit, unit_id)
        if unit is None:
            raise InvalidInput.field(["query", "unit_id"], "No such unit.", "unknown_unit")
        inside = select(col(Unit.id)).where(col(Unit.path).like(unit.path + "%"))
        statement = statement.where(col(Employee.unit_id).in_(inside))
    return paginate(db, statement, params, [col(Employee.name), col(Employee.id)])
