"""Document upload and download: throughput of a 10 MiB PDF, and the server's peak memory.

``python -m bench.documents``: per backend, a fresh database (its own: ``bangkom_bench_documents``
on PostgreSQL, ``<BENCH_DIR>/bangkom_documents.db`` on SQLite), then for each server (the real
application and the raw ASGI handler of ``bench.documents_baseline``, one worker each):

* **throughput**: ``--rounds`` uploads of distinct ``--size-mib`` PDFs sent with their
  Content-Length over one keep-alive connection (after one warm-up), each downloaded back
  and compared by digest; MiB/s from the client's wall time per request, the median round.
  ``ratio`` = app MiB/s / baseline MiB/s.
* **memory**: for each of ``--memory-sizes`` a server started for it alone, its peak resident
  set (``VmHWM``) when ready and after one upload and one download of that size: streamed,
  the growth must not follow the file's size.

The same bytes written (with ``fsync``) to and read from a plain file in this process are
reported alongside (``disk``). Prints a table; JSON to bench/results/documents-<stamp>.json.
"""

import argparse
import hashlib
import json
import os
import shutil
import statistics
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import create_engine, text

from app.core.config import ROOT
from bench import database as db
from bench.auth import Caller
from bench.server import HOST, REAL_APP, Server, peak_memory, serve

BASELINE_APP = "bench.documents_baseline:create_app"
KINDS = ("baseline", "app")
MIB = 1_048_576
PG_DATABASE = os.environ.get("BENCH_DOCUMENTS_PG_DATABASE", "bangkom_bench_documents")
SQLITE_PATH = db.BENCH_DIR / "bangkom_documents.db"
STORE = db.BENCH_DIR / "documents"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.documents", description=__doc__)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--size-mib", type=int, default=10, help="the throughput document")
    parser.add_argument("--rounds", type=int, default=7, help="transfers per server")
    parser.add_argument("--memory-sizes", default="1,10,50", help="MiB, one server each")
    args = parser.parse_args(argv)
    args.backends = [name.strip() for name in args.backends.split(",") if name.strip()]
    args.memory_sizes = [int(size) for size in args.memory_sizes.split(",")]
    return args


def pdf(size: int, tag: int) -> bytes:
    """``size`` bytes framed as a PDF, distinct per ``tag`` (no upload is a duplicate)."""
    header, end = b"%PDF-1.7\n%" + str(tag).encode() + b"\n", b"\n%%EOF\n"
    block = hashlib.sha256(str(tag).encode()).hexdigest().encode() * 2048
    body = (block * (size // len(block) + 1))[: size - len(header) - len(end)]
    return header + body + end


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


class Target:
    """How to upload to and download from one kind of server."""

    def __init__(self, kind: str, server: Server, authorization: str) -> None:
        self.kind = kind
        headers = {"Authorization": authorization} if kind == "app" else {}
        self.http = httpx.Client(base_url=server.base_url, headers=headers, timeout=300)

    def upload(self, content: bytes) -> tuple[float, dict[str, Any]]:
        started = time.perf_counter()
        if self.kind == "app":
            response = self.http.post(
                "/api/v1/documents",
                params={"filename": "bench.pdf"},
                content=content,
                headers={"Content-Type": "application/pdf"},
            )
        else:
            response = self.http.post("/upload", content=content)
        elapsed = time.perf_counter() - started
        if response.status_code != 201:
            raise RuntimeError(f"{self.kind} upload: {response.status_code} {response.text[:300]}")
        answer: dict[str, Any] = response.json()
        return elapsed, answer

    def download(self, stored: dict[str, Any]) -> tuple[float, str]:
        path = (
            f"/api/v1/documents/{stored['id']}/content"
            if self.kind == "app"
            else f"/download/{stored['sha256']}"
        )
        digest = hashlib.sha256()
        started = time.perf_counter()
        with self.http.stream("GET", path) as response:
            for chunk in response.iter_bytes():
                digest.update(chunk)
        return time.perf_counter() - started, digest.hexdigest()

    def round_trip(self, content: bytes) -> tuple[float, float]:
        """Seconds to upload and to download ``content`` (checked by digest)."""
        up, stored = self.upload(content)
        down, digest = self.download(stored)
        if digest != hashlib.sha256(content).hexdigest() or stored["sha256"] != digest:
            raise RuntimeError(f"{self.kind}: the bytes came back changed")
        return up, down

    def close(self) -> None:
        self.http.close()


def _env(kind: str, database: db.Database, caller: Caller, store: Path) -> dict[str, str]:
    if kind == "baseline":
        return {"BENCH_DOCUMENT_DIR": str(store)}
    largest = 64 * MIB  # the 50 MiB memory run must fit under the limit
    return {
        "BANGKOM_DATABASE_URL": database.url,
        "BANGKOM_LOG_LEVEL": "WARNING",
        "BANGKOM_DOCUMENT_DIR": str(store),
        "BANGKOM_MAX_DOCUMENT_BYTES": str(largest),
        "BANGKOM_MAX_BODY_BYTES": str(MIB),
    } | caller.server_env()


def _throughput(target: Target, args: argparse.Namespace, tag: int) -> dict[str, Any]:
    size = args.size_mib * MIB
    target.round_trip(pdf(size, tag))  # warm-up
    ups, downs = [], []
    for index in range(args.rounds):
        up, down = target.round_trip(pdf(size, tag + 1 + index))
        ups.append(args.size_mib / up)
        downs.append(args.size_mib / down)
    return {
        "upload_mib_s": round(statistics.median(ups), 1),
        "download_mib_s": round(statistics.median(downs), 1),
        "upload_rounds": [round(x, 1) for x in ups],
        "download_rounds": [round(x, 1) for x in downs],
    }


def _memory(server: Server, target: Target, size_mib: int, tag: int) -> dict[str, int]:
    ready = peak_memory(server)
    target.round_trip(pdf(size_mib * MIB, tag))
    after = peak_memory(server)
    return {"ready_kib": ready, "peak_kib": after, "growth_kib": after - ready}


def bench_backend(args: argparse.Namespace, backend: str) -> dict[str, Any]:
    """Throughput, then memory per size, each server kind in turn."""
    database = _fresh(backend)
    caller = Caller()
    authorization = caller.authorization(database.settings(**caller.settings_overrides()))
    result: dict[str, Any] = {"throughput": {}, "memory": {}}
    tag = 0
    with (db.BENCH_DIR / f"server-documents-{backend}.log").open("ab") as log:
        for kind in KINDS:
            store = STORE / backend / kind
            shutil.rmtree(store, ignore_errors=True)
            env = _env(kind, database, caller, store)
            factory = REAL_APP if kind == "app" else BASELINE_APP
            with serve(factory, env, 1, log) as server:
                target = Target(kind, server, authorization)
                result["throughput"][kind] = _throughput(target, args, tag)
                target.close()
            tag += 1000
            result["memory"][kind] = {}
            for size_mib in args.memory_sizes:
                with serve(factory, env, 1, log) as server:
                    target = Target(kind, server, authorization)
                    result["memory"][kind][size_mib] = _memory(server, target, size_mib, tag)
                    target.close()
                tag += 1
            _say(f"{backend} {kind}: {result['throughput'][kind]} {result['memory'][kind]}")
    app, baseline = result["throughput"]["app"], result["throughput"]["baseline"]
    result["ratio"] = {
        way: round(app[f"{way}_mib_s"] / baseline[f"{way}_mib_s"], 2)
        for way in ("upload", "download")
    }
    return result


def disk(size_mib: int, rounds: int) -> dict[str, float]:
    """MiB/s writing (with fsync) and reading the same bytes to and from a plain file."""
    path = STORE / "plain-file"
    path.parent.mkdir(parents=True, exist_ok=True)
    writes, reads = [], []
    for index in range(rounds):
        content = pdf(size_mib * MIB, 10_000 + index)
        started = time.perf_counter()
        with path.open("wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        writes.append(size_mib / (time.perf_counter() - started))
        started = time.perf_counter()
        with path.open("rb") as handle:
            for _ in _chunks(handle):
                pass
        reads.append(size_mib / (time.perf_counter() - started))
    path.unlink()
    return {
        "write_mib_s": round(statistics.median(writes), 1),
        "read_mib_s": round(statistics.median(reads), 1),
    }


def _chunks(handle: Any) -> Iterator[bytes]:
    while chunk := handle.read(256 * 1024):
        yield chunk


def _say(message: str) -> None:
    print(message, flush=True)


def table(args: argparse.Namespace, results: dict[str, Any], plain: dict[str, float]) -> str:
    """The results as text."""
    sizes = args.memory_sizes
    lines = [
        f"documents: {args.size_mib} MiB, median of {args.rounds} transfers, 1 worker, "
        f"{os.cpu_count()} cores, host {HOST}; plain file: write+fsync "
        f"{plain['write_mib_s']} MiB/s, read {plain['read_mib_s']} MiB/s",
        f"{'backend':11} {'server':9} {'up MiB/s':>9} {'down MiB/s':>10} {'ratio':>11} "
        + " ".join(f"{f'peak+ {s} MiB':>13}" for s in sizes),
    ]
    for backend, result in results.items():
        for kind in KINDS:
            run = result["throughput"][kind]
            ratio = (
                f"{result['ratio']['upload']:.2f}/{result['ratio']['download']:.2f}"
                if kind == "app"
                else ""
            )
            growth = " ".join(
                f"{result['memory'][kind][s]['growth_kib'] / 1024:10.1f} MiB" for s in sizes
            )
            lines.append(
                f"{backend:11} {kind:9} {run['upload_mib_s']:9.1f} {run['download_mib_s']:10.1f} "
                f"{ratio:>11} {growth}"
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    plain = disk(args.size_mib, args.rounds)
    results = {backend: bench_backend(args, backend) for backend in args.backends}
    print(table(args, results, plain))
    stamp = f"{datetime.now(UTC):%Y%m%dT%H%M%SZ}"
    path = ROOT / "bench" / "results" / f"documents-{stamp}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    meta = {k: getattr(args, k) for k in ("size_mib", "rounds", "memory_sizes")}
    path.write_text(json.dumps({"meta": meta, "disk": plain, "results": results}, indent=2))
    print(f"results: {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
