"""Certificates: 1,000 PDFs (time, peak memory, and whether generating them blocks other
requests), and the public verification endpoint against its raw-SQL twin.

``python -m bench.certificates``: per backend, a fresh database of its own
(``bangkom_bench_certificates`` on PostgreSQL, ``<BENCH_DIR>/bangkom_certificates.db`` on
SQLite) with ``--people`` demo employees and ``--certificates`` certificates issued as a
session's completion issues them (``app.certificates.issuing``), then:

* **pdf in process** (once): ``--certificates`` PDFs rendered one after another; seconds,
  PDFs/s, and the peak of Python allocations (``tracemalloc``) over the run.
* **pdf over HTTP**: the real server (2 workers) downloads every certificate's PDF from
  ``--threads`` clients at once, while one more client times a cheap request
  (``GET /api/v1/health/live``) in a loop; its median and p95 latency then, beside the same
  measured with the server idle, show whether generation blocks other requests. The
  server's peak resident set (``VmHWM``, all workers) after it.
* **verification**: ``--requests`` verifications of valid certificates from ``--threads``
  keep-alive clients, against the real server and against ``bench.certificates_baseline``
  (same SQL through the raw driver, same JSON), two workers each; ``ratio`` = app rps /
  baseline rps.

Prints a table; JSON to bench/results/certificates-<stamp>.json.
"""

import argparse
import json
import os
import statistics
import threading
import time
import tracemalloc
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import create_engine, select, text
from sqlmodel import Session as DbSession
from sqlmodel import col

from app.certificates import issuing, pdf, service
from app.core.config import ROOT
from app.demo.generator import generate
from app.models import Certificate, Employee
from bench import database as db
from bench.auth import Caller
from bench.server import REAL_APP, Server, peak_memory, serve

BASELINE_APP = "bench.certificates_baseline:create_app"
PG_DATABASE = os.environ.get("BENCH_CERTIFICATES_PG_DATABASE", "bangkom_bench_certificates")
SQLITE_PATH = db.BENCH_DIR / "bangkom_certificates.db"
CHEAP = "/api/v1/health/live"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.certificates", description=__doc__)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--people", type=int, default=200)
    parser.add_argument("--certificates", type=int, default=1000)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--requests", type=int, default=1000, help="verifications per server")
    args = parser.parse_args(argv)
    args.backends = [name.strip() for name in args.backends.split(",") if name.strip()]
    return args


def _fresh(backend: str) -> db.Database:
    """An empty database of this benchmark's own, migrated."""
    if backend == "sqlite":
        db.BENCH_DIR.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{SQLITE_PATH}{suffix}").unlink(missing_ok=True)
        url = f"sqlite:///{SQLITE_PATH}"
    else:
        admin = create_engine(db.PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)"))
            conn.execute(text(f"CREATE DATABASE {PG_DATABASE}"))
        admin.dispose()
        url = db.PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + PG_DATABASE
    database = db.Database(backend, url)
    engine = database.engine()
    try:
        db.migrate(engine)
    finally:
        engine.dispose()
    return database


def _seed(database: db.Database, args: argparse.Namespace) -> list[tuple[str, str, str]]:
    """People and certificates; each certificate's (id, number, code)."""
    settings = database.settings()
    engine = database.engine()
    try:
        with engine.begin() as conn:
            generate(conn, employees=args.people, seed=1372)
        with DbSession(engine) as session:
            people = list(session.execute(select(col(Employee.id))).scalars())
            awards = [
                issuing.Award(
                    employee_id=people[n % len(people)],
                    source="session",
                    source_id=str(uuid.uuid4()),
                    program_title="Pelatihan Dasar CPNS",
                    title=f"Pelatihan Dasar CPNS Angkatan {n % 40 + 1}",
                    organiser="BKPSDM Kota Solok",
                    start_date=date(2026, 3, 2),
                    end_date=date(2026, 4, 30),
                    jp=120,
                )
                for n in range(args.certificates)
            ]
            issuing.issue(session, settings, awards, None)
            session.commit()
            rows = session.execute(
                select(
                    col(Certificate.id),
                    col(Certificate.number),
                    col(Certificate.verification_code),
                )
            ).all()
    finally:
        engine.dispose()
    return [(str(i), n, c) for i, n, c in rows]


def pdf_in_process(database: db.Database) -> dict[str, Any]:
    """Every certificate rendered in this process, one after another."""
    settings = database.settings()
    engine = database.engine()
    with DbSession(engine) as session:
        certificates = list(session.execute(select(Certificate)).scalars())
    engine.dispose()
    started = time.perf_counter()
    sizes = [
        len(pdf.render(c, service.verification_url(settings, c), settings)) for c in certificates
    ]
    seconds = time.perf_counter() - started
    # The peak of allocations, traced apart (tracing slows rendering several times): each
    # PDF is let go once written, so a hundred show what a thousand would.
    tracemalloc.start()
    for c in certificates[:100]:
        pdf.render(c, service.verification_url(settings, c), settings)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "pdfs": len(sizes),
        "seconds": round(seconds, 2),
        "pdfs_per_s": round(len(sizes) / seconds, 1),
        "mean_kib": round(statistics.mean(sizes) / 1024, 1),
        "tracemalloc_peak_kib": peak // 1024,
    }


def _latencies(base_url: str, stop: threading.Event, limit: int = 0) -> list[float]:
    """Milliseconds of the cheap request, one after another, until ``stop`` (or ``limit``)."""
    found: list[float] = []
    with httpx.Client(base_url=base_url, timeout=60) as http:
        while not stop.is_set() and (not limit or len(found) < limit):
            started = time.perf_counter()
            http.get(CHEAP).raise_for_status()
            found.append((time.perf_counter() - started) * 1000)
            time.sleep(0.01)
    return found


def _summary(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    return {
        "n": len(ordered),
        "median_ms": round(statistics.median(ordered), 1),
        "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))], 1),
        "max_ms": round(ordered[-1], 1),
    }


def pdf_over_http(
    server: Server, authorization: str, ids: list[str], threads: int
) -> dict[str, Any]:
    """Every PDF downloaded from ``threads`` clients while the cheap request is timed."""
    idle = _latencies(server.base_url, threading.Event(), limit=100)
    stop = threading.Event()
    chunks = [ids[n::threads] for n in range(threads)]

    def download(chunk: list[str]) -> int:
        headers = {"Authorization": authorization}
        with httpx.Client(base_url=server.base_url, headers=headers, timeout=120) as http:
            for certificate_id in chunk:
                answer = http.get(f"/api/v1/certificates/{certificate_id}/pdf")
                if answer.status_code != 200 or not answer.content.startswith(b"%PDF"):
                    raise RuntimeError(f"pdf {certificate_id}: {answer.status_code}")
        return len(chunk)

    with ThreadPoolExecutor(max_workers=threads + 1) as pool:
        probe = pool.submit(_latencies, server.base_url, stop)
        started = time.perf_counter()
        done = sum(pool.map(download, chunks))
        seconds = time.perf_counter() - started
        stop.set()
        busy = probe.result()
    return {
        "pdfs": done,
        "seconds": round(seconds, 2),
        "pdfs_per_s": round(done / seconds, 1),
        "cheap_idle": _summary(idle),
        "cheap_during": _summary(busy),
        "server_peak_kib": peak_memory(server),
    }


def verification_rps(
    server: Server, path: str, targets: list[tuple[str, str, str]], args: argparse.Namespace
) -> dict[str, Any]:
    """Verifications of valid certificates from ``--threads`` keep-alive clients."""
    per: int = args.requests // args.threads

    busy: list[int] = []

    def run(offset: int) -> int:
        with httpx.Client(base_url=server.base_url, timeout=60) as http:
            for n in range(per):
                _, number, code = targets[(offset * per + n) % len(targets)]
                answer = http.get(path, params={"number": number, "code": code})
                if answer.status_code == 503:  # SQLite's writer busy past its timeout
                    busy.append(1)
                    continue
                if answer.status_code != 200 or answer.json()["status"] != "valid":
                    raise RuntimeError(f"verification: {answer.status_code} {answer.text[:200]}")
        return per

    with ThreadPoolExecutor(max_workers=args.threads) as pool:
        list(pool.map(run, range(args.threads)))  # warm-up round
        started = time.perf_counter()
        done = sum(pool.map(run, range(args.threads)))
        seconds = time.perf_counter() - started
    return {"requests": done, "rps": round(done / seconds, 1), "busy_503": len(busy)}


def bench_backend(args: argparse.Namespace, backend: str, result: dict[str, Any]) -> None:
    database = _fresh(backend)
    targets = _seed(database, args)
    if "pdf_in_process" not in result:
        result["pdf_in_process"] = pdf_in_process(database)
        _say(f"pdf in process: {result['pdf_in_process']}")
    caller = Caller()
    authorization = caller.authorization(database.settings(**caller.settings_overrides()))
    env = {
        "BANGKOM_DATABASE_URL": database.url,
        "BANGKOM_LOG_LEVEL": "WARNING",
        # Every verification succeeds, so none is throttled; the limit only bounds failures.
        "BANGKOM_VERIFICATION_MAX_FAILURES_PER_ADDRESS": "1000000",
    } | caller.server_env()
    mine: dict[str, Any] = {}
    with (db.BENCH_DIR / f"server-certificates-{backend}.log").open("ab") as log:
        with serve(REAL_APP, env, 2, log) as server:
            mine["pdf_over_http"] = pdf_over_http(
                server, authorization, [t[0] for t in targets], args.threads
            )
            _say(f"{backend} pdf over http: {mine['pdf_over_http']}")
            mine["verification_app"] = verification_rps(
                server, "/api/v1/certificate-verification", targets, args
            )
        baseline_env = {"BENCH_DATABASE_URL": database.url}
        with serve(BASELINE_APP, baseline_env, 2, log) as server:
            mine["verification_baseline"] = verification_rps(server, "/verify", targets, args)
    mine["verification_ratio"] = round(
        mine["verification_app"]["rps"] / mine["verification_baseline"]["rps"], 2
    )
    _say(f"{backend} verification: {mine['verification_app']} {mine['verification_baseline']}")
    result[backend] = mine


def _say(message: str) -> None:
    print(message, flush=True)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    result: dict[str, Any] = {"args": vars(args)}
    for backend in args.backends:
        bench_backend(args, backend, result)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    out = ROOT / "bench" / "results" / f"certificates-{stamp}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2), encoding="utf-8")
    _say(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
