"""Calendar feeds: created for what the caller reaches, read by their token, revoked.

A feed's token is its only credential (calendar apps cannot send a bearer token): 256 random
bits, shown once, stored as its SHA-256 digest. Reading a feed checks, each time, that its
owner's account is active and still reaches what the feed shows (an operator moved to another
OPD no longer reads the old one's), so a feed is never worth more than its owner's access.
"""

import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import and_, exists, func, or_, select, true
from sqlalchemy.orm import aliased
from sqlmodel import Session as DbSession
from sqlmodel import col

from app.audit import service as audit
from app.auth.policy import Permission, Reach
from app.auth.principal import Principal
from app.auth.scope import employee_scope, units_under
from app.auth.secrets import digest, new_opaque_token
from app.calendar.schemas import CalendarFeedCreate
from app.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from app.core.listing import PageParams, paginate
from app.models import (
    CalendarFeed,
    Employee,
    Enrollment,
    Meeting,
    Program,
    SessionFacilitator,
    TrainingSession,
    Unit,
    User,
    UserRole,
)
from app.models.base import utcnow
from app.models.enums import CalendarScope, EnrollmentStatus, Role, SessionStatus

# What a feed shows: sessions overlapping this window around today, at most this many rows
# (a meeting, or a session without meetings), the nearest first.
WINDOW_BACK = timedelta(days=366)
WINDOW_AHEAD = timedelta(days=731)
MAX_ROWS = 2000
UNKNOWN_FEED = "There is no such calendar feed (or it has been revoked)."


@dataclass(frozen=True)
class FeedRow:
    """One row of a feed: a session and one of its meetings (None: it has none)."""

    session_id: uuid.UUID
    session_name: str
    start_date: date
    end_date: date
    status: str
    mode: str
    venue: str | None
    online_url: str | None
    cancel_reason: str | None
    session_version: int
    session_updated_at: datetime
    program_code: str
    program_title: str
    meeting_id: uuid.UUID | None
    meeting_date: date | None
    start_time: time | None
    end_time: time | None
    topic: str | None
    jp: int | None
    sequence: int | None
    cancelled_at: datetime | None
    meeting_updated_at: datetime | None
    facilitator: str | None


@dataclass(frozen=True)
class Feed:
    """What a token opened: the feed, the name of what it shows, and its rows."""

    feed: CalendarFeed
    target_name: str | None
    rows: list[FeedRow]
    window: tuple[date, date]


# --- who may subscribe to what -------------------------------------------------------------


def _reachable_employee(db: DbSession, principal: Principal, employee_id: uuid.UUID) -> bool:
    scope = employee_scope(principal, Permission.ENROLLMENTS_READ)
    statement = select(exists().where(col(Employee.id) == employee_id, scope))
    return bool(db.execute(statement).scalar())


def _reachable_unit(db: DbSession, principal: Principal, unit_id: uuid.UUID) -> bool:
    reaches = principal.reaches(Permission.ENROLLMENTS_READ)
    if Reach.ALL in reaches:
        scope: Any = true()
    elif Reach.OPD in reaches and principal.operator_unit_ids:
        scope = col(Unit.id).in_(units_under(principal.operator_unit_ids))
    else:
        return False
    return bool(db.execute(select(exists().where(col(Unit.id) == unit_id, scope))).scalar())


def _reaches_city(principal: Principal) -> bool:
    return Reach.ALL in principal.reaches(Permission.PROGRAMS_READ)


def _check_target(db: DbSession, principal: Principal, data: CalendarFeedCreate) -> None:
    """The feed names what its scope needs, nothing else, and the caller reaches it."""
    needs = {CalendarScope.EMPLOYEE: "employee_id", CalendarScope.UNIT: "unit_id"}
    for name in ("employee_id", "unit_id"):
        given = getattr(data, name) is not None
        if given != (needs.get(data.scope) == name):
            verb = "needs" if not given else "does not take"
            raise InvalidInput.field(
                ["body", name], f"A feed of scope {data.scope} {verb} {name}.", "scope_target"
            )
    if data.scope is CalendarScope.EMPLOYEE:
        assert data.employee_id is not None  # noqa: S101 - checked above
        if not _reachable_employee(db, principal, data.employee_id):
            raise InvalidInput.field(
                ["body", "employee_id"],
                f"Employee {data.employee_id} does not exist or is outside your reach.",
                "unknown_employee",
            )
    elif data.scope is CalendarScope.UNIT:
        assert data.unit_id is not None  # noqa: S101 - checked above
        if not _reachable_unit(db, principal, data.unit_id):
            raise InvalidInput.field(
                ["body", "unit_id"],
                f"Unit {data.unit_id} does not exist or is outside the units you reach.",
                "unknown_unit",
            )
    elif not _reaches_city(principal):
        raise Forbidden("A feed of the city's sessions needs city-wide read access to sessions.")


def _still_reaches(db: DbSession, owner: Principal, feed: CalendarFeed) -> bool:
    if feed.scope == CalendarScope.EMPLOYEE and feed.employee_id is not None:
        return _reachable_employee(db, owner, feed.employee_id)
    if feed.scope == CalendarScope.UNIT and feed.unit_id is not None:
        return _reachable_unit(db, owner, feed.unit_id)
    return feed.scope == CalendarScope.CITY and _reaches_city(owner)


def _owner(db: DbSession, user: User) -> Principal:
    """The feed's owner as their access token would carry them now (their current grants)."""
    grants = db.execute(select(UserRole).where(col(UserRole.user_id) == user.id)).scalars().all()
    return Principal(
        kind="user",
        id=user.id,
        label=user.display_name,
        roles=frozenset(Role(g.role) for g in grants),
        employee_id=user.employee_id,
        operator_unit_ids=tuple(sorted({g.unit_id for g in grants if g.unit_id is not None})),
        partner_ids=tuple(sorted({g.partner_id for g in grants if g.partner_id is not None})),
    )


# --- the use cases -------------------------------------------------------------------------


def create_feed(
    db: DbSession, data: CalendarFeedCreate, actor: Principal
) -> tuple[CalendarFeed, str]:
    """A new feed of the caller's and its token (returned once, stored only as a digest)."""
    _check_target(db, actor, data)
    token = new_opaque_token()
    feed = CalendarFeed(
        user_id=actor.id,
        token_hash=digest(token),
        scope=data.scope.value,
        employee_id=data.employee_id,
        unit_id=data.unit_id,
    )
    db.add(feed)
    audit.created(db, actor, "calendar_feed", feed)
    db.commit()
    return feed, token


def list_feeds(db: DbSession, actor: Principal, *, params: PageParams) -> tuple[list[Any], int]:
    """The caller's own feeds, newest first (revoked ones too, with when)."""
    statement = select(CalendarFeed).where(col(CalendarFeed.user_id) == actor.id)
    ordering = [col(CalendarFeed.created_at).desc(), col(CalendarFeed.id)]
    return paginate(db, statement, params, ordering)


def revoke_feed(db: DbSession, feed_id: uuid.UUID, actor: Principal) -> None:
    """Revoke one of the caller's feeds for good: its address answers 404 from now on."""
    statement = select(CalendarFeed).where(
        col(CalendarFeed.id) == feed_id, col(CalendarFeed.user_id) == actor.id
    )
    feed = db.execute(statement).scalar_one_or_none()
    if feed is None:
        raise NotFound(f"Calendar feed {feed_id} does not exist.")
    if feed.revoked_at is not None:
        raise Conflict(f"Calendar feed {feed_id} is already revoked.")
    before = feed.model_dump()
    feed.revoked_at = utcnow()
    db.add(feed)
    audit.updated(db, actor, "calendar_feed", feed, before)
    db.commit()


def read_feed(db: DbSession, token: str, today: date) -> Feed:
    """The feed a token opens with its rows; 404 for an unknown or revoked token, a disabled
    owner, or an owner who no longer reaches what it shows."""
    found = db.execute(
        select(CalendarFeed, User, col(Employee.name), col(Unit.name))
        .join(User, col(User.id) == col(CalendarFeed.user_id))
        .outerjoin(Employee, col(Employee.id) == col(CalendarFeed.employee_id))
        .outerjoin(Unit, col(Unit.id) == col(CalendarFeed.unit_id))
        .where(col(CalendarFeed.token_hash) == digest(token))
    ).one_or_none()
    if found is None:
        raise NotFound(UNKNOWN_FEED)
    feed, user, employee_name, unit_name = found
    if feed.revoked_at is not None or not user.is_active:
        raise NotFound(UNKNOWN_FEED)
    if not _still_reaches(db, _owner(db, user), feed):
        raise NotFound(UNKNOWN_FEED)
    window = (today - WINDOW_BACK, today + WINDOW_AHEAD)
    return Feed(feed, employee_name or unit_name, _rows(db, feed, window), window)


# --- what a feed shows ---------------------------------------------------------------------


def _sessions_of(feed: CalendarFeed) -> Any:
    """The condition on a session for being in the feed."""
    if feed.scope == CalendarScope.CITY:
        return true()
    people: Any
    if feed.scope == CalendarScope.EMPLOYEE:
        people = col(Enrollment.employee_id) == feed.employee_id
        facilitators: Any = col(SessionFacilitator.employee_id) == feed.employee_id
    else:
        staff = select(col(Employee.id)).where(
            col(Employee.unit_id).in_(units_under((feed.unit_id,)))  # type: ignore[arg-type]
        )
        people = col(Enrollment.employee_id).in_(staff)
        facilitators = col(SessionFacilitator.employee_id).in_(staff)
    seated = select(col(Enrollment.session_id)).where(people, col(Enrollment.seat_held))
    # A cancelled session withdraws its enrollments: they still see it, as cancelled.
    withdrawn = select(col(Enrollment.session_id)).where(
        people, col(Enrollment.status) == EnrollmentStatus.WITHDRAWN.value
    )
    facilitated = select(col(SessionFacilitator.session_id)).where(facilitators)
    return or_(
        col(TrainingSession.id).in_(seated),
        col(TrainingSession.id).in_(facilitated),
        and_(
            col(TrainingSession.status) == SessionStatus.CANCELLED.value,
            col(TrainingSession.id).in_(withdrawn),
        ),
    )


def _rows(db: DbSession, feed: CalendarFeed, window: tuple[date, date]) -> list[FeedRow]:
    """Every meeting of the feed's sessions in the window (a session without meetings: one
    row), in one query, bounded."""
    first, last = window
    # Aliases: the subqueries of _sessions_of name these tables too, uncorrelated.
    facilitator, person = aliased(SessionFacilitator), aliased(Employee)
    statement = (
        select(
            col(TrainingSession.id),
            col(TrainingSession.name),
            col(TrainingSession.start_date),
            col(TrainingSession.end_date),
            col(TrainingSession.status),
            col(TrainingSession.mode),
            col(TrainingSession.venue),
            col(TrainingSession.online_url),
            col(TrainingSession.cancel_reason),
            col(TrainingSession.version),
            col(TrainingSession.updated_at),
            col(Program.code),
            col(Program.title),
            col(Meeting.id),
            col(Meeting.meeting_date),
            col(Meeting.start_time),
            col(Meeting.end_time),
            col(Meeting.topic),
            col(Meeting.jp),
            col(Meeting.sequence),
            col(Meeting.cancelled_at),
            col(Meeting.updated_at),
            func.coalesce(col(person.name), col(facilitator.external_name)),
        )
        .join(Program, col(Program.id) == col(TrainingSession.program_id))
        .outerjoin(Meeting, col(Meeting.session_id) == col(TrainingSession.id))
        .outerjoin(facilitator, col(facilitator.id) == col(Meeting.facilitator_id))
        .outerjoin(person, col(person.id) == col(facilitator.employee_id))
        .where(
            col(TrainingSession.status) != SessionStatus.DRAFT.value,
            col(TrainingSession.end_date) >= first,
            col(TrainingSession.start_date) <= last,
            _sessions_of(feed),
        )
        .order_by(
            col(TrainingSession.start_date),
            col(TrainingSession.id),
            col(Meeting.meeting_date),
            col(Meeting.start_time),
            col(Meeting.id),
        )
        .limit(MAX_ROWS)
    )
    return [FeedRow(*row) for row in db.execute(statement).all()]
