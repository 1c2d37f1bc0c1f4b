"""One error vocabulary: domain errors and their RFC 9457 ``application/problem+json`` rendering.

Services raise the classes below; the handlers registered by :func:`install_error_handlers` render
them, request validation, routing errors, integrity errors and unexpected exceptions alike.
"""

import logging
import re
import uuid
from typing import Annotated, Any, ClassVar

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy.exc import DataError, IntegrityError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.orm.exc import StaleDataError
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.core import problems
from app.core.logging import redact
from app.core.problems import ProblemType
from app.core.request_context import request_id_var

PROBLEM_MEDIA_TYPE = "application/problem+json"
PROBLEM_SCHEMA_REF = "#/components/schemas/Problem"
log = logging.getLogger("bangkom.errors")


MAX_FIELD_ERRORS = 100
LocPart = Annotated[str, Field(max_length=200)] | Annotated[int, Field(ge=0, le=1_000_000)]


class FieldError(BaseModel):
    """One invalid field of a request."""

    loc: list[LocPart] = Field(
        max_length=16, description="Path to the field, e.g. ['body', 'nip']."
    )
    msg: str = Field(max_length=1000, description="What is wrong with it.")
    type: str = Field(max_length=64, description="Stable machine-readable error code.")


class Problem(BaseModel):
    """RFC 9457 problem details, as returned by every error."""

    type: str = Field(
        max_length=200,
        description="Stable URI reference naming the kind of problem, relative to this host: "
        "`GET` it for its documentation. Branch on it, and treat a type not listed here as its "
        "`status` says (new types may be added). The types (also in `x-problem-types` and at "
        "`GET /problems`):\n\n" + problems.type_catalogue(),
        examples=[problems.VALIDATION_ERROR.type],
    )
    title: str = Field(max_length=200, description="Short summary of the kind of problem.")
    status: int = Field(ge=100, le=599, description="The HTTP status code.")
    detail: str = Field(
        max_length=4000, description="What went wrong in this occurrence, for a human."
    )
    instance: str | None = Field(max_length=2000, default=None, description="The request path.")
    request_id: str | None = Field(
        max_length=128, default=None, description="The X-Request-ID of the request."
    )
    errors: list[FieldError] | None = Field(
        max_length=MAX_FIELD_ERRORS, default=None, description="Field errors (422)."
    )
    current_status: str | None = Field(
        max_length=32,
        default=None,
        description="`invalid-transition` only: the record's status now.",
    )
    allowed_statuses: list[Annotated[str, Field(max_length=32)]] | None = Field(
        max_length=32,
        default=None,
        description="`invalid-transition` only: the statuses it may move to from there.",
    )
    quota_kind: str | None = Field(
        max_length=32, default=None, description="`quota-exceeded` only: what the quota counts."
    )
    quota_year: int | None = Field(
        ge=2000, le=2100, default=None, description="`quota-exceeded` only: its year."
    )
    quota_granted: int | None = Field(
        ge=0, le=100_000, default=None, description="`quota-exceeded` only: seats granted."
    )
    quota_used: int | None = Field(
        ge=0, le=100_000, default=None, description="`quota-exceeded` only: seats taken."
    )
    quota_requested: int | None = Field(
        ge=0, le=100_000, default=None, description="`quota-exceeded` only: seats asked for."
    )
    duplicate_of: uuid.UUID | None = Field(
        default=None,
        description="`duplicate-learning-record` only: the record that counts already.",
    )


class DomainError(Exception):
    """Base of every error a service may raise; carries its problem type (and so its status)."""

    problem: ClassVar[ProblemType] = problems.BAD_REQUEST

    def __init__(
        self,
        detail: str,
        *,
        errors: list[FieldError] | None = None,
        headers: dict[str, str] | None = None,
        extensions: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(detail)
        self.detail = detail
        self.errors = errors
        self.headers = headers
        self.extensions = extensions


class Unauthorized(DomainError):
    problem = problems.UNAUTHORIZED

    def __init__(self, detail: str) -> None:
        super().__init__(detail, headers={"WWW-Authenticate": 'Bearer realm="bangkom"'})


class Forbidden(DomainError):
    problem = problems.FORBIDDEN


class TooManyRequests(DomainError):
    problem = problems.TOO_MANY_REQUESTS

    def __init__(self, detail: str, retry_after_s: int) -> None:
        super().__init__(detail, headers={"Retry-After": str(max(1, retry_after_s))})


class NotFound(DomainError):
    problem = problems.NOT_FOUND


class Conflict(DomainError):
    problem = problems.CONFLICT


class InvalidInput(DomainError):
    problem = problems.VALIDATION_ERROR

    @classmethod
    def field(cls, loc: list[str | int], msg: str, code: str) -> "InvalidInput":
        """A validation error on one field, shaped like request validation errors."""
        return cls(msg, errors=[FieldError(loc=loc, msg=msg, type=code)])


def reject_nulls(changes: dict[str, Any], required: tuple[str, ...]) -> None:
    """Refuse a PATCH that sets a required field to null."""
    nulls = [field for field in required if field in changes and changes[field] is None]
    if nulls:
        raise InvalidInput(
            f"{', '.join(nulls)} cannot be null.",
            errors=[
                FieldError(loc=["body", f], msg="Cannot be null.", type="not_null") for f in nulls
            ],
        )


class InvalidTransition(DomainError):
    """A lifecycle change not allowed from the current status (409, naming what is)."""

    problem = problems.INVALID_TRANSITION

    def __init__(self, detail: str, *, current: str, allowed: list[str]) -> None:
        super().__init__(
            detail, extensions={"current_status": current, "allowed_statuses": allowed}
        )


class QuotaExceeded(DomainError):
    """More seats or places than an agreement's quota has left (409, with the numbers)."""

    problem = problems.QUOTA_EXCEEDED

    def __init__(
        self, detail: str, *, kind: str, year: int, granted: int, used: int, requested: int
    ) -> None:
        super().__init__(
            detail,
            extensions={
                "quota_kind": kind,
                "quota_year": year,
                "quota_granted": granted,
                "quota_used": used,
                "quota_requested": requested,
            },
        )


class DuplicateRecord(DomainError):
    """A learning record that would repeat one already held (409, naming it)."""

    problem = problems.DUPLICATE_LEARNING_RECORD

    def __init__(
        self, detail: str, *, duplicate_of: Any, errors: list[FieldError] | None = None
    ) -> None:
        super().__init__(
            detail,
            errors=errors,
            extensions={"duplicate_of": str(duplicate_of) if duplicate_of else None},
        )


class MissingTests(DomainError):
    """A pass while a test the program requires is missing (409)."""

    problem = problems.TESTS_REQUIRED


class PreconditionFailed(DomainError):
    problem = problems.PRECONDITION_FAILED


class PreconditionRequired(DomainError):
    problem = problems.PRECONDITION_REQUIRED


class PayloadTooLarge(DomainError):
    problem = problems.PAYLOAD_TOO_LARGE


class UnsupportedMediaType(DomainError):
    problem = problems.UNSUPPORTED_MEDIA_TYPE


class ServiceUnavailable(DomainError):
    problem = problems.SERVICE_UNAVAILABLE


def problem_response(
    request: Request | None,
    *,
    instance: str | None = None,
    problem: ProblemType,
    status: int | None = None,
    detail: str,
    errors: list[FieldError] | None = None,
    headers: dict[str, str] | None = None,
    extensions: dict[str, Any] | None = None,
) -> JSONResponse:
    """Render one problem document of a registered type (its status unless ``status`` is given:
    a type without one, such as ``http-error``)."""
    status = status or problem.status or 500
    body = Problem(
        type=problem.type,
        title=problem.title,
        status=status,
        detail=detail[:4000],
        instance=redact(request.url.path if request is not None else instance or "")[:2000] or None,
        request_id=request_id_var.get(),
        # A batch may be refused for more reasons than a problem lists: the first ones.
        errors=errors[:MAX_FIELD_ERRORS] if errors else errors,
        **(extensions or {}),
    )
    return JSONResponse(
        body.model_dump(mode="json", exclude_none=True),
        status_code=status,
        media_type=PROBLEM_MEDIA_TYPE,
        headers=headers,
    )


_HTTP_PROBLEMS = {
    404: problems.NOT_FOUND,
    405: problems.METHOD_NOT_ALLOWED,
    413: problems.PAYLOAD_TOO_LARGE,
    415: problems.UNSUPPORTED_MEDIA_TYPE,
}


async def _domain_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, DomainError)  # noqa: S101 - registered for DomainError only
    return problem_response(
        request,
        problem=exc.problem,
        detail=exc.detail,
        errors=exc.errors,
        headers=exc.headers,
        extensions=exc.extensions,
    )


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)  # noqa: S101
    if exc.status_code == 400:  # a body that cannot be decoded: a validation error like any other
        return problem_response(
            request,
            problem=problems.VALIDATION_ERROR,
            detail="The request body cannot be parsed.",
            errors=[FieldError(loc=["body"], msg=str(exc.detail), type="body_unparseable")],
        )
    problem = _HTTP_PROBLEMS.get(exc.status_code, problems.HTTP_ERROR)
    headers = dict(exc.headers or {})
    if exc.status_code == 405:
        headers["Allow"] = ", ".join(allowed_methods(request))
    if exc.status_code == 404:
        detail = f"No route matches {request.method} {request.url.path}."
    elif exc.status_code == 405:
        detail = f"{request.method} is not allowed on {request.url.path}."
    else:
        detail = str(exc.detail)
    return problem_response(
        request,
        problem=problem,
        status=exc.status_code,
        detail=detail,
        headers=headers,
    )


def allowed_methods(request: Request) -> list[str]:
    """The methods the spec documents for the request's path (for ``Allow`` on a 405)."""
    table = getattr(request.app.state, "allowed_methods", None)
    if table is None:
        table = [
            (
                re.compile("^" + re.sub(r"\\{[^/]+\\}", "[^/]+", re.escape(path)) + "$"),
                sorted(method.upper() for method in item),
            )
            for path, item in request.app.openapi()["paths"].items()
        ]
        request.app.state.allowed_methods = table
    return next((methods for pattern, methods in table if pattern.match(request.url.path)), [])


def _loc(loc: Any) -> list[str | int]:
    return [part if isinstance(part, int) else str(part)[:200] for part in loc][:16]


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)  # noqa: S101
    errors = [
        FieldError(loc=_loc(err.get("loc", ())), msg=str(err.get("msg", "")), type=err["type"])
        for err in exc.errors()[:MAX_FIELD_ERRORS]
    ]
    fields = ", ".join(".".join(str(p) for p in e.loc) for e in errors[:5])
    return problem_response(
        request,
        problem=problems.VALIDATION_ERROR,
        detail=f"{len(errors)} invalid field(s): {fields}.",
        errors=errors,
    )


async def _integrity_error(request: Request, exc: Exception) -> JSONResponse:
    log.warning("integrity error", extra={"error": type(exc.__cause__ or exc).__name__})
    return problem_response(
        request,
        problem=problems.CONFLICT,
        detail="The change conflicts with existing data (a duplicate or a missing reference).",
    )


async def _data_error(request: Request, exc: Exception) -> JSONResponse:
    log.warning("data error", extra={"error": type(exc.__cause__ or exc).__name__})
    return problem_response(
        request,
        problem=problems.VALIDATION_ERROR,
        detail="A value cannot be stored as given (out of range or not representable).",
    )


# A lock wait that ran out, or a transaction the database gave up: the request can succeed as
# is a moment later. PostgreSQL: lock_not_available (lock_timeout), deadlock_detected,
# serialization_failure. SQLite: SQLITE_BUSY / SQLITE_LOCKED (busy_timeout ran out).
BUSY_SQLSTATES = frozenset({"55P03", "40P01", "40001"})
BUSY_SQLITE_CODES = frozenset({5, 6})
BUSY_RETRY_AFTER_S = 2


def is_busy(exc: OperationalError) -> bool:
    """Whether a database error is a lock wait that ran out (not a fault)."""
    cause = exc.orig
    if getattr(cause, "sqlstate", None) in BUSY_SQLSTATES:
        return True
    code = getattr(cause, "sqlite_errorcode", None)
    if isinstance(code, int) and code & 0xFF in BUSY_SQLITE_CODES:
        return True
    message = str(cause).lower()
    return "database is locked" in message or "database is busy" in message


def _busy(request: Request, cause: str) -> JSONResponse:
    log.warning("database busy", extra={"error": cause})
    return problem_response(
        request,
        problem=problems.SERVICE_UNAVAILABLE,
        detail="The database is busy with another change; nothing was written. Retry after "
        "the Retry-After seconds.",
        headers={"Retry-After": str(BUSY_RETRY_AFTER_S)},
    )


async def _operational_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, OperationalError)  # noqa: S101 - registered for it only
    if not is_busy(exc):
        raise exc  # a fault: RequestContextMiddleware logs it and answers 500
    return _busy(request, type(exc.orig).__name__)


async def _pool_timeout(request: Request, exc: Exception) -> JSONResponse:
    return _busy(request, type(exc).__name__)  # every pooled connection stayed in use


async def _stale_error(request: Request, _exc: Exception) -> JSONResponse:
    return problem_response(
        request,
        problem=problems.PRECONDITION_FAILED,
        detail="The resource was changed by another request; fetch it again and retry.",
    )


def install_error_handlers(app: FastAPI) -> None:
    """Register the renderers for every kind of error."""
    app.add_exception_handler(DomainError, _domain_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(IntegrityError, _integrity_error)
    app.add_exception_handler(DataError, _data_error)
    app.add_exception_handler(StaleDataError, _stale_error)
    app.add_exception_handler(OperationalError, _operational_error)
    app.add_exception_handler(PoolTimeout, _pool_timeout)
    # Unexpected exceptions are rendered by RequestContextMiddleware (it knows the request id).


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses=`` entries documenting the problem documents a route may return."""
    descriptions = {
        400: "Bad request",
        401: "Not authenticated",
        403: "Not allowed",
        404: "Not found",
        409: "Conflict",
        412: "The resource changed since it was read (stale If-Match)",
        413: "Request body too large",
        415: "Unsupported media type",
        422: "Validation error",
        428: "If-Match header missing",
        429: "Too many requests",
        503: "Temporarily unavailable",
    }
    return {
        status: {
            "description": descriptions.get(status, "Error"),
            "content": {PROBLEM_MEDIA_TYPE: {"schema": {"$ref": PROBLEM_SCHEMA_REF}}},
        }
        for status in statuses
    }
