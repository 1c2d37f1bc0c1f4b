"""Responses serialised once, by the model that documents them.

A route that returns a ``Response`` is not validated again by FastAPI, and its serialisation
does not take a second trip through the threadpool: the route declares its model in
``response_model=`` (for the spec) and builds the body with :func:`json_response`.
"""

from pydantic import BaseModel
from starlette.responses import Response


def json_response(
    model: BaseModel, *, status_code: int = 200, headers: dict[str, str] | None = None
) -> Response:
    """``model`` as JSON, exactly as FastAPI would have written it."""
    return Response(
        content=model.__pydantic_serializer__.to_json(model),
        status_code=status_code,
        headers=headers,
        media_type="application/json",
    )
