"""Every table, imported together so relationships and migrations see the whole schema."""

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
from app.models.identity import (
    ApiKey,
    AuditEvent,
    AuthSession,
    LoginAttempt,
    RefreshToken,
    User,
    UserRole,
)
from app.models.organisation import Employee, Position, Unit
from app.models.reference import DevelopmentType, Golongan, LeadershipSubtype, PositionType

__all__ = [
    "ApiKey",
    "Assessment",
    "AssessmentResult",
    "AuditEvent",
    "AuthSession",
    "Competency",
    "CompetencyFamily",
    "CompetencyLevel",
    "CurrentLevel",
    "CurrentLevelBasis",
    "DefaultStandard",
    "DevelopmentType",
    "Employee",
    "Golongan",
    "LeadershipSubtype",
    "LoginAttempt",
    "Position",
    "PositionStandard",
    "PositionType",
    "RefreshToken",
    "TalentBox",
    "TalentPlacement",
    "Unit",
    "User",
    "UserRole",
]
