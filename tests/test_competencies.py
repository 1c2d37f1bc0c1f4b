"""The competency dictionary, position standards and the CASE exchange."""

import uuid
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Connection, text

from app.main import create_app
from app.models.enums import Role
from tests.conftest import FreshDatabase, migrate, token_headers
from tests.factories import make_position, make_unit
from tests.helpers import assert_problem


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


def test_seeded_dictionary(client: TestClient) -> None:
    families = client.get("/api/v1/competency-families").json()
    assert [f["code"] for f in families["items"]] == [
        "manajerial",
        "sosial_kultural",
        "teknis",
        "pemerintahan",
    ]
    managerial = client.get("/api/v1/competencies", params={"family_code": "manajerial"}).json()
    assert managerial["total"] == 8
    integritas = client.get(f"/api/v1/competencies/{managerial['items'][0]['id']}").json()
    assert integritas["name"] == "Integritas"
    assert [lv["level"] for lv in integritas["levels"]] == [1, 2, 3, 4, 5]
    assert all(len(lv["indicators"]) == 3 for lv in integritas["levels"])
    social = client.get("/api/v1/competencies", params={"family_code": "sosial_kultural"}).json()
    assert [c["name"] for c in social["items"]] == ["Perekat Bangsa"]


@pytest.mark.parametrize(
    "bad_levels",
    [
        [{**lv, "level": 0} if lv["level"] == 1 else lv for lv in levels()],
        [{**lv, "level": 6} if lv["level"] == 5 else lv for lv in levels()],
        levels()[:4],
        [*levels()[:4], levels()[3]],
    ],
)
def test_levels_must_be_one_to_five(
    client: TestClient, connection: Connection, bad_levels: list[dict[str, Any]]
) -> None:
    before = connection.execute(text("SELECT count(*) FROM competency")).scalar_one()
    body = {
        "code": "T.BAD",
        "name": "Salah",
        "definition": "Definisi.",
        "family_code": "teknis",
        "levels": bad_levels,
    }
    assert_problem(client.post("/api/v1/competencies", json=body), 422)
    assert connection.execute(text("SELECT count(*) FROM competency")).scalar_one() == before


def test_retired_competency_is_kept_but_refused_in_standards(client: TestClient) -> None:
    competency = make_competency(client)
    retired = client.patch(
        f"/api/v1/competencies/{competency['id']}",
        json={"retired": True},
        headers={"If-Match": '"1"'},
    )
    assert retired.json()["retired_at"] is not None
    assert competency["id"] not in {
        c["id"] for c in client.get("/api/v1/competencies").json()["items"]
    }
    listed = client.get("/api/v1/competencies", params={"include_retired": True}).json()
    assert competency["id"] in {c["id"] for c in listed["items"]}
    position = make_position(client, make_unit(client)["id"])
    response = client.put(
        f"/api/v1/positions/{position['id']}/competency-standard",
        headers={"If-Match": "*"},
        json={"items": [{"competency_id": competency["id"], "required_level": 3}]},
    )
    assert assert_problem(response, 422)["errors"][0]["type"] == "retired_competency"


def test_position_standard_overrides_type_defaults(client: TestClient) -> None:
    managerial = client.get("/api/v1/competencies", params={"family_code": "manajerial"}).json()
    first, second = (c["id"] for c in managerial["items"][:2])
    default_url = "/api/v1/position-types/fungsional/competency-standard"
    etag = client.get(default_url).headers["etag"]
    response = client.put(
        default_url,
        headers={"If-Match": etag},
        json={
            "items": [
                {"competency_id": first, "required_level": 2},
                {"competency_id": second, "required_level": 2},
            ]
        },
    )
    assert response.status_code == 200, response.text
    level_url = default_url + "?functional_level=ahli_madya"
    client.put(
        level_url,
        headers={"If-Match": "*"},
        json={"items": [{"competency_id": second, "required_level": 4}]},
    )
    unit = make_unit(client)
    position = make_position(
        client,
        unit["id"],
        name="Guru Ahli Madya",
        position_type_code="fungsional",
        functional_level="ahli_madya",
    )
    url = f"/api/v1/positions/{position['id']}/competency-standard"
    inherited = {
        i["competency_id"]: (i["required_level"], i["source"])
        for i in client.get(url).json()["items"]
    }
    assert inherited == {first: (2, "default"), second: (4, "default")}
    etag = client.get(url).headers["etag"]
    own = client.put(
        url,
        headers={"If-Match": etag},
        json={"items": [{"competency_id": first, "required_level": 3}]},
    )
    assert own.status_code == 200, own.text
    effective = {
        i["competency_id"]: (i["required_level"], i["source"]) for i in own.json()["items"]
    }
    assert effective == {first: (3, "position"), second: (4, "default")}
    stale = client.put(url, headers={"If-Match": etag}, json={"items": []})
    assert_problem(stale, 412)
    assert_problem(client.put(url, json={"items": []}), 428)


def test_bulk_standard_refuses_duplicates_and_bad_levels(client: TestClient) -> None:
    position = make_position(client, make_unit(client)["id"])
    competency = client.get("/api/v1/competencies").json()["items"][0]["id"]
    url = f"/api/v1/positions/{position['id']}/competency-standard"
    twice = {"items": [{"competency_id": competency, "required_level": 2}] * 2}
    assert (
        assert_problem(client.put(url, json=twice, headers={"If-Match": "*"}), 422)["errors"][0][
            "type"
        ]
        == "duplicate_competency"
    )
    for level in (0, 6):
        body = {"items": [{"competency_id": competency, "required_level": level}]}
        assert_problem(client.put(url, json=body, headers={"If-Match": "*"}), 422)
    assert client.get(url).json()["items"] == []


def test_case_export_imports_into_another_database(
    client: TestClient, backend: str, fresh_database_factory: Any
) -> None:
    make_competency(client, code="T.KEU.01", family_code="teknis")
    retired = make_competency(client, code="P.OLD.01", family_code="pemerintahan")
    client.patch(
        f"/api/v1/competencies/{retired['id']}", json={"retired": True}, headers={"If-Match": '"1"'}
    )
    package = client.get("/api/v1/competency-frameworks/case").json()
    assert {"CFDocument", "CFItems", "CFAssociations", "CFRubrics"} <= set(package)
    criteria = package["CFRubrics"][0]["CFRubricCriteria"]
    assert all(len(c["CFRubricCriterionLevels"]) == 5 for c in criteria)

    other: FreshDatabase = fresh_database_factory(backend)
    migrate(other.engine)
    app = create_app(other.settings, engine=other.engine)
    with other.engine.begin() as setup:
        headers = token_headers(setup, app.state.settings, Role.ADMIN)
    with TestClient(app) as remote:
        remote.headers.update(headers)
        result = remote.post("/api/v1/competency-frameworks/case", json=package)
        assert result.status_code == 200, result.text
        assert result.json() == {"created": 2, "updated": 9}
        assert remote.get("/api/v1/competency-frameworks/case").json() == package
        again = remote.post("/api/v1/competency-frameworks/case", json=package).json()
        assert again == {"created": 0, "updated": 11}


def test_case_import_is_all_or_nothing(client: TestClient, connection: Connection) -> None:
    package = client.get("/api/v1/competency-frameworks/case").json()
    package["CFItems"].append(
        {
            "identifier": str(uuid.uuid4()),
            "fullStatement": "Baru",
            "humanCodingScheme": "T.NEW",
            "CFItemType": "Competency",
        }
    )
    before = connection.execute(text("SELECT count(*) FROM competency")).scalar_one()
    problem = assert_problem(client.post("/api/v1/competency-frameworks/case", json=package), 422)
    assert "T.NEW" in problem["detail"]
    assert connection.execute(text("SELECT count(*) FROM competency")).scalar_one() == before
