"""Assessments and gap analysis (analisis kesenjangan kompetensi)."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response, status

from app.assessments import gaps, service
from app.assessments.schemas import (
    AssessmentCreate,
    AssessmentPublic,
    AssessmentSummary,
    GapAnalysis,
    GapMatrix,
    UnassessedEmployee,
)
from app.auth.deps import AppSettings, AssessmentsReader, AssessmentsWriter
from app.auth.policy import Permission
from app.core.clock import today
from app.core.db import Db, run_short
from app.core.errors import problem_responses
from app.core.links import location
from app.core.listing import Page, Paging
from app.core.responses import json_response
from app.core.types import IsoDate
from app.models.enums import AssessmentMethod

router = APIRouter(tags=["assessments"], responses=problem_responses(401, 403, 422))


def _public(assessment: object, results: list) -> AssessmentPublic:  # type: ignore[type-arg]
    summary = AssessmentSummary.model_validate(assessment)
    return AssessmentPublic(
        **summary.model_dump(),
        **{
            k: getattr(assessment, k)
            for k in ("assessor_employee_id", "notes", "recommendations", "recorded_by")
        },
        results=results,
    )


@router.post(
    "/assessments",
    status_code=status.HTTP_201_CREATED,
    summary="Record an assessment",
)
def create_assessment(
    db: Db,
    caller: AssessmentsWriter,
    settings: AppSettings,
    body: AssessmentCreate,
    request: Request,
    response: Response,
) -> AssessmentPublic:
    """Admins record any method; supervisors record supervisor ratings of their reports."""
    assessment = service.record_assessment(db, body, caller, today(settings), settings)
    response.headers["Location"] = location(request, "get_assessment", assessment_id=assessment.id)
    return _public(*service.get_assessment(db, assessment.id, caller, Permission.ASSESSMENTS_WRITE))


@router.get("/assessments", summary="List assessments")
def list_assessments(
    db: Db,
    caller: AssessmentsReader,
    paging: Paging,
    employee_id: uuid.UUID | None = None,
    unit_id: Annotated[uuid.UUID | None, Query(description="In this unit's subtree.")] = None,
    method: AssessmentMethod | None = None,
    since: Annotated[IsoDate | None, Query(description="Assessed on or after.")] = None,
    until: Annotated[IsoDate | None, Query(description="Assessed on or before.")] = None,
) -> Page[AssessmentSummary]:
    """Assessments newest first, within the caller's reach (employees: their own)."""
    rows, total = service.list_assessments(
        db,
        caller,
        params=paging,
        employee_id=employee_id,
        unit_id=unit_id,
        method=method,
        since=since,
        until=until,
    )
    items = [AssessmentSummary.model_validate(row[0]) for row in rows]
    return Page.of(items, total, paging)


@router.get(
    "/assessments/{assessment_id:uuid}",
    summary="Get an assessment",
    responses=problem_responses(404),
)
def get_assessment(db: Db, caller: AssessmentsReader, assessment_id: uuid.UUID) -> AssessmentPublic:
    """One assessment with its levels."""
    return _public(*service.get_assessment(db, assessment_id, caller))


@router.get(
    "/employees/{employee_id:uuid}/competency-gaps",
    summary="An employee's competency gaps",
    response_model=GapAnalysis,
    responses=problem_responses(404, 503),
)
async def get_competency_gaps(
    db: Db,
    caller: AssessmentsReader,
    settings: AppSettings,
    employee_id: uuid.UUID,
    target_position_id: Annotated[
        uuid.UUID | None, Query(description="Compare with the position to be held instead.")
    ] = None,
) -> Response:
    """Required, current level and gap per competency; JPM and its band."""
    analysis = await run_short(
        db,
        lambda: gaps.employee_gaps(
            db,
            settings,
            today(settings),
            caller,
            employee_id=employee_id,
            target_position_id=target_position_id,
        ),
    )
    return json_response(analysis)


@router.get(
    "/competency-gaps/matrix",
    summary="Unit x competency gap matrix",
    response_model=GapMatrix,
    responses=problem_responses(503),
)
def get_gap_matrix(
    db: Db,
    caller: AssessmentsReader,
    settings: AppSettings,
    paging: Paging,
    unit_id: Annotated[
        uuid.UUID | None, Query(description="Rows: this unit's children (default: top units).")
    ] = None,
    position_id: Annotated[uuid.UUID | None, Query(description="Only holders of this.")] = None,
) -> Response:
    """Per unit (with its subtree) and competency: people held to it, assessed, below, mean gap.

    One row per child of ``unit_id`` (and one for the unit itself, for the people placed
    directly in it): a drill-down, paged by ``limit``/``offset`` (``total_units`` counts the
    rows). Rows held to more than 1,000 competencies in all: 422 ``matrix_too_large``."""
    matrix = gaps.gap_matrix(
        db,
        settings,
        today(settings),
        caller,
        unit_id=unit_id,
        position_id=position_id,
        params=paging,
    )
    return json_response(matrix)


@router.get("/competency-gaps/unassessed", summary="Employees without a valid assessment")
def list_unassessed_employees(
    db: Db,
    caller: AssessmentsReader,
    settings: AppSettings,
    paging: Paging,
    unit_id: Annotated[uuid.UUID | None, Query(description="In this unit's subtree.")] = None,
) -> Page[UnassessedEmployee]:
    """Active employees never assessed, or whose latest counting assessment has expired."""
    rows, total = gaps.unassessed(
        db,
        settings,
        today(settings),
        caller,
        params=paging,
        unit_id=unit_id,
    )
    items = [
        UnassessedEmployee(id=r[0], nip=r[1], name=r[2], unit_id=r[3], last_assessed_on=r[4])
        for r in rows
    ]
    return Page.of(items, total, paging)
