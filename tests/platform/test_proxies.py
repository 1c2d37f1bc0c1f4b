"""Behind a reverse proxy: whose address counts for throttling and the audit log."""

import asyncio
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import Connection, text
from sqlmodel import Session as DbSession

from app.core.config import Settings
from app.core.db import get_db
from app.main import create_app

PROXY = "10.1.2.3"


def _app(database: Any, connection: Connection, trusted: list[str]) -> FastAPI:
    settings = database.settings.model_copy(update={"trusted_proxies": trusted})
    app = create_app(settings, engine=database.engine)

    def request_db() -> Iterator[DbSession]:
        with DbSession(
            bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
        ) as db:
            yield db

    app.dependency_overrides[get_db] = request_db
    return app


async def _failed_sign_in(app: FastAPI, forwarded_for: str) -> None:
    transport = httpx.ASGITransport(app=app, client=(PROXY, 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://bangkom") as http:
        response = await http.post(
            "/api/v1/auth/token",
            data={"username": "nobody-proxy", "password": "wrong-Password-1!"},
            headers={"X-Forwarded-For": forwarded_for},
        )
    assert response.status_code == 401


def _recorded(connection: Connection) -> tuple[set[str], set[str]]:
    keys = connection.execute(text("SELECT key FROM login_attempt WHERE key LIKE 'address:%'"))
    audited = connection.execute(
        text("SELECT client_addr FROM audit_event WHERE actor_label = 'nobody-proxy'")
    )
    return {row[0] for row in keys}, {row[0] for row in audited}


@pytest.mark.parametrize(
    ("trusted", "expected"),
    [([f"{PROXY}"], "203.0.113.7"), (["10.0.0.0/8"], "203.0.113.7"), ([], PROXY)],
)
def test_the_client_address_is_the_proxys_only_when_trusted(
    database: Any, connection: Connection, trusted: list[str], expected: str
) -> None:
    app = _app(database, connection, trusted)
    asyncio.run(_failed_sign_in(app, "198.51.100.1, 203.0.113.7"))
    keys, audited = _recorded(connection)
    assert keys == {f"address:{expected}"}
    assert audited == {expected}


def test_a_trusted_proxy_must_be_an_address_or_network() -> None:
    with pytest.raises(ValueError, match="not an IP address"):
        Settings(trusted_proxies=["proxy.example"])
