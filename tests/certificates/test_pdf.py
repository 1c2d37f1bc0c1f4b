"""The certificate PDF, read back as the text it holds (pypdf): the dates it prints are the
agency's."""

import io
import uuid
from datetime import UTC, date, datetime
from typing import Any

import pytest
from pypdf import PdfReader

from app.certificates import pdf
from app.core.config import Settings
from app.models import Certificate

URL = "https://bangkom.example/verify?number=0001&code=X"


def certificate(**fields: Any) -> Certificate:
    """A certificate as issued (not stored): what the PDF prints."""
    shown: dict[str, Any] = {
        "id": uuid.uuid4(),
        "number": "0001/STTP/BKPSDM/2027",
        "issuer": "BKPSDM",
        "year": 2027,
        "seq": 1,
        "verification_code": "7K3MQ9TZX2AB",
        "employee_id": uuid.uuid4(),
        "source": "session",
        "source_id": str(uuid.uuid4()),
        "holder_name": "Andi Saputra",
        "holder_nip": "199001012020121001",
        "program_title": "Pelatihan Kepemimpinan Pengawas",
        "title": "Angkatan I",
        "organiser": "BKPSDM Kota Solok",
        "start_date": date(2026, 12, 1),
        "end_date": date(2026, 12, 18),
        "jp": 30,
        "signatory_name": "Kepala BKPSDM Kota Solok",
        "signatory_title": "Kepala Badan",
        "issued_at": datetime(2026, 12, 31, 23, 30, tzinfo=UTC),
    }
    return Certificate(**{**shown, **fields})


def text_of(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.mark.parametrize(
    ("zone", "printed", "not_printed"),
    [
        # 23:30 UTC on 31 December is 06:30 on 1 January in Solok (WIB, UTC+7).
        ("Asia/Jakarta", "1 Januari 2027", "31 Desember 2026"),
        ("UTC", "31 Desember 2026", "1 Januari 2027"),
    ],
)
def test_the_issue_date_is_the_agencys_date(zone: str, printed: str, not_printed: str) -> None:
    settings = Settings(database_url="sqlite://", timezone=zone)
    text = text_of(pdf.render(certificate(), URL, settings))
    assert printed in text, text
    assert not_printed not in text
    assert "1 Desember 2026 - 18 Desember 2026" in text  # the activity's dates, as they are
