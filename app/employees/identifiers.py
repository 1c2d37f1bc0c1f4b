"""NIP, NI PPPK and NIK: parsing and validation.

Pure functions, no database: each returns what the identifier encodes or raises
:class:`IdentifierError` with a stable code and a message naming the rule broken.
"""

import re
from dataclasses import dataclass
from datetime import date

from app.models.enums import Sex

_ASCII_DIGITS = re.compile(r"^[0-9]*$")
_EARLIEST_BIRTH = date(1900, 1, 1)


class IdentifierError(ValueError):
    """An identifier that breaks one of its rules."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def _check_digits(value: str, length: int, code: str, name: str) -> None:
    """``length`` digits 0-9: other scripts' digits (Arabic-Indic, full-width) are refused too."""
    if not _ASCII_DIGITS.match(value):
        raise IdentifierError(code, f"{name} is written with the digits 0-9 only.")
    if len(value) != length:
        raise IdentifierError(code, f"{name} has exactly {length} digits (0-9).")


@dataclass(frozen=True)
class NipFacts:
    """What an 18-digit NIP (PNS) or NI PPPK encodes."""

    birth_date: date
    appointment_year: int
    appointment_month: int | None  # PNS only (TMT CPNS); PPPK encodes the year alone
    sex: Sex | None  # PNS only; the PPPK layout after the year is disputed


def _birth_date(digits: str, today: date) -> date:
    try:
        born = date(int(digits[0:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        raise IdentifierError(
            "nip_birth_date", f"Digits 1-8 ({digits[:8]}) are not a real birth date (YYYYMMDD)."
        ) from None
    if not _EARLIEST_BIRTH <= born <= today:
        raise IdentifierError("nip_birth_date", f"Birth date {born} is not plausible.")
    return born


def _check_appointment(born: date, year: int, month: int | None, min_age: int, today: date) -> None:
    """``month`` None: only the year is known, so each check gives it the benefit of the doubt."""
    shown = f"{year}-{month:02d}" if month else str(year)
    if (year, month or 12) < (born.year + min_age, born.month):
        raise IdentifierError(
            "nip_appointment", f"Appointment {shown} is before the age of {min_age} (born {born})."
        )
    if (year, month or 1) > (today.year, today.month):
        raise IdentifierError("nip_appointment", f"Appointment {shown} is in the future.")


def parse_pns_nip(nip: str, *, min_age: int, today: date) -> NipFacts:
    """Birth date (8) + TMT CPNS YYYYMM (6) + sex (1) + serial (3)."""
    _check_digits(nip, 18, "nip_format", "A NIP")
    born = _birth_date(nip, today)
    year, month = int(nip[8:12]), int(nip[12:14])
    if not 1 <= month <= 12:
        raise IdentifierError("nip_appointment", f"Digits 13-14 ({nip[12:14]}) are not a month.")
    _check_appointment(born, year, month, min_age, today)
    if nip[14] not in "12":
        raise IdentifierError(
            "nip_sex", f"Digit 15 is the sex: 1 (male) or 2 (female), not {nip[14]}."
        )
    if nip[15:] == "000":
        raise IdentifierError("nip_serial", "The serial (digits 16-18) starts at 001.")
    sex = Sex.MALE if nip[14] == "1" else Sex.FEMALE
    return NipFacts(birth_date=born, appointment_year=year, appointment_month=month, sex=sex)


def parse_pppk_nip(nip: str, *, min_age: int, today: date) -> NipFacts:
    """Birth date (8) + year of first PPPK appointment (4) + codes; the rest is not checked."""
    _check_digits(nip, 18, "nip_format", "A NI PPPK")
    born = _birth_date(nip, today)
    year = int(nip[8:12])
    _check_appointment(born, year, None, min_age, today)
    return NipFacts(birth_date=born, appointment_year=year, appointment_month=None, sex=None)


def check_nik(nik: str, *, birth_date: date, sex: Sex) -> None:
    """16 digits: region (6) + day (+40 for women) + month + year (2) + serial (4)."""
    _check_digits(nik, 16, "nik_format", "A NIK")
    if "00" in (nik[0:2], nik[2:4], nik[4:6]) or nik[12:] == "0000":
        raise IdentifierError(
            "nik_format", "A NIK has a non-zero province, city, district and serial."
        )
    day, month, year = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    female = day > 40
    if female:
        day -= 40
    if (female, day, month, year) != (
        sex is Sex.FEMALE,
        birth_date.day,
        birth_date.month,
        birth_date.year % 100,
    ):
        raise IdentifierError(
            "nik_mismatch", "The NIK's date digits (7-12) do not match the birth date and sex."
        )
