"""Shapes of the 20 JP reports (``app.learning.reports``), computed as the application
computes them from the rows of the same statements.

* An employee's year: the person, the records behind it (each with its JP counted, rounded to
  2 decimals), and the groups by development type, path and status; from the groups the JP as
  given and counted (hundredths, integers: exact), classroom and non-classroom, the hours
  (``minutes_per_jp``), the target of the person's status (``jp_target_pns``,
  ``jp_target_pppk``), met or not, the shortfall, and what is pending. The benchmark's caller
  is a city-wide admin, who verifies: the pending figures are shown.
* A unit's summary, the breakdown by OPD: employees, met, the percentage (1 decimal), the
  average and median JP (2 decimals) from each group's row; the OPDs' names from their
  statement, groups sorted by name.
* The below-target page: the count, then the page's rows (target, JP counted, shortfall).
"""

import uuid
from typing import Any

from bench.shapes import Fetched, Fields, Row, column, json_value

SETTINGS = ("jp_target_pns", "jp_target_pppk", "minutes_per_jp")
PNS_LIKE = ("cpns", "pns")


def _uuid(raw: Any) -> uuid.UUID:
    return raw if isinstance(raw, uuid.UUID) else uuid.UUID(hex=str(raw))


def _jp(centi: Any) -> float:
    return round(float(centi or 0) / 100.0, 2)


RECORD = Fields(
    "id",
    "employee_id",
    "development_type_id",
    "path",
    "leadership_subtype_id",
    "title",
    "organiser",
    "start_date",
    "end_date",
    "jp",
    "certificate_number",
    "document_id",
    "source",
    "source_id",
    "status",
    "status_reason",
    "duplicate_of_id",
    "created_at",
    "updated_at",
    jp_counted=lambda row: round(float(row["jp_counted"]), 2),
)


def employee_year(fetched: Fetched) -> Any:
    """``/learning-reports/employees/{id}?year=``: the person, the records, the groups."""
    person_rows, record_rows, groups = fetched.results[-3:]
    person = person_rows[0]
    counting = [g for g in groups if g["status"] == "verified"]
    pending = [g for g in groups if g["status"] == "proposed"]
    jp = sum(int(g["jp"]) for g in counting)
    counted = sum(int(g["centi"]) for g in counting)
    klasikal = sum(int(g["centi"]) for g in counting if g["path"] == "klasikal")
    settings = fetched.settings
    status = person["status"]
    target = settings["jp_target_pns"] if status in PNS_LIKE else settings["jp_target_pppk"]
    return {
        "employee_id": json_value(person["id"]),
        "nip": person["nip"],
        "name": person["name"],
        "status": status,
        "year": int(fetched.query["year"]),
        "target": target,
        "jp": jp,
        "jp_counted": _jp(counted),
        "jp_klasikal": _jp(klasikal),
        "jp_nonklasikal": _jp(counted - klasikal),
        "hours": round(counted / 100.0 * settings["minutes_per_jp"] / 60.0, 2),
        "met": counted >= target * 100,
        "shortfall": _jp(max(0, target * 100 - counted)),
        "by_type": [
            {
                "development_type_id": g["type_id"],
                "name": g["name"],
                "path": g["path"],
                "records": int(g["records"]),
                "jp": int(g["jp"]),
                "jp_counted": _jp(g["centi"]),
            }
            for g in counting
        ],
        "pending_jp": sum(int(g["jp"]) for g in pending),
        "pending_records": sum(int(g["records"]) for g in pending),
        "records": [RECORD(row) for row in record_rows],
    }


def _summary(key: Any, label: Any, row: Row | None) -> dict[str, Any]:
    employees = int(row["employees"] or 0) if row is not None else 0
    met = int(row["met"] or 0) if row is not None else 0
    return {
        "key": None if key is None else str(key),
        "label": label,
        "employees": employees,
        "met": met,
        "percent_met": round(100.0 * met / employees, 1) if employees else None,
        "average_jp": _jp(row["average"]) if row is not None and employees else None,
        "median_jp": _jp(row["median"]) if row is not None and employees else None,
    }


def summary(fetched: Fetched) -> Any:
    """``/learning-reports/summary?year=&unit_id=``: one group's row (none: no employees)."""
    rows = fetched.results[-1]
    unit_id = fetched.query.get("unit_id")
    return {
        "year": int(fetched.query["year"]),
        "unit_id": None if unit_id is None else str(uuid.UUID(unit_id)),
        "summary": _summary(None, None, rows[0] if rows else None),
    }


def breakdown(fetched: Fetched) -> Any:
    """``/learning-reports/breakdown?by=opd&year=``: the OPDs' names, then a row per OPD."""
    names, rows = fetched.results[-2:]
    labels = {_uuid(row["id"]): row["name"] for row in names}
    groups = []
    for row in rows:
        key = None if row["grp"] is None else _uuid(row["grp"])
        groups.append(_summary(key, labels.get(key, key) if key is not None else None, row))
    groups.sort(key=lambda g: (g["label"] is None, str(g["label"] or "")))
    return {"year": int(fetched.query["year"]), "by": fetched.query["by"], "groups": groups}


BELOW = Fields(
    "nip",
    "name",
    "status",
    employee_id=column("employee_id"),
    unit_id=column("unit_id"),
    target=lambda row: int(row["target_centi"]) // 100,
    jp_counted=lambda row: _jp(row["centi"]),
    shortfall=lambda row: _jp(row["shortfall_centi"]),
)


def below_target(fetched: Fetched) -> Any:
    """``/learning-reports/below-target?year=``: the count, then the page."""
    (total,) = fetched.results[-2][0].values()
    return {
        "items": [BELOW(row) for row in fetched.results[-1]],
        "total": int(total),
        "limit": int(fetched.query.get("limit", 50)),
        "offset": int(fetched.query.get("offset", 0)),
    }
