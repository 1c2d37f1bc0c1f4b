"""Shapes of the gap-analysis endpoints (``app.assessments.gaps``), rebuilt from their rows.

The application computes these bodies in Python from its SQL rows, so the baseline does the
same work: gap per competency, JPM (sum of current levels / sum of required x 100, capped at
100, 2 decimals) and its band from the thresholds in the settings (recorded with the SQL:
``SETTINGS``); the matrix's units, sorted competencies and cells with the mean gap rounded.
Its row ids are typed as the application's SQLAlchemy types make them (``uuid_column``).
"""

import uuid
from typing import Any

from bench.shapes import Fetched, Fields, Row, column, json_value, uuid_column

# The settings the gap shapes read; recorded from the application's settings.
SETTINGS = ("jpm_band_ms_min", "jpm_band_mms_min")


def _gap(row: Row) -> int | None:
    return None if row["level"] is None else int(row["level"]) - int(row["required_level"])


GAP_ITEM = Fields(
    "competency_id",
    "code",
    "name",
    "required_level",
    current_level=column("level"),
    gap=_gap,
    standard_source=column("source"),
    assessment_id=column("assessment_id"),
    assessed_on=column("assessed_on"),
    method=column("method"),
)
MATRIX_UNIT = Fields("code", "name", id=uuid_column("id"))
MATRIX_COMPETENCY = Fields(id=column("competency_id"), code=column("code"), name=column("name"))


def _average(row: Row) -> float | None:
    average = row["average_gap"]
    return None if average is None else round(float(average), 3)


MATRIX_CELL = Fields(
    "competency_id",
    "employees",
    "assessed",
    unit_id=uuid_column("row_id"),
    below_standard=column("below"),
    average_gap=_average,
)


def band(settings: Any, jpm: float) -> str:
    """MS / MMS / KMS by the settings' thresholds."""
    if jpm >= settings["jpm_band_ms_min"]:
        return "MS"
    return "MMS" if jpm >= settings["jpm_band_mms_min"] else "KMS"


def employee_gaps(fetched: Fetched) -> dict[str, Any]:
    """``GapAnalysis`` from the one statement: the employee's position on every row, the
    standard's competencies with current levels (none: one row of NULLs); JPM and band."""
    target = fetched.query.get("target_position_id")
    result = fetched.results[-1]
    position_id = uuid.UUID(target) if target else result[0]["held_position_id"]
    rows = [row for row in result if row["competency_id"] is not None]
    required = sum(int(row["required_level"]) for row in rows)
    achieved = sum(int(row["level"] or 0) for row in rows)
    jpm = round(min(100.0, achieved / required * 100), 2) if required else None
    return {
        "employee_id": str(uuid.UUID(fetched.path.rstrip("/").split("/")[-2])),
        "position_id": json_value(position_id),
        "against": "target_position" if target else "current_position",
        "jpm": jpm,
        "band": None if jpm is None else band(fetched.settings, jpm),
        "jpm_status": "computed" if jpm is not None else "no_standard",
        "assessed_competencies": sum(1 for row in rows if row["level"] is not None),
        "items": [GAP_ITEM(row) for row in rows],
    }


def gap_matrix(fetched: Fetched, default_limit: int = 50) -> dict[str, Any]:
    """``GapMatrix`` from its last three statements: the row count, the page's units (in row
    order) and the cells (by row, then competency code); competencies by code, cells in the
    order of their rows."""
    (children,) = fetched.results[-3][0].values()
    total = children + (1 if fetched.query.get("unit_id") else 0)  # the unit itself is a row
    units = [MATRIX_UNIT(row) for row in fetched.results[-2]]
    order = {unit["id"]: n for n, unit in enumerate(units)}
    competencies: dict[Any, dict[str, Any]] = {}
    cells = []
    for row in fetched.results[-1]:
        if row["competency_id"] not in competencies:
            competencies[row["competency_id"]] = MATRIX_COMPETENCY(row)
        cells.append(MATRIX_CELL(row))
    cells.sort(key=lambda cell: order[cell["unit_id"]])
    ordered = sorted(competencies.values(), key=lambda competency: str(competency["code"]))
    return {
        "units": units,
        "competencies": ordered,
        "cells": cells,
        "total_units": total,
        "limit": int(fetched.query.get("limit", default_limit)),
        "offset": int(fetched.query.get("offset", 0)),
    }
