"""The agency's calendar: "today" where the agency is, not where the server is.

Servers commonly run in UTC, seven hours behind WIB: from 00:00 to 07:00 in Solok the server's
date is still yesterday, so an assessment recorded that morning for "today" would be refused as
dated in the future, and validity windows would shift by a day. Every domain date check asks
this module (the setting ``timezone``).
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from app.core.config import Settings


def today(settings: Settings, now: datetime | None = None) -> date:
    """The date in the agency's time zone (``now``: an aware instant, for tests)."""
    zone = ZoneInfo(settings.timezone)
    return (now or datetime.now(zone)).astimezone(zone).date()
