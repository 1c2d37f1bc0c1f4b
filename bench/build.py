"""Build the benchmark dataset only, and time it: ``python -m bench.build``; see bench/README.md.

The same fresh database, migration, generation and ``VACUUM ANALYZE`` as ``bench.run``'s first
step, without the recording and timing that follow, so the build itself can be measured (and a
database left ready for ``bench.run --reuse``).
"""

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from bench import database as db


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.build", description=__doc__)
    parser.add_argument("--employees", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1372, help="demo generator seed")
    parser.add_argument("--assessments", type=int, default=3, help="assessments per employee")
    parser.add_argument("--backends", default="postgresql,sqlite")
    parser.add_argument(
        "--no-development",
        dest="development",
        action="store_false",
        help="no sessions, large sessions or partnerships (people, competencies, learning only)",
    )
    parser.add_argument("--output", type=Path, default=None, help="also write the figures here")
    args = parser.parse_args(argv)
    args.backends = [name.strip() for name in args.backends.split(",") if name.strip()]
    return args


def build(backend: str, args: argparse.Namespace) -> dict[str, Any]:
    """A fresh database of ``backend``, migrated and filled; counts, seconds and rows/s."""
    database = db.fresh_database(backend)
    engine = database.engine()
    try:
        db.migrate(engine)
        counts, seconds = db.generate(
            engine,
            args.employees,
            args.seed,
            args.assessments,
            database.settings(),
            development=args.development,
        )
        analyze_s = db.analyze(engine)
    finally:
        engine.dispose()
    build_s = sum(seconds.values())
    rows = sum(counts.values())
    return {
        "dataset": counts,
        **{name: round(value, 2) for name, value in seconds.items()},
        "build_s": round(build_s, 2),
        "rows": rows,
        "rows_per_s": round(rows / build_s) if build_s else 0,
        "analyze_s": round(analyze_s, 2),
    }


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    results: dict[str, Any] = {
        "employees": args.employees,
        "assessments_per_employee": args.assessments,
        "seed": args.seed,
        "development": args.development,
        "cpu_count": os.cpu_count(),
        "load_average_at_start": list(os.getloadavg()),
        "backends": {},
    }
    for backend in args.backends:
        print(f"{backend}: building {args.employees:,} employees", file=sys.stderr, flush=True)
        outcome = results["backends"][backend] = build(backend, args)
        print(
            f"{backend}: {outcome['rows']:,} rows in {outcome['build_s']:.1f} s "
            f"({outcome['rows_per_s']:,} rows/s): people {outcome['generation_s']:.1f} s, "
            f"competencies {outcome['competencies_s']:.1f} s, "
            f"development {outcome['development_s']:.1f} s, "
            f"large sessions {outcome['large_sessions_s']:.1f} s, "
            f"partnerships {outcome['partnerships_s']:.1f} s, "
            f"learning {outcome['learning_s']:.1f} s; "
            f"analyze {outcome['analyze_s']:.1f} s",
            flush=True,
        )
        print(f"{backend}: {outcome['dataset']}", flush=True)
    if args.output is not None:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
