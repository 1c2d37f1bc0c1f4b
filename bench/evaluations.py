"""Level-1 aggregates of a program with 100 sessions: the endpoint against its raw-SQL twin.

Small and quick, on its own database per backend (``bangkom_bench_eval``, a temporary SQLite
file): a migrated database, one program with ``SESSIONS`` completed sessions of
``PARTICIPANTS`` participants each, every participant's anonymous answer to the default
questionnaire (four scales and, for some, a suggestion). It times
``GET /evaluation-results/programs/{id}`` in process (the application's own work: routing,
authentication, its queries, validation and JSON), and the same figures computed with the
driver alone (``sqlite3`` / ``psycopg``, the statements written by hand); the ratio is what
the application costs beyond the SQL. Usage::

    .venv/bin/python -m bench.evaluations [--backend sqlite|postgresql] [--rounds 30]
"""

import argparse
import random
import sqlite3
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import psycopg
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, insert, text

from app.core import examples
from app.core.config import Settings
from app.core.db import create_db_engine
from app.main import create_app
from app.models import (
    Employee,
    Enrollment,
    EvaluationAnswer,
    EvaluationReceipt,
    EvaluationResponse,
    Program,
    TrainingSession,
    Unit,
)
from bench.auth import Caller
from bench.database import PG_ADMIN_URL, migrate

SESSIONS = 100
PARTICIPANTS = 25
PG_DATABASE = "bangkom_bench_eval"
SCALES = (
    examples.QUESTION_MATERI,
    examples.QUESTION_FASILITATOR,
    examples.QUESTION_PENYELENGGARAAN,
    examples.QUESTION_MANFAAT,
)

# The raw twin: the same figures as the endpoint (sessions, respondents, per question count
# and average, the overall average, the sorted comments, level 2 and level 3), by hand.
RAW = (
    "SELECT count(*) FROM training_session WHERE program_id = {p}",
    "SELECT count(*) FROM evaluation_response r JOIN training_session s ON s.id = r.session_id"
    " WHERE s.program_id = {p}",
    "SELECT q.topic, q.prompt, count(a.scale), avg(a.scale) FROM evaluation_answer a"
    " JOIN evaluation_response r ON r.id = a.response_id"
    " JOIN evaluation_question q ON q.id = a.question_id"
    " JOIN training_session s ON s.id = r.session_id"
    " WHERE s.program_id = {p} AND a.scale IS NOT NULL"
    " GROUP BY q.id, q.topic, q.prompt, q.position ORDER BY q.position",
    "SELECT avg(a.scale) FROM evaluation_answer a JOIN evaluation_response r"
    " ON r.id = a.response_id JOIN training_session s ON s.id = r.session_id"
    " WHERE s.program_id = {p}",
    "SELECT a.answer_text FROM evaluation_answer a JOIN evaluation_response r"
    " ON r.id = a.response_id JOIN training_session s ON s.id = r.session_id"
    " WHERE s.program_id = {p} AND a.answer_text IS NOT NULL ORDER BY a.answer_text LIMIT 200",
    "SELECT count(*), avg(t.pre_score), avg(t.post_score), avg(t.post_score - t.pre_score)"
    " FROM learning_test t JOIN enrollment e ON e.id = t.enrollment_id"
    " JOIN training_session s ON s.id = e.session_id WHERE s.program_id = {p}"
    " AND t.pre_score IS NOT NULL AND t.post_score IS NOT NULL",
    "SELECT count(*), count(b.answered_at), avg(b.rating) FROM behaviour_evaluation b"
    " JOIN training_session s ON s.id = b.session_id WHERE s.program_id = {p}",
)


def fresh_url(backend: str, directory: Path) -> str:
    if backend == "sqlite":
        return f"sqlite:///{directory / 'eval.db'}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)"))
        conn.execute(text(f"CREATE DATABASE {PG_DATABASE}"))
    admin.dispose()
    return PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + PG_DATABASE


def build(settings: Settings) -> uuid.UUID:
    """The program, its sessions, participants and their answers; the program's id."""
    rng = random.Random(16)
    engine = create_db_engine(settings)
    migrate(engine)
    program = Program(
        code="EVAL-BENCH",
        title="Pelatihan Evaluasi",
        development_type_id=3,
        standard_jp=24,
        periodicity="yearly",
        status="active",
    )
    start = date(2026, 1, 5)
    sessions, enrollments, receipts, responses, answers = [], [], [], [], []
    people = _employees(engine)
    for n in range(SESSIONS):
        first = start + timedelta(days=3 * n)
        session = TrainingSession(
            program_id=program.id,
            year=first.year,
            batch_number=n + 1,
            name=f"Angkatan {n + 1}",
            start_date=first,
            end_date=first + timedelta(days=2),
            registration_opens_on=first - timedelta(days=30),
            registration_closes_on=first - timedelta(days=7),
            mode="in_person",
            capacity=PARTICIPANTS,
            jp=24,
            status="completed",
        )
        sessions.append(session.model_dump())
        for person in people:
            enrollment = Enrollment(
                session_id=session.id, employee_id=person, status="passed", seat_held=True
            )
            enrollments.append(enrollment.model_dump())
            receipts.append({"session_id": session.id, "enrollment_id": enrollment.id})
            response = uuid.uuid4()
            responses.append(
                {"id": response, "session_id": session.id, "instrument_id": _default(engine)}
            )
            for question in SCALES:
                answers.append(
                    {
                        "response_id": response,
                        "question_id": uuid.UUID(question),
                        "scale": rng.randint(2, 5),
                        "answer_text": None,
                    }
                )
            if rng.random() < 0.3:
                answers.append(
                    {
                        "response_id": response,
                        "question_id": uuid.UUID(examples.QUESTION_SARAN),
                        "scale": None,
                        "answer_text": f"Saran {rng.randrange(1000)}",
                    }
                )
    with engine.begin() as conn:
        conn.execute(insert(Program.__table__), [program.model_dump()])  # type: ignore[attr-defined]
        for model, rows in (
            (TrainingSession, sessions),
            (Enrollment, enrollments),
            (EvaluationReceipt, receipts),
            (EvaluationResponse, responses),
            (EvaluationAnswer, answers),
        ):
            conn.execute(insert(model.__table__), rows)  # type: ignore[union-attr]
        if engine.dialect.name == "postgresql":
            conn.execute(text("ANALYZE"))
    engine.dispose()
    return program.id


_DEFAULT: dict[str, uuid.UUID] = {}


def _default(engine: Any) -> uuid.UUID:
    if "id" not in _DEFAULT:
        with engine.connect() as conn:
            found = conn.execute(
                text("SELECT id FROM evaluation_instrument WHERE is_default")
            ).scalar_one()
        _DEFAULT["id"] = uuid.UUID(str(found))
    return _DEFAULT["id"]


def _employees(engine: Any) -> list[uuid.UUID]:
    """The participants of every session (the aggregates never read who)."""
    unit = Unit.model_validate(
        {"code": "EVB", "name": "Dinas", "kind": "opd", "is_opd": True, "path": "", "depth": 0}
    )
    unit.path = f"/{unit.id.hex}/"
    people = [
        Employee.model_validate(
            {
                "nip": f"198503122010011{n:03d}",
                "name": f"Peserta {n}",
                "unit_id": unit.id,
                "status": "pns",
                "sex": "male",
                "birth_date": date(1985, 3, 12),
            }
        )
        for n in range(1, PARTICIPANTS + 1)
    ]
    with engine.begin() as conn:
        conn.execute(insert(Unit.__table__), [unit.model_dump()])  # type: ignore[attr-defined]
        conn.execute(insert(Employee.__table__), [p.model_dump() for p in people])  # type: ignore[attr-defined]
    return [p.id for p in people]


def timed(call: Callable[[], Any], rounds: int) -> float:
    """The median seconds of ``rounds`` calls, after two to warm up."""
    for _ in range(2):
        call()
    samples = []
    for _ in range(rounds):
        began = time.perf_counter()
        call()
        samples.append(time.perf_counter() - began)
    return statistics.median(samples)


def raw_call(backend: str, url: str, program_id: uuid.UUID) -> Callable[[], Any]:
    if backend == "sqlite":
        conn = sqlite3.connect(url.removeprefix("sqlite:///"), check_same_thread=False)
        value = program_id.hex  # SQLAlchemy's Uuid on SQLite: 32 hex digits
        statements = [sql.format(p="?") for sql in RAW]
        return lambda: [conn.execute(s, (value,)).fetchall() for s in statements]
    pg = psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://"), autocommit=True)
    statements = [sql.format(p="%s") for sql in RAW]
    return lambda: [pg.execute(s, (program_id,)).fetchall() for s in statements]


def run(backend: str, rounds: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as directory:
        caller = Caller()
        url = fresh_url(backend, Path(directory))
        settings = Settings(database_url=url, log_level="WARNING", **caller.settings_overrides())
        program_id = build(settings)
        headers = {"Authorization": caller.authorization(settings)}
        path = f"/api/v1/evaluation-results/programs/{program_id}"
        with TestClient(create_app(settings)) as client:
            body = client.get(path, headers=headers).json()
            if body["reaction"]["respondents"] != SESSIONS * PARTICIPANTS:
                raise RuntimeError(f"not the data built: {body}")
            endpoint = timed(lambda: client.get(path, headers=headers), rounds)
        baseline = timed(raw_call(backend, url, program_id), rounds)
    return {"endpoint_ms": endpoint * 1000, "baseline_ms": baseline * 1000}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), action="append")
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
    for backend in args.backend or ("sqlite", "postgresql"):
        figures = run(backend, args.rounds)
        ratio = figures["endpoint_ms"] / figures["baseline_ms"]
        print(
            f"{backend}: endpoint {figures['endpoint_ms']:.1f} ms, raw SQL "
            f"{figures['baseline_ms']:.1f} ms, ratio {ratio:.2f} "
            f"({SESSIONS} sessions, {SESSIONS * PARTICIPANTS} respondents)"
        )


if __name__ == "__main__":
    main()
