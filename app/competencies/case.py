"""Framework exchange in the 1EdTech CASE 1.0 JSON shape (CFPackage).

Export: one CFDocument (the dictionary), a CFItem per family and per competency, an
``isChildOf`` CFAssociation from each competency to its family, and one CFRubric whose criteria
(one per competency) carry the five levels as CFRubricCriterionLevels (description, indicators
as feedback lines, score = level). Identifiers are the competencies' own ids, or derived from
them (UUIDv5), so an export is stable and an import round-trips.
"""

import uuid
from datetime import UTC, datetime, time
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlalchemy import select
from sqlmodel import Session as DbSession
from sqlmodel import col

from app.audit import service as audit
from app.auth.principal import Principal
from app.competencies.schemas import CompetencyCreate, LevelIn
from app.competencies.service import replace_levels
from app.core.errors import FieldError, InvalidInput
from app.core.types import IsoDate, IsoDateTime, paragraph, single_line
from app.models import Competency, CompetencyFamily, CompetencyLevel
from app.models.base import utcnow

NAMESPACE = uuid.UUID("5b0d3a52-8a55-4a8e-9f53-5d2c0a6a1372")
DOCUMENT_ID = uuid.uuid5(NAMESPACE, "kamus-kompetensi")
RUBRIC_ID = uuid.uuid5(NAMESPACE, "level-kompetensi")
COMPETENCY_TYPE = "Competency"
FAMILY_TYPE = "Competency Family"


def _uri(kind: str, identifier: uuid.UUID | str) -> str:
    return f"urn:bangkom:{kind}:{identifier}"


def _node(title: str, identifier: uuid.UUID, kind: str) -> dict[str, str]:
    return {"title": title, "identifier": str(identifier), "uri": _uri(kind, identifier)}


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def export_package(db: DbSession) -> dict[str, Any]:
    """The whole dictionary (retired competencies included, with their end date)."""
    families = db.execute(select(CompetencyFamily).order_by(col(CompetencyFamily.sort_order)))
    family_items = {f.code: _family_item(f) for f in families.scalars()}
    competencies = list(db.execute(select(Competency).order_by(col(Competency.code))).scalars())
    levels: dict[uuid.UUID, list[CompetencyLevel]] = {c.id: [] for c in competencies}
    for level in db.execute(select(CompetencyLevel).order_by(col(CompetencyLevel.level))).scalars():
        levels.setdefault(level.competency_id, []).append(level)
    changed = max((c.updated_at for c in competencies), default=datetime(2026, 1, 1, tzinfo=UTC))
    document = {
        "identifier": str(DOCUMENT_ID),
        "uri": _uri("document", DOCUMENT_ID),
        "creator": "BKPSDM",
        "title": "Kamus Kompetensi ASN",
        "description": "Managerial and socio-cultural (Permenpan RB 38/2017), technical and "
        "governance competencies, each with levels 1-5.",
        "language": "id",
        "adoptionStatus": "Adopted",
        "lastChangeDateTime": _stamp(changed),
    }
    doc_ref = {
        "title": document["title"],
        "identifier": document["identifier"],
        "uri": document["uri"],
    }
    items = [*family_items.values(), *(_competency_item(c, doc_ref) for c in competencies)]
    return {
        "CFDocument": document,
        "CFItems": items,
        "CFAssociations": [
            _association(c, family_items[c.family_code], doc_ref) for c in competencies
        ],
        "CFRubrics": [_rubric(competencies, levels, changed)],
    }


def _family_item(family: CompetencyFamily) -> dict[str, Any]:
    identifier = uuid.uuid5(NAMESPACE, f"family:{family.code}")
    return {
        "identifier": str(identifier),
        "uri": _uri("item", identifier),
        "fullStatement": family.name,
        "humanCodingScheme": family.code,
        "CFItemType": FAMILY_TYPE,
        "lastChangeDateTime": "2026-01-01T00:00:00Z",
    }


def _competency_item(competency: Competency, doc_ref: dict[str, str]) -> dict[str, Any]:
    item: dict[str, Any] = {
        "identifier": str(competency.id),
        "uri": _uri("item", competency.id),
        "CFDocumentURI": doc_ref,
        "fullStatement": competency.definition,
        "abbreviatedStatement": competency.name,
        "humanCodingScheme": competency.code,
        "CFItemType": COMPETENCY_TYPE,
        "lastChangeDateTime": _stamp(competency.updated_at),
    }
    if competency.retired_at is not None:
        item["statusEndDate"] = competency.retired_at.date().isoformat()
    return item


def _association(
    competency: Competency, family_item: dict[str, Any], doc_ref: dict[str, str]
) -> dict[str, Any]:
    identifier = uuid.uuid5(NAMESPACE, f"child:{competency.id}")
    return {
        "identifier": str(identifier),
        "uri": _uri("association", identifier),
        "associationType": "isChildOf",
        "CFDocumentURI": doc_ref,
        "originNodeURI": _node(competency.name, competency.id, "item"),
        "destinationNodeURI": _node(
            family_item["fullStatement"], uuid.UUID(family_item["identifier"]), "item"
        ),
        "lastChangeDateTime": _stamp(competency.updated_at),
    }


def _rubric(
    competencies: list[Competency],
    levels: dict[uuid.UUID, list[CompetencyLevel]],
    changed: datetime,
) -> dict[str, Any]:
    criteria = []
    for position, competency in enumerate(competencies, start=1):
        criterion_id = uuid.uuid5(NAMESPACE, f"criterion:{competency.id}")
        criteria.append(
            {
                "identifier": str(criterion_id),
                "uri": _uri("criterion", criterion_id),
                "category": competency.family_code,
                "description": competency.name,
                "CFItemURI": _node(competency.name, competency.id, "item"),
                "position": position,
                "rubricId": str(RUBRIC_ID),
                "lastChangeDateTime": _stamp(competency.updated_at),
                "CFRubricCriterionLevels": [
                    _level(competency, level) for level in levels[competency.id]
                ],
            }
        )
    return {
        "identifier": str(RUBRIC_ID),
        "uri": _uri("rubric", RUBRIC_ID),
        "title": "Level Kompetensi 1-5",
        "lastChangeDateTime": _stamp(changed),
        "CFRubricCriteria": criteria,
    }


def _level(competency: Competency, level: CompetencyLevel) -> dict[str, Any]:
    identifier = uuid.uuid5(NAMESPACE, f"level:{competency.id}:{level.level}")
    return {
        "identifier": str(identifier),
        "uri": _uri("level", identifier),
        "description": level.description,
        "quality": f"Level {level.level}",
        "score": level.level,
        "feedback": "\n".join(level.indicators),
        "position": level.level,
        "rubricCriterionId": str(uuid.uuid5(NAMESPACE, f"criterion:{competency.id}")),
    }


class _Node(BaseModel):
    model_config = ConfigDict(extra="allow")
    identifier: uuid.UUID


class _Item(BaseModel):
    model_config = ConfigDict(extra="allow")
    identifier: uuid.UUID
    fullStatement: Annotated[str, paragraph(1, 2000)]
    abbreviatedStatement: Annotated[str, single_line(1, 200)] | None = None
    humanCodingScheme: Annotated[str, single_line(1, 32)]
    CFItemType: Annotated[str, single_line(1, 64)]
    lastChangeDateTime: IsoDateTime | None = None
    statusEndDate: IsoDate | None = None


class _Association(BaseModel):
    model_config = ConfigDict(extra="allow")
    associationType: Annotated[str, single_line(1, 64)]
    originNodeURI: _Node
    destinationNodeURI: _Node


class _Level(BaseModel):
    model_config = ConfigDict(extra="allow")
    description: Annotated[str, paragraph(1, 1000)]
    score: int = Field(ge=0, le=100, strict=True)
    feedback: Annotated[str, paragraph(0, 4000)] | None = None


class _Criterion(BaseModel):
    model_config = ConfigDict(extra="allow")
    CFItemURI: _Node
    CFRubricCriterionLevels: list[_Level] = Field(max_length=10)


class _Rubric(BaseModel):
    model_config = ConfigDict(extra="allow")
    CFRubricCriteria: list[_Criterion] = Field(max_length=5000)


class CasePackage(BaseModel):
    """The parts of a CFPackage that Bangkom reads; other fields are accepted and ignored."""

    model_config = ConfigDict(extra="allow")

    CFDocument: dict[str, Any]
    CFItems: list[_Item] = Field(max_length=5000)
    CFAssociations: list[_Association] = Field(default_factory=list, max_length=20000)
    CFRubrics: list[_Rubric] = Field(default_factory=list, max_length=10)


def import_package(db: DbSession, package: CasePackage, actor: Principal) -> dict[str, int]:
    """Create or update competencies from a package, all or nothing; matched by identifier."""
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
    known_families = set(db.execute(select(col(CompetencyFamily.code))).scalars())
    counts = {"created": 0, "updated": 0}
    for index, item in enumerate(i for i in package.CFItems if i.CFItemType == COMPETENCY_TYPE):
        data = _as_competency(item, parent.get(item.identifier), rubric.get(item.identifier), index)
        if data.family_code not in known_families:
            raise InvalidInput.field(
                ["body", "CFItems", index],
                f"Unknown family {data.family_code!r}.",
                "unknown_family",
            )
        counts[_upsert(db, item, data, actor)] += 1
    db.commit()
    return counts


def _as_competency(
    item: _Item, family: str | None, criterion: _Criterion | None, index: int
) -> CompetencyCreate:
    levels = [
        LevelIn(
            level=lv.score,
            description=lv.description,
            indicators=[line for line in (lv.feedback or "").split("\n") if line],
        )
        for lv in (criterion.CFRubricCriterionLevels if criterion else [])
    ]
    try:
        return CompetencyCreate(
            code=item.humanCodingScheme,
            name=item.abbreviatedStatement or item.humanCodingScheme,
            definition=item.fullStatement,
            family_code=family or "",
            levels=levels,
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


def _upsert(db: DbSession, item: _Item, data: CompetencyCreate, actor: Principal) -> str:
    changed = item.lastChangeDateTime or utcnow()
    retired = datetime.combine(item.statusEndDate, time(), UTC) if item.statusEndDate else None
    competency = db.get(Competency, item.identifier)
    action = "updated" if competency is not None else "created"
    if competency is None:
        clash = db.execute(select(Competency).where(col(Competency.code) == data.code)).scalar()
        if clash is not None:
            raise InvalidInput.field(
                ["body", "CFItems"],
                f"Code {data.code!r} belongs to another competency than the item's identifier.",
                "code_taken",
            )
        competency = Competency(
            id=item.identifier,
            code=data.code,
            name=data.name,
            definition=data.definition,
            family_code=data.family_code,
        )
    before = competency.model_dump()
    competency.code, competency.name = data.code, data.name
    competency.definition, competency.family_code = data.definition, data.family_code
    competency.retired_at, competency.updated_at = retired, changed
    db.add(competency)
    db.flush()
    replace_levels(db, competency.id, data.levels)
    audit.record(
        db,
        actor=actor,
        action=f"import_{action}",
        entity_type="competency",
        entity_id=competency.id,
        changes=audit.diff(before, competency.model_dump()),
    )
    return action
