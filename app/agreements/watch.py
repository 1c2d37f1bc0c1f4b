"""The expiry watch: agreements in force that end soon, and sessions and internships
scheduled past the end of their agreement or under one terminated; each list in SQL, within
the caller's reach, and gathered in one daily summary."""

from datetime import date, timedelta
from functools import cache
from typing import Any

from sqlalchemy import func, literal, or_, select, true
from sqlalchemy.sql.elements import True_
from sqlmodel import Session as DbSession
from sqlmodel import col

from app.agreements.lifecycle import effective_status
from app.agreements.schemas import ExpiringPublic, OverrunPublic, WatchSummary
from app.agreements.service import (
    ACTIVE,
    TERMINATED,
    expiring_conditions,
    reach,
)
from app.auth.principal import Principal
from app.core.clock import today
from app.core.config import Settings
from app.core.listing import PageParams
from app.models import Agreement, Internship, TrainingSession
from app.models.enums import (
    AgreementKind,
    AgreementStatus,
    InternshipStatus,
    OverrunKind,
    SessionStatus,
)

SUMMARY_ROWS = 50
OVER = (SessionStatus.COMPLETED.value, SessionStatus.CANCELLED.value)
# The sessions not over, named rather than "not over" (the status CHECK makes it the same):
# an IN is found by the status index, reading the sessions still to come or under way only,
# where a NOT IN reads every session ever held.
NOT_OVER = tuple(status.value for status in SessionStatus if status.value not in OVER)
INTERNSHIP_OPEN = (InternshipStatus.PLANNED.value, InternshipStatus.ACTIVE.value)


def _overruns(
    kind: OverrunKind,
    work: Any,
    name: Any,
    ends_on: Any,
    open_statuses: tuple[str, ...],
    scope: Any,
) -> Any:
    """Work of one kind (sessions, internships: ``work`` its table) not over whose agreement
    ends before it or was terminated, in the columns every overrun has."""
    return (
        select(
            literal(kind.value).label("kind"),
            col(work.id).label("id"),
            col(name).label("name"),
            col(Agreement.partner_id).label("partner_id"),
            col(Agreement.id).label("agreement_id"),
            col(Agreement.ends_on).label("agreement_ends_on"),
            col(Agreement.status).label("agreement_status"),
            col(ends_on).label("ends_on"),
        )
        .join(Agreement, col(Agreement.id) == col(work.agreement_id))
        .where(
            col(work.status).in_(open_statuses),
            or_(col(ends_on) > col(Agreement.ends_on), col(Agreement.status) == TERMINATED),
            scope,
        )
    )


def _session_overruns(scope: Any) -> Any:
    """Sessions not over whose agreement ends before them or was terminated."""
    session = TrainingSession
    return _overruns(OverrunKind.SESSION, session, session.name, session.end_date, NOT_OVER, scope)


def _internship_overruns(scope: Any) -> Any:
    """Internships not over whose agreement ends before them or was terminated."""
    return _overruns(
        OverrunKind.INTERNSHIP,
        Internship,
        Internship.title,
        Internship.ends_on,
        INTERNSHIP_OPEN,
        scope,
    )


def overruns_statement(caller: Principal) -> Any:
    """Every overrun within the caller's reach (of the agreements they read), as one
    selectable: for a city-wide caller the one built once (its columns are not set up again,
    nor its cache key computed again, on every request)."""
    scope = reach(caller)
    if isinstance(scope, True_):
        return _every_overrun()
    return _overruns_within(scope)


def _overruns_within(scope: Any) -> Any:
    return _session_overruns(scope).union_all(_internship_overruns(scope)).subquery()


@cache
def _every_overrun() -> Any:
    return _overruns_within(true())


def _overrun(row: Any, on: date) -> OverrunPublic:
    return OverrunPublic(
        kind=row.kind,
        id=row.id,
        name=row.name,
        partner_id=row.partner_id,
        agreement_id=row.agreement_id,
        agreement_ends_on=row.agreement_ends_on,
        agreement_status=AgreementStatus(
            effective_status(row.agreement_status, row.agreement_ends_on, on)
        ),
        ends_on=row.ends_on,
    )


def list_overruns(
    db: DbSession,
    caller: Principal,
    settings: Settings,
    params: PageParams,
    kind: OverrunKind | None,
) -> tuple[list[OverrunPublic], int]:
    """A page of the overruns, by their agreement's end (soonest first)."""
    overruns = overruns_statement(caller)
    condition = [overruns.c.kind == kind.value] if kind else []
    conn = db.connection()  # Core rows: no ORM result machinery for a read
    total = int(
        conn.execute(select(func.count()).select_from(overruns).where(*condition)).scalar_one()
    )
    if params.offset >= total:
        return [], total
    rows = conn.execute(
        select(overruns)
        .where(*condition)
        .order_by(overruns.c.agreement_ends_on, overruns.c.ends_on, overruns.c.id)
        .limit(params.limit)
        .offset(params.offset)
    ).all()
    on = today(settings)
    return [_overrun(row, on) for row in rows], total


def summary(db: DbSession, caller: Principal, settings: Settings, within_days: int) -> WatchSummary:
    """The day's summary: agreements in force, those ending within ``within_days``, those
    ended in the last 30 days, and the overruns."""
    on = today(settings)
    scope = reach(caller)
    conn = db.connection()  # Core rows: no ORM result machinery for a read
    counts = select(
        func.count().filter(col(Agreement.ends_on) >= on),
        func.count().filter(*expiring_conditions(on, within_days)),
        func.count().filter(
            col(Agreement.ends_on) < on, col(Agreement.ends_on) >= on - timedelta(days=30)
        ),
    ).where(col(Agreement.status) == ACTIVE, scope)
    active, expiring_count, expired = conn.execute(counts).one()
    expiring_rows = conn.execute(
        select(
            col(Agreement.id),
            col(Agreement.partner_id),
            col(Agreement.kind),
            col(Agreement.title),
            col(Agreement.city_number),
            col(Agreement.ends_on),
        )
        .where(*expiring_conditions(on, within_days), scope)
        .order_by(col(Agreement.ends_on), col(Agreement.id))
        .limit(SUMMARY_ROWS)
    ).all()
    overruns = overruns_statement(caller)
    by_kind: dict[str, int] = dict(
        conn.execute(select(overruns.c.kind, func.count()).group_by(overruns.c.kind)).all()
    )
    first_overruns = conn.execute(
        select(overruns)
        .order_by(overruns.c.agreement_ends_on, overruns.c.ends_on, overruns.c.id)
        .limit(SUMMARY_ROWS)
    ).all()
    return WatchSummary(
        today=on,
        within_days=within_days,
        active_agreements=int(active),
        expiring_count=int(expiring_count),
        expiring=[
            ExpiringPublic(
                id=row[0],
                partner_id=row[1],
                kind=AgreementKind(row[2]),
                title=row[3],
                city_number=row[4],
                ends_on=row[5],
                days_remaining=(row[5] - on).days + 1,
            )
            for row in expiring_rows
        ],
        expired_last_30_days=int(expired),
        overrunning_sessions=int(by_kind.get("session", 0)),
        overrunning_internships=int(by_kind.get("internship", 0)),
        overruns=[_overrun(row, on) for row in first_overruns],
    )
