"""Demo certificates: one for each session passed and each internship completed in the demo
data (the learning records those completions credited), numbered per year as the service
numbers them, issued when the completion was recorded; the counters end at the last number."""

from collections import defaultdict
from typing import Any

from sqlalchemy import Connection, Table, insert, select
from sqlmodel import col

from app.certificates import numbering
from app.certificates.issuing import holder_name, new_code
from app.core.config import Settings
from app.models import (
    Certificate,
    CertificateCounter,
    CertificateEdition,
    Employee,
    Enrollment,
    Internship,
    LearningRecord,
    Program,
    TrainingSession,
)
from app.models.base import new_id
from app.models.enums import (
    CertificateSource,
    CertificateStatus,
    EnrollmentStatus,
    InternshipStatus,
    LearningSource,
)


def _table(model: Any) -> Table:
    table: Table = model.__table__
    return table


def _program_titles(conn: Connection) -> dict[tuple[str, str], str]:
    """The program title of each passed enrollment and completed internship, by the
    ``(source, source_id)`` of the record it credited."""
    sessions = conn.execute(
        select(col(Enrollment.id), col(Program.title))
        .join(TrainingSession, col(TrainingSession.id) == col(Enrollment.session_id))
        .join(Program, col(Program.id) == col(TrainingSession.program_id))
        .where(col(Enrollment.status) == EnrollmentStatus.PASSED.value)
    ).all()
    internships = conn.execute(
        select(col(Internship.id), col(Program.title))
        .join(Program, col(Program.id) == col(Internship.program_id))
        .where(col(Internship.status) == InternshipStatus.COMPLETED.value)
    ).all()
    titles = {(LearningSource.SESSION.value, str(i)): t for i, t in sessions}
    return titles | {(LearningSource.INTERNSHIP.value, str(i)): t for i, t in internships}


def generate_certificates(conn: Connection, settings: Settings) -> dict[str, int]:
    """The certificates of the demo's completions, in the caller's transaction."""
    titles = _program_titles(conn)
    record, person = LearningRecord, Employee
    rows = conn.execute(
        select(
            col(record.employee_id),
            col(record.source),
            col(record.source_id),
            col(record.title),
            col(record.organiser),
            col(record.start_date),
            col(record.end_date),
            col(record.jp),
            col(record.created_at),
            col(person.front_title),
            col(person.name),
            col(person.back_title),
            col(person.nip),
        )
        .where(
            col(record.source).in_([LearningSource.SESSION.value, LearningSource.INTERNSHIP.value]),
            col(record.duplicate_of_id).is_(None),
        )
        .join(person, col(person.id) == col(record.employee_id))
        .order_by(col(record.created_at), col(record.id))
    ).all()
    last: dict[int, int] = defaultdict(int)
    certificates, editions = [], []
    for row in rows:
        program = titles.get((row.source, row.source_id))
        if program is None:
            continue
        year = row.created_at.year
        last[year] += 1
        certificates.append(_row(settings, row, program, year, last[year]))
        editions.append(_edition(certificates[-1]))
    if certificates:
        conn.execute(insert(_table(Certificate)), certificates)
        conn.execute(insert(_table(CertificateEdition)), editions)
        conn.execute(
            insert(_table(CertificateCounter)),
            [
                {"issuer": settings.certificate_issuer, "year": year, "last_seq": seq}
                for year, seq in last.items()
            ],
        )
    return {"certificates": len(certificates)}


def _row(settings: Settings, record: Any, program: str, year: int, seq: int) -> dict[str, Any]:
    return {
        "id": new_id(),
        "version": 1,
        "number": numbering.number(settings, seq, year),
        "issuer": settings.certificate_issuer,
        "year": year,
        "seq": seq,
        "verification_code": new_code(),
        "employee_id": record.employee_id,
        "source": CertificateSource(record.source).value,
        "source_id": record.source_id,
        "holder_name": holder_name(record)[:300],
        "holder_nip": record.nip,
        "program_title": program[:300],
        "title": record.title,
        "organiser": record.organiser,
        "start_date": record.start_date,
        "end_date": record.end_date,
        "jp": record.jp,
        "signatory_name": settings.certificate_signatory_name,
        "signatory_title": settings.certificate_signatory_title,
        "edition": 1,
        "status": CertificateStatus.ISSUED.value,
        "issued_at": record.created_at,
        "created_at": record.created_at,
        "updated_at": record.created_at,
    }


def _edition(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": new_id(),
        "certificate_id": row["id"],
        "edition": 1,
        "holder_name": row["holder_name"],
        "holder_nip": row["holder_nip"],
        "reason": None,
        "issued_by": None,
        "issued_at": row["issued_at"],
    }
