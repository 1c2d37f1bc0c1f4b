"""A query parameter that takes one value, given twice, is an error, not a silent choice.

Starlette keeps the last of repeated values (``?offset=[]&offset=0`` reads as 0), so a client
that builds its query wrongly, or a proxy that appends to it, gets an answer to a question it
did not ask. Every operation refuses (422) a repeated parameter that its spec declares as a
single value; list parameters (``type: array``) may repeat.
"""

from typing import Any

from fastapi import Request

from app.core.errors import FieldError, InvalidInput


async def single_valued_query(request: Request) -> None:
    """App-wide dependency: 422 for a repeated single-valued query parameter."""
    names = [name for name, _ in request.query_params.multi_items()]
    if len(names) == len(set(names)):
        return
    single = _single_valued(request, getattr(request.scope.get("route"), "name", ""))
    repeated = sorted({name for name in names if names.count(name) > 1 and name in single})
    if repeated:
        raise InvalidInput(
            f"Give {', '.join(repeated)} once: the operation takes a single value.",
            errors=[
                FieldError(loc=["query", name], msg="Given more than once.", type="repeated")
                for name in repeated[:16]
            ],
        )


def _single_valued(request: Request, operation_id: str) -> frozenset[str]:
    """The operation's query parameters that are not lists, read from the spec once (its
    operationIds are the route names)."""
    table: dict[str, frozenset[str]] | None = getattr(
        request.app.state, "single_valued_query", None
    )
    if table is None:
        table = {
            operation.get("operationId", ""): frozenset(
                parameter["name"]
                for parameter in operation.get("parameters", [])
                if parameter.get("in") == "query" and not _is_array(parameter.get("schema", {}))
            )
            for item in request.app.openapi()["paths"].values()
            for operation in item.values()
        }
        request.app.state.single_valued_query = table
    return table.get(operation_id, frozenset())


def _is_array(schema: dict[str, Any]) -> bool:
    return schema.get("type") == "array" or any(
        _is_array(option) for option in schema.get("anyOf", [])
    )
