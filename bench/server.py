"""Serve an ASGI app with uvicorn in its own process group; wait for it; measure it; stop it."""

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from app.core.config import ROOT
from bench.errors import BenchError
from bench.procfs import cmdline, connections_per_process, descendants, peak_memory_kib

HOST = "127.0.0.1"
READY_PATH = "/api/v1/health/ready"
UVICORN = str(Path(sys.executable).with_name("uvicorn"))
REAL_APP = "app.main:create_app"
BASELINE_APP = "bench.baseline:create_app"


@dataclass(frozen=True)
class Server:
    """A running uvicorn: its master process and port."""

    process: "subprocess.Popen[bytes]"
    port: int
    workers: int

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}"


def free_port() -> int:
    """A TCP port free on the loopback interface right now."""
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def serve(
    factory: str, env: Mapping[str, str], workers: int, log: IO[bytes], ready_timeout_s: float = 90
) -> Iterator[Server]:
    """uvicorn serving ``factory`` until the block ends; its process group killed in any case."""
    port = free_port()
    command = [
        UVICORN,
        "--factory",
        factory,
        "--host",
        HOST,
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--no-access-log",
        "--log-level",
        "warning",
    ]
    process = subprocess.Popen(
        command, cwd=ROOT, env={**os.environ, **env}, stdout=log, stderr=log, start_new_session=True
    )
    try:
        server = Server(process, port, workers)
        _wait_ready(server, ready_timeout_s)
        yield server
    finally:
        stop(process)


def _wait_ready(server: Server, timeout_s: float) -> None:
    """Ready: the readiness probe answers 200 on connections held by every worker.

    Load connections are kept alive for the whole run, so one accepted by a worker still
    starting would leave the load unbalanced; hence every worker must have answered first.
    """
    deadline = time.monotonic() + timeout_s
    problem = "no worker yet"
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise BenchError(f"uvicorn exited with {server.process.returncode} at startup")
        workers = worker_pids(server)
        if len(workers) >= server.workers:
            problem = _probe_every_worker(server, workers)
            if not problem:
                return
        time.sleep(0.3)
    raise BenchError(f"uvicorn not ready on port {server.port} in {timeout_s:.0f} s: {problem}")


def _probe_every_worker(server: Server, workers: list[int]) -> str:
    """What is not ready yet ("" when every worker answered the probe with 200)."""
    probe = f"GET {READY_PATH} HTTP/1.1\r\nHost: {HOST}\r\n\r\n".encode()
    sockets: list[socket.socket] = []
    try:
        for _ in range(4 * server.workers):
            sock = socket.create_connection((HOST, server.port), timeout=10)
            sockets.append(sock)
            sock.sendall(probe)
            answer = sock.recv(65536)
            if not answer.startswith(b"HTTP/1.1 200"):
                return f"readiness probe answered {answer[-300:]!r}"
        counts = connections_per_process(workers, server.port)
        silent = [pid for pid in workers if not counts.get(pid)]
        return f"workers {silent} not answering yet" if silent else ""
    except OSError as exc:
        return f"readiness probe failed: {exc}"
    finally:
        for sock in sockets:
            sock.close()


def stop(process: "subprocess.Popen[bytes]", grace_s: float = 10) -> None:
    """SIGTERM to the process group, SIGKILL after ``grace_s``; reaped either way."""
    if process.poll() is None:
        _signal_group(process.pid, signal.SIGTERM)
        with suppress(subprocess.TimeoutExpired):
            process.wait(grace_s)
    _signal_group(process.pid, signal.SIGKILL)  # stragglers (workers) of the group
    process.wait()


def _signal_group(pid: int, signum: signal.Signals) -> None:
    with suppress(ProcessLookupError):
        os.killpg(pid, signum)


def worker_pids(server: Server) -> list[int]:
    """The processes serving requests: uvicorn's workers, or uvicorn itself with one worker.

    uvicorn's other child, multiprocessing's resource tracker, is not a worker.
    """
    if server.workers == 1:
        return [server.process.pid]
    children = descendants(server.process.pid)
    return [pid for pid in children if "resource_tracker" not in cmdline(pid)]


def peak_memory(server: Server) -> int:
    """Peak memory of the server in KiB: the sum of VmHWM over the master and its workers."""
    pids = {server.process.pid, *worker_pids(server)}
    return peak_memory_kib(pids)


def connection_spread(server: Server) -> list[int]:
    """Established client connections held by each worker, busiest first."""
    counts = connections_per_process(worker_pids(server), server.port)
    return sorted(counts.values(), reverse=True)
