"""The committed spec is the contract: it must equal what the code generates."""

import json
import re
from collections.abc import Iterator
from typing import Any

from app.core.spec import enum_value_descriptions
from app.openapi import SPEC_PATH, current_spec, render


def test_committed_spec_matches_the_code() -> None:
    committed = SPEC_PATH.read_text(encoding="utf-8")
    assert render(current_spec()) == committed, (
        "openapi.json is out of date: run `.venv/bin/python -m app.openapi` and commit it"
    )


def test_operation_ids_are_unique_and_every_operation_is_documented() -> None:
    spec = json.loads(SPEC_PATH.read_text(encoding="utf-8"))
    operations = [op for path in spec["paths"].values() for op in path.values()]
    ids = [op["operationId"] for op in operations]
    assert len(ids) == len(set(ids))
    for op in operations:
        assert op.get("summary"), op["operationId"]
        assert op.get("tags"), op["operationId"]
        errors = [code for code in op["responses"] if code.startswith(("4", "5"))]
        for code in errors:
            assert "application/problem+json" in op["responses"][code]["content"]


# What a generator turns into a class name should read as one: no pydantic generic mangling
# (``Page_X_``), no private (``_Node``) or form-body (``Body_create_token``) names.
SCHEMA_NAME = re.compile(r"[A-Z][A-Za-z0-9]*")


def test_schema_names_are_fit_for_generated_code() -> None:
    spec = json.loads(SPEC_PATH.read_text(encoding="utf-8"))
    bad = [name for name in spec["components"]["schemas"] if not SCHEMA_NAME.fullmatch(name)]
    assert not bad, f"schemas need names a client developer would write: {bad}"
    for name, schema in spec["components"]["schemas"].items():
        assert schema.get("title", name) == name, name


def _spec() -> dict[str, Any]:
    spec: dict[str, Any] = json.loads(SPEC_PATH.read_text(encoding="utf-8"))
    return spec


def _walk(node: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    """Every (path, value) of the document, depth first."""
    yield path, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _walk(value, (*path, str(key)))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _walk(value, (*path, str(index)))


def _enums(spec: dict[str, Any]) -> dict[frozenset[Any], list[str]]:
    """Where each set of enum values is declared: a named schema or inline (not in examples)."""
    places: dict[frozenset[Any], list[str]] = {}
    for path, node in _walk(spec):
        if "examples" in path or not isinstance(node, dict) or "enum" not in node:
            continue
        places.setdefault(frozenset(node["enum"]), []).append("/".join(path))
    return places


def test_an_enum_is_declared_once_and_referred_to() -> None:
    # The same values inline in two places would be two types in generated code.
    repeated = {
        tuple(sorted(map(str, values))): places
        for values, places in _enums(_spec()).items()
        if len(places) > 1
    }
    assert not repeated, f"name each of these enums once and refer to it: {repeated}"


def test_every_named_enum_describes_each_value() -> None:
    for name, schema in _spec()["components"]["schemas"].items():
        if "enum" not in schema:
            continue
        values = [str(value) for value in schema["enum"]]
        listed = enum_value_descriptions(schema.get("description", ""))
        assert list(listed) == values, f"{name}: its docstring lists {list(listed)}, not {values}"
        assert schema["x-enum-descriptions"] == list(listed.values()), name
        assert schema["x-enumDescriptions"] == listed, name
        assert all(listed.values()), name


# Words of how the code was made, not of what the API does for its users.
INTERNAL_WORDING = re.compile(
    r"\b(brief|issues?|tickets?|team|todo|fixme|xxx|hack|section \d+|sprint|backlog)\b",
    re.IGNORECASE,
)
PROSE = {"description", "summary", "title"}
VALUE_PROSE = {"x-enum-descriptions", "x-enumDescriptions"}


def test_descriptions_speak_to_the_apis_users() -> None:
    found = [
        f"{'/'.join(path)}: {text!r}"
        for path, text in _walk(_spec())
        if isinstance(text, str)
        and path
        and (path[-1] in PROSE or (len(path) > 1 and path[-2] in VALUE_PROSE))
        and INTERNAL_WORDING.search(text)
    ]
    assert not found, "internal wording in the spec:\n" + "\n".join(found)


SORT_PATTERN = re.compile(r"\^-\?\(([a-z_|]+)\)\(,-\?\(\1\)\)\*\$")


def test_sort_parameters_list_the_fields_they_accept() -> None:
    sorts = [
        (operation["operationId"], parameter)
        for item in _spec()["paths"].values()
        for operation in item.values()
        for parameter in operation.get("parameters", [])
        if parameter["name"] == "sort"
    ]
    assert sorts
    for operation_id, parameter in sorts:
        match = SORT_PATTERN.fullmatch(parameter["schema"]["pattern"])
        assert match, operation_id
        fields = match.group(1).split("|")
        listed = ", ".join(f"`{field}`" for field in fields)
        assert f"each one of: {listed}." in parameter["description"], operation_id
        assert "`-`" in parameter["description"], operation_id
