"""Import of a 1EdTech CASE 1.0 package into the dictionary (the export is ``case.py``).

The package is validated and turned into competencies before the database is touched (on
SQLite a writer's first statement takes the write lock). What is stored is then read and
compared in a read transaction, and only what changed is written: a fixed number of bulk
statements in one short transaction, all or nothing.
"""

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, time
from typing import Any

from pydantic import ValidationError
from sqlalchemy import bindparam, delete, func, insert, select, update
from sqlmodel import Session as DbSession
from sqlmodel import col

from app.audit import service as audit
from app.auth.principal import Principal
from app.competencies.case import COMPETENCY, COMPETENCY_TYPE, CONTENT, FAMILY_TYPE, LEVEL
from app.competencies.case_schemas import CaseCriterion, CaseItem, CasePackage
from app.competencies.schemas import CompetencyCreate, LevelIn
from app.competencies.service import check_capacity
from app.core.db import read_phase
from app.core.errors import Conflict, FieldError, InvalidInput
from app.core.text import search_key
from app.models import CompetencyFamily
from app.models.base import utcnow

# Ids (and codes) per IN (...) list, bound as one expanding parameter (no per-value
# expression): 2 x 2,000 values per statement, well under SQLite's and PostgreSQL's limits.
CHUNK = 2_000


@dataclass
class _Planned:
    """A competency of the package, validated, with where it came from."""

    index: int
    item: CaseItem
    data: CompetencyCreate

    @property
    def id(self) -> uuid.UUID:
        return self.item.identifier

    def levels(self) -> list[tuple[int, str, list[str]]]:
        return [(lv.level, lv.description, list(lv.indicators)) for lv in self.data.levels]

    def retired_at(self, stored: datetime | None) -> datetime | None:
        """As sent: the instant of the extension, else the date's midnight (UTC); a date
        alone that is the stored retirement's keeps the stored time of day."""
        extensions = self.item.extensions
        if extensions is not None and extensions.retiredAt is not None:
            return extensions.retiredAt
        end = self.item.statusEndDate
        if end is None:
            return None
        if stored is not None and stored.astimezone(UTC).date() == end:
            return stored
        return datetime.combine(end, time(), UTC)


def import_package(db: DbSession, package: CasePackage, actor: Principal) -> dict[str, int]:
    """Create or update competencies from a package, all or nothing; matched by identifier.

    An item whose content (code, name, definition, family, retirement, levels) equals the
    stored competency's is left alone: not written, not audited. What is stored is read and
    compared in a read transaction (on SQLite it takes no write lock); the write transaction
    then checks that no competency was created or changed meanwhile (else it compares again,
    under the lock) and writes with bulk statements.
    """
    planned = _plan(package)  # no database access yet: nothing is locked while validating
    with read_phase(db):
        changes = _changes(db, planned)
    if changes.created or changes.updated:
        writes = _prepare(changes, actor)  # still before the write transaction
        if _fingerprint(db) != changes.fingerprint:  # written meanwhile: compare again, locked
            changes = _changes(db, planned)
            writes = _prepare(changes, actor)
        check_capacity(db, len(changes.created))
        _write(db, writes)
        db.commit()
    return {
        "created": len(changes.created),
        "updated": len(changes.updated),
        "unchanged": len(planned) - len(changes.created) - len(changes.updated),
    }


@dataclass
class _Changes:
    """What an import has to write, and the state of the dictionary it was computed from."""

    fingerprint: tuple[int, int]
    stored: dict[uuid.UUID, Any]
    created: list[_Planned]
    updated: list[_Planned]
    relevelled: set[uuid.UUID]  # updated ones whose levels changed


def _fingerprint(db: DbSession) -> tuple[int, int]:
    """(count, sum of versions) of the competencies: it changes with every create and every
    update (each bumps the version; levels change only with their competency)."""
    row = db.execute(
        select(func.count(), func.coalesce(func.sum(COMPETENCY.c.version), 0)).select_from(
            COMPETENCY
        )
    ).one()
    return int(row[0]), int(row[1])


def _changes(db: DbSession, planned: list[_Planned]) -> _Changes:
    fingerprint = _fingerprint(db)
    _check_families(db, planned)
    stored, stored_levels = _stored(db, planned)
    changes = _Changes(fingerprint, stored, [], [], set())
    for entry in planned:
        current = stored.get(entry.id)
        if current is None:
            changes.created.append(entry)
            continue
        if entry.levels() != stored_levels.get(entry.id, []):
            changes.relevelled.add(entry.id)
        if entry.id in changes.relevelled or _content(entry, current) != _stored_content(current):
            changes.updated.append(entry)
    return changes


def _plan(package: CasePackage) -> list[_Planned]:
    """The package's competencies, validated as if created one by one (422 naming the item)."""
    families = {
        item.identifier: item.humanCodingScheme
        for item in package.CFItems
        if item.CFItemType == FAMILY_TYPE
    }
    parent = {
        a.originNodeURI.identifier: families.get(a.destinationNodeURI.identifier)
        for a in package.CFAssociations
        if a.associationType == "isChildOf"
    }
    rubric = {c.CFItemURI.identifier: c for r in package.CFRubrics for c in r.CFRubricCriteria}
    planned: list[_Planned] = []
    seen_ids: set[uuid.UUID] = set()
    seen_codes: set[str] = set()
    for index, item in enumerate(package.CFItems):
        if item.CFItemType != COMPETENCY_TYPE:
            continue
        data = _as_competency(item, parent.get(item.identifier), rubric.get(item.identifier), index)
        if item.identifier in seen_ids or data.code in seen_codes:
            raise InvalidInput.field(
                ["body", "CFItems", index],
                f"CFItem {data.code!r} appears twice in the package (identifier or code).",
                "duplicate_competency",
            )
        seen_ids.add(item.identifier)
        seen_codes.add(data.code)
        planned.append(_Planned(index, item, data))
    return planned


def _as_competency(
    item: CaseItem, family: str | None, criterion: CaseCriterion | None, index: int
) -> CompetencyCreate:
    try:
        return CompetencyCreate(
            code=item.humanCodingScheme,
            name=item.abbreviatedStatement or item.humanCodingScheme,
            definition=item.fullStatement,
            family_code=family or "",
            levels=[
                LevelIn(
                    level=lv.score,
                    description=lv.description,
                    indicators=[line for line in (lv.feedback or "").split("\n") if line.strip()],
                )
                for lv in (criterion.CFRubricCriterionLevels if criterion else [])
            ],
        )
    except ValidationError as exc:
        errors = [
            FieldError(
                loc=["body", "CFItems", index, *[str(p) for p in e["loc"]]],
                msg=e["msg"],
                type=e["type"],
            )
            for e in exc.errors()[:20]
        ]
        raise InvalidInput(
            f"CFItem {item.humanCodingScheme!r} is not a valid competency "
            "(family, five levels 1-5, lengths).",
            errors=errors,
        ) from None


def _check_families(db: DbSession, planned: list[_Planned]) -> None:
    known = set(db.execute(select(col(CompetencyFamily.code))).scalars())
    for entry in planned:
        if entry.data.family_code not in known:
            raise InvalidInput.field(
                ["body", "CFItems", entry.index],
                f"Unknown family {entry.data.family_code!r}.",
                "unknown_family",
            )


def _chunks(values: list[Any]) -> list[list[Any]]:
    return [values[start : start + CHUNK] for start in range(0, len(values), CHUNK)]


def _stored(
    db: DbSession, planned: list[_Planned]
) -> tuple[dict[uuid.UUID, Any], dict[uuid.UUID, list[tuple[int, str, list[str]]]]]:
    """The stored competencies the package names (by id), and their levels; a code that
    belongs to another competency than the item's is refused."""
    columns = [COMPETENCY.c[name] for name in ("id", *CONTENT, "version")]
    named = {e.id for e in planned}
    by_id: dict[uuid.UUID, Any] = {}
    owners: dict[str, uuid.UUID] = {}
    by_id_or_code = select(*columns).where(
        COMPETENCY.c.id.in_(bindparam("ids", expanding=True))
        | COMPETENCY.c.code.in_(bindparam("codes", expanding=True))
    )
    for chunk in _chunks(planned):
        rows = db.execute(
            by_id_or_code, {"ids": [e.id for e in chunk], "codes": [e.data.code for e in chunk]}
        )
        for row in rows:
            owners[row.code] = row.id
            if row.id in named:
                by_id[row.id] = row
    for entry in planned:
        owner = owners.get(entry.data.code)
        if owner is not None and owner != entry.id:
            raise InvalidInput.field(
                ["body", "CFItems", entry.index],
                f"Code {entry.data.code!r} belongs to another competency than the item's "
                "identifier.",
                "code_taken",
            )
    levels: dict[uuid.UUID, list[tuple[int, str, list[str]]]] = {}
    of_competencies = (
        select(LEVEL.c.competency_id, LEVEL.c.level, LEVEL.c.description, LEVEL.c.indicators)
        .where(LEVEL.c.competency_id.in_(bindparam("ids", expanding=True)))
        .order_by(LEVEL.c.competency_id, LEVEL.c.level)
    )
    for chunk in _chunks(list(by_id)):
        rows = db.execute(of_competencies, {"ids": chunk})
        for row in rows:
            levels.setdefault(row.competency_id, []).append(
                (row.level, row.description, list(row.indicators))
            )
    return by_id, levels


def _content(entry: _Planned, stored: Any | None) -> dict[str, Any]:
    data = entry.data
    return {
        "code": data.code,
        "name": data.name,
        "definition": data.definition,
        "family_code": data.family_code,
        "retired_at": entry.retired_at(stored.retired_at if stored is not None else None),
    }


def _stored_content(row: Any) -> dict[str, Any]:
    return {name: getattr(row, name) for name in CONTENT}


@dataclass
class _Writes:
    """The rows an import writes, built before its write transaction begins."""

    created: list[dict[str, Any]]
    updated: list[dict[str, Any]]
    relevelled: list[uuid.UUID]
    levels: list[dict[str, Any]]
    events: list[dict[str, Any]]


def _prepare(changes: _Changes, actor: Principal) -> _Writes:
    now = utcnow()
    created, updated, stored = changes.created, changes.updated, changes.stored
    relevelled = [e for e in updated if e.id in changes.relevelled]
    return _Writes(
        created=[
            {
                "id": e.id,
                "version": 1,
                **_content(e, None),
                "created_at": now,
                "updated_at": e.item.lastChangeDateTime or now,
            }
            for e in created
        ],
        updated=[_update_row(e, stored[e.id], now) for e in updated],
        relevelled=[e.id for e in relevelled],
        levels=[
            {"competency_id": e.id, "level": n, "description": text, "indicators": indicators}
            for e in (*created, *relevelled)
            for n, text, indicators in e.levels()
        ],
        events=audit.event_rows(
            actor=actor,
            entity_type="competency",
            events=[
                ("import_created", e.id, audit.diff(None, {"id": e.id, **_content(e, None)}))
                for e in created
            ]
            + [
                ("import_updated", e.id, _update_diff(e, stored[e.id], e.id in changes.relevelled))
                for e in updated
            ],
        ),
    )


def _write(db: DbSession, writes: _Writes) -> None:
    """Bulk statements: insert the new, update the changed (each at the version read),
    replace the levels that changed, append the audit events."""
    if writes.created:
        db.execute(insert(COMPETENCY), writes.created)
    if writes.updated:
        result = db.execute(_update_statement(), writes.updated)
        if result.rowcount != len(writes.updated):  # type: ignore[attr-defined]
            raise Conflict(
                "Competencies of the package were changed by another request meanwhile; "
                "import it again."
            )
    ids: Any = bindparam("ids", expanding=True)
    for chunk in _chunks(writes.relevelled):
        db.execute(delete(LEVEL).where(LEVEL.c.competency_id.in_(ids)), {"ids": chunk})
    if writes.levels:
        db.execute(insert(LEVEL), writes.levels)
    audit.record_rows(db, writes.events)


def _update_statement() -> Any:
    """UPDATE of one competency by id and the version read, bumping it (as the ORM does)."""
    return (
        update(COMPETENCY)
        .where(
            COMPETENCY.c.id == bindparam("target_id"),
            COMPETENCY.c.version == bindparam("read_version"),
        )
        .values(
            {name: bindparam(name) for name in (*CONTENT, "updated_at", "search_key")}
            | {"version": COMPETENCY.c.version + 1}
        )
    )


def _update_row(entry: _Planned, stored: Any, now: datetime) -> dict[str, Any]:
    return {
        "target_id": entry.id,
        "read_version": stored.version,
        **_content(entry, stored),
        "search_key": search_key(entry.data.name),
        "updated_at": entry.item.lastChangeDateTime or now,
    }


def _update_diff(entry: _Planned, stored: Any, relevelled: bool) -> dict[str, Any]:
    changes = audit.diff(_stored_content(stored), _content(entry, stored))
    if relevelled:
        changes["levels"] = {"before": None, "after": "replaced"}
    return changes
