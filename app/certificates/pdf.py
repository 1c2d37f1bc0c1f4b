"""A certificate as a PDF (fpdf2, pure Python): A4 landscape, the holder's name and NIP, the
program and activity, dates, JP, signatory, the QR code (segno) carrying the verification URL,
and the number and code printed for manual verification. The issue date is the agency's
(``BANGKOM_TIMEZONE``): a certificate issued at 23:30 UTC on 31 December is dated 1 January
in Solok, the year its number carries.

fpdf2's core fonts are Latin-1: a character outside it is written as its closest Latin-1
form (accents kept where Latin-1 has them) or ``?``, never an error.
"""

import io
import unicodedata
from datetime import date

import segno
from fpdf import FPDF

from app.certificates.issuing import printed_code
from app.core.clock import today
from app.core.config import Settings
from app.models import Certificate

MONTHS = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
]


def latin1(text: str) -> str:
    """``text`` as the core fonts can write it."""
    try:
        text.encode("latin-1")
    except UnicodeEncodeError:
        folded = unicodedata.normalize("NFKD", text)
        return "".join(c if ord(c) < 256 else "?" for c in folded if not unicodedata.combining(c))
    return text


def long_date(value: date) -> str:
    """``6 Desember 2026``."""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def _period(start: date, end: date) -> str:
    return long_date(start) if start == end else f"{long_date(start)} - {long_date(end)}"


def _qr_png(url: str) -> io.BytesIO:
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=6, border=2)
    buffer.seek(0)
    return buffer


def render(certificate: Certificate, url: str, settings: Settings) -> bytes:
    """The PDF of ``certificate`` whose QR code carries ``url``, dated and headed as the
    agency of ``settings``."""
    agency = settings.agency_name
    pdf = FPDF(orientation="L", unit="mm", format="A4")
    pdf.set_auto_page_break(auto=False)
    pdf.set_title(latin1(f"STTP {certificate.number}"))
    pdf.set_creator("Bangkom")
    pdf.add_page()
    pdf.set_line_width(1.2)
    pdf.rect(10, 10, 277, 190)

    def line(text: str, size: int, style: str = "", height: float = 9) -> None:
        pdf.set_font("Helvetica", style, size)
        pdf.cell(0, height, latin1(text), align="C", new_x="LMARGIN", new_y="NEXT")

    pdf.set_y(22)
    line(agency.upper(), 14, "B")
    line("SURAT TANDA TAMAT PELATIHAN", 24, "B", 14)
    line(f"Nomor: {certificate.number}", 12)
    pdf.ln(6)
    line("diberikan kepada", 12)
    line(certificate.holder_name, 22, "B", 12)
    line(f"NIP {certificate.holder_nip}" if certificate.holder_nip else "", 12)
    pdf.ln(4)
    line("yang telah mengikuti", 12)
    line(certificate.program_title, 16, "B")
    line(certificate.title, 12)
    line(
        f"diselenggarakan oleh {certificate.organiser}, "
        f"{_period(certificate.start_date, certificate.end_date)}, {certificate.jp} JP",
        12,
    )
    pdf.image(_qr_png(url), x=22, y=142, w=40, h=40)
    pdf.set_font("Helvetica", "", 8)
    pdf.set_xy(15, 183)
    pdf.cell(55, 4, latin1(f"Kode verifikasi: {printed_code(certificate.verification_code)}"))
    pdf.set_xy(15, 187)
    pdf.cell(55, 4, "Pindai kode QR untuk memeriksa keasliannya.")
    pdf.set_xy(180, 145)
    pdf.set_font("Helvetica", "", 11)
    issued = long_date(today(settings, now=certificate.issued_at))
    pdf.multi_cell(95, 6, latin1(f"{issued}\n{certificate.signatory_title}"), align="C")
    pdf.set_xy(180, 178)
    pdf.set_font("Helvetica", "BU", 12)
    pdf.cell(95, 6, latin1(certificate.signatory_name), align="C")
    if certificate.edition > 1:
        pdf.set_xy(180, 186)
        pdf.set_font("Helvetica", "I", 8)
        pdf.cell(95, 4, f"Terbitan ke-{certificate.edition} (perbaikan)", align="C")
    return bytes(pdf.output())
