"""Calendar feeds: subscriptions (iCalendar) of sessions and meetings for calendar apps."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request, Response, status

from app.auth.deps import AppSettings, ProgramsReader
from app.auth.principal import Principal
from app.calendar import ics, service
from app.calendar.schemas import CalendarFeedCreate, CalendarFeedCreated, CalendarFeedPublic
from app.core.clock import today
from app.core.db import Db
from app.core.errors import Forbidden, problem_responses
from app.core.listing import Page, Paging

router = APIRouter(tags=["calendar"], responses=problem_responses(422))
ICS = "text/calendar; charset=utf-8"
FEED_PATH = "/calendar/{token}.ics"


async def feed_owner(principal: ProgramsReader) -> Principal:
    """A signed-in user reading sessions: feeds belong to users, not to API keys."""
    if principal.kind != "user":
        raise Forbidden("Calendar feeds belong to signed-in users, not to API keys.")
    return principal


FeedOwner = Annotated[Principal, Depends(feed_owner)]
OWNER_PROBLEMS = problem_responses(401, 403)


@router.get("/calendar-feeds", summary="List my calendar feeds", responses=OWNER_PROBLEMS)
def list_calendar_feeds(db: Db, caller: FeedOwner, paging: Paging) -> Page[CalendarFeedPublic]:
    """The caller's own feeds, newest first, revoked ones with when (never their tokens)."""
    rows, total = service.list_feeds(db, caller, params=paging)
    return Page.of([CalendarFeedPublic.model_validate(row[0]) for row in rows], total, paging)


@router.post(
    "/calendar-feeds",
    status_code=status.HTTP_201_CREATED,
    summary="Create a calendar feed",
    responses=OWNER_PROBLEMS,
)
def create_calendar_feed(
    db: Db, caller: FeedOwner, body: CalendarFeedCreate, request: Request
) -> CalendarFeedCreated:
    """A new feed and its address, shown this once: an employee's sessions (needs read access
    to their enrollments), a unit's (the agency, or an operator for units of their OPD) or the
    city's (city-wide readers of sessions)."""
    feed, token = service.create_feed(db, body, caller)
    url = str(request.url_for("calendar_feed", token=token))
    return CalendarFeedCreated(
        **CalendarFeedPublic.model_validate(feed).model_dump(), token=token, url=url
    )


@router.delete(
    "/calendar-feeds/{feed_id:uuid}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Revoke a calendar feed",
    responses={**OWNER_PROBLEMS, **problem_responses(404, 409)},
)
def revoke_calendar_feed(db: Db, caller: FeedOwner, feed_id: uuid.UUID) -> None:
    """Revoke one of the caller's feeds for good: its address answers 404 from now on."""
    service.revoke_feed(db, feed_id, caller)


@router.get(
    FEED_PATH,
    summary="Read a calendar feed",
    response_class=Response,
    responses={
        200: {
            "description": "The feed as an iCalendar (RFC 5545) document.",
            "content": {"text/calendar": {"schema": {"type": "string", "maxLength": 10_000_000}}},
        },
        **problem_responses(404),
    },
)
def calendar_feed(
    db: Db,
    settings: AppSettings,
    token: Annotated[
        str,
        Path(
            max_length=128,
            pattern=r"^[A-Za-z0-9_-]+$",
            description="The feed's token, from its creation.",
        ),
    ],
) -> Response:
    """The feed's sessions and meetings, for calendar apps to subscribe to; the token in the
    address is the credential (no sign-in). From a year back to two years ahead."""
    feed = service.read_feed(db, token, today(settings))
    body = ics.render(feed, zone_name=settings.timezone, agency=settings.agency_name)
    return Response(content=body, media_type=ICS)
