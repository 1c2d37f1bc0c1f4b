"""The results table and the JSON file."""

import json
from pathlib import Path
from typing import Any

# (heading, width): one line per backend and endpoint; "b " columns are the baseline's.
COLUMNS = (
    ("backend", 10),
    ("endpoint", 15),
    ("rps", 6),
    ("p50ms", 6),
    ("p99ms", 6),
    ("err", 3),
    ("MiB", 4),
    ("cpu/rq", 6),
    ("b rps", 6),
    ("b p50", 6),
    ("b p99", 6),
    ("b err", 5),
    ("b MiB", 5),
    ("b cpu", 5),
    ("RATIO", 5),
    ("cpuRATIO", 8),
    ("spread a|b", 10),
    ("conns a|b", 9),
    ("other%", 6),
)
NOTES = (
    "rps, p50/p99 latency (ms), errors (non-2xx, timeouts), peak memory (MiB, VmHWM summed over "
    "uvicorn master + workers), cpu/rq: server CPU ms per request; b = baseline. RATIO = rps / "
    "b rps (target >= 0.33); cpuRATIO = b cpu / cpu (insensitive to other load). Median-rps "
    "round of each; spread = (max - min) / median rps over rounds; conns = keep-alive "
    "connections per worker; other% = CPU the rest of the machine took during the runs."
)


def _cell(value: Any, width: int) -> str:
    if isinstance(value, float):
        text = f"{value:.0f}" if value >= 100 else f"{value:.2f}" if value < 10 else f"{value:.1f}"
    else:
        text = str(value)
    return text.rjust(width)


def _pair(app: Any, base: Any) -> str:
    return f"{app}|{base}"


def _row(backend: str, endpoint: str, result: dict[str, Any]) -> list[Any]:
    app, base = result["app"], result["baseline"]
    conns = _pair("/".join(map(str, app["conns"])) or "?", "/".join(map(str, base["conns"])) or "?")
    others = max(r["other_cpu_pct"] for r in [*app["rounds"], *base["rounds"]])
    return [
        *(backend, endpoint, app["rps"], app["p50_ms"], app["p99_ms"], app["errors"]),
        *(round(app["peak_memory_mib"]), app["server_cpu_ms"]),
        *(base["rps"], base["p50_ms"], base["p99_ms"], base["errors"]),
        *(round(base["peak_memory_mib"]), base["server_cpu_ms"]),
        *(f"{result['ratio']:.3f}", f"{result['cpu_ratio']:.3f}"),
        _pair(f"{app['rps_spread']:.2f}", f"{base['rps_spread']:.2f}"),
        *(conns, f"<={others:.0f}"),
    ]


def table(results: dict[str, Any]) -> str:
    """The results as a fixed-width text table, one line per backend and endpoint."""
    header = " ".join(name.rjust(width) for name, width in COLUMNS)
    lines = [header, "-" * len(header)]
    for backend, outcome in results["backends"].items():
        for endpoint, result in outcome.get("endpoints", {}).items():
            cells = _row(backend, endpoint, result)
            widths = (width for _, width in COLUMNS)
            lines.append(" ".join(_cell(c, w) for c, w in zip(cells, widths, strict=True)))
    return "\n".join([*lines, "", NOTES])


def summary(results: dict[str, Any]) -> str:
    """Setup and per-backend dataset lines printed above the table."""
    meta = results["meta"]
    lines = [
        f"cores (os.cpu_count): {meta['cpu_count']}  uvicorn workers: {meta['workers']}  "
        f"concurrency: {meta['concurrency']}  requests per run: {meta['requests']} "
        f"(+{meta['warmup']} warm-up)  rounds: {meta['rounds']}",
    ]
    for backend, outcome in results["backends"].items():
        if "dataset" not in outcome:
            lines.append(f"{backend}: failed while preparing the data")
            continue
        counts = ", ".join(f"{k} {v:,}" for k, v in outcome["dataset"].items())
        checked, unstable = outcome.get("checked_urls"), outcome.get("unstable", {})
        equal = f"{checked - len(unstable)} of {checked}" if unstable else checked
        made = (
            f"reused (--reuse) {counts}"
            if outcome.get("reused")
            else f"generated {counts} in {outcome['generation_s']:.1f} s "
            f"(+ competencies {outcome.get('competencies_s', 0.0):.1f} s, "
            f"+ development {outcome.get('development_s', 0.0):.1f} s, "
            f"+ large sessions {outcome.get('large_sessions_s', 0.0):.1f} s, "
            f"+ analyze {outcome['analyze_s']:.1f} s)"
        )
        lines.append(
            f"{backend}: {made}; "
            + (f"{equal} URLs checked: baseline JSON == real JSON" if checked else "unchecked")
        )
        lines += _unstable_lines(backend, unstable)
        for name, result in outcome.get("endpoints", {}).items():
            load = result.get("load", {})
            if load and load["requests"] != meta["requests"]:
                lines.append(
                    f"{backend}: {name} is slow: {load['requests']} requests per run "
                    f"(+{load['warmup']} warm-up) at concurrency {load['concurrency']}, "
                    f"timeout {load['timeout_s']:.0f} s"
                )
        for name, reason in outcome.get("too_slow", {}).items():
            lines.append(f"{backend}: {name} NOT TIMED (too slow): {reason}")
    if "error" in results:
        lines.append(f"RUN FAILED: {results['error']}")
    return "\n".join(lines)


def _unstable_lines(backend: str, unstable: dict[str, dict[str, str]]) -> list[str]:
    """One line per endpoint whose application answers were shown to vary between calls."""
    by_endpoint: dict[str, list[str]] = {}
    for url, found in unstable.items():
        by_endpoint.setdefault(found["endpoint"], []).append(f"{url} ({found['where']})")
    return [
        f"{backend}: {name} NOT DETERMINISTIC: the application answered {len(urls)} URL(s) "
        f"differently from its recorded answer, so no replay can equal it there (timed anyway, "
        f"same SQL); first: {urls[0]}"
        for name, urls in by_endpoint.items()
    ]


def write_json(results: dict[str, Any], path: Path) -> None:
    """Write the results (parent directories created)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results, indent=2) + "\n")
