"""Timed runs: the load generator process against running servers, rounds interleaved."""

import itertools
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.core.config import ROOT
from bench.errors import BenchError
from bench.procfs import CpuMeter, has_exited, pids_matching
from bench.server import Server, connection_spread, peak_memory, stop, worker_pids

SAMPLE_EVERY_S = 0.1
ROUND_FIELDS = ("rps", "p50_ms", "p99_ms", "errors", "server_cpu_ms", "other_cpu_pct", "conns")


@dataclass(frozen=True)
class Load:
    """How to drive a server."""

    concurrency: int
    requests: int
    warmup: int
    timeout_s: float
    max_seconds: float
    authorization: str
    database: str  # the PostgreSQL database whose backends count as ours ("" on SQLite)

    def command(self, port: int, urls_path: Path) -> list[str]:
        """The load generator's command line."""
        return [
            *(sys.executable, "-m", "bench.loadgen", "--port", str(port)),
            *("--urls", str(urls_path), "--concurrency", str(self.concurrency)),
            *("--requests", str(self.requests), "--warmup", str(self.warmup)),
            *("--timeout", str(self.timeout_s), "--max-seconds", str(self.max_seconds)),
        ]


def drive(server: Server, urls_path: Path, load: Load) -> dict[str, Any]:
    """Run the load generator to its end; its results, plus what was sampled meanwhile.

    Sampled: the connections each worker holds (``conns``, the last sample with all of them
    open: how balanced the workers were); the CPU of the server, of our database backends and
    of everybody else (``other_cpu_pct`` of the machine: others' load makes a run unreliable);
    and, at the end, the server's peak memory.
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        process = subprocess.Popen(
            load.command(server.port, urls_path),
            cwd=ROOT,
            env={**os.environ, "BENCH_AUTHORIZATION": load.authorization},
            stdout=out,
            stderr=err,
            start_new_session=True,
        )
        try:
            spread, meter = _sample_until_done(process, server, load)
        finally:
            stop(process)
        out.seek(0)
        err.seek(0)
        if process.returncode != 0:
            raise BenchError(
                f"load generator failed ({process.returncode}): {err.read()[-2000:]!r}"
            )
        result: dict[str, Any] = json.loads(out.read())
    served = max(1, result["completed"] + load.warmup)
    result["server_cpu_ms"] = round(1000 * meter.seconds("server") / served, 3)
    result["db_cpu_ms"] = round(1000 * meter.seconds("database") / served, 3)
    result["other_cpu_pct"] = meter.other_percent()
    result["conns"] = spread
    result["peak_memory_mib"] = round(peak_memory(server) / 1024, 1)
    return result


def _sample_until_done(
    process: "subprocess.Popen[bytes]", server: Server, load: Load
) -> tuple[list[int], CpuMeter]:
    deadline = time.monotonic() + load.max_seconds + 60
    spread: list[int] = []
    meter = CpuMeter()
    server_pids = [server.process.pid, *worker_pids(server)]
    backends: list[int] = []
    for sample_number in itertools.count():
        if load.database and sample_number % 10 == 0:  # new backends are rare: a scan a second
            backends = pids_matching(f" {load.database} ")
        groups = {"server": server_pids, "database": backends, "client": [process.pid]}
        meter.sample({**groups, "bench": [os.getpid()]})
        if has_exited(process.pid):  # sampled once more as a zombie: its CPU time is final
            break
        if time.monotonic() > deadline:
            raise BenchError("the load generator overran its own deadline")
        if server.process.poll() is not None:
            raise BenchError(f"the server exited with {server.process.returncode} under load")
        sample = connection_spread(server)
        if sum(sample) >= load.concurrency:
            spread = sample
        time.sleep(SAMPLE_EVERY_S)
    return spread, meter


def summarise(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The run with the median rps (the lower one of an even count), errors of all rounds,
    the server's peak memory over all rounds, and every round in brief."""
    ranked = sorted(runs, key=lambda run: run["rps"])
    median = ranked[(len(ranked) - 1) // 2]
    return {
        **median,
        "errors": sum(run["errors"] for run in runs),
        "peak_memory_mib": max(run["peak_memory_mib"] for run in runs),
        "rps_spread": _spread([run["rps"] for run in runs]),
        "rounds": [{field: run[field] for field in ROUND_FIELDS} for run in runs],
    }


def _spread(values: list[float]) -> float:
    """Relative spread of the rounds: (max - min) / median."""
    middle = statistics.median(values)
    return round((max(values) - min(values)) / middle, 3) if middle else 0.0
