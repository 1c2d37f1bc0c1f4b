"""Partner institutions: the directory, within the caller's reach (a partner's staff: their own)."""

import uuid
from typing import Any

from sqlalchemy import select
from sqlmodel import Session as DbSession
from sqlmodel import col

from app.audit import service as audit
from app.auth.policy import Permission
from app.auth.principal import Principal
from app.auth.scope import partner_scope
from app.core.errors import Conflict, NotFound, reject_nulls
from app.core.listing import PageParams, contains_pattern, order_by, paginate
from app.core.text import search_key
from app.core.updates import apply_update
from app.models import Partner
from app.models.enums import PartnerKind
from app.partners.schemas import PartnerCreate, PartnerUpdate

SORT_COLUMNS: dict[str, Any] = {"name": col(Partner.name), "created_at": col(Partner.created_at)}


def _reach(caller: Principal) -> Any:
    return partner_scope(caller, Permission.PARTNERS_READ, col(Partner.id))


def get_partner(
    db: DbSession,
    partner_id: uuid.UUID,
    caller: Principal,
    permission: Permission = Permission.PARTNERS_READ,
) -> Partner:
    """The partner, or 404 (also outside the caller's reach)."""
    scope = partner_scope(caller, permission, col(Partner.id))
    statement = select(Partner).where(col(Partner.id) == partner_id, scope)
    partner: Partner | None = db.execute(statement).scalar_one_or_none()
    if partner is None:
        raise NotFound(f"Partner {partner_id} does not exist.")
    return partner


def ensure_partner(db: DbSession, partner_id: uuid.UUID, caller: Principal) -> None:
    """404 unless the partner exists within the caller's reach (a read of its id alone, on
    the Core connection: what a report about it needs)."""
    scope = partner_scope(caller, Permission.PARTNERS_READ, col(Partner.id))
    statement = select(col(Partner.id)).where(col(Partner.id) == partner_id, scope)
    if db.connection().execute(statement).first() is None:
        raise NotFound(f"Partner {partner_id} does not exist.")


def list_partners(
    db: DbSession,
    caller: Principal,
    *,
    params: PageParams,
    sort: str,
    q: str | None = None,
    kind: PartnerKind | None = None,
    is_active: bool | None = None,
) -> tuple[list[Any], int]:
    """A page of the partners within the caller's reach."""
    conditions: list[Any] = [_reach(caller)]
    if q:
        conditions.append(col(Partner.search_key).like(contains_pattern(q), "\\"))
    if kind is not None:
        conditions.append(col(Partner.kind) == kind)
    if is_active is not None:
        conditions.append(col(Partner.is_active) == is_active)
    statement = select(Partner).where(*conditions)
    return paginate(db, statement, params, [*order_by(sort, SORT_COLUMNS), col(Partner.id)])


def create_partner(db: DbSession, data: PartnerCreate, actor: Principal) -> Partner:
    """Register a partner; a name already registered is a 409."""
    _ensure_unique(db, data.name, None)
    fields = data.model_dump()
    fields["contacts"] = [contact.model_dump(exclude_none=True) for contact in data.contacts]
    partner = Partner(**fields)
    db.add(partner)
    audit.created(db, actor, "partner", partner)
    db.commit()  # a concurrent registration of the name: the unique index, answered as 409
    return partner


def update_partner(
    db: DbSession,
    partner_id: uuid.UUID,
    data: PartnerUpdate,
    if_match: str | None,
    actor: Principal,
) -> Partner:
    """Change a partner's name, kind or activity."""
    partner = get_partner(db, partner_id, actor, Permission.PARTNERS_WRITE)
    apply_update(
        db,
        partner,
        lambda: _partner_changes(db, partner, data),
        if_match=if_match,
        actor=actor,
        entity_type="partner",
    )
    return partner


def _partner_changes(db: DbSession, partner: Partner, data: PartnerUpdate) -> dict[str, Any]:
    changes = data.model_dump(exclude_unset=True)
    reject_nulls(changes, ("name", "kind", "is_active", "contacts"))
    if "contacts" in changes and data.contacts is not None:
        changes["contacts"] = [c.model_dump(exclude_none=True) for c in data.contacts]
    if "name" in changes:
        _ensure_unique(db, changes["name"], partner.id)
    return changes


def _ensure_unique(db: DbSession, name: str, except_id: uuid.UUID | None) -> None:
    taken = select(col(Partner.id)).where(col(Partner.search_key) == search_key(name))
    if except_id is not None:
        taken = taken.where(col(Partner.id) != except_id)
    if db.execute(taken).first():
        raise Conflict(f"A partner named {name!r} is already registered.")
