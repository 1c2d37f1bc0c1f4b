"""The equality check: a server's JSON for every recorded URL equals the recorded real body."""

from collections.abc import Mapping
from typing import Any

import httpx

from bench.errors import BenchError
from bench.server import Server


def first_difference(
    got: Any, expected: Any, where: str = "$", ignored: frozenset[str] = frozenset()
) -> str | None:
    """Where two JSON values first differ (``None`` if equal), for the error message; the
    object members at the ``ignored`` paths (``$.total``) are not compared."""
    if type(got) is not type(expected):
        return f"{where}: {type(got).__name__} {got!r:.80} != {type(expected).__name__}"
    if isinstance(got, dict):
        return _dict_difference(got, expected, where, ignored)
    if isinstance(got, list):
        return _list_difference(got, expected, where, ignored)
    return None if got == expected else f"{where}: {got!r:.80} != {expected!r:.80}"


def _dict_difference(
    got: dict[str, Any], expected: dict[str, Any], where: str, ignored: frozenset[str]
) -> str | None:
    for key in sorted(set(got) | set(expected)):
        path = f"{where}.{key}"
        if path in ignored:
            continue
        if key not in got or key not in expected:
            return f"{path}: present on one side only"
        found = first_difference(got[key], expected[key], path, ignored)
        if found:
            return found
    return None


def _list_difference(
    got: list[Any], expected: list[Any], where: str, ignored: frozenset[str]
) -> str | None:
    if len(got) != len(expected):
        return f"{where}: {len(got)} items != {len(expected)}"
    pairs = enumerate(zip(got, expected, strict=True))
    found = (first_difference(a, b, f"{where}[{i}]", ignored) for i, (a, b) in pairs)
    return next((difference for difference in found if difference), None)


def _differs(
    client: httpx.Client, url: str, expected: Any, label: str, ignored: frozenset[str]
) -> str | None:
    """Where ``client``'s answer to ``url`` differs from ``expected`` (``None``: equal)."""
    response = client.get(url)
    if response.status_code != 200:
        raise BenchError(f"{label} {url}: status {response.status_code}")
    return first_difference(response.json(), expected, ignored=ignored)


def verify(
    servers: Mapping[str, Server],
    recording: dict[str, Any],
    label: str,
    authorization: str,
    apart: frozenset[str] = frozenset(),
) -> dict[str, str]:
    """GET every recorded URL from the app and the baseline: each body must equal the recorded
    real body, else ``BenchError`` naming the URL and the first differing JSON path. The
    comparison's answers may differ from the real ones at the JSON paths ``apart`` names
    (what a comparison app such as ``bench.uncounted`` answers differently by design).

    One exception, proven case by case: when the baseline differs and the application itself
    answers that URL differently from its recorded body (asked up to 3 times), the endpoint is
    not deterministic (say, ties in an ``ORDER BY`` under a window function: which row wins
    changes from one execution to the next) and no replay can equal it. Such URLs are returned,
    with where the application's own answers differ, for the report; everything else must match.
    """
    unstable: dict[str, str] = {}
    headers = {"Authorization": authorization}
    with (
        httpx.Client(base_url=servers["app"].base_url, timeout=120, headers=headers) as app,
        httpx.Client(base_url=servers["baseline"].base_url, timeout=120, headers=headers) as base,
    ):
        for url, entry in recording["urls"].items():
            expected = entry["body"]
            app_differs = _differs(app, url, expected, f"{label} app", frozenset())
            base_differs = _differs(base, url, expected, f"{label} baseline", apart)
            for _ in range(2):
                if app_differs or not base_differs:
                    break
                app_differs = _differs(app, url, expected, f"{label} app", frozenset())
            if app_differs:
                unstable[url] = f"app: {app_differs}; baseline: {base_differs or 'equal'}"
            elif base_differs:
                raise BenchError(
                    f"{label} baseline {url}: JSON differs from the real one at {base_differs}"
                )
    return unstable
