"""Every table, imported together so relationships and migrations see the whole schema.

Importing any table module runs this first, and ``app.models.base`` (imported first here) sets
the constraint naming convention on the metadata before any table is defined.
"""

from app.models.base import NAMING_CONVENTION
from app.models.certificate import Certificate, CertificateCounter, CertificateEdition
from app.models.competency import (
    Assessment,
    AssessmentResult,
    Competency,
    CompetencyFamily,
    CompetencyLevel,
    CurrentLevel,
    CurrentLevelBasis,
    DefaultStandard,
    PositionStandard,
    TalentBox,
    TalentPlacement,
)
from app.models.development import (
    Attendance,
    CalendarFeed,
    Enrollment,
    Meeting,
    Program,
    ProgramCompetency,
    ProgramPrerequisite,
    SessionFacilitator,
    StatusChange,
    TrainingSession,
)
from app.models.document import Document
from app.models.evaluation import (
    BehaviourEvaluation,
    EvaluationAnswer,
    EvaluationInstrument,
    EvaluationQuestion,
    EvaluationReceipt,
    EvaluationResponse,
    EvaluationSetting,
    LearningTest,
)
from app.models.identity import (
    ApiKey,
    AuditEvent,
    AuthSession,
    LoginAttempt,
    RefreshToken,
    User,
    UserRole,
)
from app.models.learning import (
    JpConversionRule,
    LearningRecord,
    LearningTotal,
    LearningTotalBasis,
)
from app.models.organisation import Employee, Position, Unit
from app.models.partnership import (
    Agreement,
    AgreementQuota,
    Internship,
    InternshipLogEntry,
    Partner,
)
from app.models.reference import DevelopmentType, Golongan, LeadershipSubtype, PositionType

__all__ = [
    "NAMING_CONVENTION",
    "Agreement",
    "AgreementQuota",
    "ApiKey",
    "Assessment",
    "AssessmentResult",
    "Attendance",
    "AuditEvent",
    "AuthSession",
    "BehaviourEvaluation",
    "CalendarFeed",
    "Certificate",
    "CertificateCounter",
    "CertificateEdition",
    "Competency",
    "CompetencyFamily",
    "CompetencyLevel",
    "CurrentLevel",
    "CurrentLevelBasis",
    "DefaultStandard",
    "DevelopmentType",
    "Document",
    "Employee",
    "Enrollment",
    "EvaluationAnswer",
    "EvaluationInstrument",
    "EvaluationQuestion",
    "EvaluationReceipt",
    "EvaluationResponse",
    "EvaluationSetting",
    "Golongan",
    "Internship",
    "InternshipLogEntry",
    "JpConversionRule",
    "LeadershipSubtype",
    "LearningRecord",
    "LearningTest",
    "LearningTotal",
    "LearningTotalBasis",
    "LoginAttempt",
    "Meeting",
    "Partner",
    "Position",
    "PositionStandard",
    "PositionType",
    "Program",
    "ProgramCompetency",
    "ProgramPrerequisite",
    "RefreshToken",
    "SessionFacilitator",
    "StatusChange",
    "TalentBox",
    "TalentPlacement",
    "TrainingSession",
    "Unit",
    "User",
    "UserRole",
]
