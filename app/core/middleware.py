"""Pure ASGI middleware: request id, access log, body size limit, write intent."""

import logging
import re
import time
import uuid

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.core import problems
from app.core.db import write_intent
from app.core.errors import problem_response
from app.core.logging import redact
from app.core.request_context import client_addr_var, request_id_var

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
_READ_METHODS = {"GET", "HEAD", "OPTIONS"}
access_log = logging.getLogger("bangkom.access")
error_log = logging.getLogger("bangkom.errors")


class RequestContextMiddleware:
    """Accept or generate ``X-Request-ID``, echo it, and log one access line per request.

    The access line has method, route path and status, never the query string or the body:
    those may carry personal data (a NIK, a name searched for); a credential in the path (a
    calendar feed's token) is redacted.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = _header(scope, b"x-request-id")
        request_id = incoming if incoming and _REQUEST_ID.match(incoming) else uuid.uuid4().hex
        id_token = request_id_var.set(request_id)
        client = scope.get("client")
        addr_token = client_addr_var.set(client[0] if client else None)
        intent_token = write_intent.set(scope["method"] not in _READ_METHODS)
        started = time.perf_counter()
        status = 500
        response_started = False

        async def send_with_id(message: Message) -> None:
            nonlocal status, response_started
            if message["type"] == "http.response.start":
                status, response_started = message["status"], True
                headers = list(message.get("headers", []))
                headers.append((b"x-request-id", request_id.encode()))
                message["headers"] = headers
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except Exception as exc:
            # Rendered here, inside the request's context, so the problem carries its id.
            error_log.exception("unhandled error", exc_info=exc)
            if response_started:
                raise
            await problem_response(
                None,
                instance=scope["path"],
                problem=problems.INTERNAL_ERROR,
                detail="An unexpected error occurred; quote the request id when reporting it.",
            )(scope, receive, send_with_id)
        finally:
            access_log.info(
                "request",
                extra={
                    "method": scope["method"],
                    "path": redact(scope["path"]),
                    "status": status,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 2),
                },
            )
            write_intent.reset(intent_token)
            client_addr_var.reset(addr_token)
            request_id_var.reset(id_token)


class BodySizeLimitMiddleware:
    """Refuse bodies over the limit with 413 before the application reads them."""

    def __init__(self, app: ASGIApp, max_bytes: int, larger: dict[str, int] | None = None) -> None:
        self.app = app
        self.default_max_bytes = max_bytes
        self.larger = larger or {}  # path prefix -> limit, for bulk imports

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = next(
            (size for prefix, size in self.larger.items() if scope["path"].startswith(prefix)),
            self.default_max_bytes,
        )
        declared = _header(scope, b"content-length")
        if declared and declared.isdigit() and int(declared) > limit:
            await self._refuse(scope, receive, send, limit)
            return
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    # Rendered as problem+json by the HTTP error handler.
                    raise HTTPException(413, f"The request body exceeds {limit} bytes.")
            return message

        await self.app(scope, limited_receive, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send, limit: int) -> None:
        response = problem_response(
            None,
            instance=scope["path"],
            problem=problems.PAYLOAD_TOO_LARGE,
            detail=f"The request body exceeds the limit of {limit} bytes.",
        )
        await response(scope, receive, send)


def _header(scope: Scope, name: bytes) -> str | None:
    headers: list[tuple[bytes, bytes]] = scope.get("headers", [])
    for key, value in headers:
        if key == name:
            return value.decode("latin-1")
    return None


VERIFY_PAGE = "/verify"


class SecurityHeadersMiddleware:
    """Headers that make browsers treat API responses as data, never as pages to render;
    ``Cache-Control: no-store`` unless the route sent a ``Cache-Control`` of its own."""

    def __init__(self, app: ASGIApp, hsts_max_age_s: int = 0) -> None:
        self.app = app
        common = [
            (b"x-content-type-options", b"nosniff"),
            (b"x-frame-options", b"DENY"),
            (b"referrer-policy", b"no-referrer"),
            (b"cross-origin-opener-policy", b"same-origin"),
        ]
        if hsts_max_age_s:
            common.append((b"strict-transport-security", f"max-age={hsts_max_age_s}".encode()))
        self.common = common
        # Every response but the interactive docs is data. The docs page runs Swagger UI, served
        # by the service itself: it may load scripts, styles and images from here and nowhere else.
        self.api_only = [
            (b"content-security-policy", b"default-src 'none'; frame-ancestors 'none'"),
            (b"cache-control", b"no-store"),
        ]
        self.docs = [
            (
                b"content-security-policy",
                b"default-src 'self'; script-src 'self' 'unsafe-inline'; "
                b"style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
                b"frame-ancestors 'none'",
            )
        ]
        # The certificate verification page (``app.certificates.page``): plain HTML, its own
        # inline style sheet, a form sent back here; no script at all.
        self.page = [
            (
                b"content-security-policy",
                b"default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
                b"base-uri 'none'; frame-ancestors 'none'",
            ),
            (b"cache-control", b"no-store"),
        ]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        docs = scope["path"] == "/docs" or scope["path"].startswith("/docs/")
        page = scope["path"] == VERIFY_PAGE
        extra = self.common + (self.docs if docs else self.page if page else self.api_only)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                added = extra
                if any(key.lower() == b"cache-control" for key, _ in headers):
                    # A route that says how long its answer may be kept (a public status
                    # list) is not overruled by no-store.
                    added = [(key, value) for key, value in extra if key != b"cache-control"]
                message["headers"] = [*headers, *added]
            await send(message)

        await self.app(scope, receive, send_with_headers)
