"""The equality check: a server's JSON for every recorded URL equals the recorded real body."""

from typing import Any

import httpx

from bench.errors import BenchError
from bench.server import Server


def first_difference(got: Any, expected: Any, where: str = "$") -> str | None:
    """Where two JSON values first differ (``None`` if equal), for the error message."""
    if type(got) is not type(expected):
        return f"{where}: {type(got).__name__} {got!r:.80} != {type(expected).__name__}"
    if isinstance(got, dict):
        return _dict_difference(got, expected, where)
    if isinstance(got, list):
        return _list_difference(got, expected, where)
    return None if got == expected else f"{where}: {got!r:.80} != {expected!r:.80}"


def _dict_difference(got: dict[str, Any], expected: dict[str, Any], where: str) -> str | None:
    for key in sorted(set(got) | set(expected)):
        if key not in got or key not in expected:
            return f"{where}.{key}: present on one side only"
        found = first_difference(got[key], expected[key], f"{where}.{key}")
        if found:
            return found
    return None


def _list_difference(got: list[Any], expected: list[Any], where: str) -> str | None:
    if len(got) != len(expected):
        return f"{where}: {len(got)} items != {len(expected)}"
    pairs = enumerate(zip(got, expected, strict=True))
    found = (first_difference(left, right, f"{where}[{i}]") for i, (left, right) in pairs)
    return next((difference for difference in found if difference), None)


def verify(server: Server, recording: dict[str, Any], label: str, authorization: str) -> int:
    """GET every recorded URL once; raise on any non-200 or body unequal to the recorded one."""
    urls: dict[str, Any] = recording["urls"]
    headers = {"Authorization": authorization}
    with httpx.Client(base_url=server.base_url, timeout=120, headers=headers) as client:
        for url, entry in urls.items():
            response = client.get(url)
            if response.status_code != 200:
                raise BenchError(f"{label} {url}: status {response.status_code}")
            difference = first_difference(response.json(), entry["body"])
            if difference is not None:
                raise BenchError(f"{label} {url}: JSON differs from the real one at {difference}")
    return len(urls)
