"""The 20 JP report, from one employee to the whole city, computed by the database.

Who is counted: the active employees within the caller's reach (an operator their OPD, a
supervisor their reports and themself, an employee themself, auditors and admins the city),
appointed by the year's end (their NIP gives the year). Their JP of a year come from the yearly
totals (``app.learning.totals``), with the conversion rules applied as they are read
(``app.learning.rules``) and the target of their status (PNS and CPNS: ``jp_target_pns``;
PPPK: ``jp_target_pppk``). JP counted are summed in hundredths, as integers, so a median or a
target met is exact. Every figure is one statement, the same SQL on SQLite and PostgreSQL: a
median is read from a histogram of the group's JP counted (``_summaries``).
"""

import uuid
from functools import cache
from typing import Any

from sqlalchemy import (
    BigInteger,
    Float,
    Integer,
    and_,
    bindparam,
    case,
    cast,
    func,
    literal,
    select,
    union_all,
)
from sqlmodel import Session as DbSession
from sqlmodel import col

from app.auth.policy import Permission, Reach
from app.auth.principal import Principal
from app.auth.scope import employee_scope, require_unit_in_scope
from app.core.config import Settings
from app.core.errors import NotFound
from app.core.listing import PageParams, order_by
from app.learning import rules, totals
from app.learning.schemas import LearningRecordPublic
from app.learning.service import PNS_LIKE, jp_counted
from app.models import (
    DevelopmentType,
    Employee,
    Golongan,
    JpConversionRule,
    LearningRecord,
    LearningTotal,
    Position,
    PositionType,
    Unit,
)
from app.models.enums import DevelopmentPath, LearningStatus
from app.units.service import opd_of_units

BY = ("opd", "golongan", "position_type", "status")
BELOW_SORTS = ("shortfall", "name", "nip", "jp_counted")


def target_of(settings: Settings, status: Any) -> Any:
    """The JP target of an employee's status (a setting per PNS and PPPK)."""
    return case(
        (status.in_(PNS_LIKE), literal(settings.jp_target_pns)),
        else_=literal(settings.jp_target_pppk),
    )


def _unit_path(db: DbSession, unit_id: uuid.UUID) -> str:
    path: str | None = db.execute(
        select(col(Unit.path)).where(col(Unit.id) == unit_id)
    ).scalar_one_or_none()
    if path is None:
        raise NotFound(f"Unit {unit_id} does not exist.")
    return path


def scored(
    db: DbSession,
    caller: Principal,
    settings: Settings,
    year: Any,
    unit_id: uuid.UUID | None,
    *extra: Any,
    years: Any = None,
) -> Any:
    """SELECT of each counted employee (of ``year``, or of each year of ``years``, a
    subquery with a ``year`` column) with their JP counted in hundredths (``centi``) and
    target; ``extra`` columns of ``Employee`` added."""
    totals.check(db, settings)
    weights = rules.weights(db)
    total = LearningTotal.__table__  # type: ignore[attr-defined]
    employee = Employee
    conditions: list[Any] = [
        col(employee.is_active),
        employee_scope(caller, Permission.LEARNING_READ),
    ]
    if unit_id is not None:
        require_unit_in_scope(db, caller, Permission.LEARNING_READ, unit_id, ["query", "unit_id"])
        under = select(col(Unit.id)).where(col(Unit.path).like(_unit_path(db, unit_id) + "%"))
        conditions.append(col(employee.unit_id).in_(under))
    appointed = cast(func.substr(col(employee.nip), 9, 4), Integer)
    year_column = year if years is None else years.c.year
    conditions.append(appointed <= year_column)
    columns = [
        col(employee.id).label("employee_id"),
        col(employee.nip).label("nip"),
        col(employee.name).label("name"),
        col(employee.unit_id).label("unit_id"),
        col(employee.status).label("status"),
        *extra,
        func.coalesce(weights.counted(total), 0).label("centi"),
        (target_of(settings, col(employee.status)) * 100).label("target_centi"),
    ]
    if years is not None:
        columns.insert(0, years.c.year.label("year"))
    statement = select(*columns).select_from(employee)
    if years is not None:
        statement = statement.join(years, literal(True))
    return statement.outerjoin(
        total,
        and_(total.c.employee_id == col(employee.id), total.c.year == year_column),
    ).where(*conditions)


def _summaries(rows: Any, group: Any) -> Any:
    """Per group of ``rows`` (a subquery with ``centi`` and ``target_centi``): employees, met,
    average and median JP counted (hundredths).

    The people are first counted per group and JP counted (a histogram: one hash aggregate,
    a few hundred rows per group, since JP counted are sums of whole JP), and the median is
    read from the histogram's running count: the middle one or two people are the first
    whose running count reaches ``(n + 1) / 2`` and ``n / 2 + 1``. No window orders the
    people themselves: at a million people, sorting each group's people for the median took
    two thirds of the statement.
    """
    histogram = (
        select(
            group.label("grp"),
            rows.c.centi.label("centi"),
            func.count().label("people"),
            func.sum(case((rows.c.centi >= rows.c.target_centi, 1), else_=0)).label("met"),
        )
        .group_by(group, rows.c.centi)
        .subquery("histogram")
    )
    running = select(
        histogram,
        cast(
            func.sum(histogram.c.people).over(
                partition_by=histogram.c.grp, order_by=histogram.c.centi
            ),
            BigInteger,
        ).label("upto"),
        cast(func.sum(histogram.c.people).over(partition_by=histogram.c.grp), BigInteger).label(
            "n"
        ),
    ).subquery("running")
    low = (running.c.n + 1) // 2
    high = running.c.n // 2 + 1
    first_at = func.min(case((running.c.upto >= low, running.c.centi)))
    second_at = func.min(case((running.c.upto >= high, running.c.centi)))
    people = func.sum(running.c.people)
    return select(
        running.c.grp,
        people.label("employees"),
        func.sum(running.c.met).label("met"),
        (cast(func.sum(running.c.centi * running.c.people), Float) / people).label("average"),
        (cast(first_at + second_at, Float) / 2).label("median"),
    ).group_by(running.c.grp)


def _summary(key: Any, label: Any, row: Any) -> dict[str, Any]:
    employees = int(row.employees or 0) if row is not None else 0
    met = int(row.met or 0) if row is not None else 0
    return {
        "key": None if key is None else str(key),
        "label": label,
        "employees": employees,
        "met": met,
        "percent_met": round(100.0 * met / employees, 1) if employees else None,
        "average_jp": _jp(row.average) if employees else None,
        "median_jp": _jp(row.median) if employees else None,
    }


def _jp(centi: Any) -> float:
    return round(float(centi or 0) / 100.0, 2)


def summary(
    db: DbSession, caller: Principal, settings: Settings, year: int, unit_id: uuid.UUID | None
) -> dict[str, Any]:
    """Employees of a unit subtree (or everyone within reach) against the target."""
    rows = scored(db, caller, settings, year, unit_id).subquery("scored")
    row = db.execute(_summaries(rows, literal(1))).first()
    return {"year": year, "unit_id": unit_id, "summary": _summary(None, None, row)}


def breakdown(
    db: DbSession,
    caller: Principal,
    settings: Settings,
    year: int,
    by: str,
    unit_id: uuid.UUID | None,
) -> dict[str, Any]:
    """The summary per OPD, golongan, position type or status; groups by their label."""
    if by == "opd":
        opd_of = opd_of_units(db)
        rows = scored(db, caller, settings, year, unit_id).subquery("scored")
        source = (
            select(rows, opd_of.c.opd_id.label("grp"))
            .outerjoin(opd_of, opd_of.c.unit_id == rows.c.unit_id)
            .subquery("grouped")
        )
        labels = dict(
            db.execute(select(col(Unit.id), col(Unit.name)).where(col(Unit.is_opd))).all()
        )
    else:
        column = {
            "golongan": col(Employee.golongan_code),
            "position_type": col(Position.position_type_code),
            "status": col(Employee.status),
        }[by]
        statement = scored(db, caller, settings, year, unit_id, column.label("grp"))
        if by == "position_type":
            statement = statement.outerjoin(Position, col(Position.id) == col(Employee.position_id))
        source = statement.subquery("grouped")
        labels = _labels(db, by)
    result = db.execute(_summaries(source, source.c.grp)).all()
    groups = [_summary(row.grp, labels.get(row.grp, row.grp), row) for row in result]
    groups.sort(key=lambda g: (g["label"] is None, str(g["label"] or "")))
    return {"year": year, "by": by, "groups": groups}


def _labels(db: DbSession, by: str) -> dict[Any, Any]:
    if by == "golongan":
        rows = db.execute(select(col(Golongan.code), col(Golongan.pangkat))).all()
        return {code: f"{code} {pangkat}" if pangkat else code for code, pangkat in rows}
    if by == "position_type":
        return dict(db.execute(select(col(PositionType.code), col(PositionType.name))).all())
    return {}


def trend(
    db: DbSession,
    caller: Principal,
    settings: Settings,
    first: int,
    last: int,
    unit_id: uuid.UUID | None,
) -> dict[str, Any]:
    """The summary per year, ``first`` to ``last``."""
    years = union_all(
        *(select(literal(year, Integer).label("year")) for year in range(first, last + 1))
    ).subquery("years")
    rows = scored(db, caller, settings, None, unit_id, years=years).subquery("scored")
    found = {row.grp: row for row in db.execute(_summaries(rows, rows.c.year)).all()}
    return {
        "unit_id": unit_id,
        "years": [_summary(year, str(year), found.get(year)) for year in range(first, last + 1)],
    }


def below_target(
    db: DbSession,
    caller: Principal,
    settings: Settings,
    year: int,
    unit_id: uuid.UUID | None,
    params: PageParams,
    sort: str,
) -> tuple[list[dict[str, Any]], int]:
    """Who is below their target, with how far below: a page, and the total."""
    rows = scored(db, caller, settings, year, unit_id).subquery("scored")
    below = rows.c.centi < rows.c.target_centi
    shortfall = (rows.c.target_centi - rows.c.centi).label("shortfall_centi")
    total = db.execute(select(func.count()).select_from(rows).where(below)).scalar_one()
    if params.offset and params.offset >= total:
        return [], total
    columns = {
        "shortfall": shortfall,
        "name": rows.c.name,
        "nip": rows.c.nip,
        "jp_counted": rows.c.centi,
    }
    page = db.execute(
        select(rows, shortfall)
        .where(below)
        .order_by(*order_by(sort, columns), rows.c.employee_id)
        .limit(params.limit)
        .offset(params.offset)
    ).all()
    return [
        {
            "employee_id": row.employee_id,
            "nip": row.nip,
            "name": row.name,
            "unit_id": row.unit_id,
            "status": row.status,
            "target": int(row.target_centi) // 100,
            "jp_counted": _jp(row.centi),
            "shortfall": _jp(row.shortfall_centi),
        }
        for row in page
    ], int(total)


# The record's columns the API shows (its public shape less the computed ``jp_counted``).
RECORD_COLUMNS = tuple(
    name
    for name in LearningRecordPublic.model_fields
    if name in LearningRecord.__table__.c  # type: ignore[attr-defined]
)


@cache
def _employee_statements(basis: str) -> tuple[Any, Any]:
    """The records of one person's year (with their JP counted) and their totals per type and
    status, for the year basis ``basis``: built once, the person, year and statuses bound
    (``employee_id``, ``year``, ``statuses``) at each call. Run on the Core connection, they
    give rows, not ORM objects: building and loading those was most of the report's CPU."""
    record = LearningRecord
    conditions = [
        col(record.employee_id) == bindparam("employee_id"),
        totals.year_of(basis) == bindparam("year"),
        col(record.status).in_(bindparam("statuses", expanding=True)),
        col(record.duplicate_of_id).is_(None),
    ]
    table = record.__table__  # type: ignore[attr-defined]
    found = (
        select(*(table.c[name] for name in RECORD_COLUMNS), jp_counted())
        .select_from(table)
        .outerjoin(
            JpConversionRule,
            col(JpConversionRule.development_type_id) == col(record.development_type_id),
        )
        .where(*conditions)
        .order_by(col(record.end_date), col(record.id))
        .limit(10_000)
    )
    percent = func.coalesce(col(JpConversionRule.percent), 100)
    groups: Any = (
        select(
            col(record.development_type_id).label("type_id"),
            col(DevelopmentType.name).label("name"),
            col(record.path).label("path"),
            col(record.status).label("status"),
            func.count().label("records"),
            func.sum(col(record.jp)).label("jp"),
            func.sum(col(record.jp) * percent).label("centi"),
        )
        .join(DevelopmentType, col(DevelopmentType.id) == col(record.development_type_id))
        .outerjoin(
            JpConversionRule,
            col(JpConversionRule.development_type_id) == col(record.development_type_id),
        )
        .where(*conditions)
        .group_by(
            col(record.development_type_id),
            col(DevelopmentType.name),
            col(record.path),
            col(record.status),
        )
        .order_by(col(record.development_type_id))
    )
    return found, groups


def employee_year(
    db: DbSession, caller: Principal, settings: Settings, employee_id: uuid.UUID, year: int
) -> dict[str, Any]:
    """One employee's year: totals, by path and type, the target, the records behind it (as
    mappings of the record's columns and ``jp_counted``); and what is pending, to the person
    themself and to those who verify."""
    connection = db.connection()
    person = connection.execute(
        select(col(Employee.id), col(Employee.nip), col(Employee.name), col(Employee.status)).where(
            col(Employee.id) == employee_id, employee_scope(caller, Permission.LEARNING_READ)
        )
    ).first()
    if person is None:
        raise NotFound(f"Employee {employee_id} does not exist.")
    shows_pending = caller.employee_id == employee_id or bool(
        caller.reaches(Permission.LEARNING_VERIFY) & {Reach.ALL, Reach.OPD}
    )
    statuses = [LearningStatus.VERIFIED.value]
    if shows_pending:
        statuses.append(LearningStatus.PROPOSED.value)
    params = {"employee_id": employee_id, "year": year, "statuses": statuses}
    found_statement, groups_statement = _employee_statements(settings.jp_year_basis.value)
    found = [row._mapping for row in connection.execute(found_statement, params)]
    groups = connection.execute(groups_statement, params).all()
    counting = [g for g in groups if g.status == LearningStatus.VERIFIED.value]
    pending = [g for g in groups if g.status == LearningStatus.PROPOSED.value]
    jp = sum(int(g.jp) for g in counting)
    counted = sum(int(g.centi) for g in counting)
    klasikal = sum(int(g.centi) for g in counting if g.path == DevelopmentPath.KLASIKAL.value)
    by_type = [
        {
            "development_type_id": g.type_id,
            "name": g.name,
            "path": g.path,
            "records": int(g.records),
            "jp": int(g.jp),
            "jp_counted": _jp(g.centi),
        }
        for g in counting
    ]
    target = settings.jp_target_pns if person.status in PNS_LIKE else settings.jp_target_pppk
    return {
        "employee_id": person.id,
        "nip": person.nip,
        "name": person.name,
        "status": person.status,
        "year": year,
        "target": target,
        "jp": jp,
        "jp_counted": _jp(counted),
        "jp_klasikal": _jp(klasikal),
        "jp_nonklasikal": _jp(counted - klasikal),
        "hours": round(counted / 100.0 * settings.minutes_per_jp / 60.0, 2),
        "met": counted >= target * 100,
        "shortfall": _jp(max(0, target * 100 - counted)),
        "by_type": by_type,
        "pending_jp": sum(int(g.jp) for g in pending) if shows_pending else None,
        "pending_records": sum(int(g.records) for g in pending) if shows_pending else None,
        "records": found,
    }
