"""Demo competency data: default standards per position type, and assessment histories.

Levels drift around what the position asks (plus or minus one); dates spread over five years
before the reference day, so some assessments have expired; a fifth are self-assessments.
"""

import random
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, select
from sqlmodel import col

from app.assessments.levels import rebuild_current_levels
from app.core.config import Settings
from app.demo.ids import DemoIds
from app.models import Assessment, AssessmentResult, Competency, DefaultStandard, Employee

Row = dict[str, Any]
REFERENCE_DAY = date(2026, 1, 1)
IDS_FROM = datetime(2026, 1, 1, tzinfo=UTC)  # the time in the ids of standards and assessments
CHUNK = 5000
TYPE_LEVELS = {
    "jpt_utama": 5,
    "jpt_madya": 4,
    "jpt_pratama": 4,
    "administrator": 4,
    "pengawas": 3,
    "pelaksana": 2,
}
FUNCTIONAL_LEVELS = {
    "ahli_pertama": 2,
    "ahli_muda": 3,
    "ahli_madya": 3,
    "ahli_utama": 4,
    "pemula": 1,
    "terampil": 2,
    "mahir": 2,
    "penyelia": 3,
}
METHODS = (("assessment_centre", 0.2), ("test", 0.25), ("supervisor", 0.35), ("self", 0.2))
ASSESSORS = {
    "assessment_centre": "UPT Penilaian Kompetensi BKPSDM",
    "test": "BKPSDM",
    "supervisor": "Atasan langsung",
    "self": "Penilaian diri",
}


def generate_competency_data(
    conn: Connection, *, per_employee: int, seed: int, settings: Settings
) -> dict[str, int]:
    """Default standards for every position type, ``per_employee`` assessments each, and the
    current levels they give under ``settings`` (rebuilt in the same transaction)."""
    rng = random.Random(seed * 7919 + 13)
    ids = DemoIds(rng, IDS_FROM)
    competencies = list(
        conn.execute(
            select(col(Competency.id))
            .where(col(Competency.retired_at).is_(None))
            .order_by(col(Competency.code))
        ).scalars()
    )
    standards = _default_standards(ids, competencies)
    _insert(conn, DefaultStandard, standards)
    counts = {"default_standards": len(standards), "assessments": 0, "assessment_results": 0}
    if per_employee == 0 or not competencies:
        counts["current_levels"] = rebuild_current_levels(conn, settings)
        return counts
    people = conn.execute(
        select(col(Employee.id), col(Employee.birth_date)).order_by(col(Employee.nip))
    )
    assessments: list[Row] = []
    results: list[Row] = []
    for assessment, rows in _histories(rng, ids, people, competencies, per_employee):
        assessments.append(assessment)
        results.extend(rows)
        if len(results) >= CHUNK:
            counts["assessments"] += _flush(conn, assessments, results)
            counts["assessment_results"] += len(results)
            assessments, results = [], []
    counts["assessment_results"] += len(results)
    counts["assessments"] += _flush(conn, assessments, results)
    counts["current_levels"] = rebuild_current_levels(conn, settings)
    return counts


def _default_standards(ids: DemoIds, competencies: list[uuid.UUID]) -> list[Row]:
    rows = []
    cells: list[tuple[str, str | None, int]] = [
        ("fungsional", level, required) for level, required in FUNCTIONAL_LEVELS.items()
    ]
    cells += [(code, None, required) for code, required in TYPE_LEVELS.items()]
    for position_type, functional_level, required in cells:
        for competency in competencies:
            rows.append(
                {
                    "id": ids(),
                    "position_type_code": position_type,
                    "functional_level": functional_level,
                    "competency_id": competency,
                    "required_level": required,
                }
            )
    return rows


def _histories(
    rng: random.Random,
    ids: DemoIds,
    people: Any,
    competencies: list[uuid.UUID],
    per_employee: int,
) -> Iterator[tuple[Row, list[Row]]]:
    methods = [method for method, _ in METHODS]
    weights = [weight for _, weight in METHODS]
    for employee_id, birth_date in people:
        born = birth_date if isinstance(birth_date, date) else date.fromisoformat(birth_date)
        base = rng.randint(2, 4)
        for _ in range(per_employee):
            assessed_on = REFERENCE_DAY - timedelta(days=rng.randint(20, 1800))
            if assessed_on <= born:
                continue
            method = rng.choices(methods, weights)[0]
            assessment_id = ids()
            created = datetime.combine(assessed_on, datetime.min.time(), UTC)
            yield (
                {
                    "id": assessment_id,
                    "employee_id": employee_id,
                    "assessed_on": assessed_on,
                    "method": method,
                    "assessor": ASSESSORS[method],
                    "created_at": created,
                },
                [
                    {
                        "assessment_id": assessment_id,
                        "competency_id": competency,
                        "level": min(5, max(1, base + rng.choice((-1, 0, 0, 1)))),
                        "employee_id": employee_id,
                        "assessed_on": assessed_on,
                        "method": method,
                        "created_at": created,
                    }
                    for competency in competencies
                ],
            )


def _flush(conn: Connection, assessments: list[Row], results: list[Row]) -> int:
    _insert(conn, Assessment, assessments)
    _insert(conn, AssessmentResult, results)
    return len(assessments)


def _insert(conn: Connection, model: Any, rows: list[Row]) -> None:
    for start in range(0, len(rows), CHUNK):
        conn.execute(model.__table__.insert(), rows[start : start + CHUNK])
