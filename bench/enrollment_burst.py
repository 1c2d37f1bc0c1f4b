"""An enrollment burst: ``--burst`` concurrent requests for ``--seats`` seats, on each backend.

``python -m bench.enrollment_burst``: per backend, a fresh database with the demo data
(``--employees``, a year of development data); then, ``--rounds`` times for each server (the
real application and the raw-SQL baseline of ``bench.enrollment_baseline``, alternated), a new
open session of a program with no approval steps and no eligibility rules, and ``--burst``
employees enrolling in it at the same moment: one connection each, opened beforehand, every
request written at once. Reported per round: throughput (requests / wall time from the first
write to the last answer), p50 and p99 latency, the status codes, and the correctness counts
read back from the database: seats taken (the session's counter and the seat-holding rows),
waitlisted, duplicates (rows beyond one per person), errors (answers other than 201), and
whether everyone seated asked no later than everyone waiting. ``ratio`` = app throughput /
baseline throughput, from the median round of each. Prints a table, writes bench/results/.
"""

import argparse
import asyncio
import json
import os
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, func, select
from sqlmodel import Session as DbSession
from sqlmodel import col

from app.core.config import ROOT
from app.models import Employee, Enrollment, Program, TrainingSession
from app.models.enums import Periodicity, ProgramStatus, SessionMode, SessionStatus
from bench import database as db
from bench.auth import Caller
from bench.loadgen import ERRORS, HOST, percentile
from bench.server import REAL_APP, serve

BASELINE_APP = "bench.enrollment_baseline:create_app"
KINDS = ("baseline", "app")
CONNECT_GAP_S = 0.005
FAR = 400  # days from today to the first round's session: past every generated one


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.enrollment_burst", description=__doc__)
    parser.add_argument("--employees", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1372)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--burst", type=int, default=200, help="concurrent enrollment requests")
    parser.add_argument("--seats", type=int, default=30, help="the session's capacity")
    parser.add_argument("--rounds", type=int, default=3, help="bursts per server and backend")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=120.0, help="per request, seconds")
    args = parser.parse_args(argv)
    args.backends = [name.strip() for name in args.backends.split(",") if name.strip()]
    return args


def _session(engine: Engine, program: Program, index: int, seats: int) -> uuid.UUID:
    """A new open session of ``program``, its dates apart from every other round's."""
    today = date.today()
    start = today + timedelta(days=FAR + 10 * index)
    with DbSession(engine) as session_db:
        row = TrainingSession(
            program_id=program.id,
            year=start.year,
            batch_number=index + 1,
            name=f"{program.title} Angkatan {index + 1}",
            start_date=start,
            end_date=start + timedelta(days=2),
            registration_opens_on=today - timedelta(days=1),
            registration_closes_on=start - timedelta(days=7),
            mode=SessionMode.IN_PERSON.value,
            venue="Aula BKPSDM",
            capacity=seats,
            jp=program.standard_jp,
            status=SessionStatus.OPEN.value,
        )
        session_db.add(row)
        session_db.commit()
        return row.id


def _program(engine: Engine) -> Program:
    """A technical course open to anyone, with no approval steps: a seat is taken at once."""
    with DbSession(engine, expire_on_commit=False) as session_db:
        program = Program(
            code="BENCH-BURST",
            title="Pelatihan Teknis Burst",
            development_type_id=3,
            standard_jp=24,
            periodicity=Periodicity.ONCE.value,
            requires_supervisor_approval=False,
            requires_agency_verification=False,
            status=ProgramStatus.ACTIVE.value,
        )
        session_db.add(program)
        session_db.commit()
        return program


def _people(engine: Engine, count: int) -> list[uuid.UUID]:
    """``count`` active employees spread over the NIP order."""
    with DbSession(engine) as session_db:
        total = session_db.execute(select(func.count()).where(col(Employee.is_active))).scalar_one()
        step = max(1, total // count)
        ids = session_db.execute(
            select(col(Employee.id)).where(col(Employee.is_active)).order_by(col(Employee.nip))
        ).scalars()
        chosen = [employee_id for n, employee_id in enumerate(ids) if n % step == 0]
    if len(chosen) < count:
        raise SystemExit(f"only {len(chosen)} active employees: use more --employees")
    return chosen[:count]


async def _fire(
    port: int, session_id: uuid.UUID, people: list[uuid.UUID], authorization: str, timeout: float
) -> dict[str, Any]:
    """One request per person, each on its own connection, all written at once."""
    connections = []
    for _ in people:  # one by one: opened in a burst, one worker would accept nearly all
        connections.append(await asyncio.open_connection(HOST, port))
        await asyncio.sleep(CONNECT_GAP_S)
    path = f"/api/v1/sessions/{session_id}/enrollments"
    requests = []
    for person in people:
        body = json.dumps({"employee_id": str(person)})
        requests.append(
            (
                f"POST {path} HTTP/1.1\r\nHost: {HOST}\r\nAuthorization: {authorization}\r\n"
                f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
                f"Connection: close\r\n\r\n{body}"
            ).encode()
        )

    async def one(
        reader: asyncio.StreamReader, writer: asyncio.StreamWriter, request: bytes
    ) -> tuple[int, float]:
        started = time.perf_counter()
        try:
            async with asyncio.timeout(timeout):
                writer.write(request)
                head = await reader.readuntil(b"\r\n\r\n")
                status = int(head[9:12])
                await reader.read()  # to the end: the server closes
        except ERRORS:
            status = 0
        finally:
            writer.close()
        return status, (time.perf_counter() - started) * 1000

    started = time.perf_counter()
    answers = await asyncio.gather(
        *(
            one(reader, writer, request)
            for (reader, writer), request in zip(connections, requests, strict=True)
        )
    )
    wall = time.perf_counter() - started
    latencies = sorted(ms for _, ms in answers)
    statuses: dict[str, int] = {}
    for status, _ in answers:
        statuses[str(status)] = statuses.get(str(status), 0) + 1
    return {
        "wall_s": round(wall, 3),
        "rps": round(len(people) / wall, 1),
        "p50_ms": round(percentile(latencies, 0.5), 1),
        "p99_ms": round(percentile(latencies, 0.99), 1),
        "statuses": statuses,
        "errors": len(people) - statuses.get("201", 0),
    }


def _counts(engine: Engine, session_id: uuid.UUID) -> dict[str, Any]:
    """What the database holds after the burst."""
    with DbSession(engine) as session_db:
        session = session_db.get(TrainingSession, session_id)
        assert session is not None  # noqa: S101 - made by this run
        rows = (
            session_db.execute(
                select(Enrollment)
                .where(col(Enrollment.session_id) == session_id)
                .order_by(col(Enrollment.requested_at), col(Enrollment.id))
            )
            .scalars()
            .all()
        )
    seated = [row for row in rows if row.seat_held]
    waiting = [row for row in rows if row.status == "waitlisted"]
    in_order = (
        not seated
        or not waiting
        or max(r.requested_at for r in seated) <= min(r.requested_at for r in waiting)
    )
    return {
        "capacity": session.capacity,
        "seats_taken": session.seats_taken,
        "seat_rows": len(seated),
        "waitlisted": len(waiting),
        "duplicates": len(rows) - len({row.employee_id for row in rows}),
        "seated_before_waiting": in_order,
    }


def bench_backend(args: argparse.Namespace, backend: str) -> dict[str, Any]:
    """Build the database, then the bursts, baseline and app alternated."""
    database = db.fresh_database(backend)
    engine = database.engine()
    caller = Caller()
    try:
        db.migrate(engine)
        db.generate(engine, args.employees, args.seed, 0, database.settings(), years=1)
        db.analyze(engine)
        program = _program(engine)
        people = _people(engine, args.burst)
        settings = database.settings(**caller.settings_overrides())
        authorization = caller.authorization(settings)
        env = {
            "BANGKOM_DATABASE_URL": database.url,
            "BENCH_DATABASE_URL": database.url,
            "BANGKOM_LOG_LEVEL": "WARNING",
        } | caller.server_env()
        rounds: dict[str, list[dict[str, Any]]] = {kind: [] for kind in KINDS}
        index = 0
        with (db.BENCH_DIR / f"server-enrollment-burst-{backend}.log").open("ab") as log:
            for _ in range(args.rounds):
                for kind in KINDS:
                    factory = REAL_APP if kind == "app" else BASELINE_APP
                    session_id = _session(engine, program, index, args.seats)
                    index += 1
                    with serve(factory, env, args.workers, log) as server:
                        fired = asyncio.run(
                            _fire(server.port, session_id, people, authorization, args.timeout)
                        )
                    rounds[kind].append(fired | _counts(engine, session_id))
                    _say(f"{backend} {kind}: {rounds[kind][-1]}")
    finally:
        engine.dispose()
    median = {kind: _median(rounds[kind]) for kind in KINDS}
    ratio = median["app"]["rps"] / median["baseline"]["rps"] if median["baseline"]["rps"] else 0
    return {"rounds": rounds, "median": median, "ratio": round(ratio, 3)}


def _median(rounds: list[dict[str, Any]]) -> dict[str, Any]:
    """The median-throughput round."""
    ordered = sorted(rounds, key=lambda r: r["rps"])
    return ordered[(len(ordered) - 1) // 2]


def _say(message: str) -> None:
    print(message, flush=True)


def table(args: argparse.Namespace, results: dict[str, Any]) -> str:
    """The results as text."""
    lines = [
        f"enrollment burst: {args.burst} concurrent requests, {args.seats} seats, "
        f"{args.employees:,} employees, {args.workers} workers, {os.cpu_count()} cores; "
        f"median of {args.rounds} rounds",
        f"{'backend':11} {'server':9} {'rps':>7} {'p50 ms':>8} {'p99 ms':>8} {'seats':>6} "
        f"{'waitl.':>6} {'dupl.':>5} {'errors':>6} {'order':>6} {'ratio':>6}",
    ]
    for backend, result in results.items():
        for kind in KINDS:
            run = result["median"][kind]
            ratio = f"{result['ratio']:6.2f}" if kind == "app" else ""
            lines.append(
                f"{backend:11} {kind:9} {run['rps']:7.1f} {run['p50_ms']:8.1f} "
                f"{run['p99_ms']:8.1f} {run['seats_taken']:6d} {run['waitlisted']:6d} "
                f"{run['duplicates']:5d} {run['errors']:6d} "
                f"{'ok' if run['seated_before_waiting'] else 'NO':>6} {ratio}"
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    results = {backend: bench_backend(args, backend) for backend in args.backends}
    print(table(args, results))
    stamp = f"{datetime.now(UTC):%Y%m%dT%H%M%SZ}"
    path = ROOT / "bench" / "results" / f"enrollment-burst-{stamp}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    meta = {k: getattr(args, k) for k in ("employees", "burst", "seats", "rounds", "workers")}
    path.write_text(json.dumps({"meta": meta, "results": results}, indent=2) + "\n")
    print(f"results: {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
