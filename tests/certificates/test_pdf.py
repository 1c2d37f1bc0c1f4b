"""The certificate PDF, read back as the text it holds (pypdf): the dates it prints are the
agency's."""

import io
import unicodedata
import uuid
from datetime import UTC, date, datetime
from typing import Any, cast
from urllib.parse import parse_qs, urlsplit

import pytest
import zxingcpp
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from app.certificates import pdf, service
from app.certificates.issuing import printed_code
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


def embedded_fonts(content: bytes) -> list[str]:
    """The base names of the fonts whose file the first page embeds (a TrueType font of
    fpdf2's: Type0, its descendant's descriptor holding FontFile2)."""
    page = PdfReader(io.BytesIO(content)).pages[0]
    resources = cast(DictionaryObject, page["/Resources"].get_object())
    found = []
    for ref in cast(DictionaryObject, resources["/Font"].get_object()).values():
        font = cast(DictionaryObject, ref.get_object())
        for descendant in cast(list[Any], font.get("/DescendantFonts", [])):
            descriptor = cast(DictionaryObject, descendant.get_object()["/FontDescriptor"])
            if "/FontFile2" in cast(DictionaryObject, descriptor.get_object()):
                found.append(str(font["/BaseFont"]))
    return found


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


@pytest.mark.parametrize(
    "name",
    [
        "Şükrü Ğülşen",  # Turkish: Latin Extended-A
        "Nguyễn Thị Ánh",  # Vietnamese: Latin Extended Additional
        "Nguye\u0302\u0303n Thi\u0323",  # the same typed decomposed (NFD): printed composed
        "Ñoño Ündé",  # Latin-1, which the core fonts had too
        "Σωκράτης Παπαδόπουλος",  # Greek: outside the Latin cut, from the variable font
    ],
)
def test_a_name_outside_latin1_is_printed_as_written(name: str) -> None:
    settings = Settings(database_url="sqlite://")
    content = pdf.render(
        certificate(holder_name=name, signatory_name=f"Kepala {name}"), URL, settings
    )
    lines = text_of(content).splitlines()
    written = unicodedata.normalize("NFC", name)
    assert written in lines, lines
    assert f"Kepala {written}" in lines
    assert any("NotoSans" in font for font in embedded_fonts(content)), embedded_fonts(content)


def test_a_character_the_font_lacks_is_folded_not_dropped() -> None:
    # Noto Sans has no CJK: such a character is replaced, never an error or a blank.
    settings = Settings(database_url="sqlite://")
    content = pdf.render(certificate(holder_name="Tanaka 田中"), URL, settings)
    assert "Tanaka ??" in text_of(content).splitlines()


def test_the_pdf_shows_the_certificate_and_its_qr_code_carries_the_verification_address() -> None:
    settings = Settings(database_url="sqlite://", public_base_url="https://bangkom.example")
    shown = certificate()
    content = pdf.render(shown, service.verification_url(settings, shown), settings)
    lines = text_of(content).splitlines()
    for expected in (
        "Nomor: 0001/STTP/BKPSDM/2027",
        "Andi Saputra",
        "NIP 199001012020121001",
        "Pelatihan Kepemimpinan Pengawas",
        "Angkatan I",
        "Kepala BKPSDM Kota Solok",
        f"Kode verifikasi: {printed_code(shown.verification_code)}",
    ):
        assert expected in lines, (expected, lines)
    assert any(line.endswith(", 30 JP") and "BKPSDM Kota Solok" in line for line in lines), lines
    (image,) = PdfReader(io.BytesIO(content)).pages[0].images
    (code,) = zxingcpp.read_barcodes(image.image)
    assert code.format == zxingcpp.BarcodeFormat.QRCode
    address = urlsplit(code.text)
    assert f"{address.scheme}://{address.netloc}{address.path}" == "https://bangkom.example/verify"
    assert parse_qs(address.query) == {
        "number": ["0001/STTP/BKPSDM/2027"],
        "code": ["7K3MQ9TZX2AB"],
    }
