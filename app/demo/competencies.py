"""Demo competency data: default standards per position type, and assessment histories.

Levels drift around what the position asks (plus or minus one); dates spread over five years
before the reference day, so some assessments have expired; a fifth are self-assessments.
"""

import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from operator import itemgetter
from typing import Any, cast

from sqlalchemy import Connection, Table, select
from sqlmodel import col

from app.assessments.levels import RECENCY, rebuild_current_levels, record_basis
from app.core.config import Settings
from app.demo.bulk import deferred_checks, write_rows
from app.demo.ids import DemoIds
from app.models import (
    Assessment,
    AssessmentResult,
    Competency,
    CurrentLevel,
    DefaultStandard,
    Employee,
)

Row = dict[str, Any]
REFERENCE_DAY = date(2026, 1, 1)
IDS_FROM = datetime(2026, 1, 1, tzinfo=UTC)  # the time in the ids of standards and assessments
# Results per batch written: bounded memory (tens of MB), few enough COPY statements.
FLUSH = 50_000
# The tables written here, all loaded under ``deferred_checks``.
LOADED = (DefaultStandard, Assessment, AssessmentResult, CurrentLevel)
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
    current levels they give under ``settings``, in the caller's transaction.

    Rows are written a batch at a time (``FLUSH`` results), so memory stays bounded whatever
    the headcount. Into an empty history, the current levels are worked out here, an employee
    at a time, as ``rebuild_current_levels`` would find them (a test holds the two equal): at
    national scale its window over the whole history, sorted on disk, was the largest step of
    the build. Otherwise (a history already there) the table is rebuilt from it.
    """
    rng = random.Random(seed * 7919 + 13)
    ids = DemoIds(rng, IDS_FROM)
    competencies = list(
        conn.execute(
            select(col(Competency.id))
            .where(col(Competency.retired_at).is_(None))
            .order_by(col(Competency.code))
        ).scalars()
    )
    fresh = _history_empty(conn)
    counting = frozenset(settings.assessment_counting_methods)
    counts = dict.fromkeys(("default_standards", "assessments", "assessment_results"), 0)
    counts["current_levels"] = 0
    with deferred_checks(conn, [_table(model) for model in LOADED]):
        standards = _default_standards(ids, competencies)
        write_rows(conn, _table(DefaultStandard), standards)
        counts["default_standards"] = len(standards)
        if per_employee and competencies:
            people = conn.execute(
                select(col(Employee.id), col(Employee.birth_date)).order_by(col(Employee.nip))
            )
            batch = Batch()
            for assessments, results in _histories(rng, ids, people, competencies, per_employee):
                batch.add(assessments, results, _latest(results, counting) if fresh else [])
                if len(batch.results) >= FLUSH:
                    batch = batch.flush(conn, counts)
            batch.flush(conn, counts)
        if fresh:
            record_basis(conn, settings)
    if not fresh:
        counts["current_levels"] = rebuild_current_levels(conn, settings)
    return counts


@dataclass
class Batch:
    """Rows generated and not yet written; written assessments first (results refer to them)."""

    assessments: list[Row] = field(default_factory=list)
    results: list[Row] = field(default_factory=list)
    levels: list[Row] = field(default_factory=list)

    def add(self, assessments: list[Row], results: list[Row], levels: list[Row]) -> None:
        self.assessments += assessments
        self.results += results
        self.levels += levels

    def flush(self, conn: Connection, counts: dict[str, int]) -> "Batch":
        """Write the rows, add them to ``counts``; an empty batch to go on with."""
        for model, rows, key in (
            (Assessment, self.assessments, "assessments"),
            (AssessmentResult, self.results, "assessment_results"),
            (CurrentLevel, self.levels, "current_levels"),
        ):
            write_rows(conn, _table(model), rows)
            counts[key] += len(rows)
        return Batch()


def _history_empty(conn: Connection) -> bool:
    """Whether there are no assessment results and no current levels yet."""
    return all(
        conn.execute(select(column).limit(1)).first() is None
        for column in (col(AssessmentResult.assessment_id), col(CurrentLevel.employee_id))
    )


def _latest(results: list[Row], counting: frozenset[str]) -> list[Row]:
    """One employee's current levels: per competency, the latest result of a counting method.

    "Latest" as ``rebuild_current_levels`` orders them (``RECENCY``: date, then creation
    time, then assessment id). A result row has the columns of a current level, so it is the
    current-level row itself.
    """
    recency = itemgetter(*RECENCY)
    latest: dict[uuid.UUID, Row] = {}
    for result in results:
        if result["method"] not in counting:
            continue
        held = latest.get(result["competency_id"])
        if held is None or recency(result) > recency(held):
            latest[result["competency_id"]] = result
    return list(latest.values())


def _table(model: Any) -> Table:
    return cast(Table, model.__table__)


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
) -> Iterator[tuple[list[Row], list[Row]]]:
    """Per employee (in ``people``'s order): their assessments and those assessments' results."""
    methods = [method for method, _ in METHODS]
    weights = [weight for _, weight in METHODS]
    for employee_id, birth_date in people:
        born = birth_date if isinstance(birth_date, date) else date.fromisoformat(birth_date)
        base = rng.randint(2, 4)
        assessments: list[Row] = []
        results: list[Row] = []
        for _ in range(per_employee):
            assessed_on = REFERENCE_DAY - timedelta(days=rng.randint(20, 1800))
            if assessed_on <= born:
                continue
            method = rng.choices(methods, weights)[0]
            assessment_id = ids()
            created = datetime.combine(assessed_on, datetime.min.time(), UTC)
            assessments.append(
                {
                    "id": assessment_id,
                    "employee_id": employee_id,
                    "assessed_on": assessed_on,
                    "method": method,
                    "assessor": ASSESSORS[method],
                    "created_at": created,
                }
            )
            results += [
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
            ]
        yield assessments, results
