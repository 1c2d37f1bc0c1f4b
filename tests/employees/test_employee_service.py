"""The employee service called directly, as exports and reports will call it: the caller's
reach is applied by the service itself, and no scoped read can be called without a caller."""

import importlib
import inspect
import uuid
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session as DbSession

from app.auth.principal import Principal
from app.core.listing import PageParams
from app.employees import service
from app.models.enums import Role
from tests.employees.factories import make_employee
from tests.units.factories import make_unit

SCOPED_SERVICES = (
    "app.employees.service",
    "app.assessments.gaps",
    "app.assessments.service",
    "app.talent.service",
    "app.partners.service",
)


@pytest.mark.parametrize("module_name", SCOPED_SERVICES)
def test_no_scoped_service_function_has_a_default_caller(module_name: str) -> None:
    module = importlib.import_module(module_name)
    checked = 0
    for name, function in inspect.getmembers(module, inspect.isfunction):
        if name.startswith("_") or function.__module__ != module_name:
            continue
        for parameter in inspect.signature(function).parameters.values():
            if "Principal" in str(parameter.annotation):
                checked += 1
                assert parameter.default is inspect.Parameter.empty, f"{name}({parameter.name})"
    assert checked, f"{module_name} has no function taking the caller"


def test_list_applies_the_callers_reach_without_the_router(
    client: TestClient, db: DbSession
) -> None:
    mine, theirs = make_unit(client), make_unit(client)
    inside = make_employee(client, mine["id"], name="Dalam OPD")
    make_employee(client, theirs["id"], name="Luar OPD")
    operator = Principal(
        kind="user",
        id=uuid.uuid4(),
        label="operator",
        roles=frozenset({Role.OPERATOR}),
        operator_unit_ids=(uuid.UUID(mine["id"]),),
    )
    admin = Principal(kind="user", id=uuid.uuid4(), label="admin", roles=frozenset({Role.ADMIN}))
    params = PageParams(limit=100, offset=0)
    rows, total, _ = service.list_employees(db, operator, params=params, sort="name")
    assert ([str(r.id) for r in rows], total) == ([inside["id"]], 1)
    everyone: Any
    everyone, total, _ = service.list_employees(db, admin, params=params, sort="name")
    assert {inside["id"]} < {str(r.id) for r in everyone}
    assert total == len(everyone)
