"""The enrollment lifecycle, as data (``app.core.lifecycle``).

Who may make which move is the service's rule (``app.enrollments.service``): the supervisor
approves, the agency verifies and promotes, the participant or their OPD's operator
withdraws; ``attending``, ``passed`` and ``failed`` are set by the session's own moves.
"""

from app.core.lifecycle import Lifecycle
from app.models.enums import EnrollmentStatus as E

ENROLLMENT = Lifecycle(
    entity_type="enrollment",
    statuses=E,
    moves={
        E.PROPOSED: (E.APPROVED, E.VERIFIED, E.REJECTED, E.WITHDRAWN),
        E.APPROVED: (E.VERIFIED, E.REJECTED, E.WITHDRAWN),
        # A promotion lands on the step the person still needs.
        E.WAITLISTED: (E.PROPOSED, E.APPROVED, E.VERIFIED, E.REJECTED, E.WITHDRAWN),
        E.VERIFIED: (E.ATTENDING, E.REJECTED, E.WITHDRAWN),
        E.ATTENDING: (E.PASSED, E.FAILED, E.WITHDRAWN),
    },
    reason_required=frozenset({E.REJECTED, E.WITHDRAWN}),
)

# Moves only the session's own moves make (its start and its completion).
SYSTEM_TARGETS = frozenset({E.ATTENDING, E.PASSED, E.FAILED})
