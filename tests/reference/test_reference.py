"""Reference data seeded by the first migration."""

from fastapi.testclient import TestClient


def test_golongan_pns_and_pppk(client: TestClient) -> None:
    pns = client.get("/api/v1/reference/golongan", params={"kind": "pns"}).json()
    pppk = client.get("/api/v1/reference/golongan", params={"kind": "pppk"}).json()
    assert pns["total"] == 17
    assert [g["code"] for g in pns["items"]][:2] == ["I/a", "I/b"]
    assert pns["items"][-1] == {
        "code": "IV/e",
        "kind": "pns",
        "pangkat": "Pembina Utama",
        "national_code": "45",
    }
    assert pppk["total"] == 17
    assert pppk["items"][-1]["code"] == "XVII"


def test_position_types_carry_national_ids(client: TestClient) -> None:
    items = client.get("/api/v1/reference/position-types").json()["items"]
    by_code = {item["code"]: item for item in items}
    assert set(by_code) >= {"jpt_pratama", "administrator", "pengawas", "fungsional", "pelaksana"}
    assert by_code["fungsional"]["national_id"] == 2
    assert by_code["fungsional"]["has_functional_level"] is True
    assert by_code["pelaksana"]["national_id"] == 4


def test_development_types_and_paths(client: TestClient) -> None:
    page = client.get("/api/v1/reference/development-types", params={"limit": 100}).json()
    assert page["total"] == 25
    assert [t["id"] for t in page["items"]] == list(range(1, 26))
    nonklasikal = client.get(
        "/api/v1/reference/development-types", params={"path": "nonklasikal", "limit": 100}
    ).json()
    assert {t["id"] for t in nonklasikal["items"]} == {
        10,
        14,
        15,
        16,
        17,
        18,
        19,
        20,
        21,
        22,
        23,
        24,
        25,
    }
    assert page["items"][0]["needs_leadership_subtype"] is True


def test_leadership_subtypes(client: TestClient) -> None:
    page = client.get("/api/v1/reference/leadership-subtypes").json()
    assert page["total"] == 8
    assert page["items"][0]["name"] == "SEPADA"
