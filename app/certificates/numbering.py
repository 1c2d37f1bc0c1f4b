"""Certificate numbers: a counter per issuer and year, taken in the issuing transaction.

One statement takes ``count`` numbers: an upsert adding ``count`` to the counter row and
returning the new last number. On PostgreSQL the row stays locked until the issuing
transaction ends, so a concurrent issuer waits and then reads the committed value; on SQLite
the writer holds the database. A transaction that rolls back gives its numbers back with
it: no gaps. The UNIQUE constraints on ``(issuer, year, seq)`` and on ``number`` refuse a
duplicate should anything else ever write one.
"""

from typing import Any

from sqlalchemy.dialects import postgresql, sqlite

from app.core.config import Settings
from app.core.derived import Executor, dialect_of
from app.models import CertificateCounter


def take(db: Executor, issuer: str, year: int, count: int) -> range:
    """The next ``count`` sequence numbers of ``issuer`` in ``year``, in order."""
    module: Any = postgresql if dialect_of(db) == "postgresql" else sqlite
    table = CertificateCounter.__table__  # type: ignore[attr-defined]
    statement = module.insert(table).values(issuer=issuer, year=year, last_seq=count)
    statement = statement.on_conflict_do_update(
        index_elements=[table.c.issuer, table.c.year],
        set_={"last_seq": table.c.last_seq + statement.excluded.last_seq},
    ).returning(table.c.last_seq)
    last = int(db.execute(statement).scalar_one())
    return range(last - count + 1, last + 1)


def number(settings: Settings, seq: int, year: int) -> str:
    """The number as printed, in the configured format."""
    return settings.certificate_number_format.format(
        seq=seq, issuer=settings.certificate_issuer, year=year
    )
