"""The internship lifecycle, as data (``app.core.lifecycle``).

Planned, under way (active), completed with its final report and evaluation; called off
(cancelled, with a reason) at any point before it is completed.
"""

from app.core.lifecycle import Lifecycle
from app.models.enums import InternshipStatus as S

INTERNSHIP = Lifecycle(
    entity_type="internship",
    statuses=S,
    moves={
        S.PLANNED: (S.ACTIVE, S.CANCELLED),
        S.ACTIVE: (S.COMPLETED, S.CANCELLED),
    },
    reason_required=frozenset({S.CANCELLED}),
)

OPEN = (S.PLANNED.value, S.ACTIVE.value)  # not over: it may still change
