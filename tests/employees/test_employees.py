"""Employees: identity rules, rank consistency, search, scope filters, no N+1."""

import uuid
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Connection

from tests.conftest import StatementCounter
from tests.employees.factories import employee_body, make_employee, pns_nip
from tests.helpers import assert_problem, row_counts
from tests.positions.factories import make_position
from tests.units.factories import make_unit


@pytest.fixture
def unit(client: TestClient) -> dict[str, Any]:
    return make_unit(client)


def test_create_derives_birth_date_and_sex_from_the_nip(
    client: TestClient, unit: dict[str, Any]
) -> None:
    body = employee_body(
        unit["id"],
        nip="199001152015032001",
        front_title="dr.",
        back_title="M.Kes.",
        nik="1372015501900003",
        email="a@solokkota.go.id",
        phone="081266612345",
    )
    response = client.post("/api/v1/employees", json=body)
    assert response.status_code == 201, response.text
    employee = response.json()
    assert employee["birth_date"] == "1990-01-15"
    assert employee["sex"] == "female"
    assert employee["full_name"] == "dr. Rahmat Hidayat, M.Kes."
    assert employee["unit"] == {"id": unit["id"], "code": unit["code"], "name": unit["name"]}
    assert employee["nik"] == "1372015501900003"
    assert response.headers["location"] == f"/api/v1/employees/{employee['id']}"


BAD_CREATES = [
    ({"nip": "12345"}, "nip", "nip_format"),
    ({"nip": "19850312201001100A"}, "nip", "nip_format"),
    ({"nip": "199013322010011001"}, "nip", "nip_birth_date"),
    ({"nip": "198503122010013001"}, "nip", "nip_sex"),
    ({"birth_date": "1985-03-13"}, "birth_date", "nip_birth_date_mismatch"),
    ({"sex": "female"}, "sex", "nip_sex_mismatch"),
    (
        {"status": "pppk", "sex": "male", "nip": "198503122019011001"},
        "golongan_code",
        "golongan_status_mismatch",
    ),
    ({"status": "pns", "golongan_code": "IX"}, "golongan_code", "golongan_status_mismatch"),
    ({"golongan_code": "V/z"}, "golongan_code", "string_pattern_mismatch"),
    ({"status": "pppk", "golongan_code": "IX", "nip": "198503122019011001"}, "sex", "sex_required"),
    ({"nik": "1372011303850001"}, "nik", "nik_mismatch"),
    ({"email": "not-an-email"}, "email", "value_error"),
    ({"phone": "12"}, "phone", "string_pattern_mismatch"),
    ({"name": "<script>"}, "name", "string_pattern_mismatch"),
    ({"unit_id": str(uuid.UUID(int=1))}, "unit_id", "unknown_unit"),
    ({"position_id": str(uuid.UUID(int=1))}, "position_id", "unknown_position"),
    ({"status": "honorer"}, "status", "enum"),
    ({"is_active": False}, "is_active", "extra_forbidden"),
]


@pytest.mark.parametrize(("override", "field", "code"), BAD_CREATES)
def test_bad_employee_is_refused_and_nothing_written(
    client: TestClient,
    connection: Connection,
    unit: dict[str, Any],
    override: dict[str, Any],
    field: str,
    code: str,
) -> None:
    body = {**employee_body(unit["id"], nip="198503122010011001"), **override}
    before = row_counts(connection)
    problem = assert_problem(client.post("/api/v1/employees", json=body), 422)
    assert {"loc": ["body", field], "type": code} in [
        {"loc": e["loc"], "type": e["type"]} for e in problem["errors"]
    ], problem
    assert row_counts(connection) == before


def test_pppk_gets_a_pppk_golongan(client: TestClient, unit: dict[str, Any]) -> None:
    employee = make_employee(
        client,
        unit["id"],
        status="pppk",
        nip="199201012021011002",
        golongan_code="IX",
        sex="female",
    )
    assert employee["golongan_code"] == "IX"
    assert employee["birth_date"] == "1992-01-01"


def test_duplicate_nip_is_409_naming_it(
    client: TestClient, connection: Connection, unit: dict[str, Any]
) -> None:
    make_employee(client, unit["id"], nip="198503122010011001")
    before = row_counts(connection)
    response = client.post(
        "/api/v1/employees", json=employee_body(unit["id"], nip="198503122010011001")
    )
    assert "198503122010011001" in assert_problem(response, 409, "conflict")["detail"]
    assert row_counts(connection) == before


def test_duplicate_nik_is_409_without_echoing_it(client: TestClient, unit: dict[str, Any]) -> None:
    make_employee(client, unit["id"], nip="198503122010011001", nik="1372011203850001")
    response = client.post(
        "/api/v1/employees",
        json=employee_body(unit["id"], nip="198503122010011002", nik="1372011203850001"),
    )
    assert "1372011203850001" not in assert_problem(response, 409)["detail"]


def test_patch_nip_that_disagrees_with_stored_birth_date(
    client: TestClient, unit: dict[str, Any]
) -> None:
    employee = make_employee(client, unit["id"], nip="198503122010011001")
    url = f"/api/v1/employees/{employee['id']}"
    problem = assert_problem(
        client.patch(url, json={"nip": "198603122010011001"}, headers={"If-Match": '"1"'}), 422
    )
    assert problem["errors"][0]["type"] == "nip_birth_date_mismatch"
    assert client.get(url).json()["nip"] == "198503122010011001"
    fixed = client.patch(
        url,
        json={"nip": "198603122010011001", "birth_date": "1986-03-12"},
        headers={"If-Match": '"1"'},
    )
    assert fixed.status_code == 200, fixed.text
    assert fixed.json()["birth_date"] == "1986-03-12"


def test_a_supervision_cycle_is_refused_and_nothing_written(
    client: TestClient, unit: dict[str, Any]
) -> None:
    """Kepala -> Kabid -> Staf; making Kepala report to Staf (or to Kabid) would loop."""
    head = make_employee(client, unit["id"], nip=pns_nip(), name="Kepala")
    middle = make_employee(
        client, unit["id"], nip=pns_nip(), name="Kabid", supervisor_id=head["id"]
    )
    staff = make_employee(
        client, unit["id"], nip=pns_nip(), name="Staf", supervisor_id=middle["id"]
    )
    url = f"/api/v1/employees/{head['id']}"
    for boss in (staff, middle):
        response = client.patch(url, json={"supervisor_id": boss["id"]}, headers={"If-Match": "*"})
        problem = assert_problem(response, 422)
        assert problem["errors"][0]["type"] == "supervisor_cycle"
        assert client.get(url).json()["supervisor_id"] is None
    other = make_employee(client, unit["id"], nip=pns_nip(), name="Sekretaris")
    moved = client.patch(
        f"/api/v1/employees/{staff['id']}",
        json={"supervisor_id": other["id"]},
        headers={"If-Match": "*"},
    )
    assert moved.status_code == 200, moved.text  # not a cycle: a change of supervisor


def test_patch_with_stale_if_match_is_412(
    client: TestClient, connection: Connection, unit: dict[str, Any]
) -> None:
    employee = make_employee(client, unit["id"])
    url = f"/api/v1/employees/{employee['id']}"
    assert client.patch(url, json={"name": "Yusrizal"}, headers={"If-Match": '"1"'}).is_success
    stale = client.patch(url, json={"name": "Afrizal"}, headers={"If-Match": '"1"'})
    assert_problem(stale, 412)
    assert client.get(url).json()["name"] == "Yusrizal"
    assert_problem(client.patch(url, json={"name": "Afrizal"}), 428)


def test_mass_assignment_of_server_fields_is_refused(
    client: TestClient, unit: dict[str, Any]
) -> None:
    employee = make_employee(client, unit["id"])
    url = f"/api/v1/employees/{employee['id']}"
    for field, value in (("id", str(uuid.uuid4())), ("version", 99), ("created_at", "2020-01-01")):
        response = client.patch(url, json={field: value}, headers={"If-Match": '"1"'})
        assert_problem(response, 422)
    assert client.get(url).headers["etag"] == '"1"'


def test_employees_are_deactivated_not_deleted(client: TestClient, unit: dict[str, Any]) -> None:
    employee = make_employee(client, unit["id"])
    url = f"/api/v1/employees/{employee['id']}"
    assert_problem(client.delete(url), 405)
    response = client.patch(url, json={"is_active": False}, headers={"If-Match": '"1"'})
    assert response.json()["is_active"] is False
    inactive = client.get("/api/v1/employees", params={"unit_id": unit["id"], "is_active": False})
    assert [e["id"] for e in inactive.json()["items"]] == [employee["id"]]


def test_unknown_employee_is_404(client: TestClient) -> None:
    assert_problem(client.get(f"/api/v1/employees/{uuid.uuid4()}"), 404)
    assert_problem(
        client.patch(f"/api/v1/employees/{uuid.uuid4()}", json={}, headers={"If-Match": '"1"'}),
        404,
    )


def test_search_filters_and_sort(client: TestClient) -> None:
    opd = make_unit(client)
    school = make_unit(client, kind="sekolah", is_opd=False, parent_id=opd["id"])
    elsewhere = make_unit(client)
    teacher = make_position(
        client,
        school["id"],
        name="Guru Ahli Muda",
        position_type_code="fungsional",
        functional_level="ahli_muda",
    )
    a = make_employee(
        client,
        school["id"],
        name="Dewi Sartika",
        nip="198801012012012001",
        position_id=teacher["id"],
    )
    b = make_employee(
        client, opd["id"], name="Afrizal", nip="197005051995031001", golongan_code="IV/a"
    )
    make_employee(client, elsewhere["id"], name="Dewi Lestari", nip="199102022019032001")

    def ids(**params: Any) -> list[str]:
        response = client.get("/api/v1/employees", params={"unit_id": opd["id"], **params})
        assert response.status_code == 200, response.text
        return [e["id"] for e in response.json()["items"]]

    assert ids() == [b["id"], a["id"]]
    assert ids(sort="-name") == [a["id"], b["id"]]
    assert ids(sort="birth_date") == [b["id"], a["id"]]
    assert ids(include_subunits=False) == [b["id"]]
    assert ids(q="DEWI") == [a["id"]]
    assert ids(nip_prefix="1988") == [a["id"]]
    assert ids(nip_prefix="19") == [b["id"], a["id"]]
    assert ids(golongan_code="IV/a") == [b["id"]]
    assert ids(position_type_code="fungsional") == [a["id"]]
    assert ids(status="pppk") == []
    everywhere = client.get("/api/v1/employees", params={"q": "dewi", "limit": 1}).json()
    assert everywhere["total"] == 2
    assert len(everywhere["items"]) == 1


def test_search_text_is_not_a_pattern(client: TestClient, unit: dict[str, Any]) -> None:
    make_employee(client, unit["id"], name="Nur Aini")
    assert client.get("/api/v1/employees", params={"q": "%"}).json()["total"] == 0
    assert client.get("/api/v1/employees", params={"q": "_"}).json()["total"] == 0


def test_list_hides_personal_identifiers(client: TestClient, unit: dict[str, Any]) -> None:
    make_employee(
        client,
        unit["id"],
        nip="198503122010011001",
        nik="1372011203850001",
        email="x@solokkota.go.id",
    )
    item = client.get("/api/v1/employees", params={"unit_id": unit["id"]}).json()["items"][0]
    assert "nik" not in item
    assert "email" not in item
    assert item["nip"] == "198503122010011001"


def test_bad_filters(client: TestClient) -> None:
    for params in ({"nip_prefix": "19a"}, {"unit_id": str(uuid.uuid4())}, {"status": "x"}):
        assert_problem(client.get("/api/v1/employees", params=params), 422)


def test_listing_queries_do_not_grow_with_page_size(
    client: TestClient, statements: StatementCounter
) -> None:
    opd = make_unit(client)
    units = [make_unit(client, kind="bidang", is_opd=False, parent_id=opd["id"]) for _ in range(4)]
    positions = [make_position(client, u["id"]) for u in units]
    for i in range(200):
        make_employee(
            client,
            units[i % 4]["id"],
            nip=pns_nip(serial=i + 1),
            position_id=positions[i % 4]["id"],
        )
    counts = {}
    for size in (1, 200):
        statements.count = 0
        response = client.get(
            "/api/v1/employees", params={"unit_id": opd["id"], "limit": size, "q": "rahmat"}
        )
        assert len(response.json()["items"]) == size
        counts[size] = statements.count
    assert counts[1] == counts[200] <= 3, statements.statements
