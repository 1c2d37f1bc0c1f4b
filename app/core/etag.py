"""ETag / If-Match: optimistic concurrency on every single resource."""

from typing import Annotated

from fastapi import Header, Response

from app.core.errors import PreconditionFailed, PreconditionRequired
from app.core.types import NO_CONTROL_CHARS

IfMatch = Annotated[
    str | None,
    Header(
        max_length=512,
        pattern=NO_CONTROL_CHARS,
        description="The ETag last read; required on updates and deletes.",
    ),
]


def etag_of(version: int) -> str:
    """The strong ETag of a resource at ``version``."""
    return f'"{version}"'


def set_etag(response: Response, version: int) -> None:
    """Put the resource's ETag on the response."""
    response.headers["ETag"] = etag_of(version)


def check_if_match(if_match: str | None, version: int) -> None:
    """Refuse a write without ``If-Match`` (428) or with a stale one (412)."""
    if if_match is None or not if_match.strip():
        raise PreconditionRequired(
            "Send If-Match with the ETag you last read, so a concurrent change is not lost."
        )
    tags = [tag.strip() for tag in if_match.split(",")]  # strong comparison (RFC 9110)
    if "*" in tags or etag_of(version) in tags:
        return
    raise PreconditionFailed(
        f"If-Match {if_match!r} does not match the current ETag {etag_of(version)}; "
        "fetch the resource again and reapply your change."
    )
