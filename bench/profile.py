"""Where a server's time goes under load: ``python -m bench.profile`` (needs py-spy).

Uses what the last ``bench.run`` left in var/bench/ (database, recording, URL pools): starts
the real app (or the baseline), drives it with the load generator, samples every worker with
``py-spy record --gil`` (only the thread holding the GIL: Python CPU time) and prints the
top frames and packages by own time. ``pip install py-spy`` first.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from app.core.config import ROOT
from bench import database as db
from bench.auth import Caller
from bench.measure import Load
from bench.server import BASELINE_APP, REAL_APP, serve, stop, worker_pids

_FILE = re.compile(r"\(([^:)]+)")


def _package(frame: str) -> str:
    """The package (or the app's module folder) a ``function (file:line)`` frame is in."""
    match = _FILE.search(frame)
    path = match.group(1) if match else frame
    parts = path.split("/")
    return "/".join(parts[:2]) if parts[0] == "app" else parts[0].removesuffix(".py")


def report(raw_files: list[Path], top: int) -> str:
    """Own time by frame and by package from py-spy's raw (collapsed stacks) output."""
    frames: Counter[str] = Counter()
    packages: Counter[str] = Counter()
    inclusive: Counter[str] = Counter()
    for path in raw_files:
        for line in path.read_bytes().decode(errors="replace").splitlines():
            stack, _, count = line.rpartition(" ")
            if not count.isdigit():
                continue  # a frame name broken over lines, or no samples
            names = stack.split(";")
            leaf = names[-1]
            frames[leaf] += int(count)
            packages[_package(leaf)] += int(count)
            for name in {_function(frame) for frame in names}:
                inclusive[name] += int(count)
    total = sum(frames.values()) or 1
    lines = [f"{total} samples holding the GIL; own time by package:"]
    lines += [f"  {100 * n / total:5.1f}%  {name}" for name, n in packages.most_common(top)]
    lines.append("own time by frame:")
    lines += [f"  {100 * n / total:5.1f}%  {name}" for name, n in frames.most_common(top)]
    lines.append("time including callees, by function (where a request's time goes):")
    lines += [f"  {100 * n / total:5.1f}%  {name}" for name, n in inclusive.most_common(top * 3)]
    return "\n".join(lines)


def _function(frame: str) -> str:
    """``function (package/module.py)`` of a ``function (file:line)`` frame."""
    match = _FILE.search(frame)
    path = match.group(1) if match else ""
    return f"{frame.split(' (', maxsplit=1)[0]} ({'/'.join(path.split('/')[-2:])})"


def _sample(pids: list[int], seconds: int, outputs: list[Path]) -> None:
    """py-spy on every pid at once, for ``seconds``; raw output files."""
    pyspy = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))
    options = ["--duration", str(seconds), "--gil", "--nonblocking", "--format", "raw"]
    samplers = [
        subprocess.Popen(
            [pyspy, "record", "--pid", str(pid), *options, "-o", str(out)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for pid, out in zip(pids, outputs, strict=False)
    ]
    for sampler in samplers:
        sampler.wait(seconds + 30)


def profile(args: argparse.Namespace) -> list[Path]:
    """Serve, load and sample; the raw profile files, one per worker."""
    url = db.fresh_url(args.backend)
    urls = db.BENCH_DIR / f"urls-{args.backend}-{args.endpoint}.json"
    caller = Caller()
    settings = db.Database(args.backend, url).settings(**caller.settings_overrides())
    env = {
        "BANGKOM_DATABASE_URL": url,
        "BANGKOM_LOG_LEVEL": "WARNING",
        "BENCH_RECORDING": str(db.BENCH_DIR / f"recording-{args.backend}.json"),
        **caller.server_env(),
    }
    load = Load(args.concurrency, 10**9, 200, 30.0, args.seconds + 10, "", "")
    outputs = [db.BENCH_DIR / f"profile-{args.kind}-{n}.txt" for n in range(args.workers)]
    for stale in outputs:
        stale.unlink(missing_ok=True)
    factory = REAL_APP if args.kind == "app" else BASELINE_APP
    with (
        (db.BENCH_DIR / "profile-server.log").open("ab") as log,
        serve(factory, env, args.workers, log) as server,
    ):
        client = subprocess.Popen(
            load.command(server.port, urls),
            cwd=ROOT,
            env={**os.environ, "BENCH_AUTHORIZATION": caller.authorization(settings)},
            stdout=subprocess.DEVNULL,
            start_new_session=True,
        )
        try:
            time.sleep(3)  # past the warm-up
            _sample(worker_pids(server), args.seconds, outputs)
        finally:
            stop(client)
    return [out for out in outputs if out.exists()]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.profile", description=__doc__)
    parser.add_argument("--backend", choices=db.BACKENDS, default="sqlite")
    parser.add_argument("--endpoint", default="get_employee")
    parser.add_argument("--kind", choices=("app", "baseline"), default="app")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--top", type=int, default=30)
    args = parser.parse_args(argv)
    print(report(profile(args), args.top))


if __name__ == "__main__":
    main()
