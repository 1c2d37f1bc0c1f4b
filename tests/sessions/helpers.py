"""What the sessions tests share: a session's body, and the rows a refused request must not
have written."""

from datetime import date, timedelta
from typing import Any

from sqlalchemy import Connection, text

TABLES = (
    "training_session",
    "session_facilitator",
    "meeting",
    "status_change",
    "audit_event",
    "enrollment",
    "learning_record",
)


def counts(connection: Connection) -> dict[str, int]:
    """Rows per table of the sessions' domain (and the audit log)."""
    return {
        table: connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()  # noqa: S608
        for table in TABLES
    }


def session_body(program_id: Any, **overrides: Any) -> dict[str, Any]:
    """A session a month from today, five days, registration open from today for two weeks."""
    start = date.today() + timedelta(days=30)
    body: dict[str, Any] = {
        "program_id": str(program_id),
        "start_date": start.isoformat(),
        "end_date": (start + timedelta(days=4)).isoformat(),
        "registration_opens_on": date.today().isoformat(),
        "registration_closes_on": (start - timedelta(days=14)).isoformat(),
        "mode": "in_person",
        "venue": "Aula BKPSDM Kota Solok",
        "capacity": 20,
    }
    body.update(overrides)
    return body
