"""Evaluations: level-1 questionnaires and answers, level-2 tests, level-3 requests to
supervisors, and the results of sessions, programs, facilitators and partners."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Path, Request, Response, status

from app.auth.deps import (
    AppSettings,
    AttendanceWriter,
    EnrollmentsReader,
    EvaluationsAnswerer,
    EvaluationsReader,
    ProgramsReader,
    ProgramsWriter,
)
from app.core.db import Db
from app.core.errors import problem_responses
from app.core.links import location
from app.core.listing import Page, Paging, sort_query
from app.evaluations import behaviour, instruments, learning_tests, reactions, results
from app.evaluations.schemas import (
    BehaviourAnswer,
    BehaviourPublic,
    EvaluationResults,
    InstrumentCreate,
    InstrumentPublic,
    LearningScorePut,
    LearningTestsPublic,
    ReactionCreate,
    ReceiptPublic,
    SettingsPublic,
    SettingsPut,
)
from app.models.enums import BehaviourStatus, LearningTestKind

router = APIRouter(tags=["evaluations"], responses=problem_responses(401, 403, 422))


@router.post(
    "/evaluation-instruments",
    status_code=status.HTTP_201_CREATED,
    summary="Create a level-1 questionnaire",
)
def create_evaluation_instrument(
    db: Db, caller: ProgramsWriter, body: InstrumentCreate, request: Request, response: Response
) -> InstrumentPublic:
    """A questionnaire of scale (1-5) and text questions, in order; a program uses it once
    its evaluation settings name it. Questions never change: a new questionnaire does."""
    instrument = instruments.create_instrument(db, body, caller)
    response.headers["Location"] = location(
        request, "get_evaluation_instrument", instrument_id=instrument.id
    )
    return instruments.public(db, instrument)


@router.get(
    "/evaluation-instruments/{instrument_id:uuid}",
    summary="Get a level-1 questionnaire",
    responses=problem_responses(404),
)
def get_evaluation_instrument(
    db: Db, caller: ProgramsReader, instrument_id: uuid.UUID
) -> InstrumentPublic:
    """A questionnaire and its questions (no personal data: readable by every reader)."""
    return instruments.public(db, instruments.get_instrument(db, instrument_id))


@router.get(
    "/programs/{program_id:uuid}/evaluation-settings",
    summary="Get a program's evaluation rules",
    responses=problem_responses(404),
)
def get_evaluation_settings(
    db: Db, caller: ProgramsReader, settings: AppSettings, program_id: uuid.UUID
) -> SettingsPublic:
    """The questionnaire its sessions use (its own or the default), whether both tests are
    required before a pass, and when level 3 is due."""
    return instruments.get_settings(db, program_id, caller, settings)


@router.put(
    "/programs/{program_id:uuid}/evaluation-settings",
    summary="Set a program's evaluation rules",
    responses=problem_responses(404),
)
def put_evaluation_settings(
    db: Db, caller: ProgramsWriter, settings: AppSettings, program_id: uuid.UUID, body: SettingsPut
) -> SettingsPublic:
    """The rules as a whole; they apply to answers, tests and completions from now on."""
    return instruments.put_settings(db, program_id, body, caller, settings)


@router.post(
    "/sessions/{session_id:uuid}/reactions",
    status_code=status.HTTP_201_CREATED,
    summary="Answer a session's questionnaire",
    responses=problem_responses(404, 409),
)
def answer_reaction(
    db: Db,
    caller: EvaluationsAnswerer,
    session_id: uuid.UUID,
    body: ReactionCreate,
    request: Request,
    response: Response,
) -> ReceiptPublic:
    """One's own answers to the level-1 questionnaire of a session one attended, once (409
    the second time). The answers are stored apart from who gave them: no one, through the
    API or the audit log, can tell whose they are; `Location` is one's receipt."""
    receipt = reactions.answer(db, session_id, body, caller)
    response.headers["Location"] = location(request, "get_reaction_receipt", session_id=session_id)
    return receipt


@router.get(
    "/sessions/{session_id:uuid}/reactions/mine",
    summary="Whether one answered a session's questionnaire",
    responses=problem_responses(404),
)
def get_reaction_receipt(
    db: Db, caller: EvaluationsAnswerer, session_id: uuid.UUID
) -> ReceiptPublic:
    """The caller's receipt: answered or not (never the answers). 404 unless a participant."""
    return reactions.receipt(db, session_id, caller)


@router.get(
    "/enrollments/{enrollment_id:uuid}/tests",
    summary="A participant's pre- and post-test",
    responses=problem_responses(404),
)
def get_learning_tests(
    db: Db, caller: EnrollmentsReader, enrollment_id: uuid.UUID
) -> LearningTestsPublic:
    """Level 2: the scores and their gain."""
    return learning_tests.get_tests(db, enrollment_id, caller)


@router.put(
    "/enrollments/{enrollment_id:uuid}/tests/{kind}",
    summary="Record a pre- or post-test score",
    responses=problem_responses(404, 409),
)
def put_learning_test(
    db: Db,
    caller: AttendanceWriter,
    enrollment_id: uuid.UUID,
    kind: Annotated[LearningTestKind, Path(description="`pre` or `post`.")],
    body: LearningScorePut,
) -> LearningTestsPublic:
    """By the session's recorders: a pre-test before or while it runs, a post-test while it
    runs; where the program requires both, the post-test after the pre-test (422)."""
    return learning_tests.put_test(db, enrollment_id, kind, body, caller)


@router.get("/behaviour-evaluations", summary="List level-3 evaluation requests")
def list_behaviour_evaluations(
    db: Db,
    caller: EvaluationsReader,
    settings: AppSettings,
    paging: Paging,
    sort: Annotated[str, sort_query(list(behaviour.SORT_COLUMNS), "due_on")] = "due_on",
    status: BehaviourStatus | None = None,
    unit_id: uuid.UUID | None = None,
    session_id: uuid.UUID | None = None,
    program_id: uuid.UUID | None = None,
    employee_id: uuid.UUID | None = None,
) -> Page[BehaviourPublic]:
    """Requests to supervisors to evaluate their reports' work after a session: an operator
    sees their OPD's people's (`status=overdue`: past due and unanswered), a supervisor their
    reports', an admin all; by unit (and below), session, program or employee."""
    filters = {
        "status": status,
        "unit_id": unit_id,
        "session_id": session_id,
        "program_id": program_id,
        "employee_id": employee_id,
    }
    rows, total = behaviour.list_requests(
        db, caller, settings, params=paging, sort=sort, filters=filters
    )
    return Page.of(
        [BehaviourPublic.model_validate(behaviour.public(row)) for row in rows], total, paging
    )


@router.get(
    "/behaviour-evaluations/{request_id:uuid}",
    summary="Get a level-3 evaluation request",
    responses=problem_responses(404),
)
def get_behaviour_evaluation(
    db: Db, caller: EvaluationsReader, settings: AppSettings, request_id: uuid.UUID
) -> BehaviourPublic:
    """One request, with its answer once given."""
    row = behaviour.get_request(db, request_id, caller, settings)
    return BehaviourPublic.model_validate(behaviour.public(row))


@router.post(
    "/behaviour-evaluations/{request_id:uuid}/answer",
    summary="Answer a level-3 evaluation request",
    responses=problem_responses(404, 409),
)
def answer_behaviour_evaluation(
    db: Db,
    caller: EvaluationsAnswerer,
    settings: AppSettings,
    request_id: uuid.UUID,
    body: BehaviourAnswer,
) -> BehaviourPublic:
    """The supervisor's evaluation of their report's work after the training, once; only
    the participant's supervisor answers (403 for anyone else)."""
    row = behaviour.answer(db, request_id, body, caller, settings)
    return BehaviourPublic.model_validate(behaviour.public(row))


@router.get(
    "/evaluation-results/sessions/{session_id:uuid}",
    summary="A session's evaluation results",
    responses=problem_responses(404),
)
def get_session_evaluation_results(
    db: Db, caller: EvaluationsReader, settings: AppSettings, session_id: uuid.UUID
) -> EvaluationResults:
    """Levels 1-3 of the session; level 1 only with at least
    `BANGKOM_EVALUATION_MIN_RESPONDENTS` respondents (5 by default)."""
    return results.of_session(db, session_id, caller, settings)


@router.get(
    "/evaluation-results/programs/{program_id:uuid}",
    summary="A program's evaluation results",
    responses=problem_responses(404),
)
def get_program_evaluation_results(
    db: Db, caller: EvaluationsReader, settings: AppSettings, program_id: uuid.UUID
) -> EvaluationResults:
    """Levels 1-3 over every session of the program within reach; level 1 only with enough
    respondents."""
    return results.of_program(db, program_id, caller, settings)


@router.get(
    "/evaluation-results/facilitators/{employee_id:uuid}",
    summary="A facilitator's evaluation results",
    responses=problem_responses(404),
)
def get_facilitator_evaluation_results(
    db: Db, caller: EvaluationsReader, settings: AppSettings, employee_id: uuid.UUID
) -> EvaluationResults:
    """Levels 1-3 over the sessions the employee facilitated; level 1 only with enough
    respondents."""
    return results.of_facilitator(db, employee_id, caller, settings)


@router.get(
    "/evaluation-results/partners/{partner_id:uuid}",
    summary="A partner's evaluation results",
    responses=problem_responses(404),
)
def get_partner_evaluation_results(
    db: Db, caller: EvaluationsReader, settings: AppSettings, partner_id: uuid.UUID
) -> EvaluationResults:
    """Levels 1-3 over the partner's sessions (its staff: their own partner's only); level 1
    only with enough respondents."""
    return results.of_partner(db, partner_id, caller, settings)
