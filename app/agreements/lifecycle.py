"""The agreement lifecycle, as data (``app.core.lifecycle``).

A draft is signed and put in force (active), or called off; an active agreement may be ended
early (terminated), with a reason. ``expired`` is not a move: an active agreement is expired
from the day after its end date, in the agency's time zone (:func:`effective_status`), and
nothing follows it.
"""

from datetime import date

from app.core.lifecycle import Lifecycle
from app.models.enums import AgreementStatus as S

AGREEMENT = Lifecycle(
    entity_type="agreement",
    statuses=S,
    moves={
        S.DRAFT: (S.ACTIVE, S.TERMINATED),
        S.ACTIVE: (S.TERMINATED,),
    },
    reason_required=frozenset({S.TERMINATED}),
)


def effective_status(stored: str, ends_on: date, today: date) -> str:
    """The status as the API shows it: an active agreement past its end date is expired."""
    if stored == S.ACTIVE.value and ends_on < today:
        return S.EXPIRED.value
    return stored
