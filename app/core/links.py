"""Links between resources, built from the routes: no path is written down twice."""

from typing import Any

from starlette.requests import Request


def location(request: Request, route: str, **path_params: Any) -> str:
    """The path of the route named ``route`` (its operation id) at ``path_params``, e.g. the
    ``Location`` of a create: ``location(request, "get_unit", unit_id=unit.id)``."""
    return str(request.app.url_path_for(route, **path_params))
