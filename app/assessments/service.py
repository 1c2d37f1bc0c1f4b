"""Assessments: recorded once, never overwritten; who may record what."""

import uuid
from datetime import date
from typing import Any

from sqlalchemy import insert, select
from sqlmodel import Session as DbSession
from sqlmodel import col

from app.assessments.levels import record_current_levels
from app.assessments.schemas import AssessmentCreate, ResultPublic
from app.audit import service as audit
from app.auth.policy import Permission, Reach
from app.auth.principal import Principal
from app.auth.scope import employee_scope, units_under
from app.competencies.service import check_competencies
from app.core.config import Settings
from app.core.errors import Forbidden, InvalidInput, NotFound
from app.core.listing import PageParams, paginate
from app.models import Assessment, AssessmentResult, Competency, Employee, Unit
from app.models.enums import AssessmentMethod


def record_assessment(
    db: DbSession, data: AssessmentCreate, actor: Principal, today: date, settings: Settings
) -> Assessment:
    """Record an assessment with its levels, after checking who may and what is plausible."""
    employee = db.get(Employee, data.employee_id)
    if employee is None:
        raise InvalidInput.field(["body", "employee_id"], "No such employee.", "unknown_employee")
    _check_recorder(actor, data, employee)
    if data.assessed_on > today:
        raise InvalidInput.field(
            ["body", "assessed_on"], "An assessment cannot be in the future.", "assessed_in_future"
        )
    if data.assessed_on < employee.birth_date:
        raise InvalidInput.field(
            ["body", "assessed_on"],
            "The date is before the employee's birth.",
            "assessed_before_birth",
        )
    _check_results(db, data)
    assessment = Assessment.model_validate(
        {**data.model_dump(exclude={"results"}), "recorded_by": actor.id}
    )
    db.add(assessment)
    rows = [
        {
            "assessment_id": assessment.id,
            "competency_id": result.competency_id,
            "level": result.level,
            "employee_id": employee.id,
            "assessed_on": data.assessed_on,
            "method": data.method,
            "created_at": assessment.created_at,
        }
        for result in data.results
    ]
    db.flush()
    db.execute(insert(AssessmentResult), rows)
    record_current_levels(db, settings, rows)
    audit.record(
        db,
        actor=actor,
        action="create",
        entity_type="assessment",
        entity_id=assessment.id,
        changes=audit.diff(
            None,
            {
                "employee_id": employee.id,
                "assessed_on": data.assessed_on,
                "method": data.method,
                "results": len(data.results),
            },
        ),
    )
    db.commit()
    return assessment


def get_assessment(
    db: DbSession,
    assessment_id: uuid.UUID,
    caller: Principal,
    permission: Permission = Permission.ASSESSMENTS_READ,
) -> tuple[Assessment, list[ResultPublic]]:
    """An assessment and its results, or 404 (also outside the caller's reach under
    ``permission``: whoever recorded it reads it back with their write reach)."""
    statement = select(Assessment).where(
        col(Assessment.id) == assessment_id, assessment_scope(caller, permission)
    )
    assessment = db.execute(statement).scalar_one_or_none()
    if assessment is None:
        raise NotFound(f"Assessment {assessment_id} does not exist.")
    rows = db.execute(
        select(
            col(AssessmentResult.competency_id),
            col(Competency.code),
            col(Competency.name),
            col(AssessmentResult.level),
        )
        .join(Competency, col(Competency.id) == col(AssessmentResult.competency_id))
        .where(col(AssessmentResult.assessment_id) == assessment_id)
        .order_by(col(Competency.code))
    )
    results = [ResultPublic(competency_id=r[0], code=r[1], name=r[2], level=r[3]) for r in rows]
    return assessment, results


def list_assessments(
    db: DbSession,
    caller: Principal,
    *,
    params: PageParams,
    employee_id: uuid.UUID | None,
    unit_id: uuid.UUID | None,
    method: AssessmentMethod | None,
    since: date | None,
    until: date | None,
) -> tuple[list[Any], int]:
    """Assessments newest first, within the caller's reach."""
    statement = select(Assessment)
    conditions = [assessment_scope(caller)]
    if employee_id is not None:
        conditions.append(col(Assessment.employee_id) == employee_id)
    if unit_id is not None:
        if db.get(Unit, unit_id) is None:
            raise InvalidInput.field(["query", "unit_id"], "No such unit.", "unknown_unit")
        members = select(col(Employee.id)).where(col(Employee.unit_id).in_(units_under((unit_id,))))
        conditions.append(col(Assessment.employee_id).in_(members))
    if method is not None:
        conditions.append(col(Assessment.method) == method)
    if since is not None:
        conditions.append(col(Assessment.assessed_on) >= since)
    if until is not None:
        conditions.append(col(Assessment.assessed_on) <= until)
    ordering = [col(Assessment.assessed_on).desc(), col(Assessment.id).desc()]
    return paginate(db, statement.where(*conditions), params, ordering)


def assessment_scope(actor: Principal, permission: Permission = Permission.ASSESSMENTS_READ) -> Any:
    """The caller's reach over assessments, as a condition on their employee."""
    return employee_scope(actor, permission, col(Assessment.employee_id))


def _check_recorder(actor: Principal, data: AssessmentCreate, employee: Employee) -> None:
    reaches = actor.reaches(Permission.ASSESSMENTS_WRITE)
    if Reach.ALL in reaches:
        return
    if data.method is not AssessmentMethod.SUPERVISOR:
        raise Forbidden("Supervisors record supervisor ratings only.")
    if actor.employee_id is None or employee.supervisor_id != actor.employee_id:
        raise Forbidden("Supervisors rate their own direct reports only.")


def _check_results(db: DbSession, data: AssessmentCreate) -> None:
    check_competencies(db, [result.competency_id for result in data.results], field="results")
