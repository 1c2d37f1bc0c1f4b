"""The verification page for people scanning a certificate's QR code: plain HTML, readable on
a phone, no script (its Content-Security-Policy allows none); every value escaped."""

from html import escape

from app.certificates.pdf import long_date
from app.certificates.schemas import VerificationPublic

STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:34rem;margin:0 auto;padding:1rem;"
    "line-height:1.5;color:#111}h1{font-size:1.3rem}.valid{color:#0a6b2d}.revoked,"
    ".not_valid{color:#a4161a}dt{font-weight:600}dd{margin:0 0 .6rem}input{font-size:1rem;"
    "width:100%;padding:.4rem;margin:.2rem 0 .6rem;box-sizing:border-box}button{font-size:1rem;"
    "padding:.5rem 1rem}"
)
HEADINGS = {
    "valid": "Sertifikat sah (valid)",
    "revoked": "Sertifikat telah dicabut (revoked)",
    "not_valid": "Sertifikat tidak dikenal (not valid)",
}


def _details(result: VerificationPublic) -> str:
    shown = result.certificate
    if shown is None:
        return (
            "<p>Nomor dan kode verifikasi ini tidak cocok dengan sertifikat mana pun. Periksa "
            "kembali nomor dan kode yang tercetak pada sertifikat.</p>"
        )
    period = long_date(shown.start_date)
    if shown.end_date != shown.start_date:
        period += f" - {long_date(shown.end_date)}"
    rows = [
        ("Nomor", shown.number),
        ("Nama", shown.holder_name),
        ("NIP", shown.holder_nip or "-"),
        ("Program", shown.program_title),
        ("Kegiatan", shown.title),
        ("Penyelenggara", shown.organiser),
        ("Tanggal", period),
        ("Jumlah JP", str(shown.jp)),
        ("Penandatangan", f"{shown.signatory_name}, {shown.signatory_title}"),
    ]
    if result.revoked_on is not None:
        rows.insert(0, ("Dicabut pada", long_date(result.revoked_on)))
    items = "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in rows)
    return f"<dl>{items}</dl>"


def render(result: VerificationPublic | None, number: str, code: str) -> str:
    """The page: the answer (when a number and code were given) and the form to ask."""
    answer = ""
    if result is not None:
        answer = (
            f'<h1 class="{escape(result.status)}" id="status" data-status="'
            f'{escape(result.status)}">{escape(HEADINGS[result.status])}</h1>{_details(result)}'
        )
    return (
        '<!DOCTYPE html><html lang="id"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="robots" content="noindex">'
        f"<title>Verifikasi sertifikat</title><style>{STYLE}</style></head><body>"
        f"<main>{answer}<h2>Periksa sertifikat</h2>"
        '<form method="get" action="/verify"><label for="number">Nomor sertifikat</label>'
        f'<input id="number" name="number" maxlength="100" value="{escape(number)}" required>'
        '<label for="code">Kode verifikasi</label>'
        f'<input id="code" name="code" maxlength="20" value="{escape(code)}" required>'
        '<button type="submit">Periksa</button></form></main></body></html>'
    )
