"""Partner institutions (mitra): universities, training institutes, agencies."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response, status

from app.auth.deps import AppSettings, PartnersReader, PartnersWriter
from app.core.db import Db
from app.core.errors import problem_responses
from app.core.etag import IfMatch, set_etag
from app.core.links import location
from app.core.listing import Page, Paging, sort_query
from app.core.responses import json_response
from app.core.types import QueryBool, SearchText
from app.models.enums import PartnerKind
from app.partners import report, service
from app.partners.schemas import PartnerCreate, PartnerPublic, PartnerReport, PartnerUpdate

router = APIRouter(
    prefix="/partners", tags=["partners"], responses=problem_responses(401, 403, 422)
)


@router.get("", summary="List partners")
def list_partners(
    db: Db,
    caller: PartnersReader,
    paging: Paging,
    sort: Annotated[str, sort_query(list(service.SORT_COLUMNS), "name")] = "name",
    q: Annotated[SearchText | None, Query(description="Name contains.")] = None,
    kind: PartnerKind | None = None,
    is_active: QueryBool | None = None,
) -> Page[PartnerPublic]:
    """Partner institutions by name, kind and activity; a partner's staff see their own."""
    rows, total = service.list_partners(
        db, caller, params=paging, sort=sort, q=q, kind=kind, is_active=is_active
    )
    return Page.of([PartnerPublic.model_validate(row[0]) for row in rows], total, paging)


ReportYear = Annotated[int, Query(ge=2000, le=2100, description="The calendar year.")]


@router.get(
    "/reports",
    summary="The partner report of every partner",
    response_model=Page[PartnerReport],
)
def list_partner_reports(
    db: Db,
    caller: PartnersReader,
    settings: AppSettings,
    paging: Paging,
    year: ReportYear,
    kind: PartnerKind | None = None,
) -> Response:
    """Per partner (by name) within the caller's reach: sessions delivered, participants,
    pass rate, quotas granted and taken, internships hosted, evaluations, in ``year``."""
    rows, total = service.list_partners(
        db, caller, params=paging, sort="name", kind=kind, is_active=None
    )
    partner_ids = [row[0].id for row in rows]
    return json_response(Page.of(report.reports(db, partner_ids, year, settings), total, paging))


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    summary="Register a partner",
    responses=problem_responses(409),
)
def create_partner(
    db: Db, caller: PartnersWriter, body: PartnerCreate, request: Request, response: Response
) -> PartnerPublic:
    """Register a partner institution; its name must be new."""
    partner = service.create_partner(db, body, caller)
    response.headers["Location"] = location(request, "get_partner", partner_id=partner.id)
    set_etag(response, partner.version)
    return PartnerPublic.model_validate(partner)


@router.get("/{partner_id:uuid}", summary="Get a partner", responses=problem_responses(404))
def get_partner(
    db: Db, caller: PartnersReader, partner_id: uuid.UUID, response: Response
) -> PartnerPublic:
    """One partner, with its ETag; outside the caller's reach it is not found."""
    partner = service.get_partner(db, partner_id, caller)
    set_etag(response, partner.version)
    return PartnerPublic.model_validate(partner)


@router.get(
    "/{partner_id:uuid}/report",
    summary="A partner's report",
    response_model=PartnerReport,
    responses=problem_responses(404),
)
def get_partner_report(
    db: Db, caller: PartnersReader, settings: AppSettings, partner_id: uuid.UUID, year: ReportYear
) -> Response:
    """What the partner delivered in ``year``: sessions (by the year they start in), their
    participants and pass rate, the quotas its agreements granted and those taken, the
    internships it hosted; and the evaluations of its sessions of the year (level 1 only with
    enough respondents)."""
    service.ensure_partner(db, partner_id, caller)
    return json_response(report.reports(db, [partner_id], year, settings)[0])


@router.patch(
    "/{partner_id:uuid}",
    summary="Update a partner",
    responses=problem_responses(404, 409, 412, 428),
)
def update_partner(
    db: Db,
    caller: PartnersWriter,
    partner_id: uuid.UUID,
    body: PartnerUpdate,
    response: Response,
    if_match: IfMatch = None,
) -> PartnerPublic:
    """Change a partner's name, kind or activity (``is_active: false`` retires it)."""
    partner = service.update_partner(db, partner_id, body, if_match, caller)
    set_etag(response, partner.version)
    return PartnerPublic.model_validate(partner)
