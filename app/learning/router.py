"""Learning records (from every source), their verification, the JP conversion rules, and the
20 JP reports."""

import uuid
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request, Response, status

from app.auth.deps import (
    AppSettings,
    LearningProposer,
    LearningReader,
    LearningRulesWriter,
    LearningVerifier,
    LearningWriter,
)
from app.auth.policy import Permission
from app.core.clock import today
from app.core.config import Settings
from app.core.db import Db
from app.core.errors import InvalidInput, problem_responses
from app.core.etag import set_etag
from app.core.lifecycle import StatusChangePublic, history
from app.core.links import location
from app.core.listing import Page, Paging, sort_query
from app.documents import service as documents
from app.documents.router import DOWNLOAD, IfNoneMatch
from app.documents.storage import Storage
from app.learning import reports, rules, service
from app.learning.schemas import (
    BatchOutcome,
    BelowTarget,
    Breakdown,
    ConversionRulePublic,
    ConversionRulePut,
    ConversionRules,
    EmployeeYear,
    LearningRecordPublic,
    LearningTransition,
    ProposalCreate,
    RecordBatch,
    RecordCreate,
    Summary,
    Trend,
)
from app.models.enums import LearningSource, LearningStatus

router = APIRouter(
    prefix="/learning-records",
    tags=["learning-records"],
    responses=problem_responses(401, 403, 422),
)
reports_router = APIRouter(
    prefix="/learning-reports",
    tags=["learning-reports"],
    responses=problem_responses(401, 403, 422),
)
rules_router = APIRouter(
    prefix="/reference/jp-conversion-rules",
    tags=["reference"],
    responses=problem_responses(401, 403, 422),
)

YearQuery = Annotated[
    int | None,
    Query(ge=1900, le=9999, description="The year (tahun): omitted, this year."),
]
UnitQuery = Annotated[
    uuid.UUID | None,
    Query(description="A unit: it and every unit below it (omitted: everyone in reach)."),
]


def public(row: Any) -> LearningRecordPublic:
    """A record row (the record and its JP counted) as the API shows it."""
    record, counted = row[0], row[1]
    return shown(record.model_dump(), counted)


def shown(columns: Any, counted: Any) -> LearningRecordPublic:
    """A record's columns (a mapping) and its JP counted as the API shows them."""
    return LearningRecordPublic.model_validate({**columns, "jp_counted": round(float(counted), 2)})


@router.get("", summary="List learning records")
def list_learning_records(
    db: Db,
    caller: LearningReader,
    paging: Paging,
    sort: Annotated[str, sort_query(list(service.SORT_COLUMNS), "-end_date")] = "-end_date",
    employee_id: uuid.UUID | None = None,
    year: Annotated[int | None, Query(ge=1900, le=9999, description="Ending in this year.")] = None,
    source: LearningSource | None = None,
    status: LearningStatus | None = None,
) -> Page[LearningRecordPublic]:
    """Development activities of the people within the caller's reach, from every source: an
    operator sees their OPD's, a supervisor their reports' and their own, an employee their
    own. `status=proposed`: the proposals waiting for verification."""
    filters = {"employee_id": employee_id, "year": year, "source": source, "status": status}
    rows, total = service.list_records(db, caller, params=paging, sort=sort, filters=filters)
    return Page.of([public(row) for row in rows], total, paging)


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    summary="Record a learning record",
    responses=problem_responses(409),
)
def create_learning_record(
    db: Db,
    caller: LearningWriter,
    settings: AppSettings,
    body: RecordCreate,
    request: Request,
    response: Response,
) -> LearningRecordPublic:
    """One record from an import or from the national system (SIASN, with its id), counted
    at once. A repeat from the same source is refused (409); one of a record from another
    source (the SIASN copy of a session passed here) is kept, linked to it, counting
    nothing (its `duplicate_of_id` names that record)."""
    written = service.record_many(db, [body], caller, settings, ("body",))[0]
    row = service.get_record(db, written.id, caller, Permission.LEARNING_WRITE)
    response.headers["Location"] = location(request, "get_learning_record", record_id=written.id)
    set_etag(response, row[0].version)
    return public(row)


@router.post(
    "/batch",
    status_code=status.HTTP_200_OK,
    summary="Record many learning records",
    responses=problem_responses(409),
)
def create_learning_records(
    db: Db, caller: LearningWriter, settings: AppSettings, body: RecordBatch
) -> BatchOutcome:
    """Up to 1,000 records in one call, each validated as if sent alone: all recorded, or
    (any refused, each error naming its index) none."""
    written = service.record_many(db, body.records, caller, settings)
    rows = service.get_records(db, [w.id for w in written])
    return BatchOutcome(
        created=sum(1 for w in written if w.duplicate_of is None),
        linked=sum(1 for w in written if w.duplicate_of is not None),
        records=[public(rows[w.id]) for w in written],
    )


@router.post(
    "/proposals",
    status_code=status.HTTP_201_CREATED,
    summary="Propose a learning record",
    responses=problem_responses(409),
)
def propose_learning_record(
    db: Db,
    caller: LearningProposer,
    settings: AppSettings,
    body: ProposalCreate,
    request: Request,
    response: Response,
) -> LearningRecordPublic:
    """An external training of one's own, with its certificate (a document uploaded
    beforehand): it counts once an operator of one's OPD verifies it. One already recorded
    (same certificate number, or same activity and dates) is refused."""
    row, written = service.propose(db, body, caller, settings)
    response.headers["Location"] = location(request, "get_learning_record", record_id=written.id)
    set_etag(response, row[0].version)
    return public(row)


@router.get("/{record_id:uuid}", summary="Get a learning record", responses=problem_responses(404))
def get_learning_record(
    db: Db, caller: LearningReader, record_id: uuid.UUID, response: Response
) -> LearningRecordPublic:
    """One record, with its JP counted and its ETag."""
    row = service.get_record(db, record_id, caller)
    set_etag(response, row[0].version)
    return public(row)


@router.post(
    "/{record_id:uuid}/transitions",
    summary="Verify or reject a proposed learning record",
    responses=problem_responses(404, 409, 412),
)
def transition_learning_record(
    db: Db,
    caller: LearningVerifier,
    record_id: uuid.UUID,
    body: LearningTransition,
    response: Response,
) -> LearningRecordPublic:
    """Verify a proposal (it counts from now on) or reject it with a reason. Nobody decides
    their own; an operator decides those of their OPD's people."""
    row = service.decide(db, record_id, body.status, body.reason, caller)
    set_etag(response, row[0].version)
    return public(row)


@router.get(
    "/{record_id:uuid}/history",
    summary="A learning record's moves",
    responses=problem_responses(404),
)
def learning_record_history(
    db: Db, caller: LearningReader, record_id: uuid.UUID, paging: Paging
) -> Page[StatusChangePublic]:
    """A proposal's lifecycle: proposed, then verified or rejected; who, when and why."""
    service.get_record(db, record_id, caller)
    items, total = history(db, "learning_record", record_id, paging)
    return Page.of(items, total, paging)


@router.get(
    "/{record_id:uuid}/document",
    summary="Download a learning record's certificate",
    response_class=Response,
    responses={**DOWNLOAD, **problem_responses(404)},
)
def get_learning_record_document(
    db: Db,
    caller: LearningReader,
    storage: Storage,
    record_id: uuid.UUID,
    if_none_match: IfNoneMatch = None,
) -> Response:
    """The certificate, streamed as an attachment, to whoever reads the record; 404 when it
    has none."""
    record = service.get_record(db, record_id, caller)[0]
    return documents.stream_attached(
        db,
        record.document_id,
        storage,
        missing=f"Learning record {record_id} has no certificate document.",
        if_none_match=if_none_match,
    )


# --- conversion rules --------------------------------------------------------------------


@rules_router.get("", summary="List the JP conversion rules")
def list_conversion_rules(db: Db, caller: LearningReader) -> ConversionRules:
    """How much of each development type's JP counts toward the 20 JP (a type without a rule:
    its JP as given)."""
    return ConversionRules(
        items=[ConversionRulePublic.model_validate(rule) for rule in rules.list_rules(db)]
    )


@rules_router.put(
    "/{development_type_id}",
    summary="Set a JP conversion rule",
    responses={
        201: {"model": ConversionRulePublic, "description": "The type had no rule: created."},
        **problem_responses(404),
    },
)
def put_conversion_rule(
    db: Db,
    caller: LearningRulesWriter,
    development_type_id: Annotated[int, Path(ge=1, le=99)],
    body: ConversionRulePut,
    response: Response,
) -> ConversionRulePublic:
    """A development type's rule: every report counts by it from the next request on, with
    nothing to rebuild (the totals keep the JP as given)."""
    rule, created = rules.put_rule(db, development_type_id, body.percent, body.note, caller)
    if created:
        response.status_code = status.HTTP_201_CREATED
    return ConversionRulePublic.model_validate(rule)


@rules_router.delete(
    "/{development_type_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Remove a JP conversion rule",
    responses=problem_responses(404),
)
def delete_conversion_rule(
    db: Db, caller: LearningRulesWriter, development_type_id: Annotated[int, Path(ge=1, le=99)]
) -> None:
    """The type's JP count as given again."""
    rules.delete_rule(db, development_type_id, caller)


# --- reports -----------------------------------------------------------------------------


def _year(year: int | None, settings: Settings) -> int:
    return year if year is not None else today(settings).year


@reports_router.get(
    "/employees/{employee_id:uuid}",
    summary="An employee's year against the 20 JP",
    responses=problem_responses(404, 503),
)
def employee_learning_report(
    db: Db,
    caller: LearningReader,
    settings: AppSettings,
    employee_id: uuid.UUID,
    year: YearQuery = None,
) -> EmployeeYear:
    """Total JP (as given and counted), classroom and non-classroom, by development type, the
    target of their status, met or not and how far below, and the records behind it; to the
    person themself (and those who verify) also what is pending verification."""
    found = reports.employee_year(db, caller, settings, employee_id, _year(year, settings))
    found["records"] = [shown(row, row["jp_counted"]) for row in found["records"]]
    return EmployeeYear.model_validate(found)


@reports_router.get(
    "/summary", summary="A unit's year against the 20 JP", responses=problem_responses(404, 503)
)
def learning_summary(
    db: Db,
    caller: LearningReader,
    settings: AppSettings,
    year: YearQuery = None,
    unit_id: UnitQuery = None,
) -> Summary:
    """Employees, how many meet their target, the percentage, average and median JP counted:
    of a unit and the units below it, or of everyone within the caller's reach."""
    return Summary.model_validate(
        reports.summary(db, caller, settings, _year(year, settings), unit_id)
    )


@reports_router.get(
    "/breakdown",
    summary="The 20 JP by OPD, golongan, position type or status",
    responses=problem_responses(404, 503),
)
def learning_breakdown(
    db: Db,
    caller: LearningReader,
    settings: AppSettings,
    by: Annotated[
        Literal["opd", "golongan", "position_type", "status"],
        Query(description="Group by OPD, golongan (rank), position type or status (PNS/PPPK)."),
    ] = "opd",
    year: YearQuery = None,
    unit_id: UnitQuery = None,
) -> Breakdown:
    """The summary's figures per group, within the caller's reach (city-wide for auditors
    and admins)."""
    return Breakdown.model_validate(
        reports.breakdown(db, caller, settings, _year(year, settings), by, unit_id)
    )


@reports_router.get(
    "/trend", summary="The 20 JP over the years", responses=problem_responses(404, 503)
)
def learning_trend(
    db: Db,
    caller: LearningReader,
    settings: AppSettings,
    from_year: Annotated[
        int | None, Query(ge=1900, le=9999, description="Omitted: 4 years ago.")
    ] = None,
    to_year: Annotated[
        int | None, Query(ge=1900, le=9999, description="Omitted: this year.")
    ] = None,
    unit_id: UnitQuery = None,
) -> Trend:
    """The summary's figures per year, at most 20 years."""
    last = _year(to_year, settings)
    first = from_year if from_year is not None else last - 4
    if first > last or last - first >= 20:
        raise InvalidInput.field(
            ["query", "from_year"],
            "from_year must not be after to_year, and at most 20 years apart.",
            "range",
        )
    return Trend.model_validate(reports.trend(db, caller, settings, first, last, unit_id))


@reports_router.get(
    "/below-target",
    summary="Who is below the 20 JP target",
    responses=problem_responses(404, 503),
)
def below_target(
    db: Db,
    caller: LearningReader,
    settings: AppSettings,
    paging: Paging,
    year: YearQuery = None,
    unit_id: UnitQuery = None,
    sort: Annotated[str, sort_query(list(reports.BELOW_SORTS), "-shortfall")] = "-shortfall",
) -> Page[BelowTarget]:
    """The employees below their target, with how far below: the list a BKD dashboard shows,
    a page at a time, the furthest below first by default."""
    items, total = reports.below_target(
        db, caller, settings, _year(year, settings), unit_id, paging, sort
    )
    return Page.of([BelowTarget.model_validate(item) for item in items], total, paging)
