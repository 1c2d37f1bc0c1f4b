"""Internships (magang): placements, their lifecycle, the logbook and the evaluation."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response, status

from app.auth.deps import AppSettings, InternshipsReader, InternshipsWriter, LogbookKeeper
from app.core.db import Db
from app.core.errors import problem_responses
from app.core.etag import IfMatch, set_etag
from app.core.lifecycle import StatusChangePublic
from app.core.links import location
from app.core.listing import Page, Paging, sort_query
from app.core.types import QueryBool
from app.documents import service as documents
from app.documents.router import DOWNLOAD, IfNoneMatch
from app.documents.storage import Storage
from app.internships import service
from app.internships.schemas import (
    EvaluationSet,
    InternshipCreate,
    InternshipPublic,
    InternshipTransition,
    InternshipUpdate,
    LogEntryCreate,
    LogEntryPublic,
)
from app.models.enums import InternshipStatus

router = APIRouter(
    prefix="/internships", tags=["internships"], responses=problem_responses(401, 403, 422)
)


@router.get("", summary="List internships")
def list_internships(
    db: Db,
    caller: InternshipsReader,
    paging: Paging,
    sort: Annotated[str, sort_query(list(service.SORT_COLUMNS), "starts_on")] = "starts_on",
    employee_id: uuid.UUID | None = None,
    partner_id: uuid.UUID | None = None,
    agreement_id: uuid.UUID | None = None,
    program_id: uuid.UUID | None = None,
    year: Annotated[int | None, Query(ge=1900, le=9999)] = None,
    status: InternshipStatus | None = None,
    mentored_by_me: Annotated[
        QueryBool | None, Query(description="Those the caller mentors.")
    ] = None,
) -> Page[InternshipPublic]:
    """Internships by employee, partner, agreement, program, year and status; an operator
    sees their OPD's, a supervisor their reports', an employee their own, a partner's staff
    their partner's interns."""
    filters = {
        "employee_id": employee_id,
        "partner_id": partner_id,
        "agreement_id": agreement_id,
        "program_id": program_id,
        "year": year,
        "status": status,
        "mentored_by_me": mentored_by_me,
    }
    rows, total = service.list_internships(db, caller, params=paging, sort=sort, filters=filters)
    return Page.of([InternshipPublic.model_validate(row[0]) for row in rows], total, paging)


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    summary="Place an intern",
    responses=problem_responses(409),
)
def create_internship(
    db: Db,
    caller: InternshipsWriter,
    settings: AppSettings,
    body: InternshipCreate,
    request: Request,
    response: Response,
) -> InternshipPublic:
    """Place an eligible employee at a partner under an agreement in force for the whole
    period, taking one of its internship places of the start's year."""
    internship = service.create_internship(db, body, caller, settings)
    response.headers["Location"] = location(request, "get_internship", internship_id=internship.id)
    set_etag(response, internship.version)
    return InternshipPublic.model_validate(internship)


@router.get("/{internship_id:uuid}", summary="Get an internship", responses=problem_responses(404))
def get_internship(
    db: Db, caller: InternshipsReader, internship_id: uuid.UUID, response: Response
) -> InternshipPublic:
    """One internship with its ETag."""
    internship = service.get_internship(db, internship_id, caller)
    set_etag(response, internship.version)
    return InternshipPublic.model_validate(internship)


@router.patch(
    "/{internship_id:uuid}",
    summary="Update an internship",
    responses=problem_responses(404, 409, 412, 428),
)
def update_internship(
    db: Db,
    caller: InternshipsWriter,
    settings: AppSettings,
    internship_id: uuid.UUID,
    body: InternshipUpdate,
    response: Response,
    if_match: IfMatch = None,
) -> InternshipPublic:
    """Change an internship not over: its dates while planned, its final report until it is
    completed."""
    internship = service.update_internship(db, internship_id, body, if_match, caller, settings)
    set_etag(response, internship.version)
    return InternshipPublic.model_validate(internship)


@router.post(
    "/{internship_id:uuid}/transitions",
    summary="Move an internship",
    responses=problem_responses(404, 409),
)
def transition_internship(
    db: Db,
    caller: InternshipsWriter,
    settings: AppSettings,
    internship_id: uuid.UUID,
    body: InternshipTransition,
    response: Response,
) -> InternshipPublic:
    """Start it (from its first day), complete it (from its last day, with its final report
    and evaluation: its JP are credited once) or cancel it (its place goes back)."""
    internship = service.transition_internship(db, internship_id, body, caller, settings)
    set_etag(response, internship.version)
    return InternshipPublic.model_validate(internship)


@router.get(
    "/{internship_id:uuid}/report",
    summary="Download an internship's final report",
    response_class=Response,
    responses={**DOWNLOAD, **problem_responses(404)},
)
def get_internship_report(
    db: Db,
    caller: InternshipsReader,
    storage: Storage,
    internship_id: uuid.UUID,
    if_none_match: IfNoneMatch = None,
) -> Response:
    """The final report, streamed as an attachment, to whoever reads the internship; 404
    while it has none."""
    internship = service.get_internship(db, internship_id, caller)
    return documents.stream_attached(
        db,
        internship.report_document_id,
        storage,
        missing=f"Internship {internship_id} has no final report yet.",
        if_none_match=if_none_match,
    )


@router.get(
    "/{internship_id:uuid}/history",
    summary="An internship's moves",
    responses=problem_responses(404),
)
def internship_history(
    db: Db, caller: InternshipsReader, internship_id: uuid.UUID, paging: Paging
) -> Page[StatusChangePublic]:
    """Each move of the internship's lifecycle: from, to, who, when and why."""
    items, total = service.internship_history(db, internship_id, caller, paging)
    return Page.of(items, total, paging)


@router.put(
    "/{internship_id:uuid}/evaluation",
    summary="Evaluate an intern",
    responses=problem_responses(404, 409),
)
def evaluate_internship(
    db: Db, caller: LogbookKeeper, internship_id: uuid.UUID, body: EvaluationSet
) -> InternshipPublic:
    """The mentor's score and notes, while the internship is under way (the mentor only)."""
    return InternshipPublic.model_validate(service.evaluate(db, internship_id, body, caller))


@router.get(
    "/{internship_id:uuid}/logbook",
    summary="An internship's logbook",
    responses=problem_responses(404),
)
def list_log_entries(
    db: Db, caller: InternshipsReader, internship_id: uuid.UUID, paging: Paging
) -> Page[LogEntryPublic]:
    """The logbook's entries, by day, with their acknowledgements."""
    rows, total = service.list_log_entries(db, internship_id, caller, paging)
    return Page.of([LogEntryPublic.model_validate(row[0]) for row in rows], total, paging)


@router.post(
    "/{internship_id:uuid}/logbook",
    status_code=status.HTTP_201_CREATED,
    summary="Write a logbook entry",
    responses=problem_responses(404, 409),
)
def add_log_entry(
    db: Db,
    caller: LogbookKeeper,
    settings: AppSettings,
    internship_id: uuid.UUID,
    body: LogEntryCreate,
) -> LogEntryPublic:
    """A day of the logbook, by the intern only, within the internship's period and not
    ahead of today; one per day."""
    entry = service.add_log_entry(db, internship_id, body, caller, settings)
    return LogEntryPublic.model_validate(entry)


@router.post(
    "/{internship_id:uuid}/logbook/{entry_id:uuid}/acknowledgement",
    summary="Acknowledge a logbook entry",
    responses=problem_responses(404, 409),
)
def acknowledge_log_entry(
    db: Db, caller: LogbookKeeper, internship_id: uuid.UUID, entry_id: uuid.UUID
) -> LogEntryPublic:
    """The mentor's acknowledgement of an entry, once (the mentor only)."""
    return LogEntryPublic.model_validate(service.acknowledge(db, internship_id, entry_id, caller))
