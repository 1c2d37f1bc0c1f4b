"""The competency dictionary, position standards and the CASE exchange."""

import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Connection, insert, text

from app.competencies import service as competency_service
from app.competencies.case_schemas import CaseExport
from app.main import create_app
from app.models import Competency, CompetencyLevel
from app.models.enums import Role
from tests.competencies.factories import case_package, levels, make_competency
from tests.conftest import FreshDatabase, migrate, token_headers
from tests.helpers import assert_problem
from tests.positions.factories import make_position
from tests.units.factories import make_unit


def audit_count(connection: Connection) -> int:
    return int(connection.execute(text("SELECT count(*) FROM audit_event")).scalar_one())


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
    retired = client.get(f"/api/v1/competencies/{retired['id']}").json()
    package = client.get("/api/v1/competency-frameworks/case").json()
    CaseExport.model_validate(package)  # the documented shape
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
        # The seeded nine are the same on both sides: left alone.
        assert result.json() == {"created": 2, "updated": 0, "unchanged": 9}
        assert remote.get("/api/v1/competency-frameworks/case").json() == package
        copy = remote.get(f"/api/v1/competencies/{retired['id']}").json()
        assert copy["retired_at"] == retired["retired_at"]  # its time of day included
        assert copy["updated_at"] == retired["updated_at"]
        events = remote.get("/api/v1/audit-events", params={"limit": 1}).json()["total"]
        again = remote.post("/api/v1/competency-frameworks/case", json=package).json()
        assert again == {"created": 0, "updated": 0, "unchanged": 11}
        assert remote.get("/api/v1/audit-events", params={"limit": 1}).json()["total"] == events
        assert remote.get(f"/api/v1/competencies/{retired['id']}").json() == copy


def test_case_reimport_updates_and_audits_only_what_changed(
    client: TestClient, connection: Connection
) -> None:
    first = make_competency(client, code="T.ARS.01")
    second = make_competency(client, code="T.ARS.02")
    package = client.get("/api/v1/competency-frameworks/case").json()
    item = next(i for i in package["CFItems"] if i["identifier"] == first["id"])
    item["abbreviatedStatement"] = "Kearsipan Dinamis"
    item["lastChangeDateTime"] = "2026-03-01T10:00:00.123456+07:00"
    criterion = next(
        c
        for c in package["CFRubrics"][0]["CFRubricCriteria"]
        if c["CFItemURI"]["identifier"] == second["id"]
    )
    criterion["CFRubricCriterionLevels"][2]["feedback"] = "Indikator baru 3.1\nIndikator 3.2"
    events = audit_count(connection)
    result = client.post("/api/v1/competency-frameworks/case", json=package)
    assert result.status_code == 200, result.text
    assert result.json() == {"created": 0, "updated": 2, "unchanged": 9}
    assert audit_count(connection) == events + 2
    changed = client.get(f"/api/v1/competencies/{first['id']}").json()
    assert changed["name"] == "Kearsipan Dinamis"
    assert changed["updated_at"] == "2026-03-01T03:00:00.123456Z"  # as sent, in UTC
    history = client.get(
        "/api/v1/audit-events", params={"entity_type": "competency", "entity_id": first["id"]}
    ).json()["items"]
    assert history[0]["action"] == "import_updated"
    assert history[0]["changes"] == {
        "name": {"before": "Pengelolaan Keuangan Daerah", "after": "Kearsipan Dinamis"}
    }
    levels_now = client.get(f"/api/v1/competencies/{second['id']}").json()["levels"]
    assert levels_now[2]["indicators"] == ["Indikator baru 3.1", "Indikator 3.2"]


def test_case_retirement_keeps_its_time_as_sent(client: TestClient) -> None:
    retired_at = {"extensions": {"retiredAt": "2026-04-02T13:45:30.5+07:00"}}
    package = case_package(client, statusEndDate="2026-04-02", **retired_at)
    identifier = package["CFItems"][-1]["identifier"]
    assert client.post("/api/v1/competency-frameworks/case", json=package).status_code == 200
    competency = client.get(f"/api/v1/competencies/{identifier}").json()
    assert competency["retired_at"] == "2026-04-02T06:45:30.500000Z"
    exported = client.get("/api/v1/competency-frameworks/case").json()
    item = next(i for i in exported["CFItems"] if i["identifier"] == identifier)
    assert item["statusEndDate"] == "2026-04-02"
    assert item["extensions"] == {"retiredAt": "2026-04-02T06:45:30.500000Z"}
    # A package that gives the date alone (another system's) keeps the stored time of day.
    del item["extensions"]
    again = client.post("/api/v1/competency-frameworks/case", json=exported)
    assert again.json()["updated"] == 0
    assert client.get(f"/api/v1/competencies/{identifier}").json() == competency


def _bad_level(field: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(package: dict[str, Any]) -> None:
        package["CFRubrics"][0]["CFRubricCriteria"][-1]["CFRubricCriterionLevels"][0][field] = value

    return change


@pytest.mark.parametrize(
    "change",
    [
        _bad_level("score", 0),
        _bad_level("score", 99),
        _bad_level("score", -1),
        _bad_level("score", "1"),
        _bad_level("score", 1.5),
        _bad_level("feedback", "x" * 251),
        _bad_level("feedback", "\n".join(f"Indikator {n}" for n in range(11))),
        _bad_level("feedback", "ok\n" + "y" * 300),
        _bad_level("description", "d" * 1001),
        _bad_level("description", ""),
    ],
    ids=[
        "score-0",
        "score-99",
        "score-negative",
        "score-text",
        "score-fraction",
        "indicator-too-long",
        "too-many-indicators",
        "second-indicator-too-long",
        "description-too-long",
        "description-empty",
    ],
)
def test_case_rubric_levels_are_bounded(
    client: TestClient, connection: Connection, change: Callable[[dict[str, Any]], None]
) -> None:
    package = case_package(client)
    change(package)
    before = connection.execute(text("SELECT count(*) FROM competency")).scalar_one()
    events = audit_count(connection)
    problem = assert_problem(client.post("/api/v1/competency-frameworks/case", json=package), 422)
    assert problem["errors"]
    assert connection.execute(text("SELECT count(*) FROM competency")).scalar_one() == before
    assert audit_count(connection) == events


@pytest.mark.parametrize(
    "where", ["CFDocument", "CFItems", "CFAssociations", "CFRubrics", "criterion", "level"]
)
def test_case_objects_with_too_many_keys_are_422(
    client: TestClient, connection: Connection, where: str
) -> None:
    package = case_package(client)
    rubric = package["CFRubrics"][0]
    target = {
        "CFDocument": package["CFDocument"],
        "CFItems": package["CFItems"][-1],
        "CFAssociations": package["CFAssociations"][-1],
        "CFRubrics": rubric,
        "criterion": rubric["CFRubricCriteria"][-1],
        "level": rubric["CFRubricCriteria"][-1]["CFRubricCriterionLevels"][0],
    }[where]
    target.update({f"x-{n}": n for n in range(1000)})
    before = connection.execute(text("SELECT count(*) FROM competency")).scalar_one()
    assert_problem(client.post("/api/v1/competency-frameworks/case", json=package), 422)
    assert connection.execute(text("SELECT count(*) FROM competency")).scalar_one() == before


def test_case_document_with_a_huge_number_of_keys_is_refused_quickly(client: TestClient) -> None:
    package = case_package(client)
    package["CFDocument"].update({f"k{n}": 0 for n in range(200_000)})
    started = time.perf_counter()
    assert_problem(client.post("/api/v1/competency-frameworks/case", json=package), 422)
    # Refused before its keys are copied: parsing the 3 MB of JSON is most of the time.
    assert time.perf_counter() - started < 5


def test_case_export_of_a_dictionary_larger_than_one_import(
    client: TestClient, connection: Connection
) -> None:
    """The export is not bound by the import's cap (5,000 items a package)."""
    count = 5_000
    now = datetime.now(UTC)
    rows = [
        {
            "id": uuid.uuid4(),
            "version": 1,
            "code": f"T.BIG.{n:05d}",
            "name": f"Kompetensi {n}",
            "definition": f"Definisi kompetensi {n}.",
            "family_code": "teknis",
            "created_at": now,
            "updated_at": now,
        }
        for n in range(count)
    ]
    connection.execute(insert(Competency), rows)
    connection.execute(
        insert(CompetencyLevel),
        [
            {"competency_id": r["id"], "level": n, "description": f"Level {n}", "indicators": []}
            for r in rows
            for n in range(1, 6)
        ],
    )
    response = client.get("/api/v1/competency-frameworks/case")
    assert response.status_code == 200, response.text[:500]
    package = response.json()
    competencies = [i for i in package["CFItems"] if i["CFItemType"] == "Competency"]
    assert len(competencies) == count + 9
    assert len(package["CFRubrics"][0]["CFRubricCriteria"]) == count + 9


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


def test_case_package_naming_a_competency_twice_is_422(
    client: TestClient, connection: Connection
) -> None:
    package = case_package(client)
    twin = {**package["CFItems"][-1], "humanCodingScheme": "T.TWIN.01"}
    package["CFItems"].append(twin)  # the same identifier under another code
    before = connection.execute(text("SELECT count(*) FROM competency")).scalar_one()
    problem = assert_problem(client.post("/api/v1/competency-frameworks/case", json=package), 422)
    assert problem["errors"][0]["type"] == "duplicate_competency", problem
    assert connection.execute(text("SELECT count(*) FROM competency")).scalar_one() == before


def test_the_dictionary_has_a_capacity(
    client: TestClient, connection: Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The export's documented bound holds: creating past it is a 409 (here a small one)."""
    held = connection.execute(text("SELECT count(*) FROM competency")).scalar_one()
    monkeypatch.setattr(competency_service, "DICTIONARY_CAPACITY", held)
    body = {
        "code": "T.FULL.01",
        "name": "Satu Lagi",
        "definition": "Definisi.",
        "family_code": "teknis",
        "levels": levels(),
    }
    assert_problem(client.post("/api/v1/competencies", json=body), 409)
    assert_problem(
        client.post("/api/v1/competency-frameworks/case", json=case_package(client)), 409
    )
    assert connection.execute(text("SELECT count(*) FROM competency")).scalar_one() == held
