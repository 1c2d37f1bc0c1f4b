"""Each unit's OPD, found by the fixed-length prefix of its path (``opd_of_units``)."""

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlmodel import Session as DbSession

from app.units.service import opd_of_units
from tests.units.factories import make_unit


def test_each_unit_maps_to_the_opd_above_it_at_any_depth(client: TestClient, db: DbSession) -> None:
    # A city root that is no OPD, OPDs at depths 0 and 1, units two levels below each,
    # and a unit under no OPD at all.
    root = make_unit(client, kind="other", is_opd=False)["id"]
    top = make_unit(client)["id"]
    nested = make_unit(client, parent_id=root)["id"]
    loose = make_unit(client, parent_id=root, kind="bidang", is_opd=False)["id"]
    expected: dict[str, Any] = {top: top, nested: nested}
    for opd in (top, nested):
        child = make_unit(client, parent_id=opd, kind="bidang", is_opd=False)["id"]
        grandchild = make_unit(client, parent_id=child, kind="seksi", is_opd=False)["id"]
        expected |= {child: opd, grandchild: opd}
    mapping = opd_of_units(db)
    found = {
        str(unit): str(opd)
        for unit, opd in db.execute(select(mapping.c.unit_id, mapping.c.opd_id)).all()
        if str(unit) in {*expected, root, loose}
    }
    assert found == expected
