"""Liveness and readiness probes."""

import json
from enum import StrEnum
from typing import Literal

from alembic.config import Config
from alembic.script import ScriptDirectory
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy import Connection, inspect, text
from sqlalchemy.exc import SQLAlchemyError

from app.assessments.levels import basis_of, stored_basis
from app.core import problems
from app.core.config import ROOT
from app.core.errors import PROBLEM_MEDIA_TYPE, problem_response
from app.learning.totals import TOTALS

router = APIRouter(prefix="/health", tags=["health"])


class Liveness(BaseModel):
    """The process is up."""

    status: Literal["ok"]


class DerivedState(StrEnum):
    """Whether a derived table is built for the configured settings.

    - `ok`: Built for them
    - `stale`: Built for others, or never: the service rebuilds it when it starts
    - `unknown`: Not checked (the database or its migrations are not ready)
    """

    OK = "ok"
    STALE = "stale"
    UNKNOWN = "unknown"


class Readiness(BaseModel):
    """The database answers, its schema is at the migrations' head, derived data is current."""

    status: Literal["ready", "not_ready"]
    database: Literal["ok", "unreachable"]
    migrations: Literal["at_head", "behind", "unknown"]
    current_levels: DerivedState = Field(
        description="Current competency levels built for the configured counting methods "
        "(stale: built for others, or never; the service rebuilds them when it starts)."
    )
    learning_totals: DerivedState = Field(
        default=DerivedState.UNKNOWN,
        description="Yearly learning totals built for the configured year basis (stale: "
        "built for another, or never; the service rebuilds them when it starts).",
    )
    revision: str | None = Field(max_length=64)
    head: str = Field(max_length=64)


def migrations_head() -> str:
    """The newest migration's revision (read by ``create_app``, once per application)."""
    script = ScriptDirectory.from_config(Config(str(ROOT / "alembic.ini")))
    return str(script.get_current_head())


def _revision(conn: Connection) -> str | None:
    """The database's migration revision, read as plain SQL: no Alembic context, so a probe
    every few seconds writes no log lines."""
    if not inspect(conn).has_table("alembic_version"):
        return None
    value = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    return None if value is None else str(value)


@router.get("/live", summary="Liveness probe")
def get_liveness() -> Liveness:
    """Answers while the process can serve requests."""
    return Liveness(status="ok")


@router.get(
    "/ready",
    summary="Readiness probe",
    response_model=Readiness,
    responses={
        503: {
            "description": "Not ready: a problem document with the readiness fields added",
            "content": {PROBLEM_MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}},
        }
    },
)
def get_readiness(request: Request) -> JSONResponse:
    """Ready when the database answers, migrations are at head and derived data is current."""
    head: str = request.app.state.migrations_head
    revision: str | None = None
    database: Literal["ok", "unreachable"] = "ok"
    levels = learning = DerivedState.UNKNOWN
    settings = request.app.state.settings
    try:
        with request.app.state.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
            revision = _revision(conn)
            if revision == head:
                current = stored_basis(conn) == basis_of(settings)
                levels = DerivedState.OK if current else DerivedState.STALE
                built = TOTALS.stored_basis(conn) == TOTALS.basis_of(settings)
                learning = DerivedState.OK if built else DerivedState.STALE
    except SQLAlchemyError:
        database = "unreachable"
    if database == "unreachable":
        migrations: Literal["at_head", "behind", "unknown"] = "unknown"
    else:
        migrations = "at_head" if revision == head else "behind"
    ok = database == "ok" and migrations == "at_head" and levels == learning == DerivedState.OK
    body = Readiness(
        status="ready" if ok else "not_ready",
        database=database,
        migrations=migrations,
        current_levels=levels,
        learning_totals=learning,
        revision=revision,
        head=head,
    )
    if ok:
        return JSONResponse(body.model_dump())
    problem = problem_response(
        request,
        problem=problems.NOT_READY,
        detail=f"Database {database}, migrations {migrations} (at {revision}, head {head}), "
        f"current levels {levels}, learning totals {learning}.",
    )
    return JSONResponse(
        {**json.loads(bytes(problem.body)), **body.model_dump()},
        status_code=503,
        media_type=PROBLEM_MEDIA_TYPE,
    )
