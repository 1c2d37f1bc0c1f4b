"""Problem types: every one the code can emit is registered, resolves, and is documented."""

import ast
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.core import errors
from app.core.config import ROOT
from app.core.errors import DomainError
from app.core.problems import PROBLEM_TYPES, ProblemType
from app.openapi import current_spec
from tests.helpers import assert_problem

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
DOC_ROW = re.compile(r"^\| `/problems/([a-z-]+)` \| (\d{3}|other) \| (.+) \|$")


def _subclasses(cls: type[DomainError]) -> list[type[DomainError]]:
    return [cls, *(sub for child in cls.__subclasses__() for sub in _subclasses(child))]


def test_every_domain_error_and_framework_error_has_a_registered_type() -> None:
    for cls in _subclasses(DomainError):
        assert PROBLEM_TYPES.get(cls.problem.slug) is cls.problem, cls
    for problem in errors._HTTP_PROBLEMS.values():
        assert PROBLEM_TYPES.get(problem.slug) is problem


def test_problem_types_are_only_made_in_the_registry() -> None:
    """``problem_response`` takes a ``ProblemType``; none may be made outside the registry."""
    for path in sorted((ROOT / "app").rglob("*.py")):
        if path == ROOT / "app" / "core" / "problems.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        calls = [
            node
            for node in ast.walk(tree)
            if isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "ProblemType"
        ]
        assert not calls, f"{path.relative_to(ROOT)} makes a ProblemType of its own"
        assert "/problems/" not in _string_literals(tree), path.relative_to(ROOT)


def _string_literals(tree: ast.AST) -> str:
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
    }
    return " ".join(
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
    )


@pytest.mark.parametrize("slug", list(PROBLEM_TYPES))
def test_each_type_uri_resolves_to_its_documentation(client: TestClient, slug: str) -> None:
    problem = PROBLEM_TYPES[slug]
    answer = client.get(problem.type, headers={"Authorization": ""})
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "application/json"
    assert ProblemType.model_validate(answer.json()) == problem
    assert answer.json()["type"] == problem.type
    page = client.get(problem.type, headers={"Accept": BROWSER})
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert page.headers["vary"] == "Accept"
    assert f"<h1>{problem.title}</h1>" in page.text


def test_the_list_has_every_type(client: TestClient) -> None:
    answer = client.get("/problems", headers={"Accept": "application/json"})
    assert answer.status_code == 200
    assert [item["slug"] for item in answer.json()["items"]] == list(PROBLEM_TYPES)
    page = client.get("/problems", headers={"Accept": BROWSER})
    assert all(f'href="{p.type}"' in page.text for p in PROBLEM_TYPES.values())


def test_an_unknown_type_is_a_not_found_problem(client: TestClient) -> None:
    answer = client.get("/problems/no-such-thing", headers={"Accept": BROWSER})
    assert_problem(answer, 404, "not-found")
    assert_problem(client.post("/problems/conflict"), 405, "method-not-allowed")


def test_the_html_page_escapes_what_it_shows(client: TestClient) -> None:
    page = client.get("/problems/method-not-allowed", headers={"Accept": "text/html"})
    assert "<code>DELETE /employees/{id}</code>" in page.text
    assert "<script" not in page.text


def test_the_spec_publishes_every_type() -> None:
    spec = current_spec()
    published = {entry["slug"]: entry for entry in spec["x-problem-types"]}
    assert published == {slug: p.model_dump(mode="json") for slug, p in PROBLEM_TYPES.items()}
    described = spec["components"]["schemas"]["Problem"]["properties"]["type"]["description"]
    assert all(f"`{p.type}`" in described for p in PROBLEM_TYPES.values())


def test_the_conventions_table_is_the_registry() -> None:
    text = Path(ROOT / "docs" / "api-conventions.md").read_text(encoding="utf-8")
    rows = [match.groups() for line in text.splitlines() if (match := DOC_ROW.match(line))]
    expected = [
        (p.slug, str(p.status) if p.status else "other", p.description)
        for p in PROBLEM_TYPES.values()
    ]
    assert rows == expected, "docs/api-conventions.md's problem table differs from the registry"
