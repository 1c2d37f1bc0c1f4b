"""Assessments recorded through the API."""

from typing import Any

from fastapi.testclient import TestClient


def assess(
    client: TestClient, employee: str, method: str, on: str, levels: dict[str, int], **extra: Any
) -> Any:
    return client.post(
        "/api/v1/assessments",
        json={
            "employee_id": employee,
            "assessed_on": on,
            "method": method,
            "assessor": "UPT Penilaian",
            "results": [{"competency_id": c, "level": lv} for c, lv in levels.items()],
            **extra,
        },
    )
