"""The 20 JP reports: per employee, per unit subtree, by group, over the years, and who is
below target; the same reach in every figure; the totals the database keeps agree with a
rebuild from the records, and follow the year basis."""

import random
import statistics
import uuid
from datetime import date
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Connection, Integer, literal, select, union_all
from sqlmodel import Session as DbSession
from sqlmodel import col

from app.core.config import Settings
from app.core.errors import ServiceUnavailable
from app.learning import records as learning_records
from app.learning import totals
from app.learning.reports import _summaries
from app.learning.rules import Weights
from app.models import LearningTotal
from app.models.enums import DevelopmentPath, JpYearBasis, Role
from app.models.learning import NATIONAL_TYPES, type_column
from tests.employees.factories import make_employee, pns_nip
from tests.learning.factories import REPORTS, YEAR, on, opd_with, record
from tests.positions.factories import make_position
from tests.units.factories import make_unit


@pytest.fixture
def city(client: TestClient) -> dict[str, Any]:
    """An OPD with a sub-unit: A 24 JP (met), B 12 JP over two records, C none, and in the
    sub-unit D, a PPPK with 20 JP of outbound (counted 120%: 24)."""
    unit, people = opd_with(client, 3)
    sub = make_unit(client, parent_id=unit, kind="bidang", is_opd=False)["id"]
    pppk = make_employee(
        client, sub, nip="198801012015022001", status="pppk", golongan_code="IX", sex="female"
    )
    a, b, c = (p["id"] for p in people)
    record(client, a, jp=24)
    record(client, b, jp=8)
    record(client, b, jp=4, development_type_id=16, start_date=on(9), end_date=on(9))
    record(client, pppk["id"], jp=20, development_type_id=19)
    return {"unit": unit, "sub": sub, "a": a, "b": b, "c": c, "d": pppk["id"]}


def test_the_summary_of_a_unit_subtree(client: TestClient, city: dict[str, Any]) -> None:
    got = client.get(f"{REPORTS}/summary", params={"year": YEAR, "unit_id": city["unit"]})
    assert got.status_code == 200, got.text
    summary = got.json()["summary"]
    # Counted: 24, 12, 0, 24 -> met 2 of 4, average 15, median (12 + 24) / 2 = 18.
    assert summary == {
        "key": None,
        "label": None,
        "employees": 4,
        "met": 2,
        "percent_met": 50.0,
        "average_jp": 15.0,
        "median_jp": 18.0,
    }
    sub = client.get(f"{REPORTS}/summary", params={"year": YEAR, "unit_id": city["sub"]})
    assert sub.json()["summary"]["employees"] == 1
    earlier = client.get(f"{REPORTS}/summary", params={"year": YEAR - 1, "unit_id": city["unit"]})
    assert (earlier.json()["summary"]["employees"], earlier.json()["summary"]["met"]) == (4, 0)


def test_the_employee_report_splits_paths_and_types(
    client: TestClient, city: dict[str, Any]
) -> None:
    got = client.get(f"{REPORTS}/employees/{city['b']}", params={"year": YEAR}).json()
    assert (got["jp"], got["jp_counted"], got["target"], got["met"]) == (12, 12.0, 20, False)
    assert (got["jp_klasikal"], got["jp_nonklasikal"], got["shortfall"]) == (8.0, 4.0, 8.0)
    assert [(t["development_type_id"], t["jp"]) for t in got["by_type"]] == [(3, 8), (16, 4)]
    assert got["hours"] == 9.0  # 12 JP of 45 minutes
    assert len(got["records"]) == 2
    outbound = client.get(f"{REPORTS}/employees/{city['d']}", params={"year": YEAR}).json()
    assert (outbound["jp"], outbound["jp_counted"], outbound["met"]) == (20, 24.0, True)


def test_below_target_lists_the_furthest_below_first(
    client: TestClient, city: dict[str, Any]
) -> None:
    got = client.get(f"{REPORTS}/below-target", params={"year": YEAR, "unit_id": city["unit"]})
    assert got.status_code == 200, got.text
    page = got.json()
    assert page["total"] == 2
    assert [(i["employee_id"], i["shortfall"]) for i in page["items"]] == [
        (city["c"], 20.0),
        (city["b"], 8.0),
    ]
    by_jp = client.get(
        f"{REPORTS}/below-target",
        params={"year": YEAR, "unit_id": city["unit"], "sort": "-jp_counted", "limit": 1},
    ).json()
    assert [i["employee_id"] for i in by_jp["items"]] == [city["b"]]
    past_end = client.get(
        f"{REPORTS}/below-target", params={"year": YEAR, "unit_id": city["unit"], "offset": 5}
    ).json()
    assert (past_end["items"], past_end["total"]) == ([], 2)


def test_the_breakdown_by_status_and_the_trend(client: TestClient, city: dict[str, Any]) -> None:
    got = client.get(
        f"{REPORTS}/breakdown", params={"year": YEAR, "unit_id": city["unit"], "by": "status"}
    ).json()
    groups = {g["key"]: (g["employees"], g["met"], g["median_jp"]) for g in got["groups"]}
    assert groups == {"pns": (3, 1, 12.0), "pppk": (1, 1, 24.0)}  # an odd count's middle
    by_opd = client.get(
        f"{REPORTS}/breakdown", params={"year": YEAR, "unit_id": city["unit"], "by": "opd"}
    ).json()
    assert [(g["key"], g["employees"], g["median_jp"]) for g in by_opd["groups"]] == [
        (city["unit"], 4, 18.0)
    ]
    trend = client.get(
        f"{REPORTS}/trend",
        params={"from_year": YEAR - 1, "to_year": YEAR, "unit_id": city["unit"]},
    ).json()
    assert [(y["key"], y["met"]) for y in trend["years"]] == [(str(YEAR - 1), 0), (str(YEAR), 2)]
    too_long = client.get(f"{REPORTS}/trend", params={"from_year": 1990, "to_year": 2030})
    assert too_long.status_code == 422


def test_the_breakdown_by_golongan_and_by_position_type(client: TestClient) -> None:
    unit = make_unit(client)["id"]
    clerk = make_position(client, unit)["id"]
    head = make_position(client, unit, name="Kepala Subbagian Umum", position_type_code="pengawas")
    a = make_employee(client, unit, nip=pns_nip(tmt="201001"), position_id=clerk)["id"]
    b = make_employee(client, unit, nip=pns_nip(tmt="201001"), position_id=head["id"])["id"]
    make_employee(client, unit, nip=pns_nip(tmt="201001"), golongan_code="III/c")
    record(client, a, jp=24)
    record(client, b, jp=8)

    def groups(by: str) -> dict[Any, tuple[Any, ...]]:
        got = client.get(f"{REPORTS}/breakdown", params={"year": YEAR, "unit_id": unit, "by": by})
        assert got.status_code == 200, got.text
        return {
            g["key"]: (g["label"], g["employees"], g["met"], g["median_jp"])
            for g in got.json()["groups"]
        }

    assert groups("golongan") == {
        "III/b": ("III/b Penata Muda Tingkat I", 2, 1, 16.0),
        "III/c": ("III/c Penata", 1, 0, 0.0),
    }
    assert groups("position_type") == {
        "pelaksana": ("Jabatan Pelaksana", 1, 1, 24.0),
        "pengawas": ("Jabatan Pengawas", 1, 0, 8.0),
        None: (None, 1, 0, 0.0),  # no position: a group of its own, last
    }


def test_every_report_keeps_to_the_callers_reach(
    client: TestClient, city: dict[str, Any], as_role: Any
) -> None:
    operator = as_role(Role.OPERATOR, units=(city["unit"],))
    stranger = as_role(Role.OPERATOR, units=(make_unit(client)["id"],))
    employee = as_role(Role.EMPLOYEE, employee_id=city["b"])
    params = {"year": YEAR, "unit_id": city["unit"]}
    assert client.get(f"{REPORTS}/summary", params=params, headers=operator).status_code == 200
    for path in ("summary", "below-target", "breakdown", "trend"):
        refused = client.get(f"{REPORTS}/{path}", params=params, headers=stranger)
        assert refused.status_code == 403, (path, refused.text)
    # Without a unit, each caller's whole reach: the stranger's OPD is empty of these people.
    own = client.get(f"{REPORTS}/summary", params={"year": YEAR}, headers=employee).json()
    assert own["summary"]["employees"] == 1
    mine = client.get(f"{REPORTS}/below-target", params={"year": YEAR}, headers=employee).json()
    assert [i["employee_id"] for i in mine["items"]] == [city["b"]]
    theirs = client.get(f"{REPORTS}/employees/{city['a']}", params={"year": YEAR}, headers=employee)
    assert theirs.status_code == 404
    nobody = client.get(f"{REPORTS}/below-target", params={"year": YEAR}, headers=stranger).json()
    assert nobody["total"] == 0
    partner = as_role(Role.PARTNER, partners=())
    assert client.get(f"{REPORTS}/summary", headers=partner).status_code == 403


def test_targets_are_settings_read_with_each_report(
    app: FastAPI, client: TestClient, city: dict[str, Any]
) -> None:
    app.state.settings = app.state.settings.model_copy(update={"jp_target_pns": 10})
    try:
        got = client.get(f"{REPORTS}/summary", params={"year": YEAR, "unit_id": city["unit"]})
        assert got.json()["summary"]["met"] == 3  # B's 12 JP now meet a PNS target of 10
    finally:
        app.state.settings = app.state.settings.model_copy(update={"jp_target_pns": 20})


def _stored(connection: Connection) -> list[tuple[Any, ...]]:
    rows = connection.execute(
        select(LearningTotal.__table__).order_by(  # type: ignore[attr-defined]
            col(LearningTotal.employee_id), col(LearningTotal.year)
        )
    ).all()
    return [tuple(row) for row in rows]


def test_the_kept_totals_are_what_a_rebuild_finds(
    city: dict[str, Any], connection: Connection, app: FastAPI
) -> None:
    kept = _stored(connection)
    assert kept, "the fixture's records are in the totals"
    savepoint = connection.begin_nested()
    totals.rebuild(connection, app.state.settings)
    assert _stored(connection) == kept
    savepoint.rollback()


def test_the_year_basis_decides_the_year_and_a_stale_one_is_refused(
    client: TestClient, connection: Connection, db: DbSession, app: FastAPI
) -> None:
    _, people = opd_with(client, 1)
    person = people[0]["id"]
    record(client, person, start_date=on(29, 12, YEAR - 1), end_date=on(3, 1, YEAR))
    by_start = Settings(environment="test", jp_year_basis=JpYearBasis.START_DATE)
    with pytest.raises(ServiceUnavailable):
        totals.check(db, by_start)
    savepoint = connection.begin_nested()
    totals.rebuild(connection, by_start)
    years = connection.execute(
        select(col(LearningTotal.year)).where(col(LearningTotal.employee_id) == uuid.UUID(person))
    ).scalars()
    assert list(years) == [YEAR - 1]
    totals.check(db, by_start)
    savepoint.rollback()
    totals.check(db, app.state.settings)


def test_a_credit_linked_to_a_national_record_counts_once(
    client: TestClient, db: DbSession, connection: Connection
) -> None:
    """A session passed here after SIASN already sent the same activity: the pass is kept,
    linked to the SIASN record, and the person's JP is counted once."""
    _, people = opd_with(client, 1)
    person = people[0]["id"]
    national = record(client, person, title="Pelatihan Kepemimpinan Pengawas")
    credit = learning_records.Credit(
        employee_id=uuid.UUID(person),
        development_type_id=3,
        path="klasikal",
        leadership_subtype_id=None,
        title="PELATIHAN  kepemimpinan pengawas",
        organiser="BKPSDM Kota Solok",
        start_date=date.fromisoformat(national["start_date"]),
        end_date=date.fromisoformat(national["end_date"]),
        jp=24,
        source="session",
        source_id=str(uuid.uuid4()),
    )
    written = learning_records.credit(db, [credit])
    db.commit()
    assert written[0].duplicate_of == uuid.UUID(national["id"])
    jp = connection.execute(
        select(col(LearningTotal.jp)).where(col(LearningTotal.employee_id) == uuid.UUID(person))
    ).scalar_one()
    assert jp == 24


def test_reports_and_readiness_refuse_totals_built_for_another_year_basis(
    app: FastAPI, client: TestClient
) -> None:
    original = app.state.settings
    app.state.settings = original.model_copy(update={"jp_year_basis": JpYearBasis.START_DATE})
    try:
        refused = client.get(f"{REPORTS}/summary", params={"year": YEAR})
        assert refused.status_code == 503, refused.text
        assert refused.headers["retry-after"] == "60"
        ready = client.get("/api/v1/health/ready")
        assert (ready.status_code, ready.json()["learning_totals"]) == (503, "stale")
    finally:
        app.state.settings = original
    ready = client.get("/api/v1/health/ready")
    assert (ready.status_code, ready.json()["learning_totals"]) == (200, "ok")


def test_the_median_from_the_histogram_is_the_middle_of_the_people(
    connection: Connection,
) -> None:
    """Groups of odd and even size, ties, one person, zeros: the figures the histogram gives
    are those of the people themselves (Python's statistics over the same values)."""
    rng = random.Random(20)  # noqa: S311 - test data, not a secret
    people: list[tuple[int, int, int]] = []  # (group, centi, target_centi)
    for grp, size in enumerate((1, 2, 3, 4, 7, 10, 31)):
        people += [
            (grp, rng.choice((0, 0, 50, 1200, 2000, 2000, 2450, 4000)), rng.choice((2000, 1500)))
            for _ in range(size)
        ]
    rows = union_all(
        *(
            select(
                literal(grp, Integer).label("grp"),
                literal(str(uuid.UUID(int=i))).label("employee_id"),
                literal(centi, Integer).label("centi"),
                literal(target, Integer).label("target_centi"),
            )
            for i, (grp, centi, target) in enumerate(people)
        )
    ).subquery("rows")
    got = {row.grp: row for row in connection.execute(_summaries(rows, rows.c.grp))}
    assert set(got) == {grp for grp, _, _ in people}
    for grp, row in got.items():
        values = [centi for g, centi, _ in people if g == grp]
        assert row.employees == len(values)
        assert row.met == sum(1 for g, c, t in people if g == grp and c >= t)
        assert float(row.average) == pytest.approx(statistics.fmean(values))
        assert float(row.median) == statistics.median(values)


def test_the_jp_counted_of_a_total_is_each_types_jp_by_its_rule(connection: Connection) -> None:
    """The whole-row form (``jp`` at 100 percent plus each ruled type's difference) and the
    per-path form agree with summing every type's JP times its percent."""
    rng = random.Random(7)  # noqa: S311 - test data, not a secret
    percent = {t: rng.choice((50, 120, 150, 1000)) for t in rng.sample(NATIONAL_TYPES, 6)}
    path = {t: rng.choice(("klasikal", "nonklasikal")) for t in NATIONAL_TYPES}
    weights = Weights(percent=percent, path=path)
    rows = [{t: rng.choice((0, 0, 1, 7, 40)) for t in NATIONAL_TYPES} for _ in range(12)]
    table = union_all(
        *(
            select(
                literal(i, Integer).label("i"),
                literal(sum(row.values()), Integer).label("jp"),
                *(literal(row[t], Integer).label(type_column(t)) for t in NATIONAL_TYPES),
            )
            for i, row in enumerate(rows)
        )
    ).subquery("totals")
    statement = select(
        table.c.i,
        weights.counted(table).label("all"),
        weights.counted(table, DevelopmentPath.KLASIKAL).label("klasikal"),
        weights.counted(table, DevelopmentPath.NONKLASIKAL).label("nonklasikal"),
    ).order_by(table.c.i)
    got = [(r.all, r.klasikal, r.nonklasikal) for r in connection.execute(statement)]

    def counted(row: dict[int, int], only: str | None = None) -> int:
        return sum(
            jp * percent.get(t, 100) for t, jp in row.items() if only is None or path[t] == only
        )

    assert got == [
        (counted(row), counted(row, "klasikal"), counted(row, "nonklasikal")) for row in rows
    ]
    assert any(a != 100 * sum(row.values()) for (a, _, _), row in zip(got, rows, strict=True))
