"""Units: the tree, subtrees in one query, moves, cycles, guarded deletes, ETags."""

import uuid
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Connection

from app.units import service as unit_service
from tests.conftest import StatementCounter
from tests.employees.factories import make_employee
from tests.helpers import assert_problem, row_counts
from tests.positions.factories import make_position
from tests.units.factories import make_unit


def _chain(client: TestClient, depth: int) -> list[dict[str, Any]]:
    units = [make_unit(client)]
    for _ in range(depth - 1):
        units.append(make_unit(client, kind="bidang", is_opd=False, parent_id=units[-1]["id"]))
    return units


def test_create_returns_201_location_and_etag(client: TestClient) -> None:
    response = client.post(
        "/api/v1/units",
        json={"code": "BKPSDM", "name": "BKPSDM Kota Solok", "kind": "opd", "is_opd": True},
    )
    assert response.status_code == 201
    unit = response.json()
    assert response.headers["location"] == f"/api/v1/units/{unit['id']}"
    assert response.headers["etag"] == '"1"'
    assert uuid.UUID(unit["id"]).version == 7
    assert client.get(response.headers["location"]).json() == unit


def test_subtree_at_any_depth_is_one_query(
    client: TestClient, statements: StatementCounter
) -> None:
    deep = _chain(client, 8)
    other = make_unit(client)
    statements.count = 0
    response = client.get("/api/v1/units/tree", params={"root_id": deep[0]["id"]})
    assert statements.count == 3  # the root, the size check and the tree, at any depth
    node, depth = response.json()[0], 1
    while node["children"]:
        node, depth = node["children"][0], depth + 1
    assert depth == 8
    listed = client.get("/api/v1/units", params={"subtree_of": deep[2]["id"]}).json()
    assert listed["total"] == 6
    assert other["id"] not in {u["id"] for u in listed["items"]}


def test_tree_by_levels_with_lazy_expansion(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    deep = _chain(client, 4)
    root = client.get("/api/v1/units/tree", params={"root_id": deep[0]["id"], "depth": 1}).json()
    assert [n["id"] for n in root] == [deep[0]["id"]]
    assert [n["id"] for n in root[0]["children"]] == [deep[1]["id"]]
    cut = root[0]["children"][0]
    assert (cut["children"], cut["has_children"]) == ([], True)  # expand it by its subtree
    expanded = client.get("/api/v1/units/tree", params={"root_id": cut["id"], "depth": 0}).json()
    assert [(n["id"], n["children"], n["has_children"]) for n in expanded] == [
        (deep[1]["id"], [], True)
    ]
    leaf = client.get("/api/v1/units/tree", params={"root_id": deep[3]["id"]}).json()
    assert (leaf[0]["children"], leaf[0]["has_children"]) == ([], False)
    tops = client.get("/api/v1/units/tree", params={"depth": 0}).json()
    assert deep[0]["id"] in {n["id"] for n in tops}
    assert all(n["children"] == [] for n in tops)
    assert_problem(client.get("/api/v1/units/tree", params={"depth": -1}), 422)
    monkeypatch.setattr(unit_service, "MAX_TREE_NODES", 3)
    problem = assert_problem(
        client.get("/api/v1/units/tree", params={"root_id": deep[0]["id"]}), 422
    )
    assert problem["errors"][0]["type"] == "tree_too_large"
    small = client.get("/api/v1/units/tree", params={"root_id": deep[0]["id"], "depth": 2})
    assert small.status_code == 200


def test_move_carries_the_subtree(client: TestClient) -> None:
    a, b, c = _chain(client, 3)
    target = make_unit(client)
    etag = client.get(f"/api/v1/units/{b['id']}").headers["etag"]
    moved = client.patch(
        f"/api/v1/units/{b['id']}", json={"parent_id": target["id"]}, headers={"If-Match": etag}
    )
    assert moved.status_code == 200, moved.text
    assert moved.json()["parent_id"] == target["id"]
    under_target = client.get("/api/v1/units", params={"subtree_of": target["id"]}).json()
    assert {u["id"] for u in under_target["items"]} == {target["id"], b["id"], c["id"]}
    assert client.get("/api/v1/units", params={"subtree_of": a["id"]}).json()["total"] == 1
    assert client.get(f"/api/v1/units/{c['id']}").json()["depth"] == 2


def test_a_unit_made_its_own_ancestor_is_refused(
    client: TestClient, connection: Connection
) -> None:
    a, _b, c = _chain(client, 3)
    before = row_counts(connection)
    etag = client.get(f"/api/v1/units/{a['id']}").headers["etag"]
    for parent in (c["id"], a["id"]):
        response = client.patch(
            f"/api/v1/units/{a['id']}", json={"parent_id": parent}, headers={"If-Match": etag}
        )
        body = assert_problem(response, 422)
        assert body["errors"][0]["type"] == "unit_cycle"
    assert client.get(f"/api/v1/units/{a['id']}").json()["parent_id"] is None
    assert row_counts(connection) == before


def test_delete_refuses_units_with_children_or_people(client: TestClient) -> None:
    parent, child = _chain(client, 2)
    etag = client.get(f"/api/v1/units/{parent['id']}").headers["etag"]
    body = assert_problem(
        client.delete(f"/api/v1/units/{parent['id']}", headers={"If-Match": etag}), 409
    )
    assert "sub-units" in body["detail"]
    make_employee(client, child["id"])
    etag = client.get(f"/api/v1/units/{child['id']}").headers["etag"]
    body = assert_problem(
        client.delete(f"/api/v1/units/{child['id']}", headers={"If-Match": etag}), 409
    )
    assert "employees" in body["detail"]


def test_delete_empty_leaf(client: TestClient) -> None:
    unit = make_unit(client)
    make_position(client, unit["id"])
    empty = make_unit(client)
    response = client.delete(f"/api/v1/units/{empty['id']}", headers={"If-Match": '"1"'})
    assert response.status_code == 204
    assert_problem(client.get(f"/api/v1/units/{empty['id']}"), 404)


def test_if_match_is_required_and_must_be_current(
    client: TestClient, connection: Connection
) -> None:
    unit = make_unit(client)
    url = f"/api/v1/units/{unit['id']}"
    assert_problem(client.patch(url, json={"name": "Renamed"}), 428, "precondition-required")
    fresh = client.patch(url, json={"name": "Renamed"}, headers={"If-Match": '"1"'})
    assert fresh.status_code == 200
    assert fresh.headers["etag"] == '"2"'
    before = row_counts(connection)
    stale = client.patch(url, json={"name": "Lost update"}, headers={"If-Match": '"1"'})
    assert_problem(stale, 412, "precondition-failed")
    assert client.get(url).json()["name"] == "Renamed"
    assert_problem(client.delete(url, headers={"If-Match": '"1"'}), 412)
    assert row_counts(connection) == before


def test_duplicate_code_is_409(client: TestClient) -> None:
    make_unit(client, code="DINKES")
    body = assert_problem(
        client.post("/api/v1/units", json={"code": "DINKES", "name": "Dinas", "kind": "opd"}), 409
    )
    assert "DINKES" in body["detail"]


def test_unknown_ids(client: TestClient) -> None:
    missing = uuid.uuid4()
    assert_problem(client.get(f"/api/v1/units/{missing}"), 404, "not-found")
    assert_problem(client.get("/api/v1/units/not-a-uuid"), 404)
    assert_problem(client.get("/api/v1/units/tree", params={"root_id": str(missing)}), 404)
    body = assert_problem(
        client.post(
            "/api/v1/units",
            json={"code": "X1", "name": "Orphan", "kind": "bidang", "parent_id": str(missing)},
        ),
        422,
    )
    assert body["errors"][0]["loc"] == ["body", "parent_id"]


def test_list_filters_and_sorting(client: TestClient) -> None:
    root = make_unit(client, code="ZZROOT", name="Zeta Root")
    make_unit(
        client, code="ZZB", name="Bidang Beta", kind="bidang", is_opd=False, parent_id=root["id"]
    )
    make_unit(
        client, code="ZZA", name="Bidang Alfa", kind="bidang", is_opd=False, parent_id=root["id"]
    )
    children = client.get("/api/v1/units", params={"parent_id": root["id"], "sort": "-name"}).json()
    assert [u["code"] for u in children["items"]] == ["ZZB", "ZZA"]
    found = client.get("/api/v1/units", params={"q": "alfa", "kind": "bidang"}).json()
    assert [u["code"] for u in found["items"]] == ["ZZA"]


def test_required_fields_cannot_be_patched_to_null(client: TestClient) -> None:
    unit = make_unit(client)
    response = client.patch(
        f"/api/v1/units/{unit['id']}",
        json={"name": None, "kind": None},
        headers={"If-Match": '"1"'},
    )
    body = assert_problem(response, 422)
    assert {e["type"] for e in body["errors"]} == {"not_null"}


def test_search_wildcards_are_literal(client: TestClient) -> None:
    make_unit(client, code="PCT", name="Bagian 100 Persen")
    assert client.get("/api/v1/units", params={"q": "%"}).json()["total"] == 0
    assert client.get("/api/v1/units", params={"q": "100 p"}).json()["total"] == 1
