"""The real app without the per-request session check, as the comparison of a ``bench.run``
(``--against bench.unchecked:create_app``): the ratio is then what the check costs.

Every access token is checked against its session and account (``app.auth.deps``; the
answer reused by each worker for ``session_check_interval_s``). Here that check is a no-op:
everything else, the token's signature and expiry included, is the real app's. Never served
but by the benchmark.
"""

from typing import Any

from fastapi import FastAPI

from app.auth import deps
from app.main import create_app as create_real_app


async def _unchecked(*_args: Any) -> None:
    """Accept every signed, unexpired token, as before the check existed."""


def create_app() -> FastAPI:
    """The app, its session check replaced."""
    deps._require_live = _unchecked  # type: ignore[assignment]
    return create_real_app()
