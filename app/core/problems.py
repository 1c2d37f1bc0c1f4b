"""The registry of problem types: every ``type`` a problem document may carry, in one place.

Each entry is published three ways from here: in the spec (the ``Problem`` schema's ``type``
and the ``x-problem-types`` list), at its own URI (``GET /problems/{slug}``, which is where a
relative ``type`` such as ``/problems/conflict`` resolves), and in the table of
``docs/api-conventions.md`` (a test keeps the table and this registry alike).
"""

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, computed_field

PROBLEM_BASE = "/problems/"


class ProblemType(BaseModel):
    """One kind of problem: what its `type` URI names, its status and when it is answered."""

    model_config = ConfigDict(frozen=True)

    slug: str = Field(max_length=64, pattern=r"^[a-z]+(-[a-z]+)*$", examples=["validation-error"])
    title: str = Field(max_length=200, description="The `title` of every problem of this type.")
    status: Annotated[int, Field(ge=100, le=599)] | None = Field(
        description="Its HTTP status; null when any error status may carry it."
    )
    description: str = Field(max_length=2000, description="When it is answered.")

    @computed_field(  # type: ignore[prop-decorator]
        description="The `type` URI of its problem documents.",
        json_schema_extra={"maxLength": 100},
        examples=["/problems/validation-error"],
    )
    @property
    def type(self) -> str:
        """The ``type`` member of a problem of this kind (relative: resolved on this host)."""
        return PROBLEM_BASE + self.slug


PROBLEM_TYPES: dict[str, ProblemType] = {}


def _register(slug: str, status: int | None, title: str, description: str) -> ProblemType:
    problem = ProblemType(slug=slug, title=title, status=status, description=description)
    PROBLEM_TYPES[slug] = problem
    return problem


VALIDATION_ERROR = _register(
    "validation-error",
    422,
    "The request is not valid",
    "The request is malformed (body, query or path fails its schema, unknown body field, body "
    "not a JSON object or not decodable), or the input breaks a rule: NIP/NIK checks, a "
    "reference to a unit, position or rank that does not exist, a rank of the wrong kind, a "
    "unit moved below itself, an unknown `sort` field; or the database cannot store a value "
    "as given.",
)
UNAUTHORIZED = _register(
    "unauthorized",
    401,
    "Authentication required",
    "No credentials, or an invalid, expired or revoked token or API key; a wrong password. "
    "Carries `WWW-Authenticate: Bearer`.",
)
FORBIDDEN = _register(
    "forbidden",
    403,
    "Not allowed",
    "The caller lacks the permission the operation needs, or writes outside their scope (e.g. "
    "an operator placing someone in another OPD's unit, an employee changing their own rank).",
)
TOO_MANY_REQUESTS = _register(
    "too-many-requests",
    429,
    "Too many requests",
    "Too many failed sign-ins on an account or from an address, or too many failed "
    "certificate verifications from an address; `Retry-After` says when to try again.",
)
NOT_FOUND = _register(
    "not-found",
    404,
    "Resource not found",
    "No resource has that id, the id is malformed, the resource is outside the caller's scope "
    "(its existence is not revealed), or no route matches the path.",
)
METHOD_NOT_ALLOWED = _register(
    "method-not-allowed",
    405,
    "Method not allowed",
    "The path exists but not with this method (e.g. `DELETE /employees/{id}`); `Allow` lists "
    "the methods it has.",
)
CONFLICT = _register(
    "conflict",
    409,
    "Conflict with the current state",
    "The change conflicts with the current state: a duplicate NIP, NIK, unit code or national "
    "id; deleting something others depend on; any database integrity error.",
)
INVALID_TRANSITION = _register(
    "invalid-transition",
    409,
    "Transition not allowed",
    "A lifecycle change (of a program, a session, an enrollment) that is not allowed from the "
    "record's current status. `current_status` names it and `allowed_statuses` lists the "
    "statuses it may move to next.",
)
DUPLICATE_LEARNING_RECORD = _register(
    "duplicate-learning-record",
    409,
    "The learning record exists already",
    "The same person already has a record with this certificate number, or of this activity "
    "on the same dates, from the same source (or, for a proposal, from any source). "
    "`duplicate_of` names the record that counts.",
)
QUOTA_EXCEEDED = _register(
    "quota-exceeded",
    409,
    "Beyond the quota of the agreement",
    "A session or an internship would take more seats or places of its agreement's quota "
    "for the year than are left (also when two requests race for the last one). "
    "`quota_kind`, `quota_year`, `quota_granted`, `quota_used` and `quota_requested` give "
    "the numbers.",
)
TESTS_REQUIRED = _register(
    "tests-required",
    409,
    "Tests required before passing",
    "The session cannot be completed (and its participants passed) while a participant of a "
    "program that requires both a pre-test and a post-test lacks either; nothing was changed.",
)
PRECONDITION_FAILED = _register(
    "precondition-failed",
    412,
    "The resource has changed",
    "`If-Match` does not match the current `ETag`, or another request changed the resource "
    "while this one was being applied.",
)
PRECONDITION_REQUIRED = _register(
    "precondition-required",
    428,
    "If-Match header required",
    "PATCH or DELETE without `If-Match`.",
)
PAYLOAD_TOO_LARGE = _register(
    "payload-too-large",
    413,
    "Request body too large",
    "The body is over `BANGKOM_MAX_BODY_BYTES` (1 MiB by default; a document upload: "
    "`BANGKOM_MAX_DOCUMENT_BYTES`, 20 MiB); nothing was stored.",
)
UNSUPPORTED_MEDIA_TYPE = _register(
    "unsupported-media-type",
    415,
    "Unsupported media type",
    "The body is not of the media type the operation takes (a document upload takes "
    "`application/pdf`); nothing was stored.",
)
SERVICE_UNAVAILABLE = _register(
    "service-unavailable",
    503,
    "Temporarily unavailable",
    "The database was busy and the request's wait for a lock ran out (SQLite's "
    "`BANGKOM_SQLITE_BUSY_TIMEOUT_MS`, PostgreSQL's `BANGKOM_DB_LOCK_TIMEOUT_MS`, a deadlock or "
    "serialization failure, or no pooled connection free within `BANGKOM_DB_POOL_TIMEOUT_S`): "
    "nothing was written; `Retry-After` says when to retry. Every write documents it, and so "
    "does public certificate verification (JSON and page), a read that records failed "
    "attempts. Also the gap endpoints while current levels are rebuilt, and the 20 JP reports "
    "while the yearly learning totals are rebuilt for a changed year basis. Never a 500.",
)
NOT_READY = _register(
    "not-ready",
    503,
    "Service not ready",
    "`GET /api/v1/health/ready` only: the database is unreachable or not migrated to head. The "
    "problem also carries the readiness fields (`database`, `migrations`, `revision`, `head`).",
)
INTERNAL_ERROR = _register(
    "internal-error",
    500,
    "Internal server error",
    "An unexpected error. The detail is generic and says nothing about internals; the "
    "traceback is in the log line with the same `request_id`.",
)
HTTP_ERROR = _register(
    "http-error",
    None,
    "HTTP error",
    "Any other HTTP error status raised by the framework.",
)
BAD_REQUEST = _register(
    "bad-request",
    400,
    "Bad request",
    "The default of the `DomainError` base class; no service raises it today.",
)


def type_catalogue() -> str:
    """The registered types as a Markdown list, for the spec's ``Problem.type``."""
    return "\n".join(
        f"- `{p.type}` ({p.status or 'any error status'}): {p.title}."
        for p in PROBLEM_TYPES.values()
    )
