"""The demo generator: realistic, valid and deterministic."""

from collections import Counter
from datetime import date
from typing import Any

from sqlalchemy import Connection, text

from app.demo.generator import generate
from app.employees.identifiers import check_nik, parse_pns_nip, parse_pppk_nip
from app.models.enums import Sex

REFERENCE_DAY = date(2026, 1, 1)


def _snapshot(connection: Connection) -> list[Any]:
    return [
        connection.execute(text(f"SELECT * FROM {table} ORDER BY id")).all()  # noqa: S608
        for table in ("unit", "job_position", "employee")
    ]


def test_demo_dataset_is_valid_and_plausible(connection: Connection) -> None:
    counts = generate(connection, employees=300, seed=1372)
    assert counts["employees"] == 300
    opds = connection.execute(text("SELECT count(*) FROM unit WHERE is_opd")).scalar_one()
    assert 20 <= opds <= 30
    rows = connection.execute(
        text("SELECT nip, nik, sex, birth_date, status, golongan_code FROM employee")
    ).all()
    ranks = dict(connection.execute(text("SELECT code, kind FROM golongan")).all())
    for nip, nik, sex, birth_date, status, golongan in rows:
        born = birth_date if isinstance(birth_date, date) else date.fromisoformat(birth_date)
        pns = status in ("pns", "cpns")
        parse = parse_pns_nip if pns else parse_pppk_nip
        facts = parse(nip, min_age=18, today=REFERENCE_DAY)
        assert facts.birth_date == born
        assert facts.sex in (None, Sex(sex))
        if nik is not None:
            check_nik(nik, birth_date=born, sex=Sex(sex))
        assert golongan is None or ranks[golongan] == ("pns" if pns else "pppk")
    statuses = Counter(row[4] for row in rows)
    assert statuses["pns"] > statuses["pppk"] > 0


def test_same_seed_same_data(connection: Connection) -> None:
    first = connection.begin_nested()
    generate(connection, employees=120, seed=7)
    snapshot = _snapshot(connection)
    first.rollback()
    second = connection.begin_nested()
    generate(connection, employees=120, seed=7)
    assert _snapshot(connection) == snapshot
    second.rollback()
