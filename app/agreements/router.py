"""Agreements (MoU and PKS) with partners, their quotas, and the expiry watch."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response, status

from app.agreements import service, watch
from app.agreements.lifecycle import effective_status
from app.agreements.schemas import (
    AgreementCreate,
    AgreementPublic,
    AgreementTransition,
    AgreementUpdate,
    OverrunPublic,
    QuotaPublic,
    QuotaSet,
    WatchSummary,
)
from app.auth.deps import AppSettings, PartnersReader, PartnersWriter
from app.core.clock import today
from app.core.config import Settings
from app.core.db import Db
from app.core.errors import problem_responses
from app.core.etag import IfMatch, set_etag
from app.core.lifecycle import StatusChangePublic
from app.core.links import location
from app.core.listing import Page, Paging, sort_query
from app.core.responses import json_response
from app.core.types import IsoDate, single_line
from app.documents import service as documents
from app.documents.router import DOWNLOAD, IfNoneMatch
from app.documents.storage import Storage
from app.models import Agreement, AgreementQuota
from app.models.enums import AgreementKind, AgreementStatus, OverrunKind, QuotaKind

router = APIRouter(
    prefix="/agreements", tags=["agreements"], responses=problem_responses(401, 403, 422)
)
watch_router = APIRouter(
    prefix="/partnerships", tags=["agreements"], responses=problem_responses(401, 403, 422)
)

Year = Annotated[int, Path(ge=2000, le=2100, description="The calendar year.")]
WithinDays = Annotated[
    int | None,
    Query(
        ge=1, le=3650, description="Days ahead; default `BANGKOM_AGREEMENT_EXPIRY_WARNING_DAYS`."
    ),
]
CityNumber = Annotated[str, single_line(1, 100)]


def agreement_public(agreement: Agreement, settings: Settings) -> AgreementPublic:
    """An agreement as the API shows it: its status as of the agency's today."""
    on = today(settings)
    shown = effective_status(agreement.status, agreement.ends_on, on)
    remaining = (agreement.ends_on - on).days + 1 if shown == service.ACTIVE else None
    return AgreementPublic.model_validate(
        {**agreement.model_dump(), "status": shown, "days_remaining": remaining}
    )


def quota_public(quota: AgreementQuota) -> QuotaPublic:
    """A quota with what is left of it."""
    return QuotaPublic.model_validate(
        {**quota.model_dump(), "remaining": quota.granted - quota.used}
    )


@router.get("", summary="List agreements")
def list_agreements(
    db: Db,
    caller: PartnersReader,
    settings: AppSettings,
    paging: Paging,
    sort: Annotated[str, sort_query(list(service.SORT_COLUMNS), "ends_on")] = "ends_on",
    partner_id: uuid.UUID | None = None,
    kind: AgreementKind | None = None,
    parent_id: Annotated[uuid.UUID | None, Query(description="The PKS of this MoU.")] = None,
    unit_id: Annotated[uuid.UUID | None, Query(description="Responsible unit.")] = None,
    status: Annotated[AgreementStatus | None, Query(description="As of today.")] = None,
    active_on: Annotated[IsoDate | None, Query(description="In force on this date.")] = None,
    expiring_within_days: WithinDays = None,
    city_number: Annotated[CityNumber | None, Query(description="The city's number.")] = None,
) -> Page[AgreementPublic]:
    """Agreements by partner, kind, parent, unit, status (expired: ended while in force),
    date in force and number, or those in force ending within N days; a partner's staff
    see their partner's."""
    filters = {
        "partner_id": partner_id,
        "kind": kind,
        "parent_id": parent_id,
        "unit_id": unit_id,
        "status": status,
        "active_on": active_on,
        "expiring_within_days": expiring_within_days,
        "city_number": city_number,
    }
    rows, total = service.list_agreements(
        db, caller, settings, params=paging, sort=sort, filters=filters
    )
    return Page.of([agreement_public(row[0], settings) for row in rows], total, paging)


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    summary="Record an agreement",
    responses=problem_responses(409),
)
def create_agreement(
    db: Db,
    caller: PartnersWriter,
    settings: AppSettings,
    body: AgreementCreate,
    request: Request,
    response: Response,
) -> AgreementPublic:
    """Record an MoU, or a PKS under an MoU of the same partner and within its dates, as a
    draft."""
    agreement = service.create_agreement(db, body, caller)
    response.headers["Location"] = location(request, "get_agreement", agreement_id=agreement.id)
    set_etag(response, agreement.version)
    return agreement_public(agreement, settings)


@router.get("/{agreement_id:uuid}", summary="Get an agreement", responses=problem_responses(404))
def get_agreement(
    db: Db,
    caller: PartnersReader,
    settings: AppSettings,
    agreement_id: uuid.UUID,
    response: Response,
) -> AgreementPublic:
    """One agreement with its status as of today and its ETag."""
    agreement = service.get_agreement(db, agreement_id, caller)
    set_etag(response, agreement.version)
    return agreement_public(agreement, settings)


@router.patch(
    "/{agreement_id:uuid}",
    summary="Update an agreement",
    responses=problem_responses(404, 409, 412, 428),
)
def update_agreement(
    db: Db,
    caller: PartnersWriter,
    settings: AppSettings,
    agreement_id: uuid.UUID,
    body: AgreementUpdate,
    response: Response,
    if_match: IfMatch = None,
) -> AgreementPublic:
    """Change an agreement: a draft freely; one in force all but its start date (an addendum
    moves its end, a PKS staying within its MoU)."""
    agreement = service.update_agreement(db, agreement_id, body, if_match, caller, settings)
    set_etag(response, agreement.version)
    return agreement_public(agreement, settings)


@router.post(
    "/{agreement_id:uuid}/transitions",
    summary="Move an agreement",
    responses=problem_responses(404, 409),
)
def transition_agreement(
    db: Db,
    caller: PartnersWriter,
    settings: AppSettings,
    agreement_id: uuid.UUID,
    body: AgreementTransition,
    response: Response,
) -> AgreementPublic:
    """Put a signed agreement in force (its signing date and document given; a PKS under an
    MoU in force), or terminate it with a reason (an MoU's PKS end with it)."""
    agreement = service.transition_agreement(db, agreement_id, body, caller, settings)
    set_etag(response, agreement.version)
    return agreement_public(agreement, settings)


@router.get(
    "/{agreement_id:uuid}/document",
    summary="Download an agreement's signed document",
    response_class=Response,
    responses={**DOWNLOAD, **problem_responses(404)},
)
def get_agreement_document(
    db: Db,
    caller: PartnersReader,
    storage: Storage,
    agreement_id: uuid.UUID,
    if_none_match: IfNoneMatch = None,
) -> Response:
    """The signed PDF, streamed as an attachment, to whoever reads the agreement (a
    partner's staff: their partner's); 404 while it has none."""
    agreement = service.get_agreement(db, agreement_id, caller)
    return documents.stream_attached(
        db,
        agreement.document_id,
        storage,
        missing=f"Agreement {agreement_id} has no signed document yet.",
        if_none_match=if_none_match,
    )


@router.get(
    "/{agreement_id:uuid}/history",
    summary="An agreement's moves",
    responses=problem_responses(404),
)
def agreement_history(
    db: Db, caller: PartnersReader, agreement_id: uuid.UUID, paging: Paging
) -> Page[StatusChangePublic]:
    """Each move of the agreement's lifecycle: from, to, who, when and why."""
    items, total = service.agreement_history(db, agreement_id, caller, paging)
    return Page.of(items, total, paging)


@router.get(
    "/{agreement_id:uuid}/quotas",
    summary="An agreement's quotas",
    responses=problem_responses(404),
)
def list_quotas(
    db: Db,
    caller: PartnersReader,
    agreement_id: uuid.UUID,
    paging: Paging,
    year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
) -> Page[QuotaPublic]:
    """Seats granted, taken and left, per year and kind."""
    rows, total = service.list_quotas(db, agreement_id, caller, year, paging)
    return Page.of([quota_public(row[0]) for row in rows], total, paging)


@router.put(
    "/{agreement_id:uuid}/quotas/{year}/{kind}",
    summary="Set a quota",
    responses=problem_responses(404, 409),
)
def set_quota(
    db: Db,
    caller: PartnersWriter,
    settings: AppSettings,
    agreement_id: uuid.UUID,
    year: Year,
    kind: QuotaKind,
    body: QuotaSet,
) -> QuotaPublic:
    """Grant seats of a kind in a year of the agreement (not below those already taken)."""
    quota = service.set_quota(db, agreement_id, year, kind, body, caller, settings)
    return quota_public(quota)


@watch_router.get(
    "/summary", summary="The expiry watch's daily summary", response_model=WatchSummary
)
def watch_summary(
    db: Db, caller: PartnersReader, settings: AppSettings, within_days: WithinDays = None
) -> Response:
    """Agreements in force, those ending within N days (the first 50), those ended in the
    last 30 days, and the sessions and internships scheduled past their agreement's end (the
    first 50): what a dashboard or a daily job reads."""
    days = within_days or settings.agreement_expiry_warning_days
    return json_response(watch.summary(db, caller, settings, days))


@watch_router.get(
    "/overruns",
    summary="Work scheduled past its agreement",
    response_model=Page[OverrunPublic],
)
def list_overruns(
    db: Db,
    caller: PartnersReader,
    settings: AppSettings,
    paging: Paging,
    kind: OverrunKind | None = None,
) -> Response:
    """Sessions and internships not over that end after their agreement does, or whose
    agreement was terminated, by the agreement's end."""
    items, total = watch.list_overruns(db, caller, settings, paging, kind)
    return json_response(Page.of(items, total, paging))
