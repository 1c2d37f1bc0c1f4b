"""A certificate as a PDF (fpdf2, pure Python): A4 landscape, the holder's name and NIP, the
program and activity, dates, JP, signatory, the QR code (segno) carrying the verification URL,
and the number and code printed for manual verification. The issue date is the agency's
(``BANGKOM_TIMEZONE``): a certificate issued at 23:30 UTC on 31 December is dated 1 January
in Solok, the year its number carries.

Names (the holder's and the signatory's) are set in Noto Sans Bold, embedded (the package
``fontpkg-noto-sans``: Latin with its extensions, Vietnamese, Greek, Cyrillic), so "Şükrü
Ğülşen" or "Nguyễn" print as written; a character it lacks is folded to its base letter or
``?``. The rest is in fpdf2's core fonts (Latin-1, folded alike). The package ships a variable
font, which fpdf2 would instantiate whole (seconds per document): each PDF takes only the
name's characters from it, at weight 700, into a font file of a few kilobytes
(:func:`_name_font`), which fpdf2 embeds.
"""

import io
import tempfile
import unicodedata
from datetime import date
from functools import cache
from itertools import chain
from pathlib import Path

import fontpkg
import segno
from fontTools import subset
from fontTools.ttLib import TTFont
from fontTools.varLib import instancer
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


NAME_FONT = "NotoSans"
NAME_WEIGHT = {"wght": 700, "wdth": 100}  # Bold, normal width
# Tables fpdf2 does not use here (no text shaping) and whose parsing made up most of the time.
UNUSED_TABLES = ("GSUB", "GPOS", "GDEF", "STAT", "MVAR")


@cache
def _variable_font() -> bytes:
    """Noto Sans (variable), read once per process."""
    return Path(fontpkg.path("Noto Sans")).read_bytes()


@cache
def _covered() -> frozenset[int]:
    """The code points Noto Sans draws."""
    return frozenset(TTFont(io.BytesIO(_variable_font())).getBestCmap())


def drawable(text: str) -> str:
    """``text`` as the name font can write it: composed (NFC), and any character it lacks
    folded to its base letters where it has them, else ``?``."""
    covered = _covered()
    out = []
    for char in unicodedata.normalize("NFC", text):
        if ord(char) in covered:
            out.append(char)
            continue
        base = [c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c)]
        out.append("".join(base) if base and all(ord(c) in covered for c in base) else "?")
    return "".join(out)


# The Latin scripts' letters, their combining marks and general punctuation: what the names of
# a city's people are written in. A static Bold of these is made once per process, and each
# PDF's font is cut from it; a name with other letters is cut from the variable font.
LATIN = frozenset(
    chain(range(0x20, 0x250), range(0x300, 0x370), range(0x1E00, 0x1F00), range(0x2000, 0x2070))
)


def _subset(font: TTFont, unicodes: set[int]) -> TTFont:
    """``font`` cut down, in place, to the glyphs of ``unicodes``, static Bold."""
    for tag in UNUSED_TABLES:
        if tag in font:
            del font[tag]  # before the subsetter reads them (lazy: never parsed)
    options = subset.Options()
    options.layout_features = []
    options.hinting = False
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=unicodes)
    subsetter.subset(font)
    if "fvar" in font:  # the variable font the package ships (a static one is used as is)
        instancer.instantiateVariableFont(font, NAME_WEIGHT, inplace=True, static=True)
    return font


@cache
def _latin_bold() -> bytes:
    """Noto Sans Bold, static, with every :data:`LATIN` character it draws."""
    font = _subset(TTFont(io.BytesIO(_variable_font()), lazy=True), set(LATIN & _covered()))
    buffer = io.BytesIO()
    font.save(buffer)
    return buffer.getvalue()


def _name_font(text: str, directory: Path) -> Path:
    """A static Noto Sans Bold holding the glyphs of ``text`` (already :func:`drawable`), as
    a file in ``directory``: milliseconds, where instantiating the whole font takes seconds."""
    unicodes = {ord(c) for c in text} | {ord(" ")}
    source = _latin_bold() if unicodes <= LATIN else _variable_font()
    font = _subset(TTFont(io.BytesIO(source), lazy=True), unicodes)
    path = directory / f"{NAME_FONT}-Bold.ttf"
    font.save(str(path))
    return path


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
    holder, signatory = drawable(certificate.holder_name), drawable(certificate.signatory_name)
    with tempfile.TemporaryDirectory(prefix="bangkom-pdf-") as directory:
        name_font = _name_font(holder + signatory, Path(directory))
        return _render(certificate, url, settings, name_font, holder, signatory)


def _render(
    certificate: Certificate,
    url: str,
    settings: Settings,
    name_font: Path,
    holder: str,
    signatory: str,
) -> bytes:
    agency = settings.agency_name
    pdf = FPDF(orientation="L", unit="mm", format="A4")
    pdf.add_font(NAME_FONT, "B", name_font)
    pdf.set_auto_page_break(auto=False)
    pdf.set_title(latin1(f"STTP {certificate.number}"))
    pdf.set_creator("Bangkom")
    pdf.add_page()
    pdf.set_line_width(1.2)
    pdf.rect(10, 10, 277, 190)

    def line(
        text: str, size: int, style: str = "", height: float = 9, *, name: bool = False
    ) -> None:
        pdf.set_font(NAME_FONT if name else "Helvetica", style, size)
        shown = text if name else latin1(text)
        pdf.cell(0, height, shown, align="C", new_x="LMARGIN", new_y="NEXT")

    pdf.set_y(22)
    line(agency.upper(), 14, "B")
    line("SURAT TANDA TAMAT PELATIHAN", 24, "B", 14)
    line(f"Nomor: {certificate.number}", 12)
    pdf.ln(6)
    line("diberikan kepada", 12)
    line(holder, 22, "B", 12, name=True)
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
    pdf.set_font(NAME_FONT, "BU", 12)
    pdf.cell(95, 6, signatory, align="C")
    if certificate.edition > 1:
        pdf.set_xy(180, 186)
        pdf.set_font("Helvetica", "I", 8)
        pdf.cell(95, 4, f"Terbitan ke-{certificate.edition} (perbaikan)", align="C")
    return bytes(pdf.output())
