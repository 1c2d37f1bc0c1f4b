"""Demo employees: names, titles, birth dates and identifiers consistent with each other.

NIPs, NI PPPK and NIKs pass ``app.employees.identifiers`` with ``min_age=18`` and a reference
date of 2026-01-01, and are unique: serials count up per prefix.
"""

import random
import uuid
from collections import Counter
from datetime import date, datetime, timedelta
from typing import Any, NamedTuple

from app.demo import names as cat
from app.demo.ids import DemoIds

REFERENCE_YEAR = 2026
LAST_YEAR = REFERENCE_YEAR - 1
PNS_LAST_APPOINTMENT = LAST_YEAR - 2
CPNS_YEARS = (2024, 2025)
FIRST_PPPK_YEAR = 2019
PPPK_CODE = "21"
CITY_CODE = "1372"
DISTRICTS = ("01", "02")
STATUSES = ("pns", "cpns", "pppk", "pppk_paruh_waktu")
ENTRY_GRADES = frozenset({"ahli_pertama", "terampil", "pelaksana"})
PNS_RANKS = tuple(
    f"{group}/{step}"
    for group, steps in (("I", "abcd"), ("II", "abcd"), ("III", "abcd"), ("IV", "abcde"))
    for step in steps
)
RANK_RANGES = {
    "jpt_pratama": ("IV/b", "IV/c"),
    "administrator": ("III/d", "IV/b"),
    "pengawas": ("III/b", "IV/a"),
    "ahli_pertama": ("III/a", "III/b"),
    "ahli_muda": ("III/c", "III/d"),
    "ahli_madya": ("IV/a", "IV/c"),
    "terampil": ("II/a", "III/b"),
    "mahir": ("III/a", "III/b"),
    "penyelia": ("III/c", "III/d"),
    "pelaksana": ("II/a", "III/d"),
}
AGE_RANGES = {
    "jpt_pratama": (46, 58),
    "administrator": (38, 58),
    "pengawas": (32, 57),
    "ahli_pertama": (23, 45),
    "ahli_muda": (31, 55),
    "ahli_madya": (41, 58),
    "terampil": (21, 55),
    "mahir": (28, 56),
    "penyelia": (36, 58),
    "pelaksana": (21, 58),
}
CPNS_MAX_AGE, PNS_MIN_AGE, MAX_APPOINTMENT_AGE = 35, 22, 35
OLD_STYLE_BORN_BY = 1970
PHONE_OPERATORS = ("11", "12", "13", "21", "22", "23", "52", "53", "57", "58", "77", "78", "81")
EMAIL_DOMAIN = "solokkota.go.id"


class Post(NamedTuple):
    """What an employee holds: position, grade (level or type), titles, odds per status."""

    unit_id: uuid.UUID
    position_id: uuid.UUID
    grade: str
    titles: tuple[str, ...]
    status_odds: tuple[int, ...]
    female: int


class People:
    """Makes employee rows; keeps the serials that make NIPs and NIKs unique."""

    def __init__(self, rng: random.Random, ids: DemoIds, created_at: datetime) -> None:
        self.rng = rng
        self.ids = ids
        self.created_at = created_at
        self._nip_serials: Counter[str] = Counter()
        self._nik_serials: Counter[str] = Counter()

    def make(self, post: Post) -> dict[str, Any]:
        """One employee row holding ``post``."""
        rng = self.rng
        status = self._status(post)
        female = rng.randrange(100) < post.female
        titles_key = rng.choice(post.titles)
        tier = cat.TIERS[cat.TITLES[titles_key].tier]
        birth = self._birth_date(post.grade, status)
        nip, appointed, golongan = self._appointment(post.grade, status, birth, female, tier)
        name = self._name(female)
        front, back = self._titles(titles_key, female, birth)
        return {
            "id": self.ids(),
            "nip": nip,
            "nip_lama": self._nip_lama(status, appointed),
            "nik": self._nik(birth, female),
            "front_title": front,
            "name": name,
            "back_title": back,
            "sex": "female" if female else "male",
            "birth_date": birth,
            "status": status,
            "golongan_code": golongan,
            "unit_id": post.unit_id,
            "position_id": post.position_id,
            "supervisor_id": None,
            "email": self._email(name, birth),
            "phone": self._phone(),
            "is_active": rng.random() >= 0.02,
            "national_person_id": f"{rng.getrandbits(128):032X}" if rng.random() < 0.8 else None,
            "version": 1,
            "created_at": self.created_at,
            "updated_at": self.created_at,
        }

    def _status(self, post: Post) -> str:
        status = self.rng.choices(STATUSES, weights=post.status_odds)[0]
        if post.grade not in ENTRY_GRADES:
            status = {"cpns": "pns", "pppk_paruh_waktu": "pppk"}.get(status, status)
        return status

    def _appointment(
        self, grade: str, status: str, birth: date, female: bool, tier: cat.Tier
    ) -> tuple[str, int, str]:
        """NIP, year of first appointment and golongan."""
        if status in ("pns", "cpns"):
            nip, appointed = self._pns_nip(birth, female, status, tier.appointment_age)
            return nip, appointed, _pns_rank(grade, tier.entry_rank, status, appointed)
        return self._pppk_nip(birth, female, status), LAST_YEAR, tier.pppk_grade

    def _birth_date(self, grade: str, status: str) -> date:
        """A birth date giving an age within the grade's range on 1 January 2026."""
        low, high = AGE_RANGES[grade]
        if status == "cpns":
            high = min(high, CPNS_MAX_AGE)
        elif status == "pns":
            low = max(low, PNS_MIN_AGE)
        age = self.rng.randint(low, high)
        return date(LAST_YEAR - age, 1, 1) + timedelta(days=self.rng.randint(1, 364))

    def _pns_nip(self, birth: date, female: bool, status: str, usual_age: int) -> tuple[str, int]:
        """Birth date, TMT CPNS (19 or older, PNS by 2023, CPNS in 2024-2025), sex, serial."""
        if status == "cpns":
            year = self.rng.choice(CPNS_YEARS)
        else:
            latest = min(MAX_APPOINTMENT_AGE, PNS_LAST_APPOINTMENT - birth.year)
            year = birth.year + self.rng.randint(min(usual_age, latest), latest)
        prefix = f"{birth:%Y%m%d}{year}{self.rng.randint(1, 12):02d}{2 if female else 1}"
        return prefix + _next_serial(self._nip_serials, prefix, 999, 3), year

    def _pppk_nip(self, birth: date, female: bool, status: str) -> str:
        """Birth date, year of first appointment (2019-2025, 19 or older), codes, sex, serial."""
        first = max(FIRST_PPPK_YEAR, birth.year + 19)
        year = LAST_YEAR if status == "pppk_paruh_waktu" else self.rng.randint(first, LAST_YEAR)
        prefix = f"{birth:%Y%m%d}{year}{PPPK_CODE}{2 if female else 1}"
        return prefix + _next_serial(self._nip_serials, prefix, 999, 3)

    def _nik(self, birth: date, female: bool) -> str | None:
        if self.rng.random() < 0.1:
            return None
        day = birth.day + (40 if female else 0)
        prefix = f"{CITY_CODE}{self.rng.choice(DISTRICTS)}{day:02d}{birth:%m%y}"
        return prefix + _next_serial(self._nik_serials, prefix, 9999, 4)

    def _nip_lama(self, status: str, appointed: int) -> str | None:
        if status != "pns" or appointed >= 2008 or self.rng.random() < 0.2:
            return None
        return str(self.rng.randrange(100_000_000, 1_000_000_000))

    def _name(self, female: bool) -> str:
        first = self.rng.choice(cat.FEMALE_FIRST if female else cat.MALE_FIRST)
        if self.rng.random() < 0.25:
            return first
        second = self.rng.choice(cat.FEMALE_SECOND if female else cat.MALE_SECOND)
        return first if second == first else f"{first} {second}"

    def _titles(self, key: str, female: bool, birth: date) -> tuple[str | None, str | None]:
        """Front and back titles; graduates of before the 1990s often carry Drs./Dra. or Ir."""
        titles = cat.TITLES[key]
        front = self.rng.choice(titles.front) if titles.front else None
        back = self.rng.choice(titles.back) if titles.back else None
        old_style = cat.OLD_STYLE_FRONT.get(key)
        if old_style and birth.year <= OLD_STYLE_BORN_BY and self.rng.random() < 0.6:
            front = "Dra." if old_style == "Drs." and female else old_style
            back = (back or "").partition(", ")[2] or None
        return front, back

    def _email(self, name: str, birth: date) -> str | None:
        if self.rng.random() < 0.05:
            return None
        return f"{'.'.join(name.lower().split())}{birth:%y}@{EMAIL_DOMAIN}"

    def _phone(self) -> str:
        digits = self.rng.randint(7, 9)
        number = self.rng.randrange(10 ** (digits - 1), 10**digits)
        return f"08{self.rng.choice(PHONE_OPERATORS)}{number}"


def _next_serial(serials: Counter[str], prefix: str, limit: int, width: int) -> str:
    serials[prefix] += 1
    if serials[prefix] > limit:
        raise ValueError(f"More than {limit} identifiers share the prefix {prefix}.")
    return f"{serials[prefix]:0{width}d}"


def _pns_rank(grade: str, entry_rank: str, status: str, appointed: int) -> str:
    """CPNS start at their education's rank; PNS climb a step every 4 years within the grade."""
    if status == "cpns":
        return entry_rank
    low, high = (PNS_RANKS.index(rank) for rank in RANK_RANGES[grade])
    step = PNS_RANKS.index(entry_rank) + (LAST_YEAR - appointed) // 4
    return PNS_RANKS[min(max(step, low), high)]
