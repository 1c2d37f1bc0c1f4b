"""Load the demo data and the demo accounts into the configured database, in one transaction."""

import argparse
import sys
import time

from app.core.config import get_settings
from app.core.db import create_db_engine
from app.demo.accounts import (
    DemoAccounts,
    DemoAccountsRefused,
    create_demo_accounts,
    refuse_outside_development,
)
from app.demo.competencies import generate_competency_data
from app.demo.development import development_empty, generate_development
from app.demo.generator import generate, units_empty


def _count(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return value


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m app.demo",
        description="Insert seeded demo units, positions, employees and assessments (Kota Solok), "
        "the development programs, their sessions and enrollments, and one account per role "
        "(development only).",
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
        "--years",
        type=_count,
        default=1,
        help="years of sessions up to today, and three months ahead (default: 1)",
    )
    parser.add_argument(
        "--if-empty",
        action="store_true",
        help="load no people if the unit table has rows (programs and sessions are loaded "
        "once, when there are none)",
    )
    parser.add_argument(
        "--no-accounts",
        action="store_true",
        help="make no demo accounts (they are made in development only, once)",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the loader; returns the process exit status."""
    args = _parser().parse_args(argv)
    settings = get_settings()
    try:
        if not args.no_accounts:
            refuse_outside_development(settings)  # before anything is written
    except DemoAccountsRefused as exc:
        sys.stderr.write(f"error: {exc}\n")
        return 1
    engine = create_db_engine(settings)
    started = time.perf_counter()
    counts: dict[str, int] | None = None
    development: dict[str, int] | None = None
    accounts = None
    try:
        with engine.begin() as conn:
            if not args.if_empty or units_empty(conn):
                counts = generate(conn, employees=args.employees, seed=args.seed)
                counts |= generate_competency_data(
                    conn, per_employee=args.assessments, seed=args.seed, settings=settings
                )
            if development_empty(conn) and not units_empty(conn):
                development = generate_development(
                    conn, seed=args.seed, settings=settings, years=args.years
                )
            if not args.no_accounts:
                accounts = create_demo_accounts(conn, settings)
    finally:
        engine.dispose()
    _report(args.seed, counts, development, time.perf_counter() - started, accounts)
    return 0


def _report(
    seed: int,
    counts: dict[str, int] | None,
    development: dict[str, int] | None,
    seconds: float,
    accounts: DemoAccounts | None,
) -> None:
    if counts is None:
        print("The unit table already has rows: demo data not loaded (--if-empty).")
    else:
        summary = ", ".join(f"{count} {table}" for table, count in counts.items())
        print(f"Demo data loaded (seed {seed}): {summary} in {seconds:.2f} s")
    if development is None:
        print("Programs exist already: the development demo data left as it is.")
    else:
        summary = ", ".join(f"{count} {table}" for table, count in development.items())
        print(f"Development demo data loaded: {summary}")
    if accounts is not None and accounts.password is not None:
        print(
            f"Demo accounts made (development only): {', '.join(accounts.usernames)}.\n"
            f"Their password, shown this once and stored only as a hash: {accounts.password}"
        )
    elif accounts is not None:
        print("Demo accounts exist already: left as they are (password shown when made).")


if __name__ == "__main__":
    raise SystemExit(main())
