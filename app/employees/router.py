"""Employees (pegawai ASN): deactivated, never deleted."""

import uuid
from types import SimpleNamespace
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response, status

from app.auth.deps import AppSettings, EmployeesReader, EmployeesWriter
from app.auth.policy import Permission
from app.core.db import Db, run_short
from app.core.errors import problem_responses
from app.core.etag import IfMatch, etag_of
from app.core.links import location
from app.core.listing import Page, Paging, sort_query
from app.core.responses import json_response
from app.core.types import QueryBool, SearchText
from app.employees import service
from app.employees.schemas import (
    EmployeeCreate,
    EmployeeListItem,
    EmployeePublic,
    EmployeeUpdate,
    GolonganCode,
)
from app.models.enums import EmployeeStatus
from app.positions.schemas import PositionSummary, TypeCode
from app.units.schemas import UnitSummary

router = APIRouter(
    prefix="/employees", tags=["employees"], responses=problem_responses(401, 403, 422)
)


PUBLIC_FIELDS = tuple(
    name for name in EmployeePublic.model_fields if name not in ("full_name", "unit", "position")
)


def _full_name(front: str | None, name: str, back: str | None) -> str:
    full = f"{front} {name}" if front else name
    return f"{full}, {back}" if back else full


def _summaries(row: Any) -> dict[str, Any]:
    position = None
    if row.position_id is not None:
        position = PositionSummary(
            id=row.position_id,
            name=row.position_name,
            position_type_code=row.position_type_code,
            functional_level=row.functional_level,
        )
    return {
        "unit": UnitSummary(id=row.unit_id, code=row.unit_code, name=row.unit_name),
        "position": position,
    }


def _list_item(row: Any) -> EmployeeListItem:
    return EmployeeListItem(
        id=row.id,
        nip=row.nip,
        name=row.name,
        full_name=_full_name(row.front_title, row.name, row.back_title),
        sex=row.sex,
        birth_date=row.birth_date,
        status=row.status,
        golongan_code=row.golongan_code,
        is_active=row.is_active,
        **_summaries(row),
    )


def _public(row: dict[str, Any], status_code: int = 200) -> Response:
    """The employee view (the NIK already blanked for whoever may not see it) as the
    EmployeePublic document, with its ETag."""
    data = {key: row[key] for key in PUBLIC_FIELDS}
    data["full_name"] = _full_name(row["front_title"], row["name"], row["back_title"])
    body = EmployeePublic(**data, **_summaries(SimpleNamespace(**row)))
    return json_response(body, status_code=status_code, headers={"ETag": etag_of(row["version"])})


@router.get("", summary="List and search employees", response_model=Page[EmployeeListItem])
def list_employees(
    db: Db,
    caller: EmployeesReader,
    settings: AppSettings,
    paging: Paging,
    sort: Annotated[str, sort_query(list(service.SORT_COLUMNS), "name")] = "name",
    q: Annotated[
        SearchText | None,
        Query(
            description="Name contains. Its matches are counted up to the deployment's "
            "search count limit: past it, `total` is that limit and `total_exact` false."
        ),
    ] = None,
    nip_prefix: Annotated[
        str | None, Query(max_length=18, pattern=r"^[0-9]{1,18}$", description="NIP starts with.")
    ] = None,
    unit_id: Annotated[uuid.UUID | None, Query(description="In this unit.")] = None,
    include_subunits: Annotated[
        QueryBool, Query(description="With unit_id: the unit's whole subtree (default).")
    ] = True,
    status: EmployeeStatus | None = None,
    golongan_code: Annotated[GolonganCode | None, Query(description="Rank code.")] = None,
    position_type_code: Annotated[TypeCode | None, Query(description="Position type code.")] = None,
    is_active: QueryBool | None = None,
) -> Response:
    """Employees by name, NIP prefix, unit subtree, status, rank, position type, activity."""
    rows, total, exact = service.list_employees(
        db,
        caller,
        params=paging,
        sort=sort,
        q=q,
        nip_prefix=nip_prefix,
        unit_id=unit_id,
        include_subunits=include_subunits,
        status=status,
        golongan_code=golongan_code,
        position_type_code=position_type_code,
        is_active=is_active,
        count_limit=settings.search_count_limit,
    )
    items = [_list_item(row) for row in rows]
    return json_response(Page.of(items, total, paging, exact=exact))


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    summary="Create an employee",
    response_model=EmployeePublic,
    responses=problem_responses(409),
)
def create_employee(
    db: Db,
    caller: EmployeesWriter,
    body: EmployeeCreate,
    settings: AppSettings,
    request: Request,
) -> Response:
    """Add an employee (admins; operators in their OPD); a duplicate NIP is a 409 naming it."""
    created = service.create_employee(db, body, settings, caller)
    view = service.employee_view(db, created.id, caller, Permission.EMPLOYEES_WRITE)
    reply = _public(view, status.HTTP_201_CREATED)
    reply.headers["Location"] = location(request, "get_employee", employee_id=created.id)
    return reply


@router.get(
    "/{employee_id:uuid}",
    summary="Get an employee",
    response_model=EmployeePublic,
    responses=problem_responses(404),
)
async def get_employee(db: Db, caller: EmployeesReader, employee_id: uuid.UUID) -> Response:
    """One employee in full, with its ETag; outside the caller's reach it is not found."""
    return _public(await run_short(db, lambda: service.employee_view(db, employee_id, caller)))


@router.patch(
    "/{employee_id:uuid}",
    summary="Update or deactivate an employee",
    response_model=EmployeePublic,
    responses=problem_responses(404, 409, 412, 428),
)
def update_employee(
    db: Db,
    caller: EmployeesWriter,
    employee_id: uuid.UUID,
    body: EmployeeUpdate,
    settings: AppSettings,
    if_match: IfMatch = None,
) -> Response:
    """Change fields (``is_active: false`` deactivates); checked as a whole, as on create.

    Operators change people of their OPD only; employees only their own email, phone, titles.
    """
    updated = service.update_employee(db, employee_id, body, if_match, settings, caller)
    return _public(service.employee_view(db, updated.id, caller, Permission.EMPLOYEES_WRITE))
