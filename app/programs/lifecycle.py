"""The program lifecycle, as data (``app.core.lifecycle``).

A program is written as a draft, offered while active (sessions open only for an active
program), and archived when it is no longer run; an archived program may be offered again.
"""

from app.core.lifecycle import Lifecycle
from app.models.enums import ProgramStatus as P

PROGRAM = Lifecycle(
    entity_type="program",
    statuses=P,
    moves={
        P.DRAFT: (P.ACTIVE, P.ARCHIVED),
        P.ACTIVE: (P.ARCHIVED,),
        P.ARCHIVED: (P.ACTIVE,),
    },
)
