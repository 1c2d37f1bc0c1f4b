"""Demo development data: the catalogue, a schedule of sessions, their enrollments and outcomes.

Programs (``app.demo.programs``) with their target competencies and partners; sessions over
``years`` years up to three months ahead of ``today``, each in the status its dates give
(completed, running, registration closed or open, draft) or cancelled; their facilitators and
meetings; the demo employees' enrollments, each moved through the program's approval steps as
the API would move it, with its history; attendance of the meetings held; outcomes by the
program's pass rule; and a learning record per pass (source ``session``, the enrollment's id).
A few sessions near ``today`` are placed so that every status shows (a running one, open ones,
a full one with a waitlist, a cancelled one).

The invariants the API keeps hold here too: ``seat_held`` matches the status, a session's
``seats_taken`` counts its seat-holding enrollments and never passes its capacity, nobody
holds seats in two sessions whose dates overlap, one learning record per pass.

Scale: 0.02 sessions per employee and year (at least 24 a year), about two enrollments per
employee and year. Rows are streamed to the database a batch at a time (``FLUSH`` rows, by
``app.demo.bulk``: COPY on PostgreSQL), so memory grows with the employees and sessions, not
with the enrollments and attendance written.
"""

import random
import uuid
from bisect import bisect
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, NamedTuple, cast
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, Table, insert, select
from sqlmodel import col

from app.core.config import Settings
from app.core.text import search_key
from app.demo.bulk import deferred_checks, write_rows
from app.demo.certificates import generate_certificates
from app.demo.evaluations import generate_evaluations
from app.demo.generator import allocate
from app.demo.ids import DemoIds
from app.demo.learning import generate_learning
from app.demo.partnerships import generate_partnerships
from app.demo.programs import (
    CANCEL_REASONS,
    CATALOGUE,
    PARTNERS,
    TOPICS,
    VENUES,
    WIDYAISWARA,
    WITHDRAW_REASONS,
    ProgramSpec,
)
from app.learning import totals
from app.learning.records import credited
from app.models import (
    Attendance,
    Competency,
    DevelopmentType,
    Employee,
    Enrollment,
    Golongan,
    LearningRecord,
    Meeting,
    Partner,
    Position,
    Program,
    ProgramCompetency,
    SessionFacilitator,
    StatusChange,
    TrainingSession,
)
from app.models.development import SEAT_STATES
from app.models.enums import (
    AttendanceStatus,
    EnrollmentStatus,
    ExcusedAttendance,
    LearningSource,
    ProgramStatus,
    SessionMode,
    SessionStatus,
)

Row = dict[str, Any]
E = EnrollmentStatus
S = SessionStatus
A = AttendanceStatus

# Status values, bound once (an enum member's ``.value`` is a descriptor call per use).
PROPOSED, APPROVED, VERIFIED, WAITLISTED, REJECTED, WITHDRAWN, ATTENDING, PASSED, FAILED = (
    state.value
    for state in (
        E.PROPOSED,
        E.APPROVED,
        E.VERIFIED,
        E.WAITLISTED,
        E.REJECTED,
        E.WITHDRAWN,
        E.ATTENDING,
        E.PASSED,
        E.FAILED,
    )
)
S_DRAFT, S_OPEN, S_CLOSED, S_RUNNING, S_COMPLETED, S_CANCELLED = (
    state.value for state in (S.DRAFT, S.OPEN, S.CLOSED, S.RUNNING, S.COMPLETED, S.CANCELLED)
)
A_PRESENT, A_LATE, A_EXCUSED, A_ABSENT = (
    state.value for state in (A.PRESENT, A.LATE, A.EXCUSED, A.ABSENT)
)

IDS_FROM = datetime(2026, 2, 1, tzinfo=UTC)
FLUSH = 50_000  # rows generated before they are written
SESSIONS_PER_EMPLOYEE_YEAR = 0.02  # 6,000 over three years at 100,000 employees
MIN_SESSIONS_PER_YEAR = 24
ENROLLMENTS_PER_EMPLOYEE_YEAR = 2
AHEAD_DAYS = 90  # sessions are scheduled this far past today
REGISTRATION_DAYS = 35  # a registration window's length
CLOSES_BEFORE = 10  # registration closes this many days before the start
CANCELLED_SHARE = 0.03
WITHDRAWN_SHARE = 0.02
LATE_SHARE = 0.03  # of seat holders: not yet confirmed when the session starts
MINUTES_PER_JP = 45
NOT_CONFIRMED = "The session started before this enrollment was confirmed."
COMPLETED_REASON = "The session was completed."
SEAT_VALUES = frozenset(state.value for state in SEAT_STATES)
LOADED = (
    TrainingSession,
    SessionFacilitator,
    Meeting,
    Enrollment,
    Attendance,
    LearningRecord,
    StatusChange,
)
# Placed near today whatever the size, so every status shows: program code, start (days from
# today) and role: "full" is open with every seat taken and a waitlist.
SHOWCASE = (
    ("TEK-PBJ", -1, "running"),
    ("BIMTEK-SKP", 6, "closed"),
    ("ELRN-DIGITAL", 14, "open"),
    ("TEK-KEUDA", 20, "open"),
    ("COACH-KINERJA", 24, "full"),
    ("TEK-PELAYANAN", 18, "cancelled"),
    ("SEM-RB", 60, "draft"),
)
WAITLIST = 4  # waitlisted in the full session
# Attendance odds per meeting, cumulative (present, late, excused, absent): most people come.
DILIGENT = (0.9, 0.95, 0.98)
PATCHY = (0.5, 0.6, 0.7)
PATCHY_SHARE = 0.12
ATTENDANCE = (A_PRESENT, A_LATE, A_EXCUSED, A_ABSENT)


class Person(NamedTuple):
    """What eligibility reads of an employee."""

    id: uuid.UUID
    status: str
    birth_date: date
    rank: tuple[str, int] | None  # golongan kind and sort order
    position_type: str | None


@dataclass
class Catalogue:
    """The programs as written, with what their sessions need."""

    specs: list[ProgramSpec]
    ids: list[uuid.UUID]
    paths: list[str]
    partners: list[tuple[uuid.UUID, str] | None]  # id and name of the default partner
    pools: list[list[int]]  # per program: indices of the people who may enroll (age aside)


@dataclass
class Planned:
    """A session to generate: its program, dates and role."""

    program: int
    start: date
    role: str | None = None  # a SHOWCASE role, or None: as the dates say
    fill: float = 0.85
    capacity: int = 0
    target: int = 0  # enrollments to make


@dataclass
class Buffer:
    """Rows not yet written, per table, written in the tables' foreign-key order."""

    rows: dict[str, list[Row]] = field(
        default_factory=lambda: {m.__tablename__: [] for m in LOADED}
    )
    counts: dict[str, int] = field(default_factory=lambda: {m.__tablename__: 0 for m in LOADED})
    size: int = 0

    def add(self, table: str, row: Row) -> None:
        self.rows[table].append(row)
        self.size += 1

    def flush(self, conn: Connection) -> None:
        """Write every pending row, parents first."""
        for model in LOADED:
            rows = self.rows[model.__tablename__]
            write_rows(conn, _table(model), rows)
            self.counts[model.__tablename__] += len(rows)
            rows.clear()
        self.size = 0


def development_empty(conn: Connection) -> bool:
    """Whether no program exists yet: the development data is loaded once."""
    return conn.execute(select(col(Program.id)).limit(1)).first() is None


def generate_development(
    conn: Connection,
    *,
    seed: int,
    settings: Settings,
    today: date | None = None,
    years: int = 1,
) -> dict[str, int]:
    """Partners, programs, sessions over ``years`` years up to three months past ``today``
    (default: today in the agency's time zone) and everything they hold, in the caller's
    transaction; the employees must be there. Counts per table."""
    zone = ZoneInfo(settings.timezone)
    today = today or datetime.now(zone).date()
    rng = random.Random(seed * 104_729 + 29)
    ids = DemoIds(rng, IDS_FROM)
    people = _people(conn)
    partners = _partners(conn, ids)
    catalogue = _catalogue(conn, ids, partners, people, today, zone)
    plan = _plan(rng, len(people), today, years)
    writer = Writer(rng, ids, catalogue, people, today, zone, settings.agency_name)
    with deferred_checks(conn, [_table(model) for model in LOADED]):
        for planned in plan:
            writer.session(planned)
            if writer.buffer.size >= FLUSH:
                writer.buffer.flush(conn)
        writer.buffer.flush(conn)
    counts = generate_partnerships(conn, ids, partners, today)
    counts |= generate_learning(conn, ids, rng, today, years)
    counts |= generate_evaluations(conn, ids, rng, today, settings)
    counts["learning_totals"] = totals.rebuild(conn, settings)
    counts |= generate_certificates(conn, settings)
    counts |= {
        "partners": len(partners),
        "programs": len(catalogue.ids),
        "program_competencies": sum(len(spec.competencies) for spec in catalogue.specs),
    }
    return counts | writer.buffer.counts


def _table(model: Any) -> Table:
    return cast(Table, model.__table__)


def _people(conn: Connection) -> list[Person]:
    ranks = {
        code: (kind, order)
        for code, kind, order in conn.execute(
            select(col(Golongan.code), col(Golongan.kind), col(Golongan.sort_order))
        )
    }
    rows = conn.execute(
        select(
            col(Employee.id),
            col(Employee.status),
            col(Employee.birth_date),
            col(Employee.golongan_code),
            col(Position.position_type_code),
        )
        .outerjoin(Position, col(Position.id) == col(Employee.position_id))
        .where(col(Employee.is_active))
        .order_by(col(Employee.nip))
    )
    return [
        Person(
            uuid.UUID(str(employee_id)),
            status,
            born if isinstance(born, date) else date.fromisoformat(born),
            ranks.get(golongan) if golongan else None,
            position_type,
        )
        for employee_id, status, born, golongan, position_type in rows
    ]


def _partners(conn: Connection, ids: DemoIds) -> list[tuple[uuid.UUID, str]]:
    """The demo partners, made where no partner of the same (folded) name exists."""
    table = _table(Partner)
    found = {
        key: (uuid.UUID(str(partner_id)), name)
        for partner_id, name, key in conn.execute(
            select(table.c.id, table.c.name, table.c.search_key)
        )
    }
    partners = []
    for spec in PARTNERS:
        known = found.get(search_key(spec.name))
        if known is None:
            known = (ids(), spec.name)
            created = datetime(2025, 12, 1, 2, 0, tzinfo=UTC)
            conn.execute(
                insert(table),
                [
                    {
                        "id": known[0],
                        "name": spec.name,
                        "kind": spec.kind,
                        "is_active": True,
                        "version": 1,
                        "created_at": created,
                        "updated_at": created,
                    }
                ],
            )
        partners.append(known)
    return partners


def _catalogue(
    conn: Connection,
    ids: DemoIds,
    partners: list[tuple[uuid.UUID, str]],
    people: list[Person],
    today: date,
    zone: ZoneInfo,
) -> Catalogue:
    """Write the programs (active, with their history) and their target competencies."""
    competencies = dict(
        conn.execute(
            select(col(Competency.code), col(Competency.id)).where(
                col(Competency.retired_at).is_(None)
            )
        ).all()
    )
    paths = dict(conn.execute(select(col(DevelopmentType.id), col(DevelopmentType.path))).all())
    ranks = {
        code: (kind, order)
        for code, kind, order in conn.execute(
            select(col(Golongan.code), col(Golongan.kind), col(Golongan.sort_order))
        )
    }
    created = _stamp(today - timedelta(days=365 * 3 + 60), 9, zone)
    activated = created + timedelta(days=7)
    catalogue = Catalogue([], [], [], [], [])
    programs, targets, history = [], [], []
    for spec in CATALOGUE:
        program_id = ids()
        partner = partners[spec.partner] if spec.partner is not None else None
        programs.append(
            {
                "id": program_id,
                "code": spec.code,
                "title": spec.title,
                "description": spec.description,
                "development_type_id": spec.type_id,
                "leadership_subtype_id": spec.subtype_id,
                "standard_jp": spec.jp,
                "eligible_statuses": list(spec.statuses) if spec.statuses else None,
                "eligible_position_types": (
                    list(spec.position_types) if spec.position_types else None
                ),
                "min_golongan_code": spec.min_golongan,
                "max_golongan_code": None,
                "max_age": spec.max_age,
                "periodicity": spec.periodicity,
                "default_partner_id": partner[0] if partner else None,
                "requires_supervisor_approval": spec.supervisor,
                "requires_agency_verification": spec.agency,
                "min_attendance_pct": spec.min_attendance,
                "min_score": Decimal(spec.min_score) if spec.min_score is not None else None,
                "excused_attendance": spec.excused,
                "status": ProgramStatus.ACTIVE.value,
                "version": 2,
                "created_at": created,
                "updated_at": activated,
            }
        )
        targets += [
            {"program_id": program_id, "competency_id": competencies[code], "target_level": level}
            for code, level in spec.competencies
            if code in competencies
        ]
        history += [
            _change("program", program_id, None, ProgramStatus.DRAFT, created, "BKPSDM"),
            _change(
                "program", program_id, ProgramStatus.DRAFT, ProgramStatus.ACTIVE, activated, None
            ),
        ]
        catalogue.specs.append(spec)
        catalogue.ids.append(program_id)
        catalogue.paths.append(paths[spec.type_id])
        catalogue.partners.append(partner)
        low = ranks[spec.min_golongan] if spec.min_golongan else None
        catalogue.pools.append(
            [index for index, person in enumerate(people) if _eligible(spec, person, low)]
        )
    conn.execute(insert(_table(Program)), programs)
    if targets:
        conn.execute(insert(_table(ProgramCompetency)), targets)
    for row in history:
        row["id"] = ids()
    conn.execute(insert(_table(StatusChange)), history)
    return catalogue


def _eligible(spec: ProgramSpec, person: Person, low: tuple[str, int] | None) -> bool:
    """The program's target group, but for the age (checked at each session's start)."""
    if spec.statuses and person.status not in spec.statuses:
        return False
    if spec.position_types and person.position_type not in spec.position_types:
        return False
    if low is not None:
        return person.rank is not None and person.rank[0] == low[0] and person.rank[1] >= low[1]
    return True


def _age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def _stamp(day: date, hour: float, zone: ZoneInfo) -> datetime:
    """``hour`` o'clock (fractions: minutes) on ``day`` in ``zone``, as UTC."""
    local = datetime.combine(day, time(int(hour), int(hour % 1 * 60)), zone)
    return local.astimezone(UTC)


def _change(
    entity: str,
    entity_id: uuid.UUID,
    before: str | None,
    after: str,
    at: datetime,
    label: str | None,
    reason: str | None = None,
) -> Row:
    return {
        "id": entity_id,  # replaced by the writer's next id (the caller's order)
        "entity_type": entity,
        "entity_id": entity_id,
        "from_status": None if before is None else str(before),
        "to_status": str(after),
        "reason": reason,
        "actor_type": "system",
        "actor_id": None,
        "actor_label": label,
        "occurred_at": at,
    }


def _plan(rng: random.Random, employees: int, today: date, years: int) -> list[Planned]:
    """The sessions, in order of their start: every program at least once a year, the
    rest by the programs' shares, start dates spread evenly; and the showcase ones."""
    per_year = max(MIN_SESSIONS_PER_YEAR, round(employees * SESSIONS_PER_EMPLOYEE_YEAR))
    shares = [spec.share for spec in CATALOGUE]
    counts = [max(years, count) for count in allocate(per_year * years, shares)]
    first = today - timedelta(days=365 * years)
    span = (today + timedelta(days=AHEAD_DAYS) - first).days
    plan = [
        Planned(index, first + timedelta(days=rng.randrange(span)), fill=rng.uniform(0.7, 1.0))
        for index, count in enumerate(counts)
        for _ in range(count)
    ]
    codes = {spec.code: index for index, spec in enumerate(CATALOGUE)}
    plan += [
        Planned(codes[code], today + timedelta(days=offset), role)
        for code, offset, role in SHOWCASE
    ]
    plan.sort(key=lambda planned: (planned.start, planned.program))
    budget = ENROLLMENTS_PER_EMPLOYEE_YEAR * employees * years
    weights = [_seats(rng, planned) * planned.fill for planned in plan]
    for planned, target in zip(
        plan, allocate(min(budget, round(sum(weights))), weights), strict=True
    ):
        planned.target = target
    return plan


def _seats(rng: random.Random, planned: Planned) -> int:
    low, high = CATALOGUE[planned.program].capacity
    planned.capacity = rng.randint(low, high)
    return planned.capacity


class Dates(NamedTuple):
    """A session's dates, and when each of its moves happened (UTC)."""

    start: date
    end: date
    opens: date
    closes: date
    created: datetime
    opened: datetime
    closed: datetime
    started: datetime
    completed: datetime


class Writer:
    """Generates each session's rows into a buffer; keeps who is busy until when."""

    def __init__(
        self,
        rng: random.Random,
        ids: DemoIds,
        catalogue: Catalogue,
        people: list[Person],
        today: date,
        zone: ZoneInfo,
        agency: str,
    ) -> None:
        self.rng = rng
        self.ids = ids
        self.catalogue = catalogue
        self.people = people
        self.today = today
        self.zone = zone
        self.now = _stamp(today, 7, zone)
        self.agency = agency
        self.buffer = Buffer()
        self.cancel_reason: str | None = None  # of the session being written
        self.busy = [date.min] * len(people)  # the last day of each person's latest session
        self.batches: dict[tuple[int, int], int] = {}
        self.staff = [
            index
            for index, person in enumerate(people)
            if person.position_type in ("jpt_pratama", "administrator", "pengawas")
        ]

    def _history(self, row: Row) -> None:
        row["id"] = self.ids()
        self.buffer.add("status_change", row)

    def _clamp(self, moment: datetime) -> datetime:
        return min(moment, self.now)

    def dates(self, spec: ProgramSpec, start: date) -> Dates:
        end = start + timedelta(days=spec.days - 1)
        closes = start - timedelta(days=CLOSES_BEFORE)
        opens = closes - timedelta(days=REGISTRATION_DAYS)
        zone = self.zone
        return Dates(
            start,
            end,
            opens,
            closes,
            _stamp(opens - timedelta(days=14), 9, zone),
            _stamp(opens, 8, zone),
            _stamp(closes + timedelta(days=1), 8, zone),
            _stamp(start, 7.5, zone),
            _stamp(end, 17, zone),
        )

    def status(self, planned: Planned, dates: Dates) -> str:
        """The status the dates give (or the role's), and cancellations by chance."""
        if planned.role == "cancelled" or (
            planned.role is None and self.rng.random() < CANCELLED_SHARE
        ):
            return S_CANCELLED
        if dates.end < self.today:
            return S_COMPLETED
        if dates.start <= self.today:
            return S_RUNNING
        if dates.closes < self.today:
            return S_CLOSED
        if dates.opens <= self.today:
            return S_OPEN
        return S_DRAFT

    def session(self, planned: Planned) -> None:
        """One session and everything in it."""
        spec = self.catalogue.specs[planned.program]
        dates = self.dates(spec, planned.start)
        status = self.status(planned, dates)
        session_id = self.ids()
        key = (planned.program, dates.start.year)
        batch = self.batches[key] = self.batches.get(key, 0) + 1
        capacity = planned.capacity
        cancel_reason = self.rng.choice(CANCEL_REASONS) if status == S_CANCELLED else None
        self.cancel_reason = cancel_reason
        moves, cancelled_at = self._session_moves(status, dates)
        for before, after, at in moves:
            self._history(
                _change(
                    "session",
                    session_id,
                    before,
                    after,
                    at,
                    "BKPSDM",
                    cancel_reason if after == S.CANCELLED else None,
                )
            )
        facilitators, exclude = self._facilitators(spec, session_id, dates)
        meetings = self._meetings(spec, session_id, dates, status, facilitators, cancelled_at)
        reached = {after for _, after, _ in moves}
        target = 0 if S_OPEN not in reached else planned.target
        if planned.role == "full":
            target = capacity + WAITLIST
        seats = self._enrollments(
            planned,
            spec,
            session_id,
            dates,
            status,
            (capacity, target),
            exclude,
            meetings,
            cancelled_at,
        )
        partner = self.catalogue.partners[planned.program]
        online = spec.mode in (SessionMode.ONLINE.value, SessionMode.BLENDED.value)
        self.buffer.add(
            "training_session",
            {
                "id": session_id,
                "program_id": self.catalogue.ids[planned.program],
                "year": dates.start.year,
                "batch_number": batch,
                "name": f"{spec.title} Angkatan {batch} Tahun {dates.start.year}",
                "start_date": dates.start,
                "end_date": dates.end,
                "registration_opens_on": dates.opens,
                "registration_closes_on": dates.closes,
                "mode": spec.mode,
                "venue": None if spec.mode == SessionMode.ONLINE.value else VENUES[spec.partner],
                "online_url": (
                    f"https://elearning.solokkota.go.id/kelas/{spec.code.lower()}-"
                    f"{dates.start.year}-{batch}"
                    if online
                    else None
                ),
                "capacity": capacity,
                "seats_taken": seats,
                "jp": spec.jp,
                "partner_id": partner[0] if partner else None,
                "status": status,
                "cancel_reason": cancel_reason,
                "version": len(moves),
                "created_at": moves[0][2],
                "updated_at": moves[-1][2],
            },
        )

    def _session_moves(
        self, status: str, dates: Dates
    ) -> tuple[list[tuple[str | None, str, datetime]], datetime | None]:
        """The session's moves up to its status (a cancellation: from where it had got)."""
        steps: list[tuple[str | None, str, datetime]] = [
            (None, S_DRAFT, self._clamp(dates.created)),
            (S_DRAFT, S_OPEN, dates.opened),
            (S_OPEN, S_CLOSED, dates.closed),
            (S_CLOSED, S_RUNNING, dates.started),
            (S_RUNNING, S_COMPLETED, dates.completed),
        ]
        if status != S_CANCELLED:
            reached = [after for _, after, _ in steps].index(status)
            return steps[: reached + 1], None
        # Called off before it started, while registration was open or closed (or in draft).
        limit = min(dates.started, self.now)
        done = [step for step in steps[1:3] if step[2] < limit]
        if done and self.rng.random() < 0.5:
            done = done[:1]
        last = done[-1] if done else steps[0]
        at = last[2] + (limit - last[2]) * self.rng.uniform(0.3, 0.9)
        return [steps[0], *done, (last[1], S_CANCELLED, at)], at

    def _facilitators(
        self, spec: ProgramSpec, session_id: uuid.UUID, dates: Dates
    ) -> tuple[list[uuid.UUID], set[int]]:
        """One or two facilitators: an employee coach or mentor, or external people."""
        rows: list[Row] = []
        exclude: set[int] = set()
        created = self._clamp(dates.created + timedelta(days=1))
        if spec.staff_facilitator and self.staff:
            index = self.staff[self.rng.randrange(len(self.staff))]
            exclude.add(index)
            rows.append(
                {
                    "employee_id": self.people[index].id,
                    "external_name": None,
                    "external_institution": None,
                }
            )
        else:
            for name, institution in self.rng.sample(WIDYAISWARA, self.rng.randint(1, 2)):
                rows.append(
                    {
                        "employee_id": None,
                        "external_name": name,
                        "external_institution": institution,
                    }
                )
        made = []
        for row in rows:
            row |= {
                "id": self.ids(),
                "session_id": session_id,
                "role": spec.facilitator,
                "created_at": created,
            }
            made.append(row["id"])
            self.buffer.add("session_facilitator", row)
        return made, exclude

    def _meetings(
        self,
        spec: ProgramSpec,
        session_id: uuid.UUID,
        dates: Dates,
        status: str,
        facilitators: list[uuid.UUID],
        cancelled_at: datetime | None,
    ) -> list[tuple[uuid.UUID, datetime]]:
        """The meetings, spread over the session's weekdays; JP within the session's (those
        of a cancelled session cancelled with it). Returns those held (closed): their id and
        when their attendance was recorded."""
        days = [
            dates.start + timedelta(days=offset)
            for offset in range(spec.days)
            if (dates.start + timedelta(days=offset)).isoweekday() <= 5
        ] or [dates.start]
        count = min(spec.meetings, len(days), spec.jp)
        chosen = [days[round(i * (len(days) - 1) / max(1, count - 1))] for i in range(count)]
        jp = min(9, spec.jp // count)
        minutes = jp * MINUTES_PER_JP + (30 if jp > 4 else 0)
        start = time(8, 0)
        end = (datetime.combine(dates.start, start) + timedelta(minutes=minutes)).time()
        made = []
        created = self._clamp(dates.created + timedelta(days=2))
        for number, day in enumerate(chosen):
            closed = None
            if status == S_COMPLETED:
                closed = dates.completed
            elif status == S_RUNNING and day < self.today:
                closed = _stamp(day, 17, self.zone)
            meeting_id = self.ids()
            topic = TOPICS[0] if number == 0 else TOPICS[min(number, len(TOPICS) - 1)]
            if number == count - 1 and count > 1:
                topic = TOPICS[-1]
            self.buffer.add(
                "meeting",
                {
                    "id": meeting_id,
                    "session_id": session_id,
                    "meeting_date": day,
                    "start_time": start,
                    "end_time": end,
                    "topic": f"{topic}: {spec.title}",
                    "facilitator_id": facilitators[number % len(facilitators)],
                    "jp": jp,
                    "sequence": 0 if cancelled_at is None else 1,
                    "cancelled_at": cancelled_at,
                    "closed_at": closed,
                    "version": 1 if closed is None and cancelled_at is None else 2,
                    "created_at": created,
                    "updated_at": closed or cancelled_at or created,
                },
            )
            if closed is not None:
                made.append((meeting_id, _stamp(day, 16, self.zone)))
        return made

    def _participants(
        self, planned: Planned, spec: ProgramSpec, dates: Dates, target: int, exclude: set[int]
    ) -> list[int]:
        """Up to ``target`` distinct eligible people free for the session's dates."""
        pool = self.catalogue.pools[planned.program]
        chosen: list[int] = []
        if not pool or target <= 0:
            return chosen
        taken = set(exclude)
        busy, people, rng = self.busy, self.people, self.rng
        for _ in range(target * 3 + 20):
            index = pool[rng.randrange(len(pool))]
            if index in taken or busy[index] >= dates.start:
                continue
            if spec.max_age is not None and (
                _age_on(people[index].birth_date, dates.start) > spec.max_age
            ):
                continue
            taken.add(index)
            chosen.append(index)
            if len(chosen) == target:
                break
        return chosen

    def _enrollments(
        self,
        planned: Planned,
        spec: ProgramSpec,
        session_id: uuid.UUID,
        dates: Dates,
        status: str,
        seats_wanted: tuple[int, int],
        exclude: set[int],
        meetings: list[tuple[uuid.UUID, datetime]],
        cancelled_at: datetime | None,
    ) -> int:
        """The session's enrollments, their history, attendance and learning records; returns
        the seats they hold. ``seats_wanted``: the capacity, and the enrollments to make."""
        capacity, target = seats_wanted
        chosen = self._participants(planned, spec, dates, target, exclude)
        if not chosen:
            return 0
        rng = self.rng
        cut = min(self.now, cancelled_at or self.now)
        window_end = min(dates.closed - timedelta(days=1), cut)
        span = max(0.0, (window_end - dates.opened).total_seconds())
        requests = sorted(dates.opened + timedelta(seconds=rng.random() * span) for _ in chosen)
        overflow = len(chosen) > capacity
        started = status in (S_RUNNING, S_COMPLETED)
        seats = 0
        for number, (index, requested) in enumerate(zip(chosen, requests, strict=True)):
            self.busy[index] = max(self.busy[index], dates.end)
            enrollment_id = self.ids()
            moves = self._enrollment_moves(
                spec, dates, status, requested, cut, seat=number < capacity, overflow=overflow
            )
            final = moves[-1][1]
            score = None
            pct = None
            if started and final == ATTENDING:
                figures = self._attendance(enrollment_id, meetings)
                if status == S_COMPLETED:
                    score = Decimal(rng.randint(55, 98)) if spec.min_score is not None else None
                    pct = _percentage(spec.excused, figures)
                    passed = (pct is None or pct >= spec.min_attendance) and (
                        spec.min_score is None or (score is not None and score >= spec.min_score)
                    )
                    final = PASSED if passed else FAILED
                    moves.append((ATTENDING, final, dates.completed, COMPLETED_REASON))
                    if passed:
                        self._learning_record(planned, spec, enrollment_id, index, dates)
            for before, after, at, reason in moves:
                label = "BKPSDM" if after != APPROVED else "Atasan langsung"
                self._history(
                    _change("enrollment", enrollment_id, before, after, at, label, reason)
                )
            held = final in SEAT_VALUES
            seats += held
            self.buffer.add(
                "enrollment",
                {
                    "id": enrollment_id,
                    "session_id": session_id,
                    "employee_id": self.people[index].id,
                    "status": final,
                    "seat_held": held,
                    "requested_at": requested,
                    "nominated_by": None,
                    "supervisor_approved_by": None,
                    "verified_by": None,
                    "final_score": score,
                    "attendance_pct": pct,
                    "version": len(moves),
                    "created_at": requested,
                    "updated_at": moves[-1][2],
                },
            )
        return seats

    def _enrollment_moves(
        self,
        spec: ProgramSpec,
        dates: Dates,
        status: str,
        requested: datetime,
        cut: datetime,
        *,
        seat: bool,
        overflow: bool,
    ) -> list[tuple[str | None, str, datetime, str | None]]:
        """An enrollment's moves up to where its session has got (``cut``: now, or the
        session's cancellation): the program's approval steps, then the session's start; on
        the waitlist when no seat was left."""
        rng = self.rng
        started = status in (S_RUNNING, S_COMPLETED)
        limit = min(dates.started, cut)
        if not seat:
            moves: list[tuple[str | None, str, datetime, str | None]] = [
                (None, WAITLISTED, requested, None)
            ]
        else:
            steps = []
            if spec.supervisor:
                steps.append(APPROVED if spec.agency else VERIFIED)
            if spec.agency:
                steps.append(VERIFIED)
            first = PROPOSED if steps else VERIFIED
            moves = [(None, first, requested, None)]
            at = requested
            for step in steps:
                at += timedelta(hours=rng.uniform(4, 72))
                if at >= limit or rng.random() < LATE_SHARE:
                    break
                moves.append((moves[-1][1], step, at, None))
        current = moves[-1][1]
        if status == S_CANCELLED:
            reason = f"The session was cancelled: {self.cancel_reason}"
            return [*moves, (current, WITHDRAWN, cut, reason)]
        if not started:
            return moves
        if current == VERIFIED and not overflow and rng.random() < WITHDRAWN_SHARE:
            at = moves[-1][2] + (dates.started - moves[-1][2]) / 2
            return [*moves, (current, WITHDRAWN, at, rng.choice(WITHDRAW_REASONS))]
        if current != VERIFIED:
            return [*moves, (current, REJECTED, dates.started, NOT_CONFIRMED)]
        return [*moves, (current, ATTENDING, dates.started, "The session started.")]

    def _attendance(
        self, enrollment_id: uuid.UUID, held: list[tuple[uuid.UUID, datetime]]
    ) -> list[str]:
        """The participant's attendance at the meetings held; their statuses."""
        odds = PATCHY if self.rng.random() < PATCHY_SHARE else DILIGENT
        random, ids, add = self.rng.random, self.ids, self.buffer.add
        statuses = []
        for meeting_id, recorded in held:
            status = ATTENDANCE[bisect(odds, random())]
            statuses.append(status)
            add(
                "attendance",
                {
                    "id": ids(),
                    "meeting_id": meeting_id,
                    "enrollment_id": enrollment_id,
                    "status": status,
                    "recorded_by": None,
                    "recorded_at": recorded,
                },
            )
        return statuses

    def _learning_record(
        self,
        planned: Planned,
        spec: ProgramSpec,
        enrollment_id: uuid.UUID,
        index: int,
        dates: Dates,
    ) -> None:
        partner = self.catalogue.partners[planned.program]
        batch = self.batches[planned.program, dates.start.year]
        title = f"{spec.title} Angkatan {batch} Tahun {dates.start.year}"
        self.buffer.add(
            "learning_record",
            {
                "id": self.ids(),
                "employee_id": self.people[index].id,
                "development_type_id": spec.type_id,
                "path": self.catalogue.paths[planned.program],
                "leadership_subtype_id": spec.subtype_id,
                "title": title,
                "organiser": partner[1] if partner else self.agency,
                "start_date": dates.start,
                "end_date": dates.end,
                "jp": spec.jp,
                "source": LearningSource.SESSION.value,
                "source_id": str(enrollment_id),
                **credited(title, dates.completed),
            },
        )


def _percentage(excused: str, statuses: list[str]) -> Decimal | None:
    """The attendance percentage as ``app.enrollments.attendance_sql`` computes it, every
    meeting closed and recorded."""
    attended = {A_PRESENT, A_LATE}
    counted = len(statuses)
    if excused == ExcusedAttendance.EXEMPT.value:
        counted -= statuses.count(A_EXCUSED)
    elif excused == ExcusedAttendance.PRESENT.value:
        attended.add(A_EXCUSED)
    if counted == 0:
        return None
    present = sum(1 for status in statuses if status in attended)
    return (Decimal(present * 100) / counted).quantize(Decimal("0.01"), ROUND_HALF_UP)
