"""Per-request context shared with logging, error rendering and the audit log."""

from contextvars import ContextVar

request_id_var: ContextVar[str | None] = ContextVar("request_id", default=None)
client_addr_var: ContextVar[str | None] = ContextVar("client_addr", default=None)
