"""The load generator, a process of its own: ``python -m bench.loadgen --port P --urls FILE``.

Closed loop: ``--concurrency`` keep-alive HTTP/1.1 connections to 127.0.0.1 send the pool's
URLs round robin: first ``--warmup`` requests (not measured), then ``--requests`` measured
ones, on the same connections. Prints one JSON object on stdout: rps, latency percentiles
(ms), errors (non-2xx, timeouts, broken connections), and the client's own CPU seconds.

The client is a minimal asyncio HTTP/1.1 client: httpx costs about 25 times more CPU per
request (measured: 1.8-2.0 ms against 0.075 ms), CPU taken from the server on a small machine.
Connections are opened one by one, before any request: opened in a burst, uvloop's accept
loop lets one uvicorn worker take nearly all of them for the whole run.
"""

import argparse
import asyncio
import itertools
import json
import os
import resource
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HOST = "127.0.0.1"
CONNECT_GAP_S = 0.02
# The Authorization header value, from the environment (kept off the command line).
AUTHORIZATION = os.environ.get("BENCH_AUTHORIZATION", "")
ERRORS = (OSError, TimeoutError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError)


class RawConnection:
    """One keep-alive HTTP/1.1 connection: GET, then read status, headers and the whole body."""

    def __init__(self, port: int) -> None:
        self.port = port
        auth = f"Authorization: {AUTHORIZATION}\r\n" if AUTHORIZATION else ""
        self.template = f"GET {{}} HTTP/1.1\r\nHost: {HOST}\r\n{auth}\r\n"
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def connect(self) -> asyncio.StreamReader:
        """The open connection's reader (connecting if needed: at start, after an error)."""
        if self.reader is None or self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(HOST, self.port)
        return self.reader

    async def get(self, path: str) -> int:
        """GET ``path``; its status once the whole response is read."""
        reader = await self.connect()
        assert self.writer is not None  # noqa: S101 - opened with the reader
        self.writer.write(self.template.format(path).encode())
        head = await reader.readuntil(b"\r\n\r\n")
        status = int(head[9:12])
        headers = head.lower()
        if b"transfer-encoding: chunked" in headers:
            while size := int((await reader.readuntil(b"\r\n")).split(b";")[0], 16):
                await reader.readexactly(size + 2)
            await reader.readuntil(b"\r\n")
        else:
            start = headers.index(b"content-length:") + 15
            await reader.readexactly(int(headers[start : headers.index(b"\r\n", start)]))
        if b"connection: close" in headers:
            self.close()
        return status

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


@dataclass
class Tally:
    """Outcomes of one phase."""

    latencies_ms: list[float] = field(default_factory=list)
    statuses: Counter[str] = field(default_factory=Counter)
    errors: int = 0


@dataclass(frozen=True)
class Phase:
    """``total`` requests over the pool's URLs, each within ``timeout_s``, all by ``deadline``."""

    urls: list[str]
    total: int
    timeout_s: float
    deadline: float


async def _drive(
    connection: RawConnection, phase: Phase, indices: Iterator[int], tally: Tally
) -> None:
    for index in indices:
        if index >= phase.total or time.monotonic() > phase.deadline:
            return
        started = time.perf_counter()
        try:
            async with asyncio.timeout(phase.timeout_s):
                status = await connection.get(phase.urls[index % len(phase.urls)])
        except ERRORS as exc:
            tally.statuses[type(exc).__name__] += 1
            tally.errors += 1
            connection.close()  # reconnects on the next request
            continue
        tally.latencies_ms.append((time.perf_counter() - started) * 1000)
        tally.statuses[str(status)] += 1
        if not 200 <= status < 300:
            tally.errors += 1


async def run_phase(connections: list[RawConnection], phase: Phase) -> Tally:
    """All connections sending the phase's requests, each waiting for its last answer."""
    tally = Tally()
    indices = itertools.count()
    await asyncio.gather(*(_drive(conn, phase, indices, tally) for conn in connections))
    return tally


async def open_connections(port: int, count: int) -> list[RawConnection]:
    """``count`` connections opened one by one, so the workers share them out."""
    connections = []
    for _ in range(count):
        connection = RawConnection(port)
        await connection.connect()
        connections.append(connection)
        await asyncio.sleep(CONNECT_GAP_S)
    return connections


def percentile(sorted_values: list[float], fraction: float) -> float:
    """The ``fraction`` percentile of sorted values (nearest rank; NaN when empty)."""
    if not sorted_values:
        return float("nan")
    return sorted_values[min(len(sorted_values) - 1, int(fraction * len(sorted_values)))]


def _cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


async def run(args: argparse.Namespace) -> dict[str, Any]:
    """Warm up, then measure; the results as a JSON-ready dict."""
    urls = json.loads(Path(args.urls).read_text())
    deadline = time.monotonic() + args.max_seconds
    connections = await open_connections(args.port, args.concurrency)
    try:
        warmup = await run_phase(connections, Phase(urls, args.warmup, args.timeout, deadline))
        cpu_before, started = _cpu_s(), time.perf_counter()
        tally = await run_phase(connections, Phase(urls, args.requests, args.timeout, deadline))
        elapsed, cpu = time.perf_counter() - started, _cpu_s() - cpu_before
    finally:
        for connection in connections:
            connection.close()
    latencies = sorted(tally.latencies_ms)
    missing = args.requests - sum(tally.statuses.values())  # cut by the deadline
    return {
        "requests": args.requests,
        "completed": len(latencies),
        "elapsed_s": round(elapsed, 3),
        "rps": round(len(latencies) / elapsed, 4) if elapsed else 0.0,  # slow ones: 0.04
        "p50_ms": round(percentile(latencies, 0.50), 2),
        "p99_ms": round(percentile(latencies, 0.99), 2),
        "errors": tally.errors + missing,
        "statuses": dict(tally.statuses),
        "warmup_errors": warmup.errors,
        "client_cpu_s": round(cpu, 3),
    }


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.loadgen", description=__doc__)
    parser.add_argument("--port", type=int, required=True, help="server port on 127.0.0.1")
    parser.add_argument("--urls", required=True, help="JSON file: a list of URL paths")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--requests", type=int, default=2000, help="measured requests")
    parser.add_argument("--warmup", type=int, default=200, help="requests before measuring")
    parser.add_argument("--timeout", type=float, default=30.0, help="per request, seconds")
    parser.add_argument("--max-seconds", type=float, default=600.0, help="whole run, seconds")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    try:
        import uvloop  # noqa: PLC0415 - optional speed-up, as for uvicorn

        runner: Any = uvloop.run
    except ImportError:
        runner = asyncio.run
    json.dump(runner(run(args)), sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
