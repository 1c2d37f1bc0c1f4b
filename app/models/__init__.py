"""Every table, imported together so relationships and migrations see the whole schema."""

from app.models.organisation import Employee, Position, Unit
from app.models.reference import DevelopmentType, Golongan, LeadershipSubtype, PositionType

__all__ = [
    "DevelopmentType",
    "Employee",
    "Golongan",
    "LeadershipSubtype",
    "Position",
    "PositionType",
    "Unit",
]
