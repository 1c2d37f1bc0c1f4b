"""Framework exchange in the 1EdTech CASE 1.0 JSON shape (CFPackage).

Export: one CFDocument (the dictionary), a CFItem per family and per competency, an
``isChildOf`` CFAssociation from each competency to its family, and one CFRubric whose criteria
(one per competency) carry the five levels as CFRubricCriterionLevels (description, indicators
as feedback lines, score = level). Identifiers are the competencies' own ids, or derived from
them (UUIDv5), so an export is stable and an import round-trips. Times are written as stored,
to the microsecond; a retired competency carries CASE's ``statusEndDate`` (a date) and the
instant itself in ``extensions.retiredAt``.

The import is in :mod:`app.competencies.case_import`.
"""

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlmodel import Session as DbSession
from sqlmodel import col

from app.models import Competency, CompetencyFamily, CompetencyLevel

NAMESPACE = uuid.UUID("5b0d3a52-8a55-4a8e-9f53-5d2c0a6a1372")
DOCUMENT_ID = uuid.uuid5(NAMESPACE, "kamus-kompetensi")
RUBRIC_ID = uuid.uuid5(NAMESPACE, "level-kompetensi")
COMPETENCY_TYPE = "Competency"
FAMILY_TYPE = "Competency Family"
FAMILIES_CHANGED = "2026-01-01T00:00:00Z"  # families come from migration 0003

COMPETENCY = Competency.__table__  # type: ignore[attr-defined]
LEVEL = CompetencyLevel.__table__  # type: ignore[attr-defined]
CONTENT = ("code", "name", "definition", "family_code", "retired_at")


def _uri(kind: str, identifier: uuid.UUID | str) -> str:
    return f"urn:bangkom:{kind}:{identifier}"


def _node(title: str, identifier: uuid.UUID, kind: str) -> dict[str, str]:
    return {"title": title, "identifier": str(identifier), "uri": _uri(kind, identifier)}


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def export_package(db: DbSession) -> dict[str, Any]:
    """The whole dictionary (retired competencies included), in three queries."""
    families = db.execute(
        select(col(CompetencyFamily.code), col(CompetencyFamily.name)).order_by(
            col(CompetencyFamily.sort_order)
        )
    ).all()
    competencies = list(
        db.execute(
            select(*(COMPETENCY.c[name] for name in ("id", *CONTENT, "updated_at"))).order_by(
                COMPETENCY.c.code
            )
        )
    )
    levels: dict[uuid.UUID, list[Any]] = {c.id: [] for c in competencies}
    for level in db.execute(select(LEVEL).order_by(LEVEL.c.competency_id, LEVEL.c.level)):
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
    doc_ref = {k: document[k] for k in ("title", "identifier", "uri")}
    family_items = {code: _family_item(code, name) for code, name in families}
    return {
        "CFDocument": document,
        "CFItems": [
            *family_items.values(),
            *(_competency_item(c, doc_ref) for c in competencies),
        ],
        "CFAssociations": [
            _association(c, family_items[c.family_code], doc_ref) for c in competencies
        ],
        "CFRubrics": [_rubric(competencies, levels, changed)],
    }


def _family_item(code: str, name: str) -> dict[str, Any]:
    identifier = uuid.uuid5(NAMESPACE, f"family:{code}")
    return {
        "identifier": str(identifier),
        "uri": _uri("item", identifier),
        "fullStatement": name,
        "humanCodingScheme": code,
        "CFItemType": FAMILY_TYPE,
        "lastChangeDateTime": FAMILIES_CHANGED,
    }


def _competency_item(competency: Any, doc_ref: dict[str, str]) -> dict[str, Any]:
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
        item["statusEndDate"] = competency.retired_at.astimezone(UTC).date().isoformat()
        item["extensions"] = {"retiredAt": _stamp(competency.retired_at)}
    return item


def _association(
    competency: Any, family_item: dict[str, Any], doc_ref: dict[str, str]
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
    competencies: list[Any], levels: dict[uuid.UUID, list[Any]], changed: datetime
) -> dict[str, Any]:
    criteria = []
    for position, competency in enumerate(competencies, start=1):
        criterion_id = str(uuid.uuid5(NAMESPACE, f"criterion:{competency.id}"))
        criteria.append(
            {
                "identifier": criterion_id,
                "uri": _uri("criterion", criterion_id),
                "category": competency.family_code,
                "description": competency.name,
                "CFItemURI": _node(competency.name, competency.id, "item"),
                "position": position,
                "rubricId": str(RUBRIC_ID),
                "lastChangeDateTime": _stamp(competency.updated_at),
                "CFRubricCriterionLevels": [
                    _level(competency.id, criterion_id, level) for level in levels[competency.id]
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


def _level(competency_id: uuid.UUID, criterion_id: str, level: Any) -> dict[str, Any]:
    identifier = uuid.uuid5(NAMESPACE, f"level:{competency_id}:{level.level}")
    return {
        "identifier": str(identifier),
        "uri": _uri("level", identifier),
        "description": level.description,
        "quality": f"Level {level.level}",
        "score": level.level,
        "feedback": "\n".join(level.indicators),
        "position": level.level,
        "rubricCriterionId": criterion_id,
    }
