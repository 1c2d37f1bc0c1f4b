"""Competencies and CASE packages built through the API."""

import uuid
from typing import Any

from fastapi.testclient import TestClient


def levels(prefix: str = "Level") -> list[dict[str, Any]]:
    return [
        {
            "level": n,
            "description": f"{prefix} {n}: mampu menerapkan",
            "indicators": [f"Indikator {n}.1", f"Indikator {n}.2"],
        }
        for n in range(1, 6)
    ]


def make_competency(client: TestClient, **overrides: Any) -> dict[str, Any]:
    body = {
        "code": f"T.{uuid.uuid4().hex[:6]}",
        "name": "Pengelolaan Keuangan Daerah",
        "definition": "Mampu mengelola keuangan daerah sesuai peraturan.",
        "family_code": "teknis",
        "levels": levels(),
        **overrides,
    }
    response = client.post("/api/v1/competencies", json=body)
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    return result


def case_package(client: TestClient, **item_fields: Any) -> dict[str, Any]:
    """The exported package with one new competency whose item carries ``item_fields``."""
    package: dict[str, Any] = client.get("/api/v1/competency-frameworks/case").json()
    family = next(i for i in package["CFItems"] if i["humanCodingScheme"] == "teknis")
    identifier = str(uuid.uuid4())
    package["CFItems"].append(
        {
            "identifier": identifier,
            "fullStatement": "Mampu mengelola arsip dinamis.",
            "abbreviatedStatement": "Kearsipan",
            "humanCodingScheme": f"T.ARS.{identifier[:4]}",
            "CFItemType": "Competency",
            **item_fields,
        }
    )
    package["CFAssociations"].append(
        {
            "associationType": "isChildOf",
            "originNodeURI": {"identifier": identifier},
            "destinationNodeURI": {"identifier": family["identifier"]},
        }
    )
    package["CFRubrics"][0]["CFRubricCriteria"].append(
        {
            "CFItemURI": {"identifier": identifier},
            "CFRubricCriterionLevels": [
                {"description": f"Level {n} kearsipan", "score": n, "feedback": f"Indikator {n}"}
                for n in range(1, 6)
            ],
        }
    )
    return package


def dictionary_ids(client: TestClient, family_code: str, count: int) -> list[str]:
    """The ids of the first ``count`` seeded competencies of a family, in code order."""
    listed = client.get("/api/v1/competencies", params={"family_code": family_code}).json()
    ids = [c["id"] for c in listed["items"][:count]]
    assert len(ids) == count, listed
    return ids
