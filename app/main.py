"""Application factory: middleware, error handlers, routers, the OpenAPI contract."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import Depends, FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute
from fastapi_offline import FastAPIOffline
from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from app.agreements.router import router as agreements_router
from app.agreements.router import watch_router as partnerships_router
from app.api_keys.router import router as api_keys_router
from app.assessments.levels import ensure_current_levels
from app.assessments.router import router as assessments_router
from app.audit.router import router as audit_router
from app.auth.router import router as auth_router
from app.auth.signing_key import with_signing_key
from app.calendar.router import router as calendar_router
from app.certificates.keys import with_credential_key
from app.certificates.router import page_router as certificate_page_router
from app.certificates.router import public_router as certificates_public_router
from app.certificates.router import router as certificates_router
from app.competencies.router import router as competencies_router
from app.core.config import Settings, get_settings
from app.core.db import create_db_engine
from app.core.errors import Problem, install_error_handlers
from app.core.logging import configure_logging
from app.core.middleware import (
    BodySizeLimitMiddleware,
    RequestContextMiddleware,
    SecurityHeadersMiddleware,
)
from app.core.problems import PROBLEM_TYPES
from app.core.query import single_valued_query
from app.core.spec import tune
from app.documents.router import router as documents_router
from app.documents.storage import LocalDirectoryStorage, document_directory
from app.employees.router import router as employees_router
from app.enrollments.router import router as enrollments_router
from app.evaluations.router import router as evaluations_router
from app.health.router import migrations_head
from app.health.router import router as health_router
from app.internships.router import router as internships_router
from app.learning.router import reports_router as learning_reports_router
from app.learning.router import router as learning_router
from app.learning.router import rules_router as jp_rules_router
from app.learning.totals import TOTALS
from app.partners.router import router as partners_router
from app.positions.router import router as positions_router
from app.problems.router import router as problems_router
from app.programs.router import router as programs_router
from app.reference.router import router as reference_router
from app.sessions.router import meetings_router
from app.sessions.router import router as sessions_router
from app.talent.router import router as talent_router
from app.units.router import router as units_router
from app.users.router import router as users_router

API_PREFIX = "/api/v1"
DOCS_ASSETS = "/docs/assets"
DESCRIPTION = (
    "Bangkom keeps what a city government needs to develop the competencies of its civil "
    "servants: its organisation (units, positions) and employees, the competency dictionary "
    "and the standards of positions, assessments with the gaps and job-person match they "
    "show, talent mapping, and the partner institutions it works with. Errors are RFC 9457 "
    "problem documents; lists of records are paged (`limit`, `offset`) and say how many "
    "match in all; a resource that can be changed carries an ETag, and changing or deleting "
    "it requires If-Match. Sign in with the OAuth2 password flow, or send an API key in "
    "X-API-Key."
)
TAGS = [
    {"name": "health", "description": "Liveness and readiness probes."},
    {"name": "reference", "description": "Reference data (data referensi): golongan, types."},
    {"name": "units", "description": "Organisational units (unit kerja), a tree."},
    {"name": "positions", "description": "Positions (jabatan)."},
    {"name": "employees", "description": "Civil servants (pegawai ASN)."},
    {"name": "competencies", "description": "Competency dictionary and position standards."},
    {"name": "assessments", "description": "Assessments and gap analysis."},
    {"name": "talent", "description": "Talent mapping (the nine boxes)."},
    {"name": "partners", "description": "Partner institutions (mitra): universities, agencies."},
    {
        "name": "enrollments",
        "description": "Enrollment in sessions (pendaftaran peserta), the waitlist, attendance.",
    },
    {
        "name": "learning-records",
        "description": "Development credited to employees (riwayat pengembangan kompetensi).",
    },
    {"name": "programs", "description": "Development programs (the catalogue): who, what, JP."},
    {
        "name": "evaluations",
        "description": "Evaluations (Kirkpatrick 1-3): questionnaires, tests, supervisors' "
        "evaluations, results.",
    },
    {
        "name": "sessions",
        "description": "Sessions (angkatan) of programs: their lifecycle, facilitators and "
        "meetings.",
    },
    {"name": "calendar", "description": "Calendar feeds (iCalendar) of sessions and meetings."},
    {"name": "documents", "description": "Signed documents (PDF): upload and download."},
    {"name": "auth", "description": "Sign-in, tokens, password (OAuth2 password flow)."},
    {"name": "users", "description": "Accounts and roles (admins)."},
    {"name": "api-keys", "description": "Keys for other agencies' systems and scripts."},
    {"name": "audit", "description": "The audit log (admins, auditors)."},
    {"name": "problems", "description": "The problem types of error responses, documented."},
]


def _operation_id(route: APIRoute) -> str:
    """Stable operationIds: the route function's name (``list_employees``)."""
    return route.name


def ensure_derived_tables(engine: Engine, settings: Settings) -> None:
    """Rebuild the derived tables built for other settings (or never): the current
    competency levels and the yearly learning totals (``app.core.derived``)."""
    ensure_current_levels(engine, settings)
    TOTALS.ensure(engine, settings)


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Start-up: bring derived tables up to date with the settings (a no-op when they are)."""
    await run_in_threadpool(ensure_derived_tables, app.state.engine, app.state.settings)
    yield


def create_app(settings: Settings | None = None, engine: Engine | None = None) -> FastAPI:
    """Build the application around one engine."""
    settings = settings or get_settings()
    configure_logging(settings.log_level)
    settings = with_credential_key(with_signing_key(settings))
    # The interactive docs are served by the service itself (Swagger UI's files ship in the
    # fastapi-offline package): they work with no network, and nothing is loaded from a CDN.
    app = FastAPIOffline(
        title="Bangkom API",
        version="1.0.0",
        summary="Competency development of civil servants (pengembangan kompetensi ASN).",
        description=DESCRIPTION,
        contact={"name": "BKPSDM Kota Solok", "email": "bkpsdm@solokkota.go.id"},
        servers=[
            {
                "url": "/",
                "description": "The deployment serving this document: local, staging, production.",
                "x-internal": False,
            }
        ],
        openapi_tags=TAGS,
        generate_unique_id_function=_operation_id,
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url="/docs",
        redoc_url=None,
        static_url=DOCS_ASSETS,
        swagger_ui_parameters={"validatorUrl": None},
        lifespan=_lifespan,
        dependencies=[Depends(single_valued_query)],
    )
    app.state.settings = settings
    app.state.migrations_head = migrations_head()
    app.state.engine = engine or create_db_engine(settings)
    app.state.document_storage = LocalDirectoryStorage(document_directory(settings))
    install_error_handlers(app)
    # Requests are matched against routes in this order: the busiest first.
    for router in (
        employees_router,
        units_router,
        assessments_router,
        competencies_router,
        positions_router,
        reference_router,
        talent_router,
        programs_router,
        sessions_router,
        meetings_router,
        partners_router,
        agreements_router,
        partnerships_router,
        internships_router,
        enrollments_router,
        learning_router,
        learning_reports_router,
        evaluations_router,
        certificates_router,
        certificates_public_router,
        jp_rules_router,
        calendar_router,
        documents_router,
        auth_router,
        users_router,
        api_keys_router,
        audit_router,
        health_router,
    ):
        app.include_router(router, prefix=API_PREFIX)
    # Outside the API prefix: where a problem's relative ``type`` (``/problems/<slug>``) resolves.
    app.include_router(problems_router)
    # The page a certificate's QR code opens: short, outside the API.
    app.include_router(certificate_page_router)
    app.add_middleware(
        BodySizeLimitMiddleware,
        max_bytes=settings.max_body_bytes,
        larger={
            f"{API_PREFIX}/competency-frameworks/": settings.max_import_body_bytes,
            f"{API_PREFIX}/documents": settings.max_document_bytes,
        },
    )
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST", "PATCH", "PUT", "DELETE"],
            allow_headers=["Authorization", "Content-Type", "If-Match", "X-Request-ID"],
            expose_headers=["ETag", "Location", "Retry-After", "X-Request-ID"],
        )
    app.add_middleware(SecurityHeadersMiddleware, hsts_max_age_s=settings.hsts_max_age_s)
    app.add_middleware(RequestContextMiddleware)
    if settings.trusted_proxies:  # outermost: everything inside sees the real client address
        app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=settings.trusted_proxies)
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    return app


def _openapi(app: FastAPI) -> dict[str, Any]:
    """The generated spec, plus the shared Problem schema every error refers to."""
    if app.openapi_schema:
        return app.openapi_schema
    schema = get_openapi(
        title=app.title,
        version=app.version,
        summary=app.summary,
        description=app.description,
        contact=app.contact,
        servers=app.servers,
        routes=app.routes,
        tags=app.openapi_tags,
    )
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    problem = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
    for name, definition in problem.pop("$defs", {}).items():
        components.setdefault(name, definition)
    components["Problem"] = problem
    schema["x-problem-types"] = [p.model_dump(mode="json") for p in PROBLEM_TYPES.values()]
    app.openapi_schema = tune(schema, app.state.settings)
    return app.openapi_schema
