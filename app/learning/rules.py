"""JP conversion rules: how much of a development type's JP counts toward the 20 JP.

Non-classroom forms convert to JP by rules of their own (domain brief section 2: outbound adds
a fifth of its JP); a rule is reference data, a percent of the JP as given (100 when a type has
none). Reports apply the rules as they are read, so a rule changed applies to every report at
once: the totals keep the JP as given, per development type (``app.learning.totals``).
"""

from dataclasses import dataclass
from typing import Any

from sqlalchemy import literal, select
from sqlmodel import Session as DbSession
from sqlmodel import col

from app.audit import service as audit
from app.auth.principal import Principal
from app.core.errors import NotFound
from app.models import DevelopmentType, JpConversionRule
from app.models.base import utcnow
from app.models.enums import DevelopmentPath
from app.models.learning import NATIONAL_TYPES, type_column


@dataclass(frozen=True)
class Weights:
    """Each development type's percent and path, read once per report."""

    percent: dict[int, int]
    path: dict[int, str]

    def counted(self, table: Any, path: DevelopmentPath | None = None) -> Any:
        """The JP counted (hundredths of JP, an integer: exact) of a totals row ``table``,
        of every type or of one path's types.

        Of every type it is the JP as given at 100 percent plus, for each type whose rule is
        not 100, the difference: ``jp * 100 + jp_19 * 20`` when only outbound (type 19) has a rule
        (the type columns sum to ``jp``: every record has one of the national types). A
        report of the whole city joins a million such rows to their people: reading two
        columns of each instead of 25 keeps the rows the join carries narrow.
        """
        if path is None:
            total: Any = table.c.jp * 100
            for t in NATIONAL_TYPES:
                percent = self.percent.get(t, 100)
                if percent != 100:
                    total = total + table.c[type_column(t)] * (percent - 100)
            return total
        terms = [
            table.c[type_column(t)] * self.percent.get(t, 100)
            for t in NATIONAL_TYPES
            if self.path.get(t) == path.value
        ]
        if not terms:
            return literal(0)
        total = terms[0]
        for term in terms[1:]:
            total = total + term
        return total


def weights(db: DbSession) -> Weights:
    """The rules and the types' paths (two small reads)."""
    percent = dict(
        db.execute(
            select(col(JpConversionRule.development_type_id), col(JpConversionRule.percent))
        ).all()
    )
    path = dict(db.execute(select(col(DevelopmentType.id), col(DevelopmentType.path))).all())
    return Weights(percent=percent, path=path)


def list_rules(db: DbSession) -> list[JpConversionRule]:
    """Every rule, by development type."""
    return list(
        db.execute(select(JpConversionRule).order_by(col(JpConversionRule.development_type_id)))
        .scalars()
        .all()
    )


def put_rule(
    db: DbSession, type_id: int, percent: int, note: str | None, actor: Principal
) -> tuple[JpConversionRule, bool]:
    """Set a development type's rule; whether it was created. Audited; applies to every report
    from the next request on."""
    if db.get(DevelopmentType, type_id) is None:
        raise NotFound(f"Development type {type_id} does not exist.")
    rule = db.get(JpConversionRule, type_id)
    if rule is None:
        rule = JpConversionRule(development_type_id=type_id, percent=percent, note=note)
        db.add(rule)
        _audit(db, actor, "create", type_id, {}, {"percent": percent, "note": note})
        db.commit()
        return rule, True
    before = {"percent": rule.percent, "note": rule.note}
    rule.percent, rule.note, rule.updated_at = percent, note, utcnow()
    db.add(rule)
    _audit(db, actor, "update", type_id, before, {"percent": percent, "note": note})
    db.commit()
    return rule, False


def delete_rule(db: DbSession, type_id: int, actor: Principal) -> None:
    """Remove a type's rule: its JP counts as given again."""
    rule = db.get(JpConversionRule, type_id)
    if rule is None:
        raise NotFound(f"Development type {type_id} has no conversion rule.")
    db.delete(rule)
    _audit(db, actor, "delete", type_id, {"percent": rule.percent, "note": rule.note}, {})
    db.commit()


def _audit(
    db: DbSession,
    actor: Principal,
    action: str,
    type_id: int,
    before: dict[str, Any],
    after: dict[str, Any],
) -> None:
    audit.record(
        db,
        actor=actor,
        action=action,
        entity_type="jp_conversion_rule",
        entity_id=type_id,
        changes=audit.diff(before or None, after or None),
    )
