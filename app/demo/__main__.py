"""Load the demo data into the configured database, in one transaction."""

import argparse
import time

from app.core.config import get_settings
from app.core.db import create_db_engine
from app.demo.competencies import generate_competency_data
from app.demo.generator import generate, units_empty


def _count(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return value


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m app.demo",
        description="Insert seeded demo units, positions and employees (Kota Solok).",
    )
    parser.add_argument("--employees", type=_count, default=300, help="default: 300")
    parser.add_argument("--seed", type=int, default=1372, help="default: 1372")
    parser.add_argument(
        "--assessments",
        type=_count,
        default=3,
        help="assessments per employee, with default standards per position type (default: 3)",
    )
    parser.add_argument(
        "--if-empty", action="store_true", help="do nothing if the unit table has rows"
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the loader; returns the process exit status."""
    args = _parser().parse_args(argv)
    settings = get_settings()
    engine = create_db_engine(settings)
    started = time.perf_counter()
    try:
        with engine.begin() as conn:
            if args.if_empty and not units_empty(conn):
                print("The unit table already has rows: demo data not loaded (--if-empty).")
                return 0
            counts = generate(conn, employees=args.employees, seed=args.seed)
            counts |= generate_competency_data(
                conn, per_employee=args.assessments, seed=args.seed, settings=settings
            )
    finally:
        engine.dispose()
    summary = ", ".join(f"{count} {table}" for table, count in counts.items())
    print(
        f"Demo data loaded (seed {args.seed}): {summary} in {time.perf_counter() - started:.2f} s"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
