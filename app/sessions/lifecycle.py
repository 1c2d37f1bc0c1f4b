"""The session lifecycle, as data (``app.core.lifecycle``).

A session is planned (draft), opened for registration, closed for it, run and completed; it
may be called off (cancelled, with a reason) at any point before it is over. Registration may
be reopened while the session has not started.
"""

from app.core.lifecycle import Lifecycle
from app.models.enums import SessionStatus as S

SESSION = Lifecycle(
    entity_type="session",
    statuses=S,
    moves={
        S.DRAFT: (S.OPEN, S.CANCELLED),
        S.OPEN: (S.CLOSED, S.CANCELLED),
        S.CLOSED: (S.OPEN, S.RUNNING, S.CANCELLED),
        S.RUNNING: (S.COMPLETED, S.CANCELLED),
    },
    reason_required=frozenset({S.CANCELLED}),
)

# While the session has not started, its dates and its capacity may change.
PLANNED = (S.DRAFT.value, S.OPEN.value, S.CLOSED.value)
# Over: nothing about it changes any more.
OVER = (S.COMPLETED.value, S.CANCELLED.value)
