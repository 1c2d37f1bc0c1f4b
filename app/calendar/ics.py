"""A feed as an iCalendar (RFC 5545) document: one event per meeting, in the agency's time
zone with its VTIMEZONE, and an all-day event for a session without meetings.

UIDs are stable (``meeting-<id>@bangkom``, ``session-<id>@bangkom``) and independent of the
host the feed was read through, so a calendar app updates an event rather than duplicating it;
``SEQUENCE`` rises whenever an event moves or is called off.
"""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
from icalendar.enums import STATUS

from app.calendar.service import Feed, FeedRow
from app.models.enums import CalendarScope, SessionMode, SessionStatus

UID_DOMAIN = "bangkom"
PRODID = "-//Bangkom//Calendar feeds//ID"
REFRESH = timedelta(hours=1)
MODES = {
    SessionMode.IN_PERSON.value: "tatap muka",
    SessionMode.ONLINE.value: "daring",
    SessionMode.BLENDED.value: "campuran",
}


def render(feed: Feed, *, zone_name: str, agency: str) -> bytes:
    """The feed as an iCalendar document."""
    zone = ZoneInfo(zone_name)
    calendar = icalendar.Calendar.new(
        prodid=PRODID,
        method="PUBLISH",
        name=_calendar_name(feed, agency),
        uid=f"feed-{feed.feed.id}@{UID_DOMAIN}",
        refresh_interval=REFRESH,
    )
    calendar.add("X-WR-TIMEZONE", zone_name)
    calendar.add("X-PUBLISHED-TTL", REFRESH)
    first, last = feed.window
    calendar.add_component(
        icalendar.Timezone.from_tzinfo(
            zone, tzid=zone_name, first_date=first, last_date=last + timedelta(days=1)
        )
    )
    for row in feed.rows:
        calendar.add_component(_event(row, zone))
    document: bytes = calendar.to_ical()
    return document


def _calendar_name(feed: Feed, agency: str) -> str:
    if feed.feed.scope == CalendarScope.CITY:
        return f"{agency}: all sessions"
    suffix = " and the units below it" if feed.feed.scope == CalendarScope.UNIT else ""
    return f"{agency}: sessions of {feed.target_name}{suffix}"


def _event(row: FeedRow, zone: ZoneInfo) -> icalendar.Event:
    session_cancelled = row.status == SessionStatus.CANCELLED.value
    lines = [f"{row.program_code} {row.program_title}", row.session_name]
    start: date | datetime
    end: date | datetime
    day, opens, closes = row.meeting_date, row.start_time, row.end_time
    if row.meeting_id is None or day is None or opens is None or closes is None:
        uid = f"session-{row.session_id}@{UID_DOMAIN}"
        summary = row.session_name
        start, end = row.start_date, row.end_date + timedelta(days=1)  # DTEND is exclusive
        cancelled = session_cancelled
        sequence = row.session_version - 1
        changed = row.session_updated_at
    else:
        uid = f"meeting-{row.meeting_id}@{UID_DOMAIN}"
        summary = f"{row.session_name}: {row.topic}"
        start = datetime.combine(day, opens, tzinfo=zone)
        end = datetime.combine(day, closes, tzinfo=zone)
        cancelled = session_cancelled or row.cancelled_at is not None
        # A session called off calls off its meetings: one step further than the meeting.
        sequence = (row.sequence or 0) + (1 if session_cancelled and not row.cancelled_at else 0)
        changed = max(row.session_updated_at, row.meeting_updated_at or row.session_updated_at)
        lines.append(f"Topic: {row.topic} ({row.jp} JP)")
        if row.facilitator:
            lines.append(f"Facilitator: {row.facilitator}")
    lines.append(f"Mode: {MODES.get(row.mode, row.mode)}")
    if row.online_url:
        lines.append(f"Link: {row.online_url}")
    if session_cancelled and row.cancel_reason:
        lines.append(f"Cancelled: {row.cancel_reason}")
    return icalendar.Event.new(
        uid=uid,
        summary=summary,
        start=start,
        end=end,
        sequence=sequence,
        status=STATUS.CANCELLED if cancelled else STATUS.CONFIRMED,
        location=row.venue or row.online_url,
        description="\n".join(lines),
        stamp=changed.astimezone(UTC),
        last_modified=changed.astimezone(UTC),
        url=row.online_url,
    )
