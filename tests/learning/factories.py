"""Learning records for tests: bodies, and records written through the API."""

from datetime import date, timedelta
from typing import Any

from fastapi.testclient import TestClient

from tests.agreements.factories import agency_today
from tests.employees.factories import make_employee, pns_nip
from tests.helpers import serial
from tests.units.factories import make_unit

API = "/api/v1/learning-records"
REPORTS = "/api/v1/learning-reports"
TODAY = agency_today()
# A year wholly past, whatever today is: its records' dates are never in the future.
YEAR = TODAY.year - 1


def on(day: int, month: int = 6, year: int = YEAR) -> str:
    """An ISO date of ``YEAR`` (by default)."""
    return date(year, month, day).isoformat()


def record_body(employee_id: str, **overrides: Any) -> dict[str, Any]:
    """A national (SIASN) record of a 3-day technical training of ``YEAR``."""
    n = serial()
    body: dict[str, Any] = {
        "employee_id": employee_id,
        "source": "national",
        "source_id": f"siasn-{n}",
        "development_type_id": 3,
        "title": f"Diklat Teknis Nomor {n}",
        "organiser": "BPSDM Provinsi Sumatera Barat",
        "start_date": on(2),
        "end_date": on(4),
        "jp": 24,
    }
    body.update(overrides)
    return body


def proposal_body(document_id: str, **overrides: Any) -> dict[str, Any]:
    """A proposal of the caller's own external training, with its certificate."""
    n = serial()
    body: dict[str, Any] = {
        "development_type_id": 8,
        "title": f"Bimbingan Teknis Nomor {n}",
        "organiser": "Kementerian PANRB",
        "start_date": (TODAY - timedelta(days=12)).isoformat(),
        "end_date": (TODAY - timedelta(days=10)).isoformat(),
        "jp": 16,
        "certificate_number": f"{n:04d}/BIMTEK/{TODAY.year}",
        "document_id": document_id,
    }
    body.update(overrides)
    return body


def record(client: TestClient, employee_id: str, **overrides: Any) -> dict[str, Any]:
    """A record written through the API (asserts it was)."""
    response = client.post(API, json=record_body(employee_id, **overrides))
    assert response.status_code == 201, response.text
    written: dict[str, Any] = response.json()
    return written


def opd_with(client: TestClient, count: int, **employee: Any) -> tuple[str, list[dict[str, Any]]]:
    """A new OPD and ``count`` PNS employees in it, appointed in 2010."""
    unit = make_unit(client)["id"]
    people = [
        make_employee(client, unit, nip=pns_nip(tmt="201001"), **employee) for _ in range(count)
    ]
    return unit, people
