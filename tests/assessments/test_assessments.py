"""Assessments, current levels, gap analysis, the matrix, and talent mapping."""

import random
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Connection, select, text

from app.assessments import gaps as gaps_service
from app.assessments.levels import (
    COLUMNS,
    ensure_current_levels,
    latest_counting_results,
    rebuild_current_levels,
)
from app.cli import rebuild_levels
from app.core.clock import today
from app.core.config import Settings
from app.models import CurrentLevel
from app.models.enums import Role
from tests.assessments.factories import assess
from tests.competencies.factories import dictionary_ids
from tests.conftest import migrate
from tests.employees.factories import make_employee
from tests.helpers import assert_problem
from tests.positions.factories import make_position
from tests.units.factories import make_unit

TODAY = today(Settings())  # the agency's date, as the service checks it


def days_ago(days: int) -> str:
    return (TODAY - timedelta(days=days)).isoformat()


@pytest.fixture
def setup(client: TestClient) -> dict[str, Any]:
    """An OPD with a bidang, two people under one supervisor, a standard of two competencies."""
    integritas, kerja_sama = dictionary_ids(client, "manajerial", 2)
    opd = make_unit(client, code="DINKES")
    bidang = make_unit(client, code="DINKES-P2P", kind="bidang", is_opd=False, parent_id=opd["id"])
    position = make_position(
        client,
        bidang["id"],
        name="Analis Kebijakan",
        position_type_code="fungsional",
        functional_level="ahli_muda",
        standard={integritas: 3, kerja_sama: 3},
    )
    target = make_position(
        client,
        opd["id"],
        name="Sekretaris",
        position_type_code="administrator",
        standard={integritas: 4, kerja_sama: 4},
    )
    boss = make_employee(client, opd["id"], nip="197501012000031001", name="Kepala Bidang")
    analyst = make_employee(
        client,
        bidang["id"],
        nip="199002022015031001",
        name="Analis Satu",
        position_id=position["id"],
        supervisor_id=boss["id"],
    )
    other = make_employee(
        client,
        bidang["id"],
        nip="199103032016031001",
        name="Analis Dua",
        position_id=position["id"],
    )
    return {
        "integritas": integritas,
        "kerja_sama": kerja_sama,
        "opd": opd,
        "bidang": bidang,
        "position": position,
        "target": target,
        "boss": boss,
        "analyst": analyst,
        "other": other,
    }


def test_current_level_is_the_latest_counting_assessment(
    client: TestClient, setup: dict[str, Any]
) -> None:
    analyst, integritas, kerja_sama = (
        setup["analyst"]["id"],
        setup["integritas"],
        setup["kerja_sama"],
    )
    assert (
        assess(
            client, analyst, "assessment_centre", days_ago(400), {integritas: 4, kerja_sama: 2}
        ).status_code
        == 201
    )
    assert assess(client, analyst, "test", days_ago(100), {integritas: 2}).status_code == 201
    assert (
        assess(client, analyst, "self", days_ago(10), {integritas: 5, kerja_sama: 5}).status_code
        == 201
    )  # self-assessment does not count (a setting)
    gaps = client.get(f"/api/v1/employees/{analyst}/competency-gaps").json()
    items = {i["competency_id"]: i for i in gaps["items"]}
    assert (items[integritas]["current_level"], items[integritas]["method"]) == (2, "test")
    assert items[integritas]["gap"] == -1
    assert (items[kerja_sama]["current_level"], items[kerja_sama]["gap"]) == (2, -1)
    assert gaps["jpm"] == pytest.approx(66.67)  # (2 + 2) / (3 + 3)
    assert gaps["band"] == "KMS"
    target = client.get(
        f"/api/v1/employees/{analyst}/competency-gaps",
        params={"target_position_id": setup["target"]["id"]},
    ).json()
    assert target["against"] == "target_position"
    assert target["jpm"] == 50.0


def test_expired_assessments_do_not_count(client: TestClient, setup: dict[str, Any]) -> None:
    analyst = setup["analyst"]["id"]
    assess(client, analyst, "assessment_centre", days_ago(365 * 4), {setup["integritas"]: 5})
    gaps = client.get(f"/api/v1/employees/{analyst}/competency-gaps").json()
    assert all(item["current_level"] is None for item in gaps["items"])
    assert gaps["jpm"] == 0.0
    unassessed = client.get(
        "/api/v1/competency-gaps/unassessed", params={"unit_id": setup["bidang"]["id"]}
    ).json()
    by_id = {e["id"]: e for e in unassessed["items"]}
    assert by_id[analyst]["last_assessed_on"] == days_ago(365 * 4)
    assert by_id[setup["other"]["id"]]["last_assessed_on"] is None


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"assessed_on": (TODAY + timedelta(days=1)).isoformat()}, "assessed_in_future"),
        ({"assessed_on": "1980-01-01"}, "assessed_before_birth"),
        ("twice", "duplicate_competency"),
        ({"level": 0}, "greater_than_equal"),
        ({"level": 6}, "less_than_equal"),
    ],
)
def test_bad_assessments_write_nothing(
    client: TestClient, connection: Connection, setup: dict[str, Any], change: Any, code: str
) -> None:
    body: dict[str, Any] = {
        "employee_id": setup["analyst"]["id"],
        "assessed_on": days_ago(5),
        "method": "test",
        "results": [{"competency_id": setup["integritas"], "level": 3}],
    }
    if change == "twice":
        body["results"] = body["results"] * 2
    elif "level" in change:
        body["results"] = [{"competency_id": setup["integritas"], "level": change["level"]}]
    else:
        body.update(change)
    before = connection.execute(text("SELECT count(*) FROM assessment_result")).scalar_one()
    problem = assert_problem(client.post("/api/v1/assessments", json=body), 422)
    assert code in {e["type"] for e in problem["errors"]}
    assert connection.execute(text("SELECT count(*) FROM assessment_result")).scalar_one() == before


def test_no_standard_gives_no_jpm_and_says_why(client: TestClient, setup: dict[str, Any]) -> None:
    bare = make_position(client, setup["bidang"]["id"], name="Pengadministrasi Umum")
    holder = make_employee(
        client,
        setup["bidang"]["id"],
        nip="199204042017031001",
        name="Pengadministrasi Satu",
        position_id=bare["id"],
    )
    held = client.get(f"/api/v1/employees/{holder['id']}/competency-gaps").json()
    target = client.get(
        f"/api/v1/employees/{setup['analyst']['id']}/competency-gaps",
        params={"target_position_id": bare["id"]},
    ).json()
    for gaps in (held, target):
        assert (gaps["jpm"], gaps["band"], gaps["jpm_status"]) == (None, None, "no_standard")
        assert (gaps["items"], gaps["position_id"]) == ([], bare["id"])
    # Assessed but with no standard: still no JPM (nothing to compare with).
    assess(client, holder["id"], "test", days_ago(5), {setup["integritas"]: 4})
    held = client.get(f"/api/v1/employees/{holder['id']}/competency-gaps").json()
    assert (held["jpm"], held["band"], held["jpm_status"]) == (None, None, "no_standard")
    with_standard = client.get(f"/api/v1/employees/{setup['analyst']['id']}/competency-gaps")
    assert with_standard.json()["jpm_status"] == "computed"
    assert (with_standard.json()["jpm"], with_standard.json()["band"]) == (0.0, "KMS")


def test_gap_query_for_someone_without_a_position(
    client: TestClient, setup: dict[str, Any]
) -> None:
    problem = assert_problem(
        client.get(f"/api/v1/employees/{setup['boss']['id']}/competency-gaps"), 422
    )
    assert problem["errors"][0]["type"] == "no_position"


def test_supervisors_rate_only_their_reports(
    client: TestClient, as_role: Any, setup: dict[str, Any]
) -> None:
    boss = as_role(Role.SUPERVISOR, employee_id=setup["boss"]["id"])
    levels = {setup["integritas"]: 3}
    stranger = client.post(
        "/api/v1/assessments",
        headers=boss,
        json={
            "employee_id": setup["other"]["id"],
            "assessed_on": days_ago(1),
            "method": "supervisor",
            "results": [{"competency_id": setup["integritas"], "level": 3}],
        },
    )
    assert_problem(stranger, 403)
    not_a_rating = client.post(
        "/api/v1/assessments",
        headers=boss,
        json={
            "employee_id": setup["analyst"]["id"],
            "assessed_on": days_ago(1),
            "method": "test",
            "results": [{"competency_id": setup["integritas"], "level": 3}],
        },
    )
    assert_problem(not_a_rating, 403)
    ok = client.post(
        "/api/v1/assessments",
        headers=boss,
        json={
            "employee_id": setup["analyst"]["id"],
            "assessed_on": days_ago(1),
            "method": "supervisor",
            "results": [{"competency_id": c, "level": lv} for c, lv in levels.items()],
        },
    )
    assert ok.status_code == 201, ok.text
    mine = as_role(Role.EMPLOYEE, employee_id=setup["analyst"]["id"])
    assert client.get("/api/v1/assessments", headers=mine).json()["total"] == 1
    assert_problem(
        client.get(f"/api/v1/employees/{setup['other']['id']}/competency-gaps", headers=mine), 404
    )


def test_matrix_per_unit_and_competency(client: TestClient, setup: dict[str, Any]) -> None:
    assess(
        client,
        setup["analyst"]["id"],
        "test",
        days_ago(3),
        {setup["integritas"]: 2, setup["kerja_sama"]: 4},
    )
    city = client.get("/api/v1/competency-gaps/matrix").json()
    assert setup["opd"]["id"] in {u["id"] for u in city["units"]}
    opd = client.get(
        "/api/v1/competency-gaps/matrix", params={"unit_id": setup["opd"]["id"]}
    ).json()
    # The OPD itself (its people placed directly) first, then its children in code order.
    assert [u["id"] for u in opd["units"]] == [setup["opd"]["id"], setup["bidang"]["id"]]
    assert (opd["total_units"], opd["offset"]) == (2, 0)
    # The boss, placed in the OPD itself, has no position: the OPD's row has no cells.
    assert {c["unit_id"] for c in opd["cells"]} == {setup["bidang"]["id"]}
    cells = {c["competency_id"]: c for c in opd["cells"]}
    assert cells[setup["integritas"]] | {"unit_id": None} == {
        "unit_id": None,
        "competency_id": setup["integritas"],
        "employees": 2,
        "assessed": 1,
        "below_standard": 1,
        "average_gap": -1.0,
    }
    assert cells[setup["kerja_sama"]]["below_standard"] == 0
    assert cells[setup["kerja_sama"]]["average_gap"] == 1.0


def test_talent_placement_follows_the_box_table(
    client: TestClient, as_role: Any, setup: dict[str, Any]
) -> None:
    url = f"/api/v1/employees/{setup['analyst']['id']}/talent-placements/2026"
    created = client.put(url, json={"performance": "above", "potential": "high"})
    assert created.status_code == 201, created.text
    assert created.json()["box"] == 9
    assert_problem(client.put(url, json={"performance": "meets", "potential": "low"}), 428)
    moved = client.put(
        url,
        json={"performance": "meets", "potential": "low"},
        headers={"If-Match": created.headers["etag"]},
    )
    assert moved.json()["box"] == 2
    listed = client.get(
        "/api/v1/talent-placements",
        params={"period": "2026", "box": 2, "unit_id": setup["opd"]["id"]},
    ).json()
    assert [p["employee_id"] for p in listed["items"]] == [setup["analyst"]["id"]]
    boss = as_role(Role.SUPERVISOR, employee_id=setup["boss"]["id"])
    assert_problem(
        client.put(
            url,
            json={"performance": "above", "potential": "high"},
            headers={**boss, "If-Match": moved.headers["etag"]},
        ),
        403,
    )
    assert_problem(
        client.put(
            f"/api/v1/employees/{setup['analyst']['id']}/talent-placements/26",
            json={"performance": "above", "potential": "high"},
        ),
        422,
    )


def test_gap_endpoints_run_a_fixed_number_of_queries(
    client: TestClient, statements: Any, setup: dict[str, Any]
) -> None:
    analyst = setup["analyst"]["id"]
    counts = []
    for extra in (0, 6):  # more competencies and more assessments: the same queries
        managerial = client.get("/api/v1/competencies", params={"limit": 20}).json()["items"]
        standard = [
            {"competency_id": c["id"], "required_level": 3} for c in managerial[: 2 + extra]
        ]
        client.put(
            f"/api/v1/positions/{setup['position']['id']}/competency-standard",
            headers={"If-Match": "*"},
            json={"items": standard},
        )
        assess(
            client, analyst, "test", days_ago(2 + extra), {c["competency_id"]: 2 for c in standard}
        )
        statements.count = 0
        gaps = client.get(f"/api/v1/employees/{analyst}/competency-gaps").json()
        assert len(gaps["items"]) == 2 + extra
        gap_queries = statements.count
        statements.count = 0
        client.get("/api/v1/competency-gaps/matrix", params={"unit_id": setup["opd"]["id"]})
        counts.append((gap_queries, statements.count))
    assert counts[0] == counts[1]
    assert counts[0][0] == 1  # the employee, the current-level basis and the gap rows at once


def _stored_levels(connection: Connection) -> set[tuple[Any, ...]]:
    table = CurrentLevel.__table__  # type: ignore[attr-defined]
    columns = [table.c[name] for name in COLUMNS]
    return set(map(tuple, connection.execute(select(*columns))))


def test_current_level_table_equals_the_ranked_history(
    client: TestClient, connection: Connection, setup: dict[str, Any], app: Any
) -> None:
    """Recorded in a shuffled order, incl. same-day ties and non-counting methods, the
    maintained table holds exactly what ranking the whole history gives."""
    rng = random.Random(7)  # noqa: S311 - test data
    competencies = (setup["integritas"], setup["kerja_sama"])
    methods = ("assessment_centre", "test", "review_360", "supervisor", "self")
    history = [
        (person, rng.choice(methods), days_ago(rng.choice((5, 5, 40, 400, 900, 2000))))
        for person in (setup["analyst"]["id"], setup["other"]["id"])
        for _ in range(9)
    ]
    rng.shuffle(history)
    for person, method, on in history:
        picked = rng.sample(competencies, rng.randint(1, 2))
        levels = {c: rng.randint(1, 5) for c in picked}
        assert assess(client, person, method, on, levels).status_code == 201
    stored = _stored_levels(connection)
    methods_counted = app.state.settings.assessment_counting_methods
    ranked = {tuple(row) for row in connection.execute(latest_counting_results(methods_counted))}
    assert stored == ranked
    assert stored, "the history above has counting results"
    assert all(row[COLUMNS.index("method")] != "self" for row in stored)


def test_an_older_assessment_recorded_later_does_not_replace_the_current_level(
    client: TestClient, connection: Connection, setup: dict[str, Any]
) -> None:
    analyst, integritas = setup["analyst"]["id"], setup["integritas"]
    assess(client, analyst, "test", days_ago(10), {integritas: 4})
    assess(client, analyst, "assessment_centre", days_ago(300), {integritas: 1})  # older
    assess(client, analyst, "self", days_ago(1), {integritas: 5})  # newer, does not count
    items = client.get(f"/api/v1/employees/{analyst}/competency-gaps").json()["items"]
    current = {item["competency_id"]: item for item in items}[integritas]
    assert (current["current_level"], current["method"]) == (4, "test")
    assess(client, analyst, "supervisor", days_ago(10), {integritas: 2})  # same day, later
    items = client.get(f"/api/v1/employees/{analyst}/competency-gaps").json()["items"]
    current = {item["competency_id"]: item for item in items}[integritas]
    assert (current["current_level"], current["method"]) == (2, "supervisor")


def test_changed_counting_methods_are_never_read_from_a_stale_table(
    client: TestClient, connection: Connection, setup: dict[str, Any], app: Any
) -> None:
    analyst, integritas = setup["analyst"]["id"], setup["integritas"]
    assess(client, analyst, "test", days_ago(30), {integritas: 2})
    assess(client, analyst, "self", days_ago(3), {integritas: 5})
    original = app.state.settings
    counting_self = original.model_copy(
        update={"assessment_counting_methods": [*original.assessment_counting_methods, "self"]}
    )
    app.state.settings = counting_self
    try:
        for url in (
            f"/api/v1/employees/{analyst}/competency-gaps",
            f"/api/v1/competency-gaps/matrix?unit_id={setup['opd']['id']}",
        ):
            response = client.get(url)
            assert_problem(response, 503, "service-unavailable")
            assert response.headers["retry-after"] == "60"
        ready = client.get("/api/v1/health/ready")
        assert ready.status_code == 503
        assert ready.json()["current_levels"] == "stale"
        rebuild_current_levels(connection, counting_self)  # what start-up does
        items = client.get(f"/api/v1/employees/{analyst}/competency-gaps").json()["items"]
        current = {item["competency_id"]: item for item in items}[integritas]
        assert (current["current_level"], current["method"]) == (5, "self")
        assert _stored_levels(connection) == {
            tuple(row)
            for row in connection.execute(
                latest_counting_results(counting_self.assessment_counting_methods)
            )
        }
    finally:
        app.state.settings = original


def test_rebuild_command_builds_once_and_refuses_an_unmigrated_database(
    backend: str, fresh_database_factory: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    database = fresh_database_factory(backend)
    assert rebuild_levels(database.settings, force=False) == 1
    assert "migrated" in capsys.readouterr().err
    migrate(database.engine)
    assert rebuild_levels(database.settings, force=False) == 0
    assert "rebuilt: 0 rows" in capsys.readouterr().out
    assert rebuild_levels(database.settings, force=False) == 0
    assert "already built" in capsys.readouterr().out
    assert ensure_current_levels(database.engine, database.settings) is None


def test_unassessed_lists_only_people_without_a_valid_counting_assessment(
    client: TestClient, setup: dict[str, Any]
) -> None:
    analyst, other, integritas = setup["analyst"]["id"], setup["other"]["id"], setup["integritas"]
    assess(client, analyst, "test", days_ago(400), {integritas: 3})  # valid: not listed
    assess(client, analyst, "test", days_ago(365 * 4), {integritas: 2})  # older, expired
    assess(client, other, "self", days_ago(10), {integritas: 4})  # does not count
    page = client.get(
        "/api/v1/competency-gaps/unassessed", params={"unit_id": setup["bidang"]["id"]}
    ).json()
    by_id = {e["id"]: e for e in page["items"]}
    assert analyst not in by_id
    assert by_id[other]["last_assessed_on"] is None
    assert page["total"] == len(page["items"]) == 1


def test_matrix_rows_are_paged_and_bounded(
    client: TestClient, setup: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A large OPD's thousands of children come a page at a time; past the end, an empty page
    with the total; rows held to more competencies than a matrix shows: 422, never a 500."""
    opd = setup["opd"]["id"]
    for n in range(3):
        make_unit(client, code=f"DINKES-Z{n}", kind="bidang", is_opd=False, parent_id=opd)
    url = "/api/v1/competency-gaps/matrix"
    pages = [client.get(url, params={"unit_id": opd, "limit": 2, "offset": o}) for o in (0, 2, 4)]
    assert [p.status_code for p in pages] == [200, 200, 200]
    codes = [[u["code"] for u in p.json()["units"]] for p in pages]
    assert codes == [["DINKES", "DINKES-P2P"], ["DINKES-Z0", "DINKES-Z1"], ["DINKES-Z2"]]
    assert {p.json()["total_units"] for p in pages} == {5}
    first = pages[0].json()
    assert {c["unit_id"] for c in first["cells"]} <= {u["id"] for u in first["units"]}
    assert {c["unit_id"] for c in pages[1].json()["cells"]} == set()  # no one placed there
    past = client.get(url, params={"unit_id": opd, "limit": 2, "offset": 10}).json()
    assert (past["units"], past["cells"], past["total_units"]) == ([], [], 5)
    assert_problem(client.get(url, params={"unit_id": opd, "limit": 0}), 422)
    monkeypatch.setattr(gaps_service, "MAX_MATRIX_COMPETENCIES", 1)
    problem = assert_problem(client.get(url, params={"unit_id": opd}), 422)
    assert problem["errors"][0]["type"] == "matrix_too_large"
