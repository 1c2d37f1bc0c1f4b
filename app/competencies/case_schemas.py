"""API shapes of the 1EdTech CASE 1.0 exchange: what an import reads, what an export writes.

The two are separate on purpose. An import is bounded by what one request may carry (5,000
items, every text and score bounded, at most ``MAX_KEYS`` keys in any object so a huge
unknown-key object is refused before it is copied); an export is bounded by what the
dictionary may hold (``DICTIONARY_CAPACITY``), which grows import after import.
"""

import uuid
from datetime import date, datetime
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from app.competencies.schemas import DICTIONARY_CAPACITY, MAX_INDICATOR_LENGTH, MAX_INDICATORS
from app.core import examples
from app.core.types import IsoDate, IsoDateTime, paragraph, single_line

MAX_IMPORT_ITEMS = 5_000
# CASE defines at most about thirty properties on any of its classes; more is not a package.
MAX_KEYS = 64
MAX_FAMILIES = 100  # families come from a migration (four today)
MAX_INDICATOR_TEXT = 260  # one indicator line, before trimming


class CaseObject(BaseModel):
    """A CASE object: known fields read, unknown ones ignored, at most ``MAX_KEYS`` keys."""

    model_config = ConfigDict(extra="ignore", json_schema_extra={"maxProperties": MAX_KEYS})

    @model_validator(mode="before")
    @classmethod
    def _few_keys(cls, data: Any) -> Any:
        # Before anything else: counting is O(1), validating a million unknown keys is not.
        if isinstance(data, dict) and len(data) > MAX_KEYS:
            raise ValueError(f"a CASE object has at most {MAX_KEYS} keys, not {len(data)}")
        return data


class CaseNode(CaseObject):
    """A reference to another CASE object (a CFItem, the CFDocument)."""

    identifier: uuid.UUID


class CaseDocument(CaseObject):
    """The CFDocument: read for its identity only."""

    identifier: uuid.UUID | None = None
    title: Annotated[str, single_line(1, 1000)] | None = None
    lastChangeDateTime: IsoDateTime | None = None


class CaseItemExtensions(CaseObject):
    """Bangkom's extension of a CFItem: the retirement instant (CASE has a date only)."""

    retiredAt: IsoDateTime | None = None


class CaseItem(CaseObject):
    """A CFItem: a competency (``CFItemType`` "Competency") or a family."""

    identifier: uuid.UUID
    fullStatement: Annotated[str, paragraph(1, 2000)]
    abbreviatedStatement: Annotated[str, single_line(1, 200)] | None = None
    humanCodingScheme: Annotated[str, single_line(1, 32)]
    CFItemType: Annotated[str, single_line(1, 64)]
    lastChangeDateTime: IsoDateTime | None = None
    statusEndDate: IsoDate | None = Field(default=None, description="Retired on (a date).")
    extensions: CaseItemExtensions | None = None


class CaseAssociation(CaseObject):
    """A CFAssociation; ``isChildOf`` from a competency to its family is read."""

    associationType: Annotated[str, single_line(1, 64)]
    originNodeURI: CaseNode
    destinationNodeURI: CaseNode


def _indicator_lines(feedback: str | None) -> str | None:
    lines = [line.strip() for line in (feedback or "").split("\n") if line.strip()]
    if len(lines) > MAX_INDICATORS:
        raise ValueError(f"at most {MAX_INDICATORS} indicator lines, not {len(lines)}")
    too_long = [n for n, line in enumerate(lines, start=1) if len(line) > MAX_INDICATOR_LENGTH]
    if too_long:
        raise ValueError(
            f"an indicator line has at most {MAX_INDICATOR_LENGTH} characters "
            f"(line {too_long[0]} is longer)"
        )
    return feedback


class CaseLevel(CaseObject):
    """A CFRubricCriterionLevel: a competency level (score 1-5), indicators one per line."""

    description: Annotated[str, paragraph(1, 1000)]
    score: int = Field(ge=1, le=5, strict=True, description="The level, 1 to 5.")
    feedback: (
        Annotated[
            str,
            paragraph(0, MAX_INDICATORS * (MAX_INDICATOR_TEXT + 1)),
            AfterValidator(_indicator_lines),
        ]
        | None
    ) = Field(default=None, description="Behavioural indicators, one per line.")


class CaseCriterion(CaseObject):
    """A CFRubricCriterion: the levels of one competency."""

    CFItemURI: CaseNode
    CFRubricCriterionLevels: list[CaseLevel] = Field(max_length=5)


class CaseRubric(CaseObject):
    """A CFRubric."""

    CFRubricCriteria: list[CaseCriterion] = Field(max_length=MAX_IMPORT_ITEMS)


class CasePackage(CaseObject):
    """A CFPackage to import: the parts Bangkom reads; other fields are accepted and ignored."""

    model_config = ConfigDict(
        json_schema_extra={"maxProperties": MAX_KEYS, "examples": [examples.case_package()]}
    )

    CFDocument: CaseDocument
    CFItems: list[CaseItem] = Field(max_length=MAX_IMPORT_ITEMS)
    CFAssociations: list[CaseAssociation] = Field(
        default_factory=list, max_length=4 * MAX_IMPORT_ITEMS
    )
    CFRubrics: list[CaseRubric] = Field(default_factory=list, max_length=10)


class ImportResult(BaseModel):
    """What an import did: an unchanged competency is left alone (and not audited)."""

    created: int = Field(ge=0, le=MAX_IMPORT_ITEMS)
    updated: int = Field(ge=0, le=MAX_IMPORT_ITEMS)
    unchanged: int = Field(ge=0, le=MAX_IMPORT_ITEMS)


# The export, as written by app.competencies.case (serialised without a second validation, so
# its size is bound by the dictionary's capacity, not by a request's).

Uri = Annotated[str, Field(max_length=200)]


class CaseNodeRef(BaseModel):
    """A reference to a CASE object: title, identifier, URI."""

    title: str = Field(max_length=2000)
    identifier: uuid.UUID
    uri: Uri


class CaseExportDocument(BaseModel):
    """The CFDocument: the dictionary (kamus kompetensi)."""

    identifier: uuid.UUID
    uri: Uri
    creator: str = Field(max_length=200)
    title: str = Field(max_length=200)
    description: str = Field(max_length=2000)
    language: str = Field(max_length=8)
    adoptionStatus: str = Field(max_length=32)
    lastChangeDateTime: datetime


class CaseExportItemExtensions(BaseModel):
    """The retirement instant, which CASE's ``statusEndDate`` (a date) cannot carry."""

    retiredAt: datetime


class CaseExportItem(BaseModel):
    """A CFItem: a family, or a competency (with its document, name and retirement)."""

    identifier: uuid.UUID
    uri: Uri
    CFDocumentURI: CaseNodeRef | None = Field(default=None, description="Competencies only.")
    fullStatement: str = Field(max_length=2000)
    abbreviatedStatement: str | None = Field(default=None, max_length=200)
    humanCodingScheme: str = Field(max_length=32)
    CFItemType: str = Field(max_length=64)
    lastChangeDateTime: datetime
    statusEndDate: date | None = Field(default=None, description="Retired competencies only.")
    extensions: CaseExportItemExtensions | None = None


class CaseExportAssociation(BaseModel):
    """An ``isChildOf`` CFAssociation from a competency to its family."""

    identifier: uuid.UUID
    uri: Uri
    associationType: str = Field(max_length=64)
    CFDocumentURI: CaseNodeRef
    originNodeURI: CaseNodeRef
    destinationNodeURI: CaseNodeRef
    lastChangeDateTime: datetime


class CaseExportLevel(BaseModel):
    """A CFRubricCriterionLevel: one competency level."""

    identifier: uuid.UUID
    uri: Uri
    description: str = Field(max_length=1000)
    quality: str = Field(max_length=16)
    score: int = Field(ge=1, le=5)
    feedback: str = Field(max_length=MAX_INDICATORS * 251, description="Indicators, one a line.")
    position: int = Field(ge=1, le=5)
    rubricCriterionId: uuid.UUID


class CaseExportCriterion(BaseModel):
    """A CFRubricCriterion: the five levels of one competency."""

    identifier: uuid.UUID
    uri: Uri
    category: str = Field(max_length=32)
    description: str = Field(max_length=200)
    CFItemURI: CaseNodeRef
    position: int = Field(ge=1, le=DICTIONARY_CAPACITY)
    rubricId: uuid.UUID
    lastChangeDateTime: datetime
    CFRubricCriterionLevels: list[CaseExportLevel] = Field(max_length=5)


class CaseExportRubric(BaseModel):
    """The CFRubric of levels 1-5, one criterion per competency."""

    identifier: uuid.UUID
    uri: Uri
    title: str = Field(max_length=200)
    lastChangeDateTime: datetime
    CFRubricCriteria: list[CaseExportCriterion] = Field(max_length=DICTIONARY_CAPACITY)


class CaseExport(BaseModel):
    """The whole dictionary as a CASE 1.0 CFPackage."""

    CFDocument: CaseExportDocument
    CFItems: list[CaseExportItem] = Field(max_length=DICTIONARY_CAPACITY + MAX_FAMILIES)
    CFAssociations: list[CaseExportAssociation] = Field(max_length=DICTIONARY_CAPACITY)
    CFRubrics: list[CaseExportRubric] = Field(max_length=1)
