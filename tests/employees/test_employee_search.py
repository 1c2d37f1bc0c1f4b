"""A name search at scale: its count bounded by ``BANGKOM_SEARCH_COUNT_LIMIT`` (the total then
says "at least"), and its page read from the sort's index over a bounded walk, falling back to
sorting the matches: the same page either way."""

import uuid
from collections.abc import Iterator
from datetime import date, timedelta
from itertools import product
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session as DbSession

from app.auth.principal import Principal
from app.core.listing import PageParams
from app.employees import service
from app.models.enums import Role
from tests.employees.factories import make_employee, pns_nip
from tests.units.factories import make_unit

ADMIN = Principal(kind="user", id=uuid.uuid4(), label="admin", roles=frozenset({Role.ADMIN}))
# Common names spread over the order, and a name every match of which sorts last.
NAMES = [f"Adi Rahman {i:02d}" for i in range(6)] + [f"Budi {i:02d}" for i in range(12)]
NAMES += [f"Rahmi Yusuf {i:02d}" for i in range(6)] + [f"Zulkifli {i:02d}" for i in range(8)]


@pytest.fixture
def people(client: TestClient) -> dict[str, Any]:
    """An OPD of 32 people (the names above), and one elsewhere named like them."""
    opd = make_unit(client)
    for days, name in enumerate(NAMES):
        birth = (date(1985, 1, 1) + timedelta(days=days * 40)).strftime("%Y%m%d")
        make_employee(client, opd["id"], name=name, nip=pns_nip(birth=birth))
    make_employee(client, make_unit(client)["id"], name="Adi Rahman Luar")
    return opd


def _search(db: DbSession, limit: int | None, **kwargs: Any) -> tuple[list[str], int, bool]:
    offset = kwargs.pop("offset", 0)
    rows, total, exact = service.list_employees(
        db,
        ADMIN,
        params=PageParams(limit=kwargs.pop("page", 4), offset=offset),
        count_limit=limit,
        **kwargs,
    )
    return [row.name for row in rows], total, exact


@pytest.fixture
def small_count_limit(app: FastAPI) -> Iterator[None]:
    """The app counting a search's matches up to 6."""
    settings = app.state.settings
    app.state.settings = settings.model_copy(update={"search_count_limit": 6})
    try:
        yield
    finally:
        app.state.settings = settings


@pytest.mark.usefixtures("small_count_limit")
def test_count_is_bounded_and_says_so(client: TestClient, people: dict[str, Any]) -> None:
    def page(**params: Any) -> dict[str, Any]:
        response = client.get("/api/v1/employees", params={"unit_id": people["id"], **params})
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    many = page(q="rahm", limit=2)  # 12 matches: counted up to 6, "at least 6"
    assert (many["total"], many["total_exact"]) == (6, False)
    assert [e["name"] for e in many["items"]] == ["Adi Rahman 00", "Adi Rahman 01"]
    few = page(q="zulkifli 0", limit=2)
    assert (few["total"], few["total_exact"]) == (6, False)
    exact = page(q="yusuf")
    assert (exact["total"], exact["total_exact"]) == (6, True)
    listed = page()  # no search: always counted in full
    assert (listed["total"], listed["total_exact"]) == (32, True)
    # Past a bounded total there may still be matches: the page is read, not assumed empty.
    beyond = page(q="rahm", offset=10, limit=5)
    assert [e["name"] for e in beyond["items"]] == ["Rahmi Yusuf 04", "Rahmi Yusuf 05"]
    assert page(q="rahm", offset=12)["items"] == []
    assert page(q="yusuf", offset=6) == {
        "items": [],
        "total": 6,
        "total_exact": True,
        "limit": 50,
        "offset": 6,
    }


def test_walked_page_is_the_sorted_page(
    db: DbSession, people: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(service, "SEARCH_WALK", 10)
    unit_id = uuid.UUID(people["id"])
    sorts = ("name", "-name", "nip", "-birth_date", "name,-nip", "created_at")
    for term, sort, offset in product(("rahm", "zulkifli", "a", "budi 1"), sorts, (0, 3, 8)):
        expected = _search(db, None, q=term, sort=sort, unit_id=unit_id, offset=offset)
        bounded = _search(db, 2, q=term, sort=sort, unit_id=unit_id, offset=offset)
        assert bounded[0] == expected[0], (term, sort, offset)
        assert expected[1] > 0
        assert bounded[1:] == ((2, False) if expected[1] > 2 else expected[1:])


def test_walk_is_used_when_it_holds_the_page_and_left_when_it_does_not(
    db: DbSession, people: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(service, "SEARCH_WALK", 10)
    walked: list[bool] = []
    original = service._walked_page

    def spy(*args: Any, **kwargs: Any) -> list[Any] | None:
        found = original(*args, **kwargs)
        walked.append(found is not None)
        return found

    monkeypatch.setattr(service, "_walked_page", spy)
    unit_id = uuid.UUID(people["id"])
    # The Rahmans sort among the first ten names: the walk holds their first page.
    assert _search(db, 2, q="rahm", sort="name", unit_id=unit_id)[0] == [
        f"Adi Rahman {i:02d}" for i in range(4)
    ]
    # Every Zulkifli sorts after the tenth name: the walk finds none, the matches are sorted.
    assert _search(db, 2, q="zulk", sort="name", unit_id=unit_id)[0] == [
        f"Zulkifli {i:02d}" for i in range(4)
    ]
    # Descending, the Zulkiflis come first and the walk holds them.
    assert _search(db, 2, q="zulk", sort="-name", unit_id=unit_id)[0] == [
        f"Zulkifli {i:02d}" for i in (7, 6, 5, 4)
    ]
    assert walked == [True, False, True]
    # Few matches (counted exactly): no walk at all.
    assert _search(db, 100, q="zulk", sort="name", unit_id=unit_id)[1:] == (8, True)
    assert walked == [True, False, True]
