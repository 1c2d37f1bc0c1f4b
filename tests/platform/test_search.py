"""Search answers alike on SQLite and PostgreSQL: names are compared by a stored key,
NFKC-normalised and case-folded in Python, never by the database's own ``lower()``."""

import uuid
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Connection, text

from app.core.text import search_key
from tests.competencies.factories import case_package
from tests.conftest import migrate
from tests.employees.factories import make_employee
from tests.helpers import assert_problem
from tests.positions.factories import make_position
from tests.units.factories import make_unit


def _wide(text: str) -> str:
    """``text`` with its ASCII letters as full-width forms (U+FF01-U+FF5E)."""
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def _names(client: TestClient, path: str, q: str) -> set[str]:
    response = client.get(path, params={"q": q, "limit": 100})
    assert response.status_code == 200, response.text
    return {item["name"] for item in response.json()["items"]}


def test_search_key_folds_case_width_and_compatibility_forms() -> None:
    assert search_key("ZULKIFLI RÉ") == "zulkifli ré"
    assert search_key(_wide("ZULKIFLI")) == "zulkifli"  # full-width letters
    assert search_key("Straße") == "strasse"
    assert search_key("ﬁtri") == "fitri"  # ligature
    assert search_key("É") == search_key("E\u0301")  # composed and decomposed alike


def test_employee_name_search_folds_non_ascii_on_every_backend(client: TestClient) -> None:
    unit = make_unit(client)
    make_employee(client, unit["id"], name="ZULKIFLI RÉ")
    make_employee(client, unit["id"], name="Hans Weiß")
    make_employee(client, unit["id"], name="Rahmat Hidayat")
    for q in ("ré", "RÉ", "Ré", "zulkifli r", _wide("RÉ"), "Re\u0301"):
        assert _names(client, "/api/v1/employees", q) == {"ZULKIFLI RÉ"}, q
    assert _names(client, "/api/v1/employees", "WEISS") == {"Hans Weiß"}
    assert _names(client, "/api/v1/employees", "weiß") == {"Hans Weiß"}
    # Accents are kept: "re" is not "ré" (on both databases alike).
    assert _names(client, "/api/v1/employees", "li re") == set()
    # LIKE wildcards in the text are literal.
    assert _names(client, "/api/v1/employees", "%") == set()
    assert _names(client, "/api/v1/employees", "_") == set()


def test_renaming_refreshes_the_key(client: TestClient) -> None:
    unit = make_unit(client)
    person = make_employee(client, unit["id"], name="Siti Aminah")
    url = f"/api/v1/employees/{person['id']}"
    etag = client.get(url).headers["ETag"]
    response = client.patch(url, json={"name": "SİTİ ÖZTÜRK"}, headers={"If-Match": etag})
    assert response.status_code == 200, response.text
    assert _names(client, "/api/v1/employees", "öztürk") == {"SİTİ ÖZTÜRK"}
    assert _names(client, "/api/v1/employees", "aminah") == set()
    audit = client.get("/api/v1/audit-events", params={"entity_id": person["id"]}).json()
    assert all("search_key" not in event["changes"] for event in audit["items"])


def test_units_positions_competencies_and_partners_search_alike(client: TestClient) -> None:
    unit = make_unit(client, name="DINAS PENDIDIKAN DAN KEBUDAYAAN ÉTUDE")
    make_position(client, unit["id"], name="ANALIS KEBİJAKAN ÉLITE")
    assert _names(client, "/api/v1/units", "étude") == {unit["name"]}
    assert _names(client, "/api/v1/positions", "élite") == {"ANALIS KEBİJAKAN ÉLITE"}
    response = client.post(
        "/api/v1/partners", json={"name": "UNIVERSITÄT ANDALAS", "kind": "other"}
    )
    assert response.status_code == 201, response.text
    assert _names(client, "/api/v1/partners", "universität") == {"UNIVERSITÄT ANDALAS"}
    body = {
        "code": "T.ECO",
        "name": "ÉCONOMIE DIGITALE",
        "definition": "Kemampuan memahami ekonomi digital.",
        "family_code": "teknis",
        "levels": [
            {"level": n, "description": f"Level {n}: mampu", "indicators": [f"Indikator {n}"]}
            for n in range(1, 6)
        ],
    }
    response = client.post("/api/v1/competencies", json=body)
    assert response.status_code == 201, response.text
    assert _names(client, "/api/v1/competencies", "économie") == {"ÉCONOMIE DIGITALE"}


def test_partner_names_are_unique_as_folded(client: TestClient, connection: Connection) -> None:
    response = client.post(
        "/api/v1/partners", json={"name": "Universität Andalas", "kind": "other"}
    )
    assert response.status_code == 201, response.text
    count = connection.execute(text("SELECT count(*) FROM partner")).scalar_one()
    for name in (
        "UNIVERSITÄT ANDALAS",
        "universität andalas",
        _wide("UNIVERSITÄT ANDALAS"),
    ):
        assert_problem(client.post("/api/v1/partners", json={"name": name, "kind": "other"}), 409)
    assert connection.execute(text("SELECT count(*) FROM partner")).scalar_one() == count


def test_migration_fills_the_keys_of_existing_rows(
    backend: str, fresh_database_factory: Any
) -> None:
    database = fresh_database_factory(backend)
    migrate(database.engine, "0007")
    unit_id = uuid.uuid4()
    stored = unit_id.hex if backend == "sqlite" else str(unit_id)
    with database.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO unit (id, code, name, kind, is_opd, path, depth, created_at,"
                " updated_at, version) VALUES (:id, 'U1', 'DINAS ÉTUDE', 'opd', true, :path, 0,"
                " CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 1)"
            ),
            {"id": stored, "path": f"{unit_id.hex}/"},
        )
    migrate(database.engine)
    with database.engine.connect() as conn:
        key = conn.execute(text("SELECT search_key FROM unit")).scalar_one()
    assert key == "dinas étude"


def test_case_import_keys_the_competencies_it_creates_and_renames(client: TestClient) -> None:
    # Dotted capital I folds to "i" and a combining dot above, as Unicode defines it.
    package = case_package(client, abbreviatedStatement="KEARSİPAN DİNAMİS")
    response = client.post("/api/v1/competency-frameworks/case", json=package)
    assert response.status_code == 200, response.text
    assert _names(client, "/api/v1/competencies", "kearsi̇pan") == {"KEARSİPAN DİNAMİS"}
    item = package["CFItems"][-1]
    item["abbreviatedStatement"] = "ARSİP STATİS"
    response = client.post("/api/v1/competency-frameworks/case", json=package)
    assert response.status_code == 200, response.text
    assert _names(client, "/api/v1/competencies", "arsi̇p stati̇s") == {"ARSİP STATİS"}
    assert _names(client, "/api/v1/competencies", "dinamis") == set()


def test_a_search_is_sorted_as_asked(client: TestClient) -> None:
    unit = make_unit(client)
    for name in ("Siti Rahmi", "Ahmad Rahman", "Zulkifli Rahmat"):
        make_employee(client, unit["id"], name=name)
    for sort, expected in (
        ("name", ["Ahmad Rahman", "Siti Rahmi", "Zulkifli Rahmat"]),
        ("-name", ["Zulkifli Rahmat", "Siti Rahmi", "Ahmad Rahman"]),
    ):
        response = client.get(
            "/api/v1/employees", params={"q": "rahm", "sort": sort, "unit_id": unit["id"]}
        )
        assert [item["name"] for item in response.json()["items"]] == expected
