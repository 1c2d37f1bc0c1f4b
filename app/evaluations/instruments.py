"""Level-1 questionnaires and each program's evaluation rules."""

import uuid
from typing import Any

from sqlalchemy import select
from sqlmodel import Session as DbSession
from sqlmodel import col

from app.audit import service as audit
from app.auth.principal import Principal
from app.core.config import Settings
from app.core.errors import InvalidInput, NotFound
from app.evaluations.schemas import (
    InstrumentCreate,
    InstrumentPublic,
    QuestionPublic,
    SettingsPublic,
    SettingsPut,
)
from app.models import EvaluationInstrument, EvaluationQuestion, EvaluationSetting, Program
from app.models.base import utcnow
from app.programs import service as programs

INSTRUMENT = "evaluation_instrument"
SETTING = "evaluation_setting"


def public(db: DbSession, instrument: EvaluationInstrument) -> InstrumentPublic:
    """The questionnaire with its questions, in order (one query)."""
    questions = db.execute(
        select(EvaluationQuestion)
        .where(col(EvaluationQuestion.instrument_id) == instrument.id)
        .order_by(col(EvaluationQuestion.position))
    ).scalars()
    return InstrumentPublic(
        id=instrument.id,
        title=instrument.title,
        is_default=instrument.is_default,
        questions=[QuestionPublic.model_validate(q, from_attributes=True) for q in questions],
    )


def get_instrument(db: DbSession, instrument_id: uuid.UUID) -> EvaluationInstrument:
    """The questionnaire, or 404. Questionnaires hold no personal data: readable city-wide."""
    instrument = db.get(EvaluationInstrument, instrument_id)
    if instrument is None:
        raise NotFound(f"Evaluation instrument {instrument_id} does not exist.")
    return instrument


def default_instrument(db: DbSession) -> EvaluationInstrument:
    """The default questionnaire (seeded by migration 0015)."""
    found: EvaluationInstrument = db.execute(
        select(EvaluationInstrument).where(col(EvaluationInstrument.is_default))
    ).scalar_one()
    return found


def create_instrument(
    db: DbSession, data: InstrumentCreate, caller: Principal
) -> EvaluationInstrument:
    """A new questionnaire and its questions, numbered in the order given."""
    instrument = EvaluationInstrument(title=data.title)
    db.add(instrument)
    db.flush()
    for position, question in enumerate(data.questions, 1):
        db.add(
            EvaluationQuestion(
                instrument_id=instrument.id,
                position=position,
                topic=question.topic,
                kind=question.kind.value,
                prompt=question.prompt,
                required=question.required,
            )
        )
    audit.created(
        db,
        caller,
        INSTRUMENT,
        instrument,
        {**instrument.model_dump(), "questions": [q.model_dump() for q in data.questions]},
    )
    db.commit()
    return instrument


def program_rules(db: DbSession, program_id: Any) -> EvaluationSetting | None:
    """The program's own evaluation rules, if it has any."""
    return db.get(EvaluationSetting, program_id)


def instrument_of(db: DbSession, program_id: Any) -> EvaluationInstrument:
    """The questionnaire a program's sessions use: its own, or the default."""
    rules = program_rules(db, program_id)
    if rules is not None and rules.instrument_id is not None:
        return get_instrument(db, rules.instrument_id)
    return default_instrument(db)


def due_weeks(rules: EvaluationSetting | None, settings: Settings) -> int:
    """Weeks after a session when its level-3 evaluations are due."""
    if rules is not None and rules.behaviour_due_weeks is not None:
        return rules.behaviour_due_weeks
    return settings.behaviour_due_weeks


def settings_public(db: DbSession, program_id: uuid.UUID, settings: Settings) -> SettingsPublic:
    rules = program_rules(db, program_id)
    return SettingsPublic(
        program_id=program_id,
        instrument=public(db, instrument_of(db, program_id)),
        tests_required=rules.tests_required if rules is not None else False,
        behaviour_due_weeks=due_weeks(rules, settings),
    )


def get_settings(
    db: DbSession, program_id: uuid.UUID, caller: Principal, settings: Settings
) -> SettingsPublic:
    """The program's evaluation rules in force (404 outside the caller's reach)."""
    programs.get_program(db, program_id, caller)
    return settings_public(db, program_id, settings)


def put_settings(
    db: DbSession,
    program_id: uuid.UUID,
    data: SettingsPut,
    caller: Principal,
    settings: Settings,
) -> SettingsPublic:
    """Set the program's evaluation rules as a whole. The program's row is locked first:
    concurrent PUTs of a program without rules would otherwise each insert them, and all but
    one fail on the key (PostgreSQL; SQLite's writers wait for each other anyway)."""
    programs.get_program(db, program_id, caller)
    db.execute(select(col(Program.id)).where(col(Program.id) == program_id).with_for_update())
    if data.instrument_id is not None and db.get(EvaluationInstrument, data.instrument_id) is None:
        raise InvalidInput.field(
            ["body", "instrument_id"],
            f"Evaluation instrument {data.instrument_id} does not exist.",
            "unknown_instrument",
        )
    rules = program_rules(db, program_id)
    before = rules.model_dump() if rules is not None else None
    if rules is None:
        rules = EvaluationSetting(program_id=program_id)
    rules.instrument_id = data.instrument_id
    rules.tests_required = data.tests_required
    rules.behaviour_due_weeks = data.behaviour_due_weeks
    rules.updated_at = utcnow()
    db.add(rules)
    db.flush()
    audit.record(
        db,
        actor=caller,
        action="create" if before is None else "update",
        entity_type=SETTING,
        entity_id=program_id,
        changes=audit.diff(before, rules.model_dump()),
    )
    db.commit()
    return settings_public(db, program_id, settings)
