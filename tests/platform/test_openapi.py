"""The committed spec is the contract: it must equal what the code generates."""

import json
import re

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
