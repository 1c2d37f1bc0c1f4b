"""Agreements: the MoU and its PKS, their lifecycle, their quotas, within the caller's reach.

Partner staff read their own partner's agreements (the partner reach); writing is the city's.
An agreement's status as shown is computed from its stored status and its end date in the
agency's time zone (``lifecycle.effective_status``; in SQL, :func:`status_condition`).
"""

import uuid
from datetime import date, timedelta
from typing import Any

from sqlalchemy import and_, or_, select, update
from sqlmodel import Session as DbSession
from sqlmodel import col

from app.agreements import quotas
from app.agreements.lifecycle import AGREEMENT, effective_status
from app.agreements.schemas import AgreementCreate, AgreementTransition, AgreementUpdate, QuotaSet
from app.audit import service as audit
from app.auth.policy import Permission
from app.auth.principal import Principal
from app.auth.scope import partner_scope
from app.core import lifecycle
from app.core.clock import today
from app.core.config import Settings
from app.core.errors import (
    Conflict,
    FieldError,
    InvalidInput,
    NotFound,
    QuotaExceeded,
    reject_nulls,
)
from app.core.listing import PageParams, order_by, paginate
from app.core.updates import apply_update
from app.documents.service import readable
from app.models import Agreement, AgreementQuota, Partner, Unit
from app.models.base import utcnow
from app.models.enums import AgreementKind, AgreementScope, AgreementStatus, QuotaKind

SORT_COLUMNS: dict[str, Any] = {
    "ends_on": col(Agreement.ends_on),
    "starts_on": col(Agreement.starts_on),
    "created_at": col(Agreement.created_at),
}
ACTIVE = AgreementStatus.ACTIVE.value
DRAFT = AgreementStatus.DRAFT.value
TERMINATED = AgreementStatus.TERMINATED.value


def reach(caller: Principal, permission: Permission = Permission.PARTNERS_READ) -> Any:
    """The agreements within the caller's reach: all, or a partner's staff their partner's."""
    return partner_scope(caller, permission, col(Agreement.partner_id))


def status_condition(status: AgreementStatus, on: date) -> Any:
    """SQL for "the agreement's status on ``on`` is ``status``" (expired: active and ended)."""
    if status == AgreementStatus.EXPIRED:
        return and_(col(Agreement.status) == ACTIVE, col(Agreement.ends_on) < on)
    if status == AgreementStatus.ACTIVE:
        return and_(col(Agreement.status) == ACTIVE, col(Agreement.ends_on) >= on)
    return col(Agreement.status) == status.value


def get_agreement(
    db: DbSession,
    agreement_id: uuid.UUID,
    caller: Principal,
    permission: Permission = Permission.PARTNERS_READ,
    *,
    lock: bool = False,
) -> Agreement:
    """The agreement, or 404 (also outside the caller's reach); ``lock``: its row locked."""
    statement = select(Agreement).where(
        col(Agreement.id) == agreement_id, reach(caller, permission)
    )
    if lock:
        statement = statement.with_for_update()
    agreement: Agreement | None = db.execute(statement).scalar_one_or_none()
    if agreement is None:
        raise NotFound(f"Agreement {agreement_id} does not exist.")
    return agreement


def list_agreements(
    db: DbSession,
    caller: Principal,
    settings: Settings,
    *,
    params: PageParams,
    sort: str,
    filters: dict[str, Any],
) -> tuple[list[Any], int]:
    """A page of the agreements within the caller's reach."""
    on = today(settings)
    conditions: list[Any] = [reach(caller)]
    for name in ("partner_id", "kind", "parent_id", "unit_id"):
        if filters.get(name) is not None:
            conditions.append(getattr(Agreement, name) == filters[name])
    if filters.get("status") is not None:
        conditions.append(status_condition(filters["status"], on))
    if filters.get("active_on") is not None:
        day = filters["active_on"]
        conditions += [
            col(Agreement.status) == ACTIVE,
            col(Agreement.starts_on) <= day,
            col(Agreement.ends_on) >= day,
        ]
    if filters.get("expiring_within_days") is not None:
        conditions += expiring_conditions(on, filters["expiring_within_days"])
    if filters.get("city_number") is not None:
        conditions.append(col(Agreement.city_number) == filters["city_number"])
    statement = select(Agreement).where(*conditions)
    return paginate(db, statement, params, [*order_by(sort, SORT_COLUMNS), col(Agreement.id)])


def expiring_conditions(on: date, within_days: int) -> list[Any]:
    """In force on ``on`` and ending within ``within_days`` days of it."""
    return [
        col(Agreement.status) == ACTIVE,
        col(Agreement.ends_on) >= on,
        col(Agreement.ends_on) <= on + timedelta(days=within_days),
    ]


def create_agreement(db: DbSession, data: AgreementCreate, actor: Principal) -> Agreement:
    """Record an agreement as a draft, after every check of its parties, parent and dates."""
    fields = data.model_dump()
    fields["scopes"] = [scope.value for scope in data.scopes]
    partner = db.get(Partner, data.partner_id)
    errors: list[FieldError] = []
    if partner is None:
        errors.append(_error("partner_id", f"Partner {data.partner_id} does not exist.", "unknown"))
    elif not partner.is_active:
        errors.append(_error("partner_id", f"{partner.name} is retired.", "partner_retired"))
    errors += _reference_errors(db, fields, actor)
    if data.kind == AgreementKind.MOU and data.parent_id is not None:
        errors.append(_error("parent_id", "A framework agreement (MoU) has no parent.", "parent"))
    if data.kind == AgreementKind.PKS and data.parent_id is None:
        errors.append(_error("parent_id", "A PKS is made under an MoU: give its id.", "parent"))
    _raise(errors)
    _check_dates(db, fields, None)
    agreement = Agreement(**fields)
    db.add(agreement)
    audit.created(db, actor, "agreement", agreement)
    db.commit()
    return agreement


def _error(field: str, msg: str, code: str) -> FieldError:
    return FieldError(loc=["body", field], msg=msg, type=code)


def _raise(errors: list[FieldError]) -> None:
    if errors:
        raise InvalidInput(" ".join(e.msg for e in errors), errors=errors)


def _reference_errors(db: DbSession, fields: dict[str, Any], actor: Principal) -> list[FieldError]:
    errors = []
    if fields.get("unit_id") is not None and db.get(Unit, fields["unit_id"]) is None:
        errors.append(_error("unit_id", f"Unit {fields['unit_id']} does not exist.", "unknown"))
    if fields.get("document_id") is not None and not readable(db, fields["document_id"], actor):
        errors.append(
            _error("document_id", f"Document {fields['document_id']} does not exist.", "unknown")
        )
    return errors


def _check_dates(db: DbSession, fields: dict[str, Any], agreement: Agreement | None) -> None:
    """The period in order, a PKS within its MoU's, an MoU around its PKS' (refused at once)."""
    starts, ends = fields["starts_on"], fields["ends_on"]
    errors: list[FieldError] = []
    if ends < starts:
        errors.append(_error("ends_on", f"It cannot end before it starts on {starts}.", "dates"))
    signed = fields.get("signed_on")
    if signed is not None and signed > ends:
        errors.append(_error("signed_on", f"Signed after it ends on {ends}.", "signed_after_end"))
    _raise(errors)
    if fields["kind"] == AgreementKind.PKS.value:
        parent = _parent(db, fields["parent_id"], fields["partner_id"])
        if starts < parent.starts_on or ends > parent.ends_on:
            raise InvalidInput.field(
                ["body", "ends_on" if ends > parent.ends_on else "starts_on"],
                f"A PKS stays within its MoU, in force from {parent.starts_on} to "
                f"{parent.ends_on}: {starts} to {ends} is not.",
                "outside_parent",
            )
    elif agreement is not None:
        children = select(
            col(Agreement.city_number), col(Agreement.starts_on), col(Agreement.ends_on)
        ).where(
            col(Agreement.parent_id) == agreement.id,
            col(Agreement.status) != TERMINATED,
            or_(col(Agreement.starts_on) < starts, col(Agreement.ends_on) > ends),
        )
        outside = db.execute(children.limit(1)).first()
        if outside is not None:
            raise Conflict(
                f"PKS {outside[0]} runs from {outside[1]} to {outside[2]}: the MoU cannot "
                f"be in force from {starts} to {ends} only."
            )


def _parent(db: DbSession, parent_id: uuid.UUID, partner_id: uuid.UUID) -> Agreement:
    parent = db.get(Agreement, parent_id)
    if parent is None or parent.kind != AgreementKind.MOU.value:
        raise InvalidInput.field(
            ["body", "parent_id"], f"No framework agreement (MoU) {parent_id}.", "unknown_parent"
        )
    if parent.partner_id != partner_id:
        raise InvalidInput.field(
            ["body", "parent_id"], "The MoU is with another partner.", "other_partner"
        )
    if parent.status == TERMINATED:
        raise Conflict(f"MoU {parent.city_number} was terminated: nothing more is made under it.")
    return parent


def update_agreement(
    db: DbSession,
    agreement_id: uuid.UUID,
    data: AgreementUpdate,
    if_match: str | None,
    actor: Principal,
    settings: Settings,
) -> Agreement:
    """Change an agreement: a draft freely, an active one all but its start."""
    agreement = get_agreement(db, agreement_id, actor, Permission.PARTNERS_WRITE, lock=True)

    def changes() -> dict[str, Any]:
        found = data.model_dump(exclude_unset=True)
        reject_nulls(found, ("title", "city_number", "starts_on", "ends_on", "scopes", "unit_id"))
        if "scopes" in found:
            found["scopes"] = [AgreementScope(scope).value for scope in found["scopes"]]
        status = effective_status(agreement.status, agreement.ends_on, today(settings))
        if status in (TERMINATED, AgreementStatus.EXPIRED.value):
            raise Conflict(f"This agreement is {status}: it no longer changes.")
        if status == ACTIVE:
            if "starts_on" in found and found["starts_on"] != agreement.starts_on:
                raise Conflict("This agreement is in force: its start date no longer changes.")
            for field in ("document_id", "signed_on"):
                if field in found and found[field] is None:
                    raise Conflict(f"An agreement in force keeps its {field}.")
        _raise(_reference_errors(db, found, actor))
        merged = {**agreement.model_dump(), **found}
        if {"starts_on", "ends_on", "signed_on"} & found.keys():
            _check_dates(db, merged, agreement)
        return found

    apply_update(db, agreement, changes, if_match=if_match, actor=actor, entity_type="agreement")
    return agreement


def transition_agreement(
    db: DbSession,
    agreement_id: uuid.UUID,
    data: AgreementTransition,
    actor: Principal,
    settings: Settings,
) -> Agreement:
    """Put an agreement in force or terminate it; an MoU's PKS end with it."""
    agreement = get_agreement(db, agreement_id, actor, Permission.PARTNERS_WRITE, lock=True)
    on = today(settings)
    current = effective_status(agreement.status, agreement.ends_on, on)
    target = data.status.value
    AGREEMENT.check(current, target, data.reason)
    if target == ACTIVE:
        _check_activation(db, agreement, on)
    terminated = target == TERMINATED
    lifecycle.transition(
        db,
        AGREEMENT,
        agreement,
        target,
        actor=actor,
        reason=data.reason,
        changes={"termination_reason": data.reason} if terminated else None,
    )
    if terminated and agreement.kind == AgreementKind.MOU.value:
        _terminate_children(db, agreement, data.reason or "")
    db.commit()
    db.refresh(agreement)
    return agreement


def _check_activation(db: DbSession, agreement: Agreement, on: date) -> None:
    missing = [name for name in ("signed_on", "document_id") if getattr(agreement, name) is None]
    if missing:
        raise Conflict(
            "An agreement is put in force once signed: give its "
            + " and ".join(missing)
            + " first."
        )
    if agreement.ends_on < on:
        raise Conflict(f"This agreement ended on {agreement.ends_on}: it cannot start now.")
    if agreement.parent_id is not None:
        parent = db.get(Agreement, agreement.parent_id)
        assert parent is not None  # noqa: S101 - a foreign key
        if effective_status(parent.status, parent.ends_on, on) != ACTIVE:
            raise Conflict(
                f"Its MoU {parent.city_number} is "
                f"{effective_status(parent.status, parent.ends_on, on)}: a PKS is put in force "
                "under an MoU in force."
            )


def _terminate_children(db: DbSession, mou: Agreement, reason: str) -> None:
    children = db.execute(
        select(col(Agreement.id), col(Agreement.status)).where(
            col(Agreement.parent_id) == mou.id, col(Agreement.status) != TERMINATED
        )
    ).all()
    if not children:
        return
    why = f"Its MoU {mou.city_number} was terminated: {reason}"[:1000]
    db.execute(
        update(Agreement)
        .where(col(Agreement.id).in_([row[0] for row in children]))
        .values(
            status=TERMINATED,
            termination_reason=why,
            version=col(Agreement.version) + 1,
            updated_at=utcnow(),
        )
        .execution_options(synchronize_session=False)
    )
    lifecycle.record(
        db, AGREEMENT, [(row[0], row[1], TERMINATED) for row in children], actor=None, reason=why
    )


def agreement_history(
    db: DbSession, agreement_id: uuid.UUID, caller: Principal, params: PageParams
) -> tuple[list[lifecycle.StatusChangePublic], int]:
    """A page of the agreement's moves, oldest first."""
    get_agreement(db, agreement_id, caller)
    return lifecycle.history(db, AGREEMENT.entity_type, agreement_id, params)


# Quotas


def list_quotas(
    db: DbSession,
    agreement_id: uuid.UUID,
    caller: Principal,
    year: int | None,
    params: PageParams,
) -> tuple[list[Any], int]:
    """A page of the agreement's quotas, by year and kind."""
    get_agreement(db, agreement_id, caller)
    statement = select(AgreementQuota).where(col(AgreementQuota.agreement_id) == agreement_id)
    if year is not None:
        statement = statement.where(col(AgreementQuota.year) == year)
    ordering = [col(AgreementQuota.year), col(AgreementQuota.kind)]
    return paginate(db, statement, params, ordering)


def set_quota(
    db: DbSession,
    agreement_id: uuid.UUID,
    year: int,
    kind: QuotaKind,
    data: QuotaSet,
    actor: Principal,
    settings: Settings,
) -> AgreementQuota:
    """Grant ``granted`` seats of ``kind`` in ``year``; not below those taken, within the
    agreement's years, of a kind its scopes cover."""
    agreement = get_agreement(db, agreement_id, actor, Permission.PARTNERS_WRITE, lock=True)
    status = effective_status(agreement.status, agreement.ends_on, today(settings))
    if status in (TERMINATED, AgreementStatus.EXPIRED.value):
        raise Conflict(f"This agreement is {status}: its quotas no longer change.")
    if not agreement.starts_on.year <= year <= agreement.ends_on.year:
        raise InvalidInput.field(
            ["path", "year"],
            f"The agreement is in force from {agreement.starts_on} to {agreement.ends_on}: "
            f"not in {year}.",
            "outside_agreement",
        )
    needed = SCOPE_OF[kind]
    if needed.value not in agreement.scopes:
        raise InvalidInput.field(
            ["path", "kind"],
            f"The agreement does not cover {needed.value}: it grants no {quotas.LABELS[kind]}.",
            "outside_scope",
        )
    quota = db.execute(
        select(AgreementQuota).where(
            col(AgreementQuota.agreement_id) == agreement_id,
            col(AgreementQuota.year) == year,
            col(AgreementQuota.kind) == kind.value,
        )
    ).scalar_one_or_none()
    if quota is None:
        quota = AgreementQuota(agreement_id=agreement_id, year=year, kind=kind.value, granted=0)
        before = None
    else:
        before = quota.model_dump()
    if data.granted < quota.used:
        raise QuotaExceeded(
            f"{quota.used} {quotas.LABELS[kind]} of {year} are taken: the quota cannot be "
            f"{data.granted}.",
            kind=kind.value,
            year=year,
            granted=quota.granted,
            used=quota.used,
            requested=data.granted,
        )
    quota.granted = data.granted
    quota.updated_at = utcnow()
    db.add(quota)
    if before is None:
        audit.created(db, actor, "agreement_quota", quota)
    else:
        audit.updated(db, actor, "agreement_quota", quota, before)
    db.commit()
    return quota


SCOPE_OF = {
    QuotaKind.TRAINING_SEATS: AgreementScope.TRAINING,
    QuotaKind.INTERNSHIP_PLACES: AgreementScope.INTERNSHIP,
}


def covering(
    db: DbSession,
    agreement_id: uuid.UUID,
    partner_id: uuid.UUID | None,
    starts: date,
    ends: date,
    scope: AgreementScope,
    loc: list[str | int],
    on: date,
) -> Agreement:
    """The agreement ``agreement_id`` if it covers ``scope`` with ``partner_id`` in force for
    the whole of ``starts`` to ``ends``; otherwise a 422 on ``loc`` saying why."""
    agreement = db.get(Agreement, agreement_id)

    def refuse(msg: str, code: str) -> InvalidInput:
        return InvalidInput.field(loc, msg, code)

    if agreement is None:
        raise refuse(f"Agreement {agreement_id} does not exist.", "unknown_agreement")
    if partner_id is not None and agreement.partner_id != partner_id:
        raise refuse("The agreement is with another partner.", "other_partner")
    status = effective_status(agreement.status, agreement.ends_on, on)
    if status != ACTIVE:
        raise refuse(
            f"Agreement {agreement.city_number} is {status}: only one in force covers it.",
            f"agreement_{status}",
        )
    if starts < agreement.starts_on or ends > agreement.ends_on:
        raise refuse(
            f"Agreement {agreement.city_number} is in force from {agreement.starts_on} to "
            f"{agreement.ends_on}: not for the whole of {starts} to {ends}.",
            "outside_agreement",
        )
    if scope.value not in agreement.scopes:
        raise refuse(
            f"Agreement {agreement.city_number} does not cover {scope.value}.", "outside_scope"
        )
    return agreement
