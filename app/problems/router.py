"""The documentation of each problem type, where its ``type`` URI resolves.

A problem's ``type`` (``/problems/conflict``) is a relative reference: resolved against the
request's URL it is ``https://<host>/problems/conflict``, served here to anyone, without
credentials. Browsers get a page; other clients the JSON (``Accept`` decides, JSON on a tie).
"""

import html
import re
from typing import Annotated

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, Field

from app.core.errors import NotFound, problem_responses
from app.core.negotiation import prefers
from app.core.problems import PROBLEM_TYPES, ProblemType
from app.core.types import NO_CONTROL_CHARS

router = APIRouter(prefix="/problems", tags=["problems"])
HTML_PAGE = {"content": {"text/html": {"schema": {"type": "string", "maxLength": 100_000}}}}
_CODE = re.compile(r"`([^`]+)`")


class ProblemTypeList(BaseModel):
    """Every problem type, in the order of the documentation."""

    items: list[ProblemType] = Field(max_length=100)


@router.get(
    "",
    summary="List the problem types",
    response_model=ProblemTypeList,
    responses={200: HTML_PAGE, **problem_responses(422)},
)
def list_problem_types(request: Request) -> ProblemTypeList | Response:
    """Every `type` a problem document may carry, with its status and meaning."""
    if _prefers_html(request.headers.get("accept", "")):
        items = "".join(
            f'<li><a href="{html.escape(p.type)}"><code>{html.escape(p.type)}</code></a> '
            f"({p.status or 'any error status'}): {html.escape(p.title)}</li>"
            for p in PROBLEM_TYPES.values()
        )
        return _page("Problem types", f"<ul>{items}</ul>")
    return ProblemTypeList(items=list(PROBLEM_TYPES.values()))


@router.get(
    "/{slug}",
    summary="Get a problem type",
    response_model=ProblemType,
    responses={200: HTML_PAGE, **problem_responses(404, 422)},
)
def get_problem_type(
    request: Request,
    slug: Annotated[
        str, Path(max_length=64, pattern=NO_CONTROL_CHARS, examples=["conflict", "not-found"])
    ],
) -> ProblemType | Response:
    """The documentation of the problem type `/problems/{slug}`."""
    problem = PROBLEM_TYPES.get(slug)
    if problem is None:
        raise NotFound(f"No problem type is named {slug[:64]!r}; GET /problems lists them.")
    if _prefers_html(request.headers.get("accept", "")):
        status = problem.status or "any error status"
        return _page(
            problem.title,
            f"<p><code>type: {html.escape(problem.type)}</code>, status {status}</p>"
            f"<p>{_inline(problem.description)}</p>"
            '<p><a href="/problems">All problem types</a></p>',
        )
    return problem


def _prefers_html(accept: str) -> bool:
    """Whether ``accept`` ranks ``text/html`` above ``application/json`` (a browser)."""
    return prefers(accept, "text/html", over="application/json")


def _inline(text: str) -> str:
    return _CODE.sub(r"<code>\1</code>", html.escape(text))


def _page(title: str, body: str) -> HTMLResponse:
    return HTMLResponse(
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title></head>"
        f"<body><h1>{html.escape(title)}</h1>{body}</body></html>",
        headers={"Vary": "Accept"},
    )
