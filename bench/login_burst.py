"""Does login's Argon2 hashing block other requests? ``python -m bench.login_burst``.

On a fresh SQLite database (demo data, one account): the in-process time of one Argon2 hash
and one verification; then the real server (2 workers) serving ``GET /employees?limit=50``
to the load generator alone, and again while a second process keeps signing in (correct
password: successful sign-ins are never throttled). Prints a table, writes bench/results/.
"""

import argparse
import asyncio
import json
import os
import signal
import statistics
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from app.core.config import ROOT
from bench import database as db
from bench.auth import Caller
from bench.loadgen import ERRORS, RawConnection, percentile
from bench.measure import Load, drive
from bench.server import REAL_APP, serve, stop

SIGN_IN_PATH = "/api/v1/auth/token"
LIST_URL = "/api/v1/employees?limit=50"
USERNAME = "bench.login"
SQLITE = db.BENCH_DIR / "login_burst.db"


async def _burst(port: int, concurrency: int) -> dict[str, Any]:
    """Sign in over ``concurrency`` keep-alive connections until SIGTERM; the tally."""
    body = urlencode({"username": USERNAME, "password": os.environ["BENCH_LOGIN_PASSWORD"]})
    stopping = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stopping.set)
    latencies: list[float] = []
    errors = 0

    async def sign_in(connection: RawConnection) -> None:
        nonlocal errors
        # The load generator's connection, its request made a form POST (the body has no {}).
        connection.template = (
            "POST {} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            "Content-Type: application/x-www-form-urlencoded\r\n"
            f"Content-Length: {len(body)}\r\n\r\n{body}"
        )
        while not stopping.is_set():
            started = time.perf_counter()
            try:
                status = await asyncio.wait_for(connection.get(SIGN_IN_PATH), 30)
            except ERRORS:
                status = 0
                connection.close()
            if status == 200:
                latencies.append((time.perf_counter() - started) * 1000)
            else:
                errors += 1

    started = time.perf_counter()
    await asyncio.gather(*(sign_in(RawConnection(port)) for _ in range(concurrency)))
    elapsed, ok = time.perf_counter() - started, sorted(latencies)
    return {"logins": len(ok), "errors": errors, "elapsed_s": round(elapsed, 2)} | {
        "rps": round(len(ok) / elapsed, 1),
        "p50_ms": round(percentile(ok, 0.5), 1),
        "p99_ms": round(percentile(ok, 0.99), 1),
    }


def _median_ms(action: Any, times: int = 20) -> float:
    samples = []
    for _ in range(times):
        started = time.perf_counter()
        action()
        samples.append(time.perf_counter() - started)
    return round(statistics.median(samples) * 1000, 2)


def hashing_costs(password: str) -> dict[str, float]:
    """Median in-process ms of one Argon2 hash and one verification; and the longest the main
    thread stalled while another thread verified 10 times (~0 if Argon2 releases the GIL)."""
    from app.auth.secrets import hash_password, verify_password  # noqa: PLC0415 - slow import

    hashed = hash_password(password)
    costs = {
        "hash_ms": _median_ms(lambda: hash_password(password)),
        "verify_ms": _median_ms(lambda: verify_password(password, hashed)),
    }

    def verify_ten_times() -> None:
        for _ in range(10):
            verify_password(password, hashed)

    hasher = threading.Thread(target=verify_ten_times)
    stall, last = 0.0, time.perf_counter()
    hasher.start()
    while hasher.is_alive():
        time.sleep(0.001)
        stall, last = max(stall, time.perf_counter() - last), time.perf_counter()
    return costs | {"main_thread_max_stall_ms": round(stall * 1000, 2)}


def prepare(employees: int, seed: int, password: str) -> db.Database:
    """A fresh SQLite database with the demo data and the sign-in account."""
    from app.cli import create_admin  # noqa: PLC0415 - imports the whole application

    for suffix in ("", "-wal", "-shm"):
        Path(f"{SQLITE}{suffix}").unlink(missing_ok=True)
    database = db.Database("sqlite", f"sqlite:///{SQLITE}")
    engine = database.engine()  # creates the directory
    try:
        db.migrate(engine)
        db.generate(engine, employees, seed, assessments=0, settings=database.settings(), years=0)
    finally:
        engine.dispose()
    create_admin(database.settings(), USERNAME, "Benchmark sign-in", password)
    return database


def measure(args: argparse.Namespace, database: db.Database, password: str) -> dict[str, Any]:
    """The list endpoint alone, then during a login burst."""
    caller = Caller()
    settings = database.settings(**caller.settings_overrides())
    env = {"BANGKOM_DATABASE_URL": database.url, "BANGKOM_LOG_LEVEL": "WARNING"}
    urls = db.BENCH_DIR / "urls-login-burst.json"
    urls.write_text(json.dumps([LIST_URL]))
    load = Load(4, args.requests, 100, 30.0, 600.0, caller.authorization(settings), "")
    with (
        (db.BENCH_DIR / "server-login-burst.log").open("ab") as log,
        serve(REAL_APP, env | caller.server_env(), args.workers, log) as server,
    ):
        alone = drive(server, urls, load)
        burst = subprocess.Popen(
            [sys.executable, "-m", "bench.login_burst", "--burst-port", str(server.port)],
            cwd=ROOT,
            env={**os.environ, "BENCH_LOGIN_PASSWORD": password},
            stdout=subprocess.PIPE,
            start_new_session=True,
        )
        try:
            time.sleep(2)  # the burst under way first
            during = drive(server, urls, load)
            burst.send_signal(signal.SIGTERM)
            out, _ = burst.communicate(timeout=60)
        finally:
            stop(burst)
    return {"alone": alone, "during": during, "logins": json.loads(out)}


def table(results: dict[str, Any]) -> str:
    """The results as text."""
    alone, during, logins = results["alone"], results["during"], results["logins"]
    lines = [
        f"cores: {os.cpu_count()}  workers: {results['workers']}  employees: "
        f"{results['employees']:,}  Argon2 in process: hash {results['hash_ms']} ms, "
        f"verify {results['verify_ms']} ms (median of 20); main thread's longest stall while "
        f"another thread verifies: {results['main_thread_max_stall_ms']} ms",
        f"logins (concurrency 8): {logins['rps']} /s, p50 {logins['p50_ms']} ms, "
        f"p99 {logins['p99_ms']} ms, {logins['logins']} ok, {logins['errors']} errors",
        f"{'GET ' + LIST_URL + ' (c=4)':42} {'rps':>7} {'p50 ms':>8} {'p99 ms':>8} {'err':>4}",
    ]
    for label, run in (("alone", alone), ("during the login burst", during)):
        row = (run["rps"], run["p50_ms"], run["p99_ms"], run["errors"])
        lines.append(f"{label:42} {row[0]:7.1f} {row[1]:8.2f} {row[2]:8.2f} {row[3]:4d}")
    p50, p99, rps = (during[key] / alone[key] for key in ("p50_ms", "p99_ms", "rps"))
    lines.append(f"during / alone: p50 x{p50:.2f}, p99 x{p99:.2f}, rps x{rps:.2f}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.login_burst", description=__doc__)
    parser.add_argument("--employees", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1372)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--requests", type=int, default=3000, help="list requests per run")
    parser.add_argument("--burst-port", type=int, help=argparse.SUPPRESS)  # the burst process
    args = parser.parse_args(argv)
    if args.burst_port:
        json.dump(asyncio.run(_burst(args.burst_port, concurrency=8)), sys.stdout)
        return 0
    password = "Bench-" + os.urandom(12).hex() + "!"
    database = prepare(args.employees, args.seed, password)
    results: dict[str, Any] = {"employees": args.employees, "workers": args.workers}
    results |= hashing_costs(password) | measure(args, database, password)
    print(table(results))
    path = ROOT / "bench" / "results" / f"login-burst-{datetime.now(UTC):%Y%m%dT%H%M%SZ}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results, indent=2) + "\n")
    print(f"results: {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
