"""Large sessions for the benchmark: a few sessions whose participant list is 500 long.

The demo development data (``app.demo.development``) has sessions of some tens of seats; a
participant list of that size says little about a list endpoint. After it, the build adds
``LARGE_SESSIONS`` sessions of capacity ``LARGE_CAPACITY``, open for registration on
``DEVELOPMENT_DAY``, every seat held, and a waitlist of ``LARGE_WAITLIST`` behind them.

The invariants the API keeps hold: each session belongs to an active program with no target
group (anyone may enroll), its batch number follows the program's others of that year, its
``seats_taken`` counts its seat-holding enrollments, ``seat_held`` matches each status, the
people of one session are distinct (one standing enrollment each), and the sessions start in
``LARGE_FROM``'s year, a year after the demo schedule ends, one after the other without
overlapping: nobody holds seats in two sessions whose dates overlap. Each session and
enrollment has its history (``status_change``), as the demo data has. Written with
``app.demo.bulk.write_rows`` (COPY on PostgreSQL, the driver's executemany on SQLite).
"""

import random
import uuid
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, cast
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, Table, func, select

from app.core.config import Settings
from app.demo.bulk import write_rows
from app.demo.ids import DemoIds
from app.models import Employee, Enrollment, Program, StatusChange, TrainingSession
from app.models.enums import EnrollmentStatus, ProgramStatus, SessionMode, SessionStatus

Row = dict[str, Any]
LARGE_SESSIONS = 10
LARGE_CAPACITY = 500
LARGE_WAITLIST = 20  # waitlisted behind the full sessions: the waitlist positions show
LARGE_FROM = date(2028, 3, 6)  # the first one's start (a Monday); the demo schedule ends in 2027
LARGE_DAYS = 5  # each runs Monday to Friday
LARGE_EVERY = 14  # days between two starts
OPENS_BEFORE = 21  # registration opened this many days before the build's ``today``
CLOSES_BEFORE = 10  # and closes this many days before the start
S_DRAFT, S_OPEN = SessionStatus.DRAFT.value, SessionStatus.OPEN.value
PROPOSED, APPROVED, VERIFIED, WAITLISTED = (
    state.value
    for state in (
        EnrollmentStatus.PROPOSED,
        EnrollmentStatus.APPROVED,
        EnrollmentStatus.VERIFIED,
        EnrollmentStatus.WAITLISTED,
    )
)
AGENCY_LABEL = "BKPSDM"


def _table(model: Any) -> Table:
    return cast(Table, model.__table__)


def _stamp(day: date, hour: int, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(hour), zone).astimezone(UTC)


def _open_programs(conn: Connection) -> list[Row]:
    """Active programs anyone may enroll in (no status, position, rank or age limit), by code;
    all active ones if none is open to everyone."""
    program = _table(Program)
    rows = [
        dict(row._mapping)
        for row in conn.execute(
            select(
                program.c.id,
                program.c.code,
                program.c.title,
                program.c.standard_jp,
                program.c.default_partner_id,
                program.c.requires_supervisor_approval,
                program.c.requires_agency_verification,
                program.c.eligible_statuses,
                program.c.eligible_position_types,
                program.c.min_golongan_code,
                program.c.max_golongan_code,
                program.c.max_age,
            )
            .where(program.c.status == ProgramStatus.ACTIVE.value)
            .order_by(program.c.code)
        )
    ]
    limits = (
        "eligible_statuses",
        "eligible_position_types",
        "min_golongan_code",
        "max_golongan_code",
        "max_age",
    )
    open_to_all = [row for row in rows if not any(row[name] for name in limits)]
    return open_to_all or rows


def _change(
    ids: DemoIds,
    entity: str,
    entity_id: uuid.UUID,
    moves: tuple[str | None, str, datetime],
    label: str | None,
) -> Row:
    before, after, at = moves
    return {
        "id": ids(),
        "entity_type": entity,
        "entity_id": entity_id,
        "from_status": before,
        "to_status": after,
        "reason": None,
        "actor_type": "system",
        "actor_id": None,
        "actor_label": label,
        "occurred_at": at,
    }


def _steps(program: Row) -> list[str]:
    """The approval steps after the request, as ``app.enrollments`` moves them."""
    steps = []
    if program["requires_supervisor_approval"]:
        steps.append(APPROVED if program["requires_agency_verification"] else VERIFIED)
    if program["requires_agency_verification"]:
        steps.append(VERIFIED)
    return steps


def generate_large_sessions(
    conn: Connection, *, seed: int, settings: Settings, today: date
) -> dict[str, int]:
    """Write the large sessions, their enrollments and history in the caller's transaction
    (after the development data); counts of the rows written."""
    programs = _open_programs(conn)
    people = [
        uuid.UUID(str(employee_id))
        for (employee_id,) in conn.execute(
            select(_table(Employee).c.id)
            .where(_table(Employee).c.is_active)
            .order_by(_table(Employee).c.nip)
        )
    ]
    if not programs or not people:
        return {"large_sessions": 0, "large_session_enrollments": 0, "large_session_history": 0}
    zone = ZoneInfo(settings.timezone)
    rng = random.Random(seed * 7919 + 500)
    opens = today - timedelta(days=OPENS_BEFORE)
    created_at = _stamp(opens - timedelta(days=7), 9, zone)
    opened_at = _stamp(opens, 8, zone)
    now = _stamp(today, 0, zone)
    ids = DemoIds(rng, created_at)
    session_table = _table(TrainingSession)
    batches = dict(
        conn.execute(
            select(session_table.c.program_id, func.max(session_table.c.batch_number))
            .where(session_table.c.year == LARGE_FROM.year)
            .group_by(session_table.c.program_id)
        ).all()
    )
    seats = min(LARGE_CAPACITY, len(people))
    waitlist = min(LARGE_WAITLIST, len(people) - seats) if seats == LARGE_CAPACITY else 0
    sessions: list[Row] = []
    enrollments: list[Row] = []
    history: list[Row] = []
    for number in range(LARGE_SESSIONS):
        program = programs[number % len(programs)]
        program_id = uuid.UUID(str(program["id"]))
        start = LARGE_FROM + timedelta(days=number * LARGE_EVERY)
        batch = batches[program_id] = int(batches.get(program_id) or 0) + 1
        session_id = ids()
        sessions.append(
            {
                "id": session_id,
                "program_id": program_id,
                "year": start.year,
                "batch_number": batch,
                "name": f"{program['title']} Angkatan {batch} Tahun {start.year}",
                "start_date": start,
                "end_date": start + timedelta(days=LARGE_DAYS - 1),
                "registration_opens_on": opens,
                "registration_closes_on": start - timedelta(days=CLOSES_BEFORE),
                "mode": SessionMode.IN_PERSON.value,
                "venue": f"Aula {settings.agency_name}",
                "online_url": None,
                "capacity": LARGE_CAPACITY,
                "seats_taken": seats,
                "jp": program["standard_jp"],
                "partner_id": program["default_partner_id"],
                "status": S_OPEN,
                "cancel_reason": None,
                "version": 2,
                "created_at": created_at,
                "updated_at": opened_at,
            }
        )
        history += [
            _change(ids, "session", session_id, (None, S_DRAFT, created_at), AGENCY_LABEL),
            _change(ids, "session", session_id, (S_DRAFT, S_OPEN, opened_at), AGENCY_LABEL),
        ]
        span = (now - opened_at).total_seconds()
        chosen = rng.sample(people, seats + waitlist)
        requests = sorted(opened_at + timedelta(seconds=rng.random() * span) for _ in chosen)
        steps = _steps(program)
        for place, (employee_id, requested) in enumerate(zip(chosen, requests, strict=True)):
            enrollment_id = ids()
            if place >= seats:
                moves: list[tuple[str | None, str, datetime]] = [(None, WAITLISTED, requested)]
            else:
                moves = [(None, PROPOSED if steps else VERIFIED, requested)]
                at = requested
                for step in steps[: rng.randint(0, len(steps))]:
                    at = min(at + timedelta(hours=rng.uniform(4, 72)), now)
                    moves.append((moves[-1][1], step, at))
            history += [
                _change(
                    ids,
                    "enrollment",
                    enrollment_id,
                    move,
                    "Atasan langsung" if move[1] == APPROVED else AGENCY_LABEL,
                )
                for move in moves
            ]
            enrollments.append(
                {
                    "id": enrollment_id,
                    "session_id": session_id,
                    "employee_id": employee_id,
                    "status": moves[-1][1],
                    "seat_held": place < seats,
                    "requested_at": requested,
                    "nominated_by": None,
                    "supervisor_approved_by": None,
                    "verified_by": None,
                    "final_score": None,
                    "attendance_pct": None,
                    "version": len(moves),
                    "created_at": requested,
                    "updated_at": moves[-1][2],
                }
            )
    write_rows(conn, session_table, sessions)
    write_rows(conn, _table(Enrollment), enrollments)
    write_rows(conn, _table(StatusChange), history)
    return {
        "large_sessions": len(sessions),
        "large_session_enrollments": len(enrollments),
        "large_session_history": len(history),
    }
