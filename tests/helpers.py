"""Assertions shared by the API tests."""

import itertools
from typing import Any

from httpx2 import Response
from sqlalchemy import Connection, text

from app.core.problems import PROBLEM_BASE, PROBLEM_TYPES

PROBLEM = "application/problem+json"


def assert_problem(response: Response, status: int, slug: str | None = None) -> dict[str, Any]:
    """The response is an RFC 9457 problem with ``status`` (and ``type`` ending in ``slug``)."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM), response.headers
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert body["type"].removeprefix(PROBLEM_BASE) in PROBLEM_TYPES, body["type"]
    assert body["title"] == PROBLEM_TYPES[body["type"].removeprefix(PROBLEM_BASE)].title
    assert body["detail"]
    assert body["request_id"] == response.headers["x-request-id"]
    if slug is not None:
        assert body["type"] == f"/problems/{slug}", body
    return body


def row_counts(connection: Connection) -> dict[str, int]:
    """Rows per table of the organisation and development schemas, to show a refused
    request wrote nothing."""
    return {
        table: connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()  # noqa: S608
        for table in COUNTED_TABLES
    }


COUNTED_TABLES = (
    "unit",
    "job_position",
    "employee",
    "program",
    "training_session",
    "session_facilitator",
    "meeting",
    "enrollment",
    "attendance",
    "learning_record",
    "learning_total",
    "status_change",
    "partner",
    "agreement",
    "agreement_quota",
    "document",
    # Evaluations (the questionnaires are left out: migration 0015 seeds the default one).
    "evaluation_setting",
    "evaluation_receipt",
    "evaluation_response",
    "evaluation_answer",
    "learning_test",
    "behaviour_evaluation",
    "certificate",
    "certificate_edition",
    "certificate_counter",
)


_serial = itertools.count(1)


def serial() -> int:
    """The next number of a sequence shared by every factory: unique codes and NIPs."""
    return next(_serial)
