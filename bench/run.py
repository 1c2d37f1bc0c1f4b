"""The benchmark command: ``python -m bench.run``; see bench/README.md."""

import argparse
import importlib
import json
import os
import platform
import signal
import sys
from contextlib import ExitStack
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path
from typing import IO, Any

from app.core.config import ROOT
from bench import database as db
from bench.auth import Caller
from bench.check import verify
from bench.endpoints import Endpoint, by_name
from bench.measure import Load, drive, summarise
from bench.recording import record, save
from bench.report import summary, table, write_json
from bench.server import BASELINE_APP, REAL_APP, serve

PACKAGES = ("fastapi", "starlette", "pydantic", "sqlalchemy", "sqlmodel", "uvicorn", "psycopg")
KINDS = ("baseline", "app")
SLOW_TIMEOUT_S = 300.0


@dataclass(frozen=True)
class Target:
    """A server to run: its uvicorn factory and environment."""

    factory: str
    env: dict[str, str]


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__)
    parser.add_argument("--employees", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1372, help="demo generator seed")
    parser.add_argument("--assessments", type=int, default=3, help="assessments per employee")
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--endpoints", default="", help="comma-separated names; default all")
    parser.add_argument("--workers", type=int, default=2, help="uvicorn workers (both apps)")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--requests", type=int, default=2000, help="measured, per run")
    parser.add_argument("--warmup", type=int, default=200, help="unmeasured, per run")
    parser.add_argument("--rounds", type=int, default=3, help="baseline/app runs alternated")
    parser.add_argument("--timeout", type=float, default=30.0, help="per request, seconds")
    parser.add_argument("--max-seconds", type=float, default=900.0, help="per run, seconds")
    parser.add_argument(
        "--budget", type=float, default=60.0, help="seconds a URL may take alone when recorded"
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="keep the databases the last run generated (same --employees/--seed/--assessments; "
        "refused if their schema is not at the migrations' head)",
    )
    parser.add_argument("--output", type=Path, default=None, help="results JSON path")
    parser.add_argument(
        "--against",
        default=BASELINE_APP,
        help="the app compared with (default: the raw-SQL baseline); bench.unchecked:create_app "
        "is the real app without the per-request session check, to measure what it costs",
    )
    args = parser.parse_args(argv)
    args.backends = [name.strip() for name in args.backends.split(",") if name.strip()]
    args.endpoints = [name.strip() for name in args.endpoints.split(",") if name.strip()]
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    args.output = args.output or ROOT / "bench" / "results" / f"{stamp}.json"
    return args


def _say(message: str) -> None:
    print(f"[bench {datetime.now().strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def prepare(backend: str, args: argparse.Namespace, endpoints: list[Endpoint]) -> dict[str, Any]:
    """Fresh database, migrated and generated; URL pools built from its data."""
    if args.reuse:
        return _reuse(backend, endpoints)
    database = db.fresh_database(backend)
    engine = database.engine()
    try:
        db.migrate(engine)
        _say(
            f"{backend}: generating {args.employees:,} employees, {args.assessments} "
            f"assessments each (seed {args.seed})"
        )
        counts, seconds = db.generate(
            engine, args.employees, args.seed, args.assessments, database.settings()
        )
        _say(
            f"{backend}: generated {counts} in {seconds['generation_s']:.1f} s "
            f"+ competencies {seconds['competencies_s']:.1f} s"
            f" + development {seconds['development_s']:.1f} s"
            f" + large sessions {seconds['large_sessions_s']:.1f} s"
            f" + partnerships {seconds['partnerships_s']:.1f} s"
            f" + learning {seconds['learning_s']:.1f} s"
        )
        analyze_s = db.analyze(engine)
        with engine.connect() as conn:
            query = db.query_function(conn)
            pools = {endpoint.name: endpoint.url_pool(query) for endpoint in endpoints}
    finally:
        engine.dispose()
    return {
        "database": database,
        "pools": pools,
        "dataset": counts,
        **{name: round(value, 2) for name, value in seconds.items()},
        "analyze_s": round(analyze_s, 2),
    }


def _reuse(backend: str, endpoints: list[Endpoint]) -> dict[str, Any]:
    """The last run's database (``--reuse``), if at head; URL pools built again from it."""
    database = db.Database(backend, db.fresh_url(backend))
    engine = database.engine()
    try:
        with engine.connect() as conn:
            if not db.at_head(conn):
                raise SystemExit(
                    f"{backend}: the benchmark database is not at head; run without --reuse"
                )
            query = db.query_function(conn)
            pools = {endpoint.name: endpoint.url_pool(query) for endpoint in endpoints}
            counts = db.counts(conn)
    finally:
        engine.dispose()
    _say(f"{backend}: reusing the last run's database: {counts}")
    return {"database": database, "pools": pools, "dataset": counts, "reused": True}


def time_endpoint(
    targets: dict[str, Target],
    urls_path: Path,
    args: argparse.Namespace,
    load: Load,
    log: IO[bytes],
) -> dict[str, Any]:
    """Both servers up; ``args.rounds`` runs of each, alternated; each kind summarised."""
    runs: dict[str, list[dict[str, Any]]] = {kind: [] for kind in KINDS}
    with ExitStack() as stack:
        servers = {
            kind: stack.enter_context(
                serve(targets[kind].factory, targets[kind].env, args.workers, log)
            )
            for kind in KINDS
        }
        for number in range(1, args.rounds + 1):
            for kind in KINDS:
                run = drive(servers[kind], urls_path, load)
                runs[kind].append(run)
                rps, errors, others = run["rps"], run["errors"], run["other_cpu_pct"]
                _say(f"  round {number} {kind}: {rps} rps, {errors} errors, others {others}% CPU")
    if load.database:  # statements the stopped servers left running would load the next runs
        leftovers = db.terminate_backends(load.database)
        if leftovers:
            _say(f"  terminated {leftovers} PostgreSQL backends left by the stopped servers")
    return {kind: summarise(runs[kind]) for kind in KINDS}


def bench_backend(
    backend: str, args: argparse.Namespace, endpoints: list[Endpoint], outcome: dict[str, Any]
) -> None:
    """Prepare, record, check, then time every endpoint on the real app and on the baseline.

    ``outcome`` is filled as results come, so a failure keeps what was measured before it.
    """
    prepared = prepare(backend, args, endpoints)
    database: db.Database = prepared.pop("database")
    pools: dict[str, list[str]] = prepared.pop("pools")
    outcome.update(prepared, endpoints={})
    caller = Caller()
    _say(f"{backend}: recording (an endpoint with a URL over {args.budget:.0f} s is not timed)")
    recording = record(database, caller, endpoints, pools, budget_s=args.budget)
    outcome["too_slow"] = recording["too_slow"]
    for name, reason in recording["too_slow"].items():
        _say(f"{backend}: {name} is too slow to time: {reason}")
    recording_path = db.BENCH_DIR / f"recording-{backend}.json"
    save(recording, recording_path)
    settings = database.settings(**caller.settings_overrides())
    app_env = {"BANGKOM_DATABASE_URL": database.url, "BANGKOM_LOG_LEVEL": "WARNING"}
    targets = {
        "app": Target(REAL_APP, {**app_env, **caller.server_env()}),
        "baseline": Target(
            args.against,
            {**app_env, **caller.server_env(), "BENCH_RECORDING": str(recording_path)},
        ),
    }
    load = Load(
        args.concurrency,
        args.requests,
        args.warmup,
        args.timeout,
        args.max_seconds,
        authorization=caller.authorization(settings),
        database=db.PG_DATABASE if backend == "postgresql" else "",
    )
    with (db.BENCH_DIR / f"server-{backend}.log").open("ab") as log:
        with ExitStack() as stack:
            servers = {
                kind: stack.enter_context(
                    serve(targets[kind].factory, targets[kind].env, args.workers, log)
                )
                for kind in KINDS
            }
            unstable = verify(
                servers, recording, backend, load.authorization, compared_apart(args.against)
            )
        urls = recording["urls"]
        outcome["checked_urls"] = len(urls)
        outcome["unstable"] = {
            url: {"endpoint": urls[url]["endpoint"], "where": where}
            for url, where in unstable.items()
        }
        _say(f"{backend}: app and baseline: {len(urls) - len(unstable)} URLs with the real JSON")
        for url, where in unstable.items():
            _say(
                f"{backend}: NOT DETERMINISTIC: the application answers {url} differently: {where}"
            )
        for endpoint in endpoints:
            if endpoint.name in recording["too_slow"]:
                continue
            endpoint_load = load_for(endpoint, load)
            _say(
                f"{backend} {endpoint.name} ({endpoint_load.requests} requests, concurrency "
                f"{endpoint_load.concurrency}, timeout {endpoint_load.timeout_s:.0f} s)"
            )
            urls_path = db.BENCH_DIR / f"urls-{backend}-{endpoint.name}.json"
            urls_path.write_text(json.dumps(pools[endpoint.name]))
            runs = time_endpoint(targets, urls_path, args, endpoint_load, log)
            result = _endpoint_result(recording, endpoint.name, runs)
            result["load"] = {
                "requests": endpoint_load.requests,
                "warmup": endpoint_load.warmup,
                "concurrency": endpoint_load.concurrency,
                "timeout_s": endpoint_load.timeout_s,
            }
            outcome["endpoints"][endpoint.name] = result


def compared_apart(factory: str) -> frozenset[str]:
    """The JSON paths where the comparison app ``factory`` answers differently by design
    (its module's ``COMPARED_APART``; none for the baseline)."""
    module = importlib.import_module(factory.partition(":")[0])
    return frozenset(getattr(module, "COMPARED_APART", ()))


def load_for(endpoint: Endpoint, load: Load) -> Load:
    """The load for ``endpoint``: as given, or for a slow endpoint (``requests`` set in the
    registry) at most that many measured requests over one connection, after one warm-up
    request, each with a timeout of at least ``SLOW_TIMEOUT_S``.

    One connection: each request's own time, with no second one competing for the cores, and
    no question of which worker holds the connections (with two, both land on one worker half
    the time, which halves the baseline: it runs its SQL in the event loop). The long timeout:
    a request that times out is not stopped, its server keeps running it while the client sends
    the next one, and slow statements pile up.
    """
    if endpoint.requests is None:
        return load
    return replace(
        load,
        requests=min(load.requests, endpoint.requests),
        warmup=min(load.warmup, 1),
        concurrency=1,
        timeout_s=max(load.timeout_s, SLOW_TIMEOUT_S),
    )


def _endpoint_result(
    recording: dict[str, Any], endpoint: str, runs: dict[str, dict[str, Any]]
) -> dict[str, Any]:
    app, base = runs["app"], runs["baseline"]
    entries = [entry for entry in recording["urls"].values() if entry["endpoint"] == endpoint]
    return {
        "urls": len(entries),
        "statements_per_request": sorted({len(entry["statements"]) for entry in entries}),
        **runs,
        "ratio": round(app["rps"] / base["rps"], 3) if base["rps"] else 0.0,
        "cpu_ratio": round(base["server_cpu_ms"] / app["server_cpu_ms"], 3)
        if app["server_cpu_ms"]
        else 0.0,
    }


def meta(args: argparse.Namespace) -> dict[str, Any]:
    """The run's setup, for the JSON file."""
    return {
        "started": datetime.now(UTC).isoformat(timespec="seconds"),
        "cpu_count": os.cpu_count(),
        "load_average_at_start": list(os.getloadavg()),
        "workers": args.workers,
        "concurrency": args.concurrency,
        "requests": args.requests,
        "warmup": args.warmup,
        "rounds": args.rounds,
        "budget_s": args.budget,
        "employees": args.employees,
        "assessments_per_employee": args.assessments,
        "seed": args.seed,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "packages": {name: version(name) for name in PACKAGES},
    }


def _exit_on_sigterm(signum: int, _frame: object) -> None:
    raise SystemExit(128 + signum)  # unwinds: every server and load generator is stopped


def main(argv: list[str] | None = None) -> int:
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    args = parse_args(argv)
    endpoints = by_name(args.endpoints)
    results: dict[str, Any] = {"meta": meta(args), "backends": {}}
    try:
        for backend in args.backends:
            bench_backend(backend, args, endpoints, results["backends"].setdefault(backend, {}))
    except BaseException as exc:
        results["error"] = f"{type(exc).__name__}: {exc}"
        raise
    finally:  # what was measured is kept, even when a later step fails
        print(summary(results))
        print(table(results))
        write_json(results, args.output)
        print(f"results: {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
