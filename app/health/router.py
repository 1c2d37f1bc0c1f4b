"""Liveness and readiness probes."""

import json
from typing import Literal

from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from app.core.config import ROOT
from app.core.errors import PROBLEM_MEDIA_TYPE, problem_response

router = APIRouter(prefix="/health", tags=["health"])


class Liveness(BaseModel):
    """The process is up."""

    status: Literal["ok"]


class Readiness(BaseModel):
    """The database answers and its schema is at the migrations' head."""

    status: Literal["ready", "not_ready"]
    database: Literal["ok", "unreachable"]
    migrations: Literal["at_head", "behind", "unknown"]
    revision: str | None = Field(max_length=64)
    head: str = Field(max_length=64)


def _head() -> str:
    script = ScriptDirectory.from_config(Config(str(ROOT / "alembic.ini")))
    return str(script.get_current_head())


_HEAD = _head()


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
    """Ready when the database answers and migrations are at head; 503 otherwise."""
    revision: str | None = None
    database: Literal["ok", "unreachable"] = "ok"
    try:
        with request.app.state.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
            revision = MigrationContext.configure(conn).get_current_revision()
    except SQLAlchemyError:
        database = "unreachable"
    if database == "unreachable":
        migrations: Literal["at_head", "behind", "unknown"] = "unknown"
    else:
        migrations = "at_head" if revision == _HEAD else "behind"
    ok = database == "ok" and migrations == "at_head"
    body = Readiness(
        status="ready" if ok else "not_ready",
        database=database,
        migrations=migrations,
        revision=revision,
        head=_HEAD,
    )
    if ok:
        return JSONResponse(body.model_dump())
    problem = problem_response(
        request,
        status=503,
        slug="not-ready",
        title="Service not ready",
        detail=f"Database {database}, migrations {migrations} (at {revision}, head {_HEAD}).",
    )
    return JSONResponse(
        {**json.loads(bytes(problem.body)), **body.model_dump()},
        status_code=503,
        media_type=PROBLEM_MEDIA_TYPE,
    )
