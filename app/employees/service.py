"""Employees: identity rules, rank consistency, search and scoped listing."""

import uuid
from functools import cache
from typing import Any

from sqlalchemy import Select, Uuid, and_, bindparam, exists, func, literal, select, true
from sqlalchemy.orm import aliased
from sqlmodel import Session as DbSession
from sqlmodel import col

from app.audit import service as audit
from app.auth.policy import SELF_EDITABLE_EMPLOYEE_FIELDS, Permission, Reach
from app.auth.principal import Principal
from app.auth.scope import (
    employee_scope,
    require_unit_in_scope,
    sees_personal_data,
    unit_filter_reach,
    units_under,
    within,
)
from app.core.clock import today
from app.core.config import Settings
from app.core.errors import Conflict, Forbidden, InvalidInput, NotFound, reject_nulls
from app.core.listing import PageParams, bounded_count, contains_pattern, order_by, paginate
from app.core.sql import sort_unindexed
from app.core.updates import apply_update
from app.employees.identifiers import IdentifierError, check_nik, parse_pns_nip, parse_pppk_nip
from app.employees.schemas import EmployeeCreate, EmployeeUpdate
from app.models import Employee, Golongan, Position, Unit
from app.models.enums import EmployeeStatus, Sex
from app.units.service import subtree_filter

SORT_COLUMNS: dict[str, Any] = {
    "name": col(Employee.name),
    "nip": col(Employee.nip),
    "birth_date": col(Employee.birth_date),
    "created_at": col(Employee.created_at),
}
# Columns of a list row: the employee with its unit and position summaries, one query.
LIST_COLUMNS: tuple[Any, ...] = (
    col(Employee.id),
    col(Employee.nip),
    col(Employee.name),
    col(Employee.front_title),
    col(Employee.back_title),
    col(Employee.sex),
    col(Employee.birth_date),
    col(Employee.status),
    col(Employee.golongan_code),
    col(Employee.is_active),
    col(Employee.unit_id),
    col(Unit.code).label("unit_code"),
    col(Unit.name).label("unit_name"),
    col(Employee.position_id),
    col(Position.name).label("position_name"),
    col(Position.position_type_code),
    col(Position.functional_level),
)
EMPLOYEE_COLUMNS = tuple(Employee.__table__.c)  # type: ignore[attr-defined]
NOT_NULL = ("nip", "name", "status", "unit_id", "is_active")


def employee_view(
    db: DbSession,
    employee_id: uuid.UUID,
    caller: Principal,
    permission: Permission = Permission.EMPLOYEES_READ,
) -> dict[str, Any]:
    """The employee's columns with its unit and position summaries, in one query, without
    the ORM identity map (a read needs none); 404 outside the caller's reach under
    ``permission`` (a writer reads back what it wrote with its write reach). The NIK is
    blanked for callers who may not see personal data."""
    statement = within(_view_statement(), employee_scope(caller, permission))
    row = db.connection().execute(statement, {"employee_id": employee_id}).mappings().first()
    if row is None:
        raise NotFound(f"Employee {employee_id} does not exist.")
    view = dict(row)
    if not sees_personal_data(caller, permission, employee_id):
        view["nik"] = None
    return view


@cache
def _view_statement() -> Select[Any]:
    """Built once, with a bound parameter: neither rebuilt nor recompiled per request."""
    statement = _joined(select(*EMPLOYEE_COLUMNS, *LIST_COLUMNS[11:13], *LIST_COLUMNS[14:]))
    return statement.where(col(Employee.id) == bindparam("employee_id", type_=Uuid()))


def _scoped_employee(db: DbSession, employee_id: uuid.UUID, scope: Any) -> Employee:
    statement = within(select(Employee).where(col(Employee.id) == employee_id), scope)
    employee: Employee | None = db.execute(statement).scalar_one_or_none()
    if employee is None:
        raise NotFound(f"Employee {employee_id} does not exist.")
    return employee


def list_employees(
    db: DbSession,
    caller: Principal,
    *,
    params: PageParams,
    sort: str,
    q: str | None = None,
    nip_prefix: str | None = None,
    unit_id: uuid.UUID | None = None,
    include_subunits: bool = True,
    status: EmployeeStatus | None = None,
    golongan_code: str | None = None,
    position_type_code: str | None = None,
    is_active: bool | None = None,
    count_limit: int | None = None,
) -> tuple[list[Any], int, bool]:
    """A page of the employees within the caller's reach, with the count and whether it is
    exact: at most four queries whatever the page size. A name search (``q``) counts up to
    ``count_limit`` matches (all when ``None``). An operator filtering by a unit outside
    their OPD: 403.
    """
    conditions: list[Any] = [employee_scope(caller, Permission.EMPLOYEES_READ)]
    if unit_id is not None:
        within_units = unit_filter_reach(caller, Permission.EMPLOYEES_READ)
        conditions.append(_unit_condition(db, unit_id, include_subunits, within_units))
    if nip_prefix:
        conditions.extend(_nip_prefix_conditions(nip_prefix))
    for column, value in (
        (col(Employee.status), status),
        (col(Employee.golongan_code), golongan_code),
        (col(Employee.is_active), is_active),
        (col(Position.position_type_code), position_type_code),
    ):
        if value is not None:
            conditions.append(column == value)
    if not q:
        count = _count_statement(conditions, position_type_code)
        ordering = [*order_by(sort, SORT_COLUMNS), col(Employee.id)]
        page = _joined(select(*LIST_COLUMNS)).where(*conditions)
        rows, total = paginate(db, page, params, ordering, count_statement=count)
        return rows, total, True
    pattern = contains_pattern(q)
    matches = [*conditions, col(Employee.search_key).like(pattern, "\\")]
    count = _count_statement(matches, position_type_code)
    if count_limit is None:
        total = db.execute(select(func.count()).select_from(count.subquery())).scalar_one()
        exact = True
    else:
        total, exact = bounded_count(db, count, count_limit)
    if exact and params.offset and params.offset >= total:
        return [], total, exact
    if not exact:
        # Many matches: the page is most likely among the first names of the sort's index.
        walked = _walked_page(db, conditions, pattern, sort, params)
        if walked is not None:
            return walked, total, exact
    # Few matches (or the walk did not reach the page): found by the trigram index, then
    # sorted, never by walking the sort column's index (app.core.sql.sort_unindexed).
    columns = {key: sort_unindexed(value) for key, value in SORT_COLUMNS.items()}
    page = _joined(select(*LIST_COLUMNS)).where(*matches)
    ordering = [*order_by(sort, columns), col(Employee.id)]
    found = db.execute(page.order_by(*ordering).limit(params.limit).offset(params.offset))
    return list(found.all()), total, exact


# The rows of the sort's index a search with many matches reads before it gives up on the
# index and sorts its matches instead (app.employees.service._walked_page).
SEARCH_WALK = 20_000
INDEXED_SORTS = frozenset({"name", "nip", "birth_date"})


def _count_statement(conditions: list[Any], position_type_code: str | None) -> Select[Any]:
    count = select(col(Employee.id)).where(*conditions)
    if position_type_code is not None:
        count = count.join(Position, col(Position.id) == col(Employee.position_id))
    return count


def _walked_page(
    db: DbSession, conditions: list[Any], pattern: str, sort: str, params: PageParams
) -> list[Any] | None:
    """The page of a search with many matches, read in the order of the sort column's index
    over at most its first ``SEARCH_WALK`` entries; ``None`` if those hold too few matches.

    Walking the index until a page of matches is found is fast when matches are spread over
    the order (a common name) and slow when they sort together far down it (every Zulkifli
    sorts last: 975,000 names walked at a million employees). So the walk is bounded: the
    value at the ``SEARCH_WALK``-th entry (one index-only read) caps the first sort key, and
    the search key is kept out of index selection, so the database reads that range of the
    index and no more. If the range holds the whole page, the page is right: every match
    not read sorts after the boundary, so after every match read.
    """
    first = sort.split(",", maxsplit=1)[0]
    name = first.removeprefix("-")
    if name not in INDEXED_SORTS:
        return None
    column = SORT_COLUMNS[name]
    descending = first.startswith("-")
    boundary = db.execute(
        select(column)
        .order_by(column.desc() if descending else column.asc())
        .offset(SEARCH_WALK)
        .limit(1)
    ).scalar_one_or_none()
    bounded = [*conditions, sort_unindexed(col(Employee.search_key)).like(pattern, "\\")]
    if boundary is not None:
        bounded.append(column >= boundary if descending else column <= boundary)
    page = _joined(select(*LIST_COLUMNS)).where(*bounded)
    ordering = [*order_by(sort, SORT_COLUMNS), col(Employee.id)]
    rows = list(db.execute(page.order_by(*ordering).limit(params.limit).offset(params.offset)))
    if boundary is not None and len(rows) < params.limit:
        return None
    return rows


def create_employee(
    db: DbSession, data: EmployeeCreate, settings: Settings, actor: Principal
) -> Employee:
    """Add an employee after checking identifiers, rank, unit, position and the caller's reach."""
    reaches = actor.reaches(Permission.EMPLOYEES_WRITE)
    if not reaches & {Reach.ALL, Reach.OPD}:
        raise Forbidden("Only the personnel agency and OPD operators add employees.")
    require_unit_in_scope(db, actor, Permission.EMPLOYEES_WRITE, data.unit_id, ["body", "unit_id"])
    values = data.model_dump()
    _validate(db, values, settings, loc="body")
    _ensure_unique(db, values)
    employee = Employee.model_validate({**values, "is_active": True})
    db.add(employee)
    audit.created(db, actor, "employee", employee)
    db.commit()
    return employee


def update_employee(
    db: DbSession,
    employee_id: uuid.UUID,
    data: EmployeeUpdate,
    if_match: str | None,
    settings: Settings,
    actor: Principal,
) -> Employee:
    """Change an employee within the caller's reach; validated as a whole, as on create."""
    employee = _scoped_employee(db, employee_id, employee_scope(actor, Permission.EMPLOYEES_WRITE))
    apply_update(
        db,
        employee,
        lambda: _employee_changes(db, actor, employee, data, settings),
        if_match=if_match,
        actor=actor,
        entity_type="employee",
    )
    return employee


def _employee_changes(
    db: DbSession, actor: Principal, employee: Employee, data: EmployeeUpdate, settings: Settings
) -> dict[str, Any]:
    changes = data.model_dump(exclude_unset=True)
    reject_nulls(changes, NOT_NULL)
    _check_write_reach(db, actor, employee, changes)
    merged = {**employee.model_dump(), **changes}
    _validate(db, merged, settings, loc="body")
    _ensure_unique(db, merged, except_id=employee.id)
    # _validate may fill both from the NIP
    return {field: merged[field] for field in {*changes, "birth_date", "sex"}}


def _check_write_reach(
    db: DbSession, actor: Principal, employee: Employee, changes: dict[str, Any]
) -> None:
    """Operators stay inside their OPD; employees change only their self-service fields."""
    reaches = actor.reaches(Permission.EMPLOYEES_WRITE)
    if Reach.ALL in reaches:
        return
    in_opd = (
        Reach.OPD in reaches
        and bool(actor.operator_unit_ids)
        and bool(
            db.execute(
                select(
                    exists().where(
                        col(Employee.id) == employee.id,
                        col(Employee.unit_id).in_(units_under(actor.operator_unit_ids)),
                    )
                )
            ).scalar()
        )
    )
    if in_opd:
        if "unit_id" in changes:
            require_unit_in_scope(
                db, actor, Permission.EMPLOYEES_WRITE, changes["unit_id"], ["body", "unit_id"]
            )
        return
    refused = sorted(set(changes) - SELF_EDITABLE_EMPLOYEE_FIELDS)
    if refused:
        raise Forbidden(f"You may not change {', '.join(refused)} of your own record.")


def _joined(statement: Select[Any]) -> Select[Any]:
    return statement.join(Unit, col(Unit.id) == col(Employee.unit_id)).outerjoin(
        Position,
        col(Position.id) == col(Employee.position_id),
    )


def _unit_condition(
    db: DbSession,
    unit_id: uuid.UUID,
    include_subunits: bool,
    within: tuple[uuid.UUID, ...] | None,
) -> Any:
    """The unit filter; the unit and whether it is in the caller's units come in one query."""
    in_scope = true() if within is None else col(Unit.id).in_(units_under(within))
    row = db.execute(select(col(Unit.path), in_scope).where(col(Unit.id) == unit_id)).first()
    if row is None:
        raise InvalidInput.field(
            ["query", "unit_id"], f"Unit {unit_id} does not exist.", "unknown_unit"
        )
    if not row[1]:
        raise Forbidden(f"Unit {unit_id} is outside the units you manage.")
    if not include_subunits:
        return col(Employee.unit_id) == unit_id
    return col(Employee.unit_id).in_(select(col(Unit.id)).where(subtree_filter(row[0])))


def _nip_prefix_conditions(prefix: str) -> list[Any]:
    """A range on the unique NIP index: works on every backend and collation."""
    conditions: list[Any] = [col(Employee.nip) >= prefix]
    upper = str(int(prefix) + 1).zfill(len(prefix))
    if len(upper) == len(prefix):
        conditions.append(col(Employee.nip) < upper)
    return conditions


def _validate(db: DbSession, values: dict[str, Any], settings: Settings, *, loc: str) -> None:
    status = EmployeeStatus(values["status"])
    _apply_nip(values, status, settings, loc)
    if values.get("nik"):
        try:
            check_nik(values["nik"], birth_date=values["birth_date"], sex=Sex(values["sex"]))
        except IdentifierError as exc:
            raise InvalidInput.field([loc, "nik"], exc.message, exc.code) from None
    _check_references(db, values, status, loc)


def _apply_nip(
    values: dict[str, Any], status: EmployeeStatus, settings: Settings, loc: str
) -> None:
    parse = parse_pns_nip if status.is_pns else parse_pppk_nip
    try:
        facts = parse(
            values["nip"], min_age=settings.min_appointment_age_years, today=today(settings)
        )
    except IdentifierError as exc:
        raise InvalidInput.field(
            [loc, "nip"], f"NIP {values['nip']!r}: {exc.message}", exc.code
        ) from None
    if values.get("birth_date") is None:
        values["birth_date"] = facts.birth_date
    elif values["birth_date"] != facts.birth_date:
        raise InvalidInput.field(
            [loc, "birth_date"],
            f"Birth date {values['birth_date']} disagrees with the NIP ({facts.birth_date}).",
            "nip_birth_date_mismatch",
        )
    if facts.sex is not None:
        if values.get("sex") is not None and Sex(values["sex"]) is not facts.sex:
            raise InvalidInput.field(
                [loc, "sex"],
                f"Sex {values['sex']} disagrees with the NIP ({facts.sex}).",
                "nip_sex_mismatch",
            )
        values["sex"] = facts.sex
    elif values.get("sex") is None:
        raise InvalidInput.field([loc, "sex"], "Sex is required for PPPK.", "sex_required")


def _check_references(
    db: DbSession, values: dict[str, Any], status: EmployeeStatus, loc: str
) -> None:
    code = values.get("golongan_code")
    if code is not None:
        golongan = db.get(Golongan, code)
        expected = "pns" if status.is_pns else "pppk"
        if golongan is None:
            raise InvalidInput.field(
                [loc, "golongan_code"], f"Unknown golongan {code!r}.", "unknown_golongan"
            )
        if golongan.kind != expected:
            raise InvalidInput.field(
                [loc, "golongan_code"],
                f"Golongan {code} is a {golongan.kind.upper()} rank; a {status.value.upper()} "
                f"employee needs a {expected.upper()} rank.",
                "golongan_status_mismatch",
            )
    if db.get(Unit, values["unit_id"]) is None:
        raise InvalidInput.field(
            [loc, "unit_id"], f"Unit {values['unit_id']} does not exist.", "unknown_unit"
        )
    supervisor = values.get("supervisor_id")
    if supervisor is not None and (
        supervisor == values.get("id") or db.get(Employee, supervisor) is None
    ):
        raise InvalidInput.field(
            [loc, "supervisor_id"], f"Employee {supervisor} cannot supervise.", "invalid_supervisor"
        )
    existing = values.get("id")  # None on create: nobody reports to a new employee yet
    if supervisor is not None and existing is not None and _reports_to(db, supervisor, existing):
        raise InvalidInput.field(
            [loc, "supervisor_id"],
            f"Employee {supervisor} reports, directly or not, to this employee: "
            "the supervision chain would become a cycle.",
            "supervisor_cycle",
        )
    if values.get("position_id") is not None and db.get(Position, values["position_id"]) is None:
        raise InvalidInput.field(
            [loc, "position_id"],
            f"Position {values['position_id']} does not exist.",
            "unknown_position",
        )


def _reports_to(db: DbSession, employee_id: uuid.UUID, boss_id: uuid.UUID) -> bool:
    """Whether ``boss_id`` is in ``employee_id``'s supervision chain (one recursive query).

    UNION, not UNION ALL: the walk ends even on a chain that already loops.
    """
    chain = select(literal(employee_id, Uuid()).label("id")).cte("chain", recursive=True)
    above = aliased(Employee)
    chain = chain.union(
        select(col(above.supervisor_id))
        .join(chain, col(above.id) == chain.c.id)
        .where(col(above.supervisor_id).is_not(None))
    )
    found = db.execute(select(chain.c.id).where(chain.c.id == boss_id).limit(1)).first()
    return found is not None


def _ensure_unique(
    db: DbSession, values: dict[str, Any], except_id: uuid.UUID | None = None
) -> None:
    def taken(column: Any, value: Any) -> bool:
        condition = (
            and_(column == value, col(Employee.id) != except_id) if except_id else column == value
        )
        return bool(db.execute(select(exists().where(condition))).scalar())

    if taken(col(Employee.nip), values["nip"]):
        raise Conflict(f"An employee with NIP {values['nip']} already exists.")
    if values.get("nik") and taken(col(Employee.nik), values["nik"]):
        raise Conflict("The NIK belongs to another employee.")  # the NIK itself is personal
    if values.get("national_person_id") and taken(
        col(Employee.national_person_id), values["national_person_id"]
    ):
        raise Conflict(
            f"National person id {values['national_person_id']!r} belongs to another employee."
        )
