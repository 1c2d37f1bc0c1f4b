"""Programs: the catalogue, its rules (each refused input writes nothing), the lifecycle and
its history, search and filters, and the partner reach."""

import uuid
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Connection, text
from sqlmodel import Session as DbSession

from app.core import examples
from app.models import Program
from app.models.enums import Role
from tests.competencies.factories import make_competency
from tests.helpers import assert_problem, row_counts
from tests.partners.factories import make_partner
from tests.programs.factories import insert_session, make_program, program_body

URL = "/api/v1/programs"
PROGRAM_TABLES = (
    "program",
    "program_competency",
    "program_prerequisite",
    "status_change",
    "audit_event",
)


def counts(connection: Connection) -> dict[str, int]:
    """Rows of the organisation tables and of everything a program write touches."""
    return row_counts(connection) | {
        table: connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()  # noqa: S608
        for table in PROGRAM_TABLES
    }


def _audit(client: TestClient, program_id: str) -> list[dict[str, Any]]:
    events = client.get(
        "/api/v1/audit-events", params={"entity_type": "program", "entity_id": program_id}
    )
    assert events.status_code == 200, events.text
    return list(reversed(events.json()["items"]))  # oldest first


def test_create_a_program_as_a_draft_and_read_it(client: TestClient) -> None:
    basic = make_program(client)
    partner = make_partner(client, "Universitas Andalas")
    created = make_program(
        client,
        code="PKP-2027",
        title="Pelatihan Kepemimpinan Pengawas",
        description="Bagi pejabat pengawas.\nAngkatan tahunan.",
        development_type_id=1,
        leadership_subtype_id=2,
        standard_jp=285,
        competencies=[
            {"competency_id": examples.KERJA_SAMA, "target_level": 3},
            {"competency_id": examples.INTEGRITAS, "target_level": 4},
        ],
        eligible_statuses=["pns", "pns"],
        eligible_position_types=["pengawas"],
        min_golongan_code="III/a",
        max_golongan_code="IV/e",
        max_age=56,
        default_partner_id=partner["id"],
        min_score=70.5,
        prerequisite_program_ids=[basic["id"]],
    )
    assert created["status"] == "draft"
    assert created["path"] == "klasikal"
    assert created["eligible_statuses"] == ["pns"]  # each once
    assert created["min_score"] == 70.5
    assert created["requires_supervisor_approval"] is True
    assert created["min_attendance_pct"] == 80
    assert created["excused_attendance"] == "exempt"
    assert created["periodicity"] == "yearly"
    assert [(c["code"], c["target_level"]) for c in created["competencies"]] == [
        ("M.1", 4),
        ("M.2", 3),
    ]
    assert created["prerequisite_program_ids"] == [basic["id"]]
    read = client.get(f"{URL}/{created['id']}")
    assert read.status_code == 200, read.text
    assert read.headers["ETag"] == '"1"'
    assert read.json() == created
    assert basic["eligible_statuses"] == []
    assert basic["competencies"] == []
    history = client.get(f"{URL}/{created['id']}/history").json()
    assert history["total"] == 1
    assert history["items"][0]["from_status"] is None
    assert history["items"][0]["to_status"] == "draft"
    assert history["items"][0]["actor_type"] == "user"
    (event,) = _audit(client, created["id"])
    assert event["action"] == "create"
    assert event["changes"]["code"] == {"before": None, "after": "PKP-2027"}
    assert event["changes"]["prerequisite_program_ids"]["after"] == [basic["id"]]


def test_a_leadership_program_with_no_competencies_and_no_rank_range(client: TestClient) -> None:
    created = make_program(client, development_type_id=1, leadership_subtype_id=8)
    assert created["leadership_subtype_id"] == 8
    assert created["min_golongan_code"] is None
    one_bound = make_program(client, min_golongan_code="IX")
    assert one_bound["min_golongan_code"] == "IX"


BAD_CREATES = [
    ({"development_type_id": 99}, "development_type_id", "unknown_development_type"),
    ({"development_type_id": 0}, "development_type_id", "greater_than_equal"),
    ({"development_type_id": 1}, "leadership_subtype_id", "leadership_subtype_required"),
    ({"leadership_subtype_id": 2}, "leadership_subtype_id", "leadership_subtype_not_allowed"),
    (
        {"development_type_id": 1, "leadership_subtype_id": 42},
        "leadership_subtype_id",
        "unknown_leadership_subtype",
    ),
    (
        {"competencies": [{"competency_id": str(uuid.UUID(int=7)), "target_level": 3}]},
        "competencies",
        "unknown_competency",
    ),
    (
        {
            "competencies": [
                {"competency_id": examples.INTEGRITAS, "target_level": 3},
                {"competency_id": examples.INTEGRITAS, "target_level": 4},
            ]
        },
        "competencies",
        "duplicate_competency",
    ),
    (
        {"competencies": [{"competency_id": examples.INTEGRITAS, "target_level": 0}]},
        "competencies",
        "greater_than_equal",
    ),
    (
        {"competencies": [{"competency_id": examples.INTEGRITAS, "target_level": 6}]},
        "competencies",
        "less_than_equal",
    ),
    ({"min_golongan_code": "III/d", "max_golongan_code": "III/a"}, "max_golongan_code",
     "golongan_range"),
    ({"min_golongan_code": "III/a", "max_golongan_code": "IX"}, "max_golongan_code",
     "golongan_kind_mismatch"),
    ({"min_golongan_code": "III/z"}, "min_golongan_code", "unknown_golongan"),
    ({"max_golongan_code": "XX"}, "max_golongan_code", "unknown_golongan"),
    ({"eligible_statuses": ["honorer"]}, "eligible_statuses", "enum"),
    ({"eligible_position_types": ["pelaksana", "direktur"]}, "eligible_position_types",
     "unknown_position_type"),
    ({"prerequisite_program_ids": [str(uuid.UUID(int=9))]}, "prerequisite_program_ids",
     "unknown_program"),
    ({"default_partner_id": str(uuid.UUID(int=5))}, "default_partner_id", "unknown_partner"),
    ({"standard_jp": 0}, "standard_jp", "greater_than_equal"),
    ({"max_age": 90}, "max_age", "less_than_equal"),
    ({"min_score": 100.5}, "min_score", "less_than_equal"),
    ({"min_attendance_pct": -1}, "min_attendance_pct", "greater_than_equal"),
    ({"periodicity": "daily"}, "periodicity", "enum"),
    ({"requires_supervisor_approval": 1}, "requires_supervisor_approval", "bool_type"),
    ({"code": "PKP 2027"}, "code", "string_pattern_mismatch"),
    ({"status": "active"}, "status", "extra_forbidden"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("overrides", "field", "code"), BAD_CREATES, ids=[c for *_, c in BAD_CREATES]
)
def test_a_refused_create_writes_nothing(
    client: TestClient, connection: Connection, overrides: dict[str, Any], field: str, code: str
) -> None:
    before = counts(connection)
    problem = assert_problem(client.post(URL, json=program_body(**overrides)), 422)
    assert problem["errors"][0]["type"] == code, problem
    assert problem["errors"][0]["loc"][:2] == ["body", field], problem
    assert counts(connection) == before


def test_a_retired_competency_is_refused(client: TestClient, connection: Connection) -> None:
    competency = make_competency(client)
    retired = client.patch(
        f"/api/v1/competencies/{competency['id']}",
        json={"retired": True},
        headers={"If-Match": '"1"'},
    )
    assert retired.status_code == 200, retired.text
    before = counts(connection)
    body = program_body(competencies=[{"competency_id": competency["id"], "target_level": 2}])
    problem = assert_problem(client.post(URL, json=body), 422)
    assert problem["errors"][0]["type"] == "retired_competency"
    assert counts(connection) == before


def test_a_code_is_unique_whatever_its_letter_case(
    client: TestClient, connection: Connection
) -> None:
    first = make_program(client, code="LATSAR-2027")
    other = make_program(client, code="PKA-2027")
    before = counts(connection)
    assert_problem(client.post(URL, json=program_body(code="latsar-2027")), 409, "conflict")
    patched = client.patch(
        f"{URL}/{other['id']}", json={"code": "Latsar-2027"}, headers={"If-Match": '"1"'}
    )
    assert_problem(patched, 409, "conflict")
    assert counts(connection) == before
    # Its own code, in another case, is not a conflict.
    renamed = client.patch(
        f"{URL}/{first['id']}", json={"code": "Latsar-2027"}, headers={"If-Match": '"1"'}
    )
    assert renamed.status_code == 200, renamed.text
    assert renamed.json()["code"] == "Latsar-2027"


def test_update_replaces_the_sets_and_is_audited_as_its_diff(client: TestClient) -> None:
    required = make_program(client)
    program = make_program(
        client, competencies=[{"competency_id": examples.INTEGRITAS, "target_level": 3}]
    )
    url = f"{URL}/{program['id']}"
    changed = client.patch(
        url,
        json={
            "title": "Pelatihan Teknis Pengadaan Barang/Jasa",
            "competencies": [
                {"competency_id": examples.KOMUNIKASI, "target_level": 2},
                {"competency_id": examples.INTEGRITAS, "target_level": 4},
            ],
            "prerequisite_program_ids": [required["id"]],
            "description": "Sertifikasi PBJ tingkat dasar.",
            "min_score": 65,
        },
        headers={"If-Match": '"1"'},
    )
    assert changed.status_code == 200, changed.text
    assert changed.headers["ETag"] == '"2"'
    body = changed.json()
    assert [(c["code"], c["target_level"]) for c in body["competencies"]] == [
        ("M.1", 4),
        ("M.3", 2),
    ]
    assert body["prerequisite_program_ids"] == [required["id"]]
    assert client.get(url).json() == body
    _, update = _audit(client, program["id"])
    assert set(update["changes"]) == {
        "title",
        "competencies",
        "prerequisite_program_ids",
        "description",
        "min_score",
    }
    assert update["changes"]["competencies"]["before"] == [f"{examples.INTEGRITAS}:3"]
    assert update["changes"]["min_score"] == {"before": None, "after": "65.00"}
    # Emptied sets and cleared optional fields.
    cleared = client.patch(
        url,
        json={"competencies": [], "prerequisite_program_ids": [], "description": None},
        headers={"If-Match": '"2"'},
    )
    assert cleared.status_code == 200, cleared.text
    assert cleared.json()["competencies"] == []
    assert cleared.json()["prerequisite_program_ids"] == []
    assert cleared.json()["description"] is None


BAD_UPDATES = [
    ({"development_type_id": 1}, "leadership_subtype_id", "leadership_subtype_required"),
    ({"leadership_subtype_id": 3}, "leadership_subtype_id", "leadership_subtype_not_allowed"),
    ({"development_type_id": 77}, "development_type_id", "unknown_development_type"),
    ({"max_golongan_code": "II/a"}, "max_golongan_code", "golongan_range"),
    ({"max_golongan_code": "V"}, "max_golongan_code", "golongan_kind_mismatch"),
    ({"title": None}, "title", "not_null"),
    ({"competencies": None}, "competencies", "not_null"),
    (
        {"competencies": [{"competency_id": str(uuid.UUID(int=3)), "target_level": 2}]},
        "competencies",
        "unknown_competency",
    ),
    ({"eligible_statuses": ["pensiun"]}, "eligible_statuses", "enum"),
    ({"eligible_position_types": ["raja"]}, "eligible_position_types", "unknown_position_type"),
]


@pytest.mark.parametrize(("change", "field", "code"), BAD_UPDATES, ids=[c for *_, c in BAD_UPDATES])
def test_a_refused_update_writes_nothing(
    client: TestClient, connection: Connection, change: dict[str, Any], field: str, code: str
) -> None:
    program = make_program(
        client,
        min_golongan_code="III/a",
        competencies=[{"competency_id": examples.INTEGRITAS, "target_level": 3}],
    )
    url = f"{URL}/{program['id']}"
    before, state = counts(connection), client.get(url).json()
    problem = assert_problem(client.patch(url, json=change, headers={"If-Match": '"1"'}), 422)
    assert problem["errors"][0]["type"] == code, problem
    assert problem["errors"][0]["loc"][:2] == ["body", field], problem
    assert counts(connection) == before
    assert client.get(url).json() == state


def test_a_prerequisite_is_never_the_program_itself_nor_a_cycle(
    client: TestClient, connection: Connection
) -> None:
    # C requires B, B requires A: A may not require C (nor B), nor itself.
    a = make_program(client, title="Latsar CPNS")
    b = make_program(client, title="PKP", prerequisite_program_ids=[a["id"]])
    c = make_program(client, title="PKA", prerequisite_program_ids=[b["id"]])
    url = f"{URL}/{a['id']}"
    before = counts(connection)
    for required, code in (
        ([a["id"]], "prerequisite_itself"),
        ([c["id"]], "prerequisite_cycle"),
        ([b["id"]], "prerequisite_cycle"),
        ([b["id"], b["id"]], "duplicate_prerequisite"),
        ([str(uuid.UUID(int=11))], "unknown_program"),
    ):
        change = {"prerequisite_program_ids": required}
        problem = assert_problem(client.patch(url, json=change, headers={"If-Match": '"1"'}), 422)
        assert problem["errors"][0]["type"] == code, problem
    assert counts(connection) == before
    assert client.get(url).json()["prerequisite_program_ids"] == []
    # Not a cycle: C requiring A as well (a shortcut of the chain).
    shortcut = client.patch(
        f"{URL}/{c['id']}",
        json={"prerequisite_program_ids": [b["id"], a["id"]]},
        headers={"If-Match": '"1"'},
    )
    assert shortcut.status_code == 200, shortcut.text
    assert sorted(shortcut.json()["prerequisite_program_ids"]) == sorted([a["id"], b["id"]])


def test_update_needs_a_current_etag(client: TestClient, connection: Connection) -> None:
    program = make_program(client)
    url = f"{URL}/{program['id']}"
    before = counts(connection)
    assert_problem(client.patch(url, json={"standard_jp": 30}), 428)
    assert_problem(client.patch(url, json={"standard_jp": 30}, headers={"If-Match": '"5"'}), 412)
    assert counts(connection) == before
    missing = f"{URL}/{uuid.UUID(int=1)}"
    assert_problem(client.get(missing), 404)
    assert_problem(client.patch(missing, json={}, headers={"If-Match": "*"}), 404)
    assert_problem(client.post(f"{missing}/transitions", json={"status": "active"}), 404)
    assert_problem(client.get(f"{missing}/history"), 404)


def test_the_lifecycle_moves_and_refuses_as_its_data_says(
    client: TestClient, connection: Connection
) -> None:
    program = make_program(client)
    url = f"{URL}/{program['id']}"
    moved = client.post(f"{url}/transitions", json={"status": "active", "reason": "Disetujui."})
    assert moved.status_code == 200, moved.text
    assert moved.json()["status"] == "active"
    assert moved.headers["ETag"] == '"2"'
    before = counts(connection)
    for target in ("draft", "active"):
        problem = assert_problem(
            client.post(f"{url}/transitions", json={"status": target}), 409, "invalid-transition"
        )
        assert problem["current_status"] == "active"
        assert problem["allowed_statuses"] == ["archived"]
        assert "active" in problem["detail"]
        assert "archived" in problem["detail"]
    assert_problem(client.post(f"{url}/transitions", json={"status": "retired"}), 422)
    assert counts(connection) == before
    for target in ("archived", "active", "archived"):
        step = client.post(f"{url}/transitions", json={"status": target})
        assert step.status_code == 200, step.text
    problem = assert_problem(
        client.post(f"{url}/transitions", json={"status": "draft"}), 409, "invalid-transition"
    )
    assert (problem["current_status"], problem["allowed_statuses"]) == ("archived", ["active"])
    history = client.get(f"{url}/history").json()
    assert [(h["from_status"], h["to_status"]) for h in history["items"]] == [
        (None, "draft"),
        ("draft", "active"),
        ("active", "archived"),
        ("archived", "active"),
        ("active", "archived"),
    ]
    assert history["items"][1]["reason"] == "Disetujui."
    assert history["items"][1]["actor_label"]
    events = [e["action"] for e in _audit(client, program["id"])]
    assert events == ["create", "transition", "transition", "transition", "transition"]
    # A draft may be archived straight away.
    draft = make_program(client)
    archived = client.post(f"{URL}/{draft['id']}/transitions", json={"status": "archived"})
    assert archived.json()["status"] == "archived"


def test_search_filters_and_sort(client: TestClient) -> None:
    partner = make_partner(client, "Universitas Andalas")
    latsar = make_program(
        client,
        code="LATSAR-01",
        title="Latihan Dasar CPNS Golongan III",
        development_type_id=5,
        competencies=[{"competency_id": examples.INTEGRITAS, "target_level": 2}],
        status="active",
    )
    coaching = make_program(
        client,
        code="COACH-01",
        title="Coaching Kinerja Pegawai",
        development_type_id=14,
        default_partner_id=partner["id"],
    )
    tek = make_program(client, code="TEK-PBJ", title="Pengadaan Barang dan Jasa")

    def codes(**params: Any) -> list[str]:
        listed = client.get(URL, params={"limit": 200, **params})
        assert listed.status_code == 200, listed.text
        return [p["code"] for p in listed.json()["items"]]

    assert codes(q="latihan DASAR") == ["LATSAR-01"]
    assert codes(q="coach-0") == ["COACH-01"]  # the code, whatever its case
    assert codes(q="50%_") == []
    assert codes(path="nonklasikal") == ["COACH-01"]
    assert set(codes(path="klasikal")) >= {"LATSAR-01", "TEK-PBJ"}
    assert codes(development_type_id=5) == ["LATSAR-01"]
    assert codes(competency_id=examples.INTEGRITAS) == ["LATSAR-01"]
    assert codes(status="active") == ["LATSAR-01"]
    assert codes(partner_id=partner["id"]) == ["COACH-01"]
    ours = [latsar["code"], coaching["code"], tek["code"]]
    assert [c for c in codes(sort="code") if c in ours] == ["COACH-01", "LATSAR-01", "TEK-PBJ"]
    assert [c for c in codes(sort="-title") if c in ours] == ["TEK-PBJ", "LATSAR-01", "COACH-01"]
    assert [c for c in codes(sort="created_at") if c in ours] == [
        "LATSAR-01",
        "COACH-01",
        "TEK-PBJ",
    ]
    item = client.get(URL, params={"q": "coaching"}).json()["items"][0]
    assert item["path"] == "nonklasikal"
    assert "competencies" not in item
    assert_problem(client.get(URL, params={"sort": "standard_jp"}), 422)
    assert_problem(client.get(URL, params={"path": "daring"}), 422)


def test_partner_staff_see_the_programs_of_their_partner(
    client: TestClient, db: DbSession, as_role: Any
) -> None:
    unand, unp = make_partner(client, "Universitas Andalas"), make_partner(client, "UNP")
    by_default = make_program(client, default_partner_id=unand["id"])
    with_session = make_program(client, default_partner_id=unp["id"])
    elsewhere = make_program(client, default_partner_id=unp["id"])
    unrelated = make_program(client)
    program = db.get(Program, uuid.UUID(with_session["id"]))
    assert program is not None
    insert_session(db, program, partner_id=uuid.UUID(unand["id"]))
    insert_session(db, db.get(Program, uuid.UUID(elsewhere["id"])), partner_id=uuid.UUID(unp["id"]))
    staff = as_role(Role.PARTNER, partners=(unand["id"],))
    listed = client.get(URL, headers=staff, params={"limit": 200}).json()
    assert {p["id"] for p in listed["items"]} == {by_default["id"], with_session["id"]}
    assert listed["total"] == 2
    for seen in (by_default, with_session):
        assert client.get(f"{URL}/{seen['id']}", headers=staff).status_code == 200
        assert client.get(f"{URL}/{seen['id']}/history", headers=staff).status_code == 200
    for hidden in (elsewhere, unrelated):
        assert_problem(client.get(f"{URL}/{hidden['id']}", headers=staff), 404)
        assert_problem(client.get(f"{URL}/{hidden['id']}/history", headers=staff), 404)
    assert_problem(
        client.patch(f"{URL}/{by_default['id']}", json={}, headers={**staff, "If-Match": "*"}),
        403,
    )
    assert_problem(
        client.post(
            f"{URL}/{by_default['id']}/transitions", json={"status": "active"}, headers=staff
        ),
        403,
    )
    # The agency's roles see the whole catalogue, and only admins change it.
    employee = as_role(Role.EMPLOYEE, employee_id=str(uuid.uuid4()))
    assert client.get(URL, headers=employee, params={"limit": 200}).json()["total"] >= 4
    assert_problem(client.post(URL, json=program_body(), headers=employee), 403)
