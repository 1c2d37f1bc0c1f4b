"""NIP, NI PPPK and NIK rules (pure functions, no database)."""

from datetime import date

import pytest

from app.employees.identifiers import (
    IdentifierError,
    check_nik,
    parse_pns_nip,
    parse_pppk_nip,
)
from app.models.enums import Sex

TODAY = date(2026, 11, 29)


def test_pns_nip_parts_are_decoded() -> None:
    facts = parse_pns_nip("198503122010012003", min_age=18, today=TODAY)
    assert facts.birth_date == date(1985, 3, 12)
    assert (facts.appointment_year, facts.appointment_month) == (2010, 1)
    assert facts.sex is Sex.FEMALE


@pytest.mark.parametrize(
    ("nip", "code"),
    [
        ("12345", "nip_format"),
        ("19850312201001100A", "nip_format"),
        ("1985031220100110031", "nip_format"),
        ("199013322010011001", "nip_birth_date"),  # 1990-13-32
        ("199002302010011001", "nip_birth_date"),  # 30 February
        ("185003122010011001", "nip_birth_date"),  # born 1850
        ("198503122010013001", "nip_sex"),  # sex digit 3
        ("198503122000011001", "nip_appointment"),  # appointed at 14
        ("198503122010131001", "nip_appointment"),  # month 13
        ("199503122030011001", "nip_appointment"),  # appointed in the future
        ("198503122010011000", "nip_serial"),
    ],
)
def test_bad_pns_nips_are_refused_with_their_rule(nip: str, code: str) -> None:
    with pytest.raises(IdentifierError) as caught:
        parse_pns_nip(nip, min_age=18, today=TODAY)
    assert caught.value.code == code


def test_pppk_nip_checks_birth_date_and_year_only() -> None:
    facts = parse_pppk_nip("199001152021212003", min_age=18, today=TODAY)
    assert facts.birth_date == date(1990, 1, 15)
    assert facts.appointment_year == 2021
    assert facts.sex is None
    with pytest.raises(IdentifierError, match="before the age"):
        parse_pppk_nip("199001152000212003", min_age=18, today=TODAY)


def test_min_age_is_a_setting() -> None:
    nip = "198503122001011001"  # appointed at 15
    with pytest.raises(IdentifierError):
        parse_pns_nip(nip, min_age=18, today=TODAY)
    assert parse_pns_nip(nip, min_age=15, today=TODAY).appointment_year == 2001


def test_nik_encodes_birth_date_with_40_added_for_women() -> None:
    check_nik("1372015203850001", birth_date=date(1985, 3, 12), sex=Sex.FEMALE)
    check_nik("1372011203850001", birth_date=date(1985, 3, 12), sex=Sex.MALE)


@pytest.mark.parametrize(
    ("nik", "sex", "code"),
    [
        ("137201120385000", Sex.MALE, "nik_format"),
        ("13720112038500x1", Sex.MALE, "nik_format"),
        ("0072011203850001", Sex.MALE, "nik_format"),
        ("1372011203850000", Sex.MALE, "nik_format"),
        ("1372011203850001", Sex.FEMALE, "nik_mismatch"),  # day not +40 for a woman
        ("1372011303850001", Sex.MALE, "nik_mismatch"),  # another day
    ],
)
def test_bad_niks_are_refused(nik: str, sex: Sex, code: str) -> None:
    with pytest.raises(IdentifierError) as caught:
        check_nik(nik, birth_date=date(1985, 3, 12), sex=sex)
    assert caught.value.code == code


def test_pppk_appointed_this_year_is_accepted_before_december() -> None:
    facts = parse_pppk_nip("199001012026212001", min_age=18, today=date(2026, 3, 15))
    assert facts.appointment_year == 2026
    with pytest.raises(IdentifierError, match="future"):
        parse_pppk_nip("199001012027212001", min_age=18, today=date(2026, 3, 15))


def test_nik_district_cannot_be_zero() -> None:
    with pytest.raises(IdentifierError):
        check_nik("1372001203850001", birth_date=date(1985, 3, 12), sex=Sex.MALE)
