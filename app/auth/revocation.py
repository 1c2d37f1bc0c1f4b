"""Whether an access token may still be used: its session live, its account active, its epoch
current. Read from the database, and reused by each worker for a few seconds.

A signed token cannot be taken back, so each one names its session (``sid``) and the account's
token epoch (``ver``) it was issued under. Signing out or a password change revokes the
session; disabling the account, replacing its roles, relinking its employee or resetting its
password raises the epoch. Every request checks both; what a worker read is reused for
``session_check_interval_s`` (2 s by default), so a change made through one worker is enforced
by the others within that delay and at once by the worker that made it, which forgets what
it had read (:func:`forget`). A cached check costs a dictionary lookup; a fresh one, a primary
key lookup of the session joined to its account.
"""

import threading
import time
import uuid
from collections import OrderedDict
from functools import cache
from typing import Any

from sqlalchemy import Uuid, bindparam, select
from sqlmodel import Session as DbSession
from sqlmodel import col

from app.models import AuthSession, User

MAX_ENTRIES = 50_000
# Found in the check's SQL: lets the benchmark's recording and the tests' statement counts
# tell this per-worker, clock-dependent lookup apart from a route's own statements.
SESSION_CHECK_MARK = "FROM auth_session"

# session id -> (monotonic time read, the epoch its tokens must carry, or None: refused)
_seen: OrderedDict[uuid.UUID, tuple[float, int | None]] = OrderedDict()
_lock = threading.Lock()


def cached_epoch(session_id: uuid.UUID, max_age_s: float) -> tuple[bool, int | None]:
    """``(True, epoch)`` when this worker read the session less than ``max_age_s`` ago."""
    entry = _seen.get(session_id)
    if entry is None or time.monotonic() - entry[0] >= max_age_s:
        return False, None
    return True, entry[1]


def read_epoch(db: DbSession, session_id: uuid.UUID, user_id: uuid.UUID) -> int | None:
    """The epoch the session's tokens must carry; None if revoked, unknown or disabled."""
    row = (
        db.connection()
        .execute(_statement(), {"session_id": session_id, "user_id": user_id})
        .first()
    )
    epoch = None if row is None or row.revoked_at is not None or not row.is_active else row.epoch
    with _lock:
        _seen[session_id] = (time.monotonic(), epoch)
        _seen.move_to_end(session_id)
        while len(_seen) > MAX_ENTRIES:
            _seen.popitem(last=False)
    return int(epoch) if epoch is not None else None


def forget() -> None:
    """Drop what this worker read: called after any change that ends access."""
    with _lock:
        _seen.clear()


@cache
def _statement() -> Any:
    """Built once, with bound parameters."""
    return (
        select(
            col(AuthSession.revoked_at),
            col(User.is_active),
            col(User.token_epoch).label("epoch"),
        )
        .join(User, col(User.id) == col(AuthSession.user_id))
        .where(
            col(AuthSession.id) == bindparam("session_id", type_=Uuid()),
            col(AuthSession.user_id) == bindparam("user_id", type_=Uuid()),
        )
    )
