"""Level 2 (learning): a participant's pre-test and post-test, and the program's rule that
both are required before anyone passes (checked when the session is completed)."""

import uuid
from decimal import Decimal

from sqlalchemy import func, select
from sqlmodel import Session as DbSession
from sqlmodel import col

from app.audit import service as audit
from app.auth.principal import Principal
from app.core.errors import Conflict, InvalidInput, MissingTests
from app.enrollments import seats
from app.enrollments import service as enrollments
from app.enrollments.attendance import require_recorder
from app.evaluations import instruments
from app.evaluations.schemas import LearningScorePut, LearningTestsPublic
from app.models import Enrollment, LearningTest, TrainingSession
from app.models.base import utcnow
from app.models.enums import EnrollmentStatus, LearningTestKind

ENTITY = "learning_test"
CENTS = Decimal("0.01")
OPEN = {
    LearningTestKind.PRE: (EnrollmentStatus.VERIFIED.value, EnrollmentStatus.ATTENDING.value),
    LearningTestKind.POST: (EnrollmentStatus.ATTENDING.value,),
}


def public(
    test: LearningTest | None, enrollment_id: uuid.UUID, required: bool
) -> LearningTestsPublic:
    pre = _two(test.pre_score) if test is not None else None
    post = _two(test.post_score) if test is not None else None
    gain = post - pre if pre is not None and post is not None else None
    return LearningTestsPublic(
        enrollment_id=enrollment_id,
        pre_score=pre,
        post_score=post,
        gain=gain,
        tests_required=required,
    )


def _two(value: Decimal | None) -> Decimal | None:
    return None if value is None else Decimal(value).quantize(CENTS)


def _required(db: DbSession, program_id: uuid.UUID) -> bool:
    rules = instruments.program_rules(db, program_id)
    return rules is not None and rules.tests_required


def get_tests(db: DbSession, enrollment_id: uuid.UUID, caller: Principal) -> LearningTestsPublic:
    """The participant's scores (404 outside the caller's reach)."""
    found = enrollments.get_view(db, enrollment_id, caller)
    session = db.get(TrainingSession, found.session_id)
    assert session is not None  # noqa: S101 - a foreign key
    return public(
        db.get(LearningTest, enrollment_id), enrollment_id, _required(db, session.program_id)
    )


def put_test(
    db: DbSession,
    enrollment_id: uuid.UUID,
    kind: LearningTestKind,
    data: LearningScorePut,
    caller: Principal,
) -> LearningTestsPublic:
    """Record (or clear) one score, by the session's recorders: a pre-test before or during
    the session, a post-test during it; where the program requires both, a post-test only
    after a pre-test."""
    found = enrollments.get_view(db, enrollment_id, caller)
    session = seats.lock_session(db, found.session_id)
    assert session is not None  # noqa: S101 - a foreign key
    enrollment = db.get(Enrollment, enrollment_id)
    assert enrollment is not None  # noqa: S101 - just read
    require_recorder(db, caller, session, enrollment.employee_id)
    if enrollment.status not in OPEN[kind]:
        raise Conflict(
            f"Enrollment {enrollment_id} is {enrollment.status}: a {kind.value}-test is recorded "
            f"for participants who are {' or '.join(OPEN[kind])}."
        )
    required = _required(db, session.program_id)
    test = db.get(LearningTest, enrollment_id)
    before = test.model_dump() if test is not None else None
    test = test or LearningTest(enrollment_id=enrollment_id)
    setattr(test, f"{kind.value}_score", data.score)
    if required and test.post_score is not None and test.pre_score is None:
        raise InvalidInput.field(
            ["body", "score"],
            "This program requires a pre-test and a post-test: the post-test is recorded after "
            "the pre-test, and the pre-test is not cleared while a post-test stands.",
            "pre_test_required",
        )
    test.updated_at = utcnow()
    db.add(test)
    db.flush()
    audit.record(
        db,
        actor=caller,
        action="create" if before is None else "update",
        entity_type=ENTITY,
        entity_id=enrollment_id,
        changes=audit.diff(before, test.model_dump()),
    )
    db.commit()
    return public(test, enrollment_id, required)


def check_before_completion(db: DbSession, session: TrainingSession) -> None:
    """Refuse (409) to complete a session, and so pass its participants, while a participant
    lacks a test the program requires."""
    if not _required(db, session.program_id):
        return
    lacking = db.execute(
        select(func.count())
        .select_from(Enrollment)
        .outerjoin(LearningTest, col(LearningTest.enrollment_id) == col(Enrollment.id))
        .where(
            col(Enrollment.session_id) == session.id,
            col(Enrollment.status) == EnrollmentStatus.ATTENDING.value,
            col(LearningTest.pre_score).is_(None) | col(LearningTest.post_score).is_(None),
        )
    ).scalar_one()
    if lacking:
        raise MissingTests(
            f"{lacking} participant(s) of session {session.id} lack a pre-test or a post-test, "
            "which the program requires before anyone passes: record them (or withdraw the "
            "participant) and complete the session again."
        )
