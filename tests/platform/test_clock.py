"""The agency's date, not the server's."""

from datetime import UTC, date, datetime

import pytest
from pydantic import ValidationError

from app.core.clock import today
from app.core.config import Settings


@pytest.mark.parametrize(
    ("zone", "instant", "expected"),
    [
        # 20:00 UTC is 03:00 the next morning in Solok (WIB, UTC+7).
        ("Asia/Jakarta", datetime(2026, 11, 29, 20, 0, tzinfo=UTC), date(2026, 11, 30)),
        ("UTC", datetime(2026, 11, 29, 20, 0, tzinfo=UTC), date(2026, 11, 29)),
        # 16:00 UTC: 23:00 in WIB, already 01:00 in WIT (Papua, UTC+9).
        ("Asia/Jakarta", datetime(2026, 11, 29, 16, 0, tzinfo=UTC), date(2026, 11, 29)),
        ("Asia/Jayapura", datetime(2026, 11, 29, 16, 0, tzinfo=UTC), date(2026, 11, 30)),
    ],
)
def test_today_is_the_date_in_the_agency_time_zone(
    zone: str, instant: datetime, expected: date
) -> None:
    assert today(Settings(timezone=zone), now=instant) == expected


def test_the_default_zone_is_wib() -> None:
    assert Settings().timezone == "Asia/Jakarta"


@pytest.mark.parametrize("zone", ["Mars/Olympus", "", "../etc/passwd", "WIB"])
def test_an_unknown_time_zone_is_refused_at_start(zone: str) -> None:
    with pytest.raises(ValidationError, match="time zone"):
        Settings(timezone=zone)
