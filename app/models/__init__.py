"""Every table, imported together so relationships and migrations see the whole schema."""

from app.models.identity import ApiKey, AuditEvent, LoginAttempt, RefreshToken, User, UserRole
from app.models.organisation import Employee, Position, Unit
from app.models.reference import DevelopmentType, Golongan, LeadershipSubtype, PositionType

__all__ = [
    "ApiKey",
    "AuditEvent",
    "DevelopmentType",
    "Employee",
    "Golongan",
    "LeadershipSubtype",
    "LoginAttempt",
    "Position",
    "PositionType",
    "RefreshToken",
    "Unit",
    "User",
    "UserRole",
]
