"""The competency dictionary and the standards positions are held to."""

import hashlib
import uuid
from typing import Any

from sqlalchemy import Select, and_, case, delete, exists, func, literal, select, union_all
from sqlmodel import Session as DbSession
from sqlmodel import col

from app.audit import service as audit
from app.auth.principal import Principal
from app.competencies.schemas import (
    DICTIONARY_CAPACITY,
    CompetencyCreate,
    CompetencyUpdate,
    EffectiveStandardItem,
    LevelIn,
    StandardItem,
)
from app.core.errors import (
    Conflict,
    InvalidInput,
    NotFound,
    PreconditionFailed,
    PreconditionRequired,
)
from app.core.listing import PageParams, contains_pattern, order_by, paginate
from app.core.updates import apply_update
from app.models import (
    Competency,
    CompetencyFamily,
    CompetencyLevel,
    DefaultStandard,
    Position,
    PositionStandard,
    PositionType,
)
from app.models.base import utcnow

SORT_COLUMNS: dict[str, Any] = {"code": col(Competency.code), "name": col(Competency.name)}


def list_families(db: DbSession, *, params: PageParams) -> tuple[list[Any], int]:
    """The families in their conventional order."""
    return paginate(db, select(CompetencyFamily), params, [col(CompetencyFamily.sort_order)])


def list_competencies(
    db: DbSession,
    *,
    params: PageParams,
    sort: str,
    family_code: str | None = None,
    q: str | None = None,
    include_retired: bool = False,
) -> tuple[list[Any], int]:
    """The dictionary, without retired competencies unless asked."""
    statement = select(Competency)
    if family_code is not None:
        statement = statement.where(col(Competency.family_code) == family_code)
    if q:
        pattern = contains_pattern(q)
        statement = statement.where(
            col(Competency.search_key).like(pattern, "\\")
            | func.lower(col(Competency.code)).like(pattern, "\\")
        )
    if not include_retired:
        statement = statement.where(col(Competency.retired_at).is_(None))
    return paginate(db, statement, params, [*order_by(sort, SORT_COLUMNS), col(Competency.id)])


def get_competency(
    db: DbSession, competency_id: uuid.UUID
) -> tuple[Competency, list[CompetencyLevel]]:
    """A competency and its levels, or 404."""
    competency = db.get(Competency, competency_id)
    if competency is None:
        raise NotFound(f"Competency {competency_id} does not exist.")
    levels = (
        db.execute(
            select(CompetencyLevel)
            .where(col(CompetencyLevel.competency_id) == competency_id)
            .order_by(col(CompetencyLevel.level))
        )
        .scalars()
        .all()
    )
    return competency, list(levels)


def create_competency(db: DbSession, data: CompetencyCreate, actor: Principal) -> Competency:
    """Add a competency with its five levels."""
    _check_family(db, data.family_code)
    check_capacity(db, 1)
    if db.execute(select(exists().where(col(Competency.code) == data.code))).scalar():
        raise Conflict(f"A competency with code {data.code!r} already exists.")
    competency = Competency(
        code=data.code, name=data.name, definition=data.definition, family_code=data.family_code
    )
    db.add(competency)
    db.flush()
    replace_levels(db, competency.id, data.levels)
    audit.created(db, actor, "competency", competency)
    db.commit()
    return competency


def check_capacity(db: DbSession, adding: int) -> None:
    """Refuse to grow the dictionary past ``DICTIONARY_CAPACITY`` (409)."""
    if not adding:
        return
    held = db.execute(select(func.count()).select_from(Competency)).scalar_one()
    if held + adding > DICTIONARY_CAPACITY:
        raise Conflict(
            f"The dictionary holds at most {DICTIONARY_CAPACITY} competencies, retired ones "
            f"included; it has {held}, and {adding} more were asked for."
        )


def update_competency(
    db: DbSession,
    competency_id: uuid.UUID,
    data: CompetencyUpdate,
    if_match: str | None,
    actor: Principal,
) -> Competency:
    """Change a competency; retiring keeps it for history and hides it from new standards."""
    competency, _ = get_competency(db, competency_id)
    levels = {"levels": "replaced"} if data.levels else {}
    apply_update(
        db,
        competency,
        lambda: _competency_changes(db, competency, data),
        if_match=if_match,
        actor=actor,
        entity_type="competency",
        after=lambda: competency.model_dump() | levels,
    )
    return competency


def _competency_changes(
    db: DbSession, competency: Competency, data: CompetencyUpdate
) -> dict[str, Any]:
    changes = data.model_dump(exclude_unset=True, exclude={"levels", "retired"})
    if changes.get("family_code") is not None:
        _check_family(db, changes["family_code"])
    values = {field: value for field, value in changes.items() if value is not None}
    if data.retired is not None:
        values["retired_at"] = utcnow() if data.retired else None
    if data.levels is not None:
        replace_levels(db, competency.id, data.levels)
    return values


def effective_standards(positions: Any | None = None) -> Select[Any]:
    """(position_id, competency_id, required_level, source) of every position, as one SELECT.

    A position's own requirement wins over its functional level's default, which wins over its
    type's default: the candidates of the three kinds are ranked per position and competency
    (equi-joins and one window, so it stays linear at any size). ``positions`` (a SELECT of ids)
    limits the work to those positions. Retired competencies are left out.
    """
    position, default = Position, DefaultStandard
    own: Any = select(
        col(PositionStandard.position_id).label("position_id"),
        col(PositionStandard.competency_id).label("competency_id"),
        col(PositionStandard.required_level).label("required_level"),
        literal(1).label("priority"),
    )
    by_level = select(
        col(position.id), col(default.competency_id), col(default.required_level), literal(2)
    ).join(
        default,
        and_(
            col(default.position_type_code) == col(position.position_type_code),
            col(default.functional_level) == col(position.functional_level),
        ),
    )
    by_type = select(
        col(position.id), col(default.competency_id), col(default.required_level), literal(3)
    ).join(
        default,
        and_(
            col(default.position_type_code) == col(position.position_type_code),
            col(default.functional_level).is_(None),
        ),
    )
    if positions is not None:
        own = own.where(col(PositionStandard.position_id).in_(positions))
        by_level = by_level.where(col(position.id).in_(positions))
        by_type = by_type.where(col(position.id).in_(positions))
    candidates = union_all(own, by_level, by_type).subquery("candidates")
    ranked = select(
        candidates,
        func.row_number()
        .over(
            partition_by=(candidates.c.position_id, candidates.c.competency_id),
            order_by=candidates.c.priority,
        )
        .label("rank"),
    ).subquery("ranked")
    return (
        select(
            ranked.c.position_id,
            ranked.c.competency_id,
            ranked.c.required_level,
            case((ranked.c.priority == 1, literal("position")), else_=literal("default")).label(
                "source"
            ),
        )
        .join(Competency, col(Competency.id) == ranked.c.competency_id)
        .where(ranked.c.rank == 1, col(Competency.retired_at).is_(None))
    )


def position_standard(db: DbSession, position_id: uuid.UUID) -> list[EffectiveStandardItem]:
    """The effective standard of one position, with competency names, in one query."""
    if db.get(Position, position_id) is None:
        raise NotFound(f"Position {position_id} does not exist.")
    rows = _named(effective_standards(select(literal(position_id))).subquery("standard"))
    rows = rows.where(rows.selected_columns.position_id == position_id)
    return [_item(row) for row in db.execute(rows)]


def set_position_standard(
    db: DbSession,
    position_id: uuid.UUID,
    items: list[StandardItem],
    if_match: str | None,
    actor: Principal,
) -> list[EffectiveStandardItem]:
    """Replace a position's own requirements in one call (its type's defaults still apply)."""
    current = position_standard(db, position_id)
    _check_set_etag(if_match, [i for i in current if i.source == "position"])
    _check_items(db, items)
    db.execute(delete(PositionStandard).where(col(PositionStandard.position_id) == position_id))
    for item in items:
        db.add(
            PositionStandard(
                position_id=position_id,
                competency_id=item.competency_id,
                required_level=item.required_level,
            )
        )
    audit.record(
        db,
        actor=actor,
        action="set_standard",
        entity_type="position",
        entity_id=position_id,
        changes=_set_diff(current, items, "position"),
    )
    db.commit()
    return position_standard(db, position_id)


def default_standard(
    db: DbSession, position_type_code: str, functional_level: str | None
) -> list[EffectiveStandardItem]:
    """The default requirements of a position type (and functional level)."""
    if db.get(PositionType, position_type_code) is None:
        raise NotFound(f"Position type {position_type_code!r} does not exist.")
    level = (
        col(DefaultStandard.functional_level).is_(None)
        if functional_level is None
        else col(DefaultStandard.functional_level) == functional_level
    )
    rows = db.execute(
        select(
            col(DefaultStandard.competency_id),
            col(Competency.code),
            col(Competency.name),
            col(Competency.family_code),
            col(DefaultStandard.required_level),
            literal("default").label("source"),
        )
        .join(Competency, col(Competency.id) == col(DefaultStandard.competency_id))
        .where(
            col(DefaultStandard.position_type_code) == position_type_code,
            level,
            col(Competency.retired_at).is_(None),
        )
        .order_by(col(Competency.code))
    )
    return [_item(row) for row in rows]


def set_default_standard(
    db: DbSession,
    position_type_code: str,
    functional_level: str | None,
    items: list[StandardItem],
    if_match: str | None,
    actor: Principal,
) -> list[EffectiveStandardItem]:
    """Replace the defaults of a position type (and functional level) in one call."""
    current = default_standard(db, position_type_code, functional_level)
    _check_set_etag(if_match, current)
    _check_items(db, items)
    level = (
        col(DefaultStandard.functional_level).is_(None)
        if functional_level is None
        else col(DefaultStandard.functional_level) == functional_level
    )
    db.execute(
        delete(DefaultStandard).where(
            col(DefaultStandard.position_type_code) == position_type_code, level
        )
    )
    for item in items:
        db.add(
            DefaultStandard(
                position_type_code=position_type_code,
                functional_level=functional_level,
                competency_id=item.competency_id,
                required_level=item.required_level,
            )
        )
    audit.record(
        db,
        actor=actor,
        action="set_default_standard",
        entity_type="position_type",
        entity_id=f"{position_type_code}:{functional_level or '*'}",
        changes=_set_diff(current, items, "default"),
    )
    db.commit()
    return default_standard(db, position_type_code, functional_level)


def set_etag(items: list[EffectiveStandardItem]) -> str:
    """A strong ETag of a set of requirements: a digest of its content."""
    text = ";".join(sorted(f"{i.competency_id}={i.required_level}" for i in items))
    return '"' + hashlib.sha256(text.encode()).hexdigest()[:32] + '"'


def _check_set_etag(if_match: str | None, current: list[EffectiveStandardItem]) -> None:
    if if_match is None or not if_match.strip():
        raise PreconditionRequired("Send If-Match with the ETag of the standard you last read.")
    tags = [tag.strip() for tag in if_match.split(",")]
    if "*" not in tags and set_etag(current) not in tags:
        raise PreconditionFailed("The standard changed since you read it; read it again.")


def _check_items(db: DbSession, items: list[StandardItem]) -> None:
    check_competencies(db, [item.competency_id for item in items], field="items")


def check_competencies(db: DbSession, ids: list[uuid.UUID], *, field: str) -> None:
    """Each id once, of an existing competency that is not retired (422 naming the item)."""
    if len(set(ids)) != len(ids):
        raise InvalidInput.field(
            ["body", field], "A competency appears more than once.", "duplicate_competency"
        )
    found = dict(
        db.execute(
            select(col(Competency.id), col(Competency.retired_at)).where(
                col(Competency.id).in_(ids)
            )
        ).all()
    )
    for index, competency_id in enumerate(ids):
        loc: list[str | int] = ["body", field, index, "competency_id"]
        if competency_id not in found:
            raise InvalidInput.field(
                loc, f"Competency {competency_id} does not exist.", "unknown_competency"
            )
        if found[competency_id] is not None:
            raise InvalidInput.field(
                loc, f"Competency {competency_id} is retired.", "retired_competency"
            )


def _check_family(db: DbSession, family_code: str) -> None:
    if db.get(CompetencyFamily, family_code) is None:
        raise InvalidInput.field(
            ["body", "family_code"], f"Unknown family {family_code!r}.", "unknown_family"
        )


def replace_levels(db: DbSession, competency_id: uuid.UUID, levels: list[LevelIn]) -> None:
    db.execute(delete(CompetencyLevel).where(col(CompetencyLevel.competency_id) == competency_id))
    for level in levels:
        db.add(
            CompetencyLevel(
                competency_id=competency_id,
                level=level.level,
                description=level.description,
                indicators=list(level.indicators),
            )
        )


def _named(standard: Any) -> Select[Any]:
    return (
        select(
            standard.c.position_id,
            standard.c.competency_id,
            col(Competency.code),
            col(Competency.name),
            col(Competency.family_code),
            standard.c.required_level,
            standard.c.source,
        )
        .join(Competency, col(Competency.id) == standard.c.competency_id)
        .order_by(col(Competency.code))
    )


def _item(row: Any) -> EffectiveStandardItem:
    return EffectiveStandardItem(
        competency_id=row.competency_id,
        code=row.code,
        name=row.name,
        family_code=row.family_code,
        required_level=row.required_level,
        source=row.source,
    )


def _set_diff(
    current: list[EffectiveStandardItem], items: list[StandardItem], source: str
) -> dict[str, Any]:
    before = {str(i.competency_id): i.required_level for i in current if i.source == source}
    after = {str(i.competency_id): i.required_level for i in items}
    return audit.diff(before, after)
