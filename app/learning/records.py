"""Learning records from every source, written by one function (:func:`credit`).

Five sources, each recorded on the record: a session passed and an internship completed (their
completion credits them, exactly once: ``(source, source_id)`` is unique); the employee's own
proposal of external training, with its certificate, which counts once an operator of their
OPD verifies it (:mod:`app.learning.lifecycle`); an import, and the national system (SIASN),
many records in one call (:func:`record_many`), each validated as if it came alone.

Duplicates: the same person's certificate number, or the same person's activity (its title
folded: case, accents and spacing aside) on the same dates. Among the records that hold (not
rejected, not linked) each is unique, a partial unique index behind the check. A duplicate
from the same source is refused, and so is a proposal of what is recorded already (there is
nothing to verify); one from another source is kept, linked to the record that counts
(``duplicate_of_id``), and counts nothing: the national system's copy of a session passed here
keeps its SIASN id without counting twice.
"""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import insert, or_, select, tuple_
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session as DbSession
from sqlmodel import col

from app.core.errors import DuplicateRecord, FieldError
from app.core.text import activity_key, search_key
from app.learning import totals
from app.models import LearningRecord
from app.models.base import new_id, utcnow
from app.models.enums import LearningSource, LearningStatus


def certificate_key(number: str | None) -> str | None:
    """A certificate number as duplicates are found by: folded, without spaces."""
    return "".join(search_key(number).split()) if number else None


def credited(title: str, at: datetime) -> dict[str, Any]:
    """The columns a bulk loader (the demo data) sets beside the activity of a record that
    counts: its activity key, status, version and times."""
    return {
        "activity_key": activity_key(title),
        "status": LearningStatus.VERIFIED.value,
        "version": 1,
        "created_at": at,
        "updated_at": at,
    }


@dataclass(frozen=True)
class Credit:
    """A learning record to write: the activity, its dates and JP, and where it came from
    (``source`` and ``source_id``: the enrollment that passed, the internship completed, the
    proposal, the SIASN id)."""

    employee_id: uuid.UUID
    development_type_id: int
    path: str
    leadership_subtype_id: int | None
    title: str
    organiser: str
    start_date: date
    end_date: date
    jp: int
    source: str
    source_id: str
    certificate_number: str | None = None
    document_id: uuid.UUID | None = None
    recorded_by: uuid.UUID | None = None
    id: uuid.UUID = field(default_factory=new_id)

    @property
    def status(self) -> str:
        """A proposal waits for verification; every other source records what happened."""
        if self.source == LearningSource.PROPOSAL.value:
            return LearningStatus.PROPOSED.value
        return LearningStatus.VERIFIED.value


@dataclass(frozen=True)
class Written:
    """A record written: its id, and the record it repeats (None: it counts)."""

    id: uuid.UUID
    duplicate_of: uuid.UUID | None


def credit(
    db: DbSession, credits: Sequence[Credit], loc: Sequence[str | int] = ("body",)
) -> list[Written]:
    """Write ``credits`` (one INSERT) and add those that count to the yearly totals, in the
    caller's transaction; the one path every source writes learning records by.

    Refused, writing nothing (``DuplicateRecord``, naming each at ``loc`` + its index when
    there are several): one that repeats a record of its own source, a proposal repeating
    any, and two of the same batch repeating each other. One repeating a record of another
    source is linked to it. Should a matching record be committed concurrently, the unique
    indexes refuse the INSERT and the check runs once more against it.
    """
    if not credits:
        return []
    for attempt in (1, 2):
        linked = _links(db, credits, loc)
        rows = [_row(item, linked.get(item.id)) for item in credits]
        try:
            with db.begin_nested():
                db.execute(insert(LearningRecord.__table__), rows)  # type: ignore[attr-defined]
        except IntegrityError:
            if attempt == 2:
                raise
            continue
        totals.add(db, [item.id for item in credits if item.id not in linked])
        return [Written(item.id, linked.get(item.id)) for item in credits]
    raise AssertionError("unreachable")  # pragma: no cover


def _row(item: Credit, duplicate_of: uuid.UUID | None) -> dict[str, Any]:
    now = utcnow()
    return {
        "id": item.id,
        "version": 1,
        "employee_id": item.employee_id,
        "development_type_id": item.development_type_id,
        "path": item.path,
        "leadership_subtype_id": item.leadership_subtype_id,
        "title": item.title,
        "activity_key": activity_key(item.title),
        "organiser": item.organiser,
        "start_date": item.start_date,
        "end_date": item.end_date,
        "jp": item.jp,
        "certificate_number": item.certificate_number,
        "certificate_key": certificate_key(item.certificate_number),
        "document_id": item.document_id,
        "source": item.source,
        "source_id": item.source_id,
        "status": item.status,
        "duplicate_of_id": duplicate_of,
        "recorded_by": item.recorded_by,
        "created_at": now,
        "updated_at": now,
    }


def _keys(item: Credit) -> tuple[tuple[Any, ...] | None, tuple[Any, ...]]:
    cert = certificate_key(item.certificate_number)
    return (
        (item.employee_id, cert) if cert else None,
        (item.employee_id, activity_key(item.title), item.start_date, item.end_date),
    )


def _links(
    db: DbSession, credits: Sequence[Credit], loc: Sequence[str | int]
) -> dict[uuid.UUID, uuid.UUID]:
    """The duplicates to link (credit id -> the record that counts); raises for those to
    refuse. Three indexed lookups, whatever the batch's size."""
    many = len(credits) > 1
    errors: list[FieldError] = []
    first: uuid.UUID | None = None

    def refuse(index: int, msg: str, existing: uuid.UUID | None) -> None:
        nonlocal first
        first = first or existing
        errors.append(
            FieldError(loc=[*loc, index] if many else list(loc), msg=msg, type="duplicate")
        )

    seen: dict[tuple[Any, ...], int] = {}
    for index, item in enumerate(credits):
        for key in _keys(item):
            if key is None:
                continue
            if key in seen:
                refuse(index, f"Repeats record {seen[key]} of this batch.", None)
            seen.setdefault(key, index)
    sources = {(item.source, item.source_id): index for index, item in enumerate(credits)}
    resent = db.execute(
        select(
            col(LearningRecord.id), col(LearningRecord.source), col(LearningRecord.source_id)
        ).where(tuple_(col(LearningRecord.source), col(LearningRecord.source_id)).in_(sources))
    ).all()
    for row in resent:
        refuse(
            sources[(row.source, row.source_id)],
            f"Already recorded from {row.source} with id {row.source_id}: record {row.id}.",
            row.id,
        )
    matches = _matches(db, credits)
    links: dict[uuid.UUID, uuid.UUID] = {}
    for index, item in enumerate(credits):
        cert, activity = _keys(item)
        match = matches.get(cert) if cert else None
        match = match or matches.get(activity)
        if match is None:
            continue
        existing_id, existing_source = match
        if item.source in (existing_source, LearningSource.PROPOSAL.value):
            what = "this certificate number" if cert and cert in matches else "this activity"
            refuse(
                index,
                f"This person already has a record of {what} on these dates (record "
                f"{existing_id}, from {existing_source}).",
                existing_id,
            )
        else:
            links[item.id] = existing_id
    if errors:
        detail = errors[0].msg if len(errors) == 1 else f"{len(errors)} records repeat others."
        raise DuplicateRecord(detail, duplicate_of=first, errors=errors)
    return links


def _matches(
    db: DbSession, credits: Sequence[Credit]
) -> dict[tuple[Any, ...], tuple[uuid.UUID, str]]:
    """The records that hold matching any of the credits' keys: key -> (id, source)."""
    record = LearningRecord
    certs = [key for key, _ in map(_keys, credits) if key is not None]
    activities = [key for _, key in map(_keys, credits)]
    conditions = [
        tuple_(
            col(record.employee_id),
            col(record.activity_key),
            col(record.start_date),
            col(record.end_date),
        ).in_(activities)
    ]
    if certs:
        conditions.append(tuple_(col(record.employee_id), col(record.certificate_key)).in_(certs))
    rows = db.execute(
        select(
            col(record.id),
            col(record.source),
            col(record.employee_id),
            col(record.certificate_key),
            col(record.activity_key),
            col(record.start_date),
            col(record.end_date),
        ).where(or_(*conditions), _holds())
    ).all()
    found: dict[tuple[Any, ...], tuple[uuid.UUID, str]] = {}
    for row in rows:
        if row.certificate_key:
            found[(row.employee_id, row.certificate_key)] = (row.id, row.source)
        found[(row.employee_id, row.activity_key, row.start_date, row.end_date)] = (
            row.id,
            row.source,
        )
    return found


def _holds() -> Any:
    """Not rejected, not linked: the records the unique indexes hold
    (``app.models.learning.HOLDS``)."""
    return (col(LearningRecord.status) != LearningStatus.REJECTED.value) & col(
        LearningRecord.duplicate_of_id
    ).is_(None)
