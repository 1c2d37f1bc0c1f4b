"""Sign-in, tokens, rotation, revocation, throttling, password policy, the first admin."""

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Connection, select, text
from sqlmodel import col

from app.auth.secrets import ALGORITHM, AUDIENCE
from app.cli import create_admin
from app.cli import main as cli_main
from app.core.config import Settings
from app.models import AuditEvent
from tests.auth.factories import PASSWORD, make_user
from tests.conftest import FreshDatabase, migrate
from tests.employees.factories import make_employee
from tests.helpers import assert_problem
from tests.units.factories import make_unit


def login(
    client: TestClient, username: str, password: str = PASSWORD, device: str | None = None
) -> Any:
    """Sign in from a client with no cookies, unless it presents ``device`` (a device token)."""
    client.cookies.clear()
    form = {"username": username, "password": password}
    if device is not None:
        form["device_token"] = device
    return client.post("/api/v1/auth/token", data=form, headers={"Authorization": ""})


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def audit_actions(connection: Connection, entity_id: str) -> list[str]:
    rows = connection.execute(
        select(col(AuditEvent.action)).where(col(AuditEvent.entity_id) == entity_id)
    )
    return [row[0] for row in rows]


def test_login_issues_tokens_that_work(client: TestClient, connection: Connection) -> None:
    user = make_user(client)
    response = login(client, user["username"])
    assert response.status_code == 200, response.text
    pair = response.json()
    assert pair["token_type"] == "bearer"
    me = client.get("/api/v1/auth/me", headers=bearer(pair["access_token"]))
    assert me.status_code == 200
    assert me.json()["username"] == user["username"]
    assert "audit:read" in me.json()["permissions"]
    assert "employees:write" not in me.json()["permissions"]
    assert "login" in audit_actions(connection, user["id"])


def test_wrong_password_is_401_and_audited(client: TestClient, connection: Connection) -> None:
    user = make_user(client)
    response = login(client, user["username"], "wrong-password-1A!")
    body = assert_problem(response, 401, "unauthorized")
    assert body["detail"] == "Wrong username or password."
    assert login(client, "nobody-here", PASSWORD).json()["detail"] == body["detail"]
    assert "login_failed" in audit_actions(connection, user["id"])


def test_twenty_wrong_passwords_are_throttled(
    client: TestClient, connection: Connection, app: Any
) -> None:
    user = make_user(client)
    statuses = [
        login(client, user["username"], f"wrong-{i}-Password!").status_code for i in range(20)
    ]
    limit = app.state.settings.login_max_failures_per_account
    assert statuses[:limit] == [401] * limit
    assert set(statuses[limit:]) == {429}
    throttled = login(client, user["username"])  # even the right password waits
    assert_problem(throttled, 429, "too-many-requests")
    assert int(throttled.headers["retry-after"]) > 0
    assert audit_actions(connection, user["id"]).count("login_failed") == limit


@pytest.mark.parametrize(
    "case", ["missing", "garbage", "expired", "other_key", "alg_none", "refresh_as_access"]
)
def test_bad_tokens_are_refused(client: TestClient, app: Any, case: str) -> None:
    settings: Settings = app.state.settings
    now = datetime.now(UTC)
    claims = {
        "sub": str(uuid.uuid4()),
        "roles": ["admin"],
        "iss": settings.jwt_issuer,
        "aud": AUDIENCE,
        "iat": now,
        "exp": now + timedelta(minutes=5),
        "typ": "access",
    }
    assert settings.jwt_secret is not None
    secret = settings.jwt_secret.get_secret_value()
    tokens = {
        "garbage": "not.a.jwt",
        "expired": jwt.encode({**claims, "exp": now - timedelta(seconds=1)}, secret, ALGORITHM),
        "other_key": jwt.encode(claims, "another-secret-of-sufficient-length!!", ALGORITHM),
        "alg_none": jwt.encode(claims, None, algorithm="none"),  # type: ignore[arg-type]
        "refresh_as_access": jwt.encode({**claims, "typ": "refresh"}, secret, ALGORITHM),
    }
    headers = {"Authorization": f"Bearer {tokens[case]}" if case in tokens else ""}
    response = client.get("/api/v1/units", headers=headers)
    assert_problem(response, 401, "unauthorized")
    assert response.headers["www-authenticate"].startswith("Bearer")


def test_refresh_rotates_and_reuse_revokes_the_family(
    client: TestClient, connection: Connection
) -> None:
    user = make_user(client)
    first = login(client, user["username"]).json()
    second = client.post("/api/v1/auth/refresh", json={"refresh_token": first["refresh_token"]})
    assert second.status_code == 200, second.text
    newer = second.json()
    assert newer["refresh_token"] != first["refresh_token"]
    reused = client.post("/api/v1/auth/refresh", json={"refresh_token": first["refresh_token"]})
    assert_problem(reused, 401)
    after = client.post("/api/v1/auth/refresh", json={"refresh_token": newer["refresh_token"]})
    assert_problem(after, 401)  # the whole family went with the reuse
    assert "refresh_token_reuse" in audit_actions(connection, user["id"])


def test_logout_revokes(client: TestClient) -> None:
    user = make_user(client)
    pair = login(client, user["username"]).json()
    assert (
        client.post(
            "/api/v1/auth/logout", json={"refresh_token": pair["refresh_token"]}
        ).status_code
        == 204
    )
    again = client.post("/api/v1/auth/refresh", json={"refresh_token": pair["refresh_token"]})
    assert_problem(again, 401)


def test_password_change_applies_policy_and_revokes_sessions(client: TestClient) -> None:
    user = make_user(client)
    pair = login(client, user["username"]).json()
    headers = bearer(pair["access_token"])
    weak = client.post(
        "/api/v1/auth/password",
        headers=headers,
        json={"current_password": PASSWORD, "new_password": "short"},
    )
    assert assert_problem(weak, 422)["errors"][0]["type"] == "weak_password"
    wrong = client.post(
        "/api/v1/auth/password",
        headers=headers,
        json={"current_password": "nope", "new_password": "Another-Strong-99"},
    )
    assert assert_problem(wrong, 422)["errors"][0]["type"] == "wrong_password"
    ok = client.post(
        "/api/v1/auth/password",
        headers=headers,
        json={"current_password": PASSWORD, "new_password": "Another-Strong-99"},
    )
    assert ok.status_code == 204, ok.text
    revoked = client.post("/api/v1/auth/refresh", json={"refresh_token": pair["refresh_token"]})
    assert_problem(revoked, 401)
    assert login(client, user["username"], "Another-Strong-99").status_code == 200


def test_disabled_user_cannot_sign_in_or_refresh(client: TestClient) -> None:
    user = make_user(client)
    pair = login(client, user["username"]).json()
    response = client.patch(
        f"/api/v1/users/{user['id']}", json={"is_active": False}, headers={"If-Match": '"1"'}
    )
    assert response.status_code == 200, response.text
    assert_problem(login(client, user["username"]), 401)
    refused = client.post("/api/v1/auth/refresh", json={"refresh_token": pair["refresh_token"]})
    assert_problem(refused, 401)


@pytest.mark.parametrize(
    ("override", "code"),
    [
        ({"password": "password"}, "weak_password"),
        ({"roles": [{"role": "operator"}]}, "operator_unit_required"),
        ({"roles": [{"role": "employee"}]}, "employee_required"),
        ({"roles": [{"role": "auditor", "unit_id": str(uuid.uuid4())}]}, "unit_not_allowed"),
        ({"username": "a b"}, "string_pattern_mismatch"),
    ],
)
def test_bad_user_is_refused(
    client: TestClient, connection: Connection, override: dict[str, Any], code: str
) -> None:
    before = connection.execute(text("SELECT count(*) FROM app_user")).scalar_one()
    body = {
        "username": "baru01",
        "display_name": "Baru",
        "password": PASSWORD,
        "roles": [{"role": "auditor"}],
        **override,
    }
    problem = assert_problem(client.post("/api/v1/users", json=body), 422)
    assert code in {e["type"] for e in problem["errors"]}
    assert connection.execute(text("SELECT count(*) FROM app_user")).scalar_one() == before


def test_first_admin_by_command(backend: str, fresh_database_factory: Any) -> None:
    database: FreshDatabase = fresh_database_factory(backend)
    migrate(database.engine)
    user_id = create_admin(database.settings, "admin", "Administrator", PASSWORD)
    with database.engine.connect() as conn:
        role = conn.execute(
            text("SELECT role FROM user_role WHERE user_id = :u"),
            {"u": uuid.UUID(user_id).hex if backend == "sqlite" else user_id},
        ).scalar_one()
    assert role == "admin"
    with pytest.raises(Exception, match="taken"):
        create_admin(database.settings, "admin", "Administrator", PASSWORD)


def me_status(client: TestClient, access_token: str) -> int:
    return client.get("/api/v1/auth/me", headers=bearer(access_token)).status_code


def patch_user(client: TestClient, user: dict[str, Any], **changes: Any) -> dict[str, Any]:
    current = client.get(f"/api/v1/users/{user['id']}")
    response = client.patch(
        f"/api/v1/users/{user['id']}", json=changes, headers={"If-Match": current.headers["etag"]}
    )
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


@pytest.mark.parametrize(
    "change",
    [
        {"is_active": False},
        {"roles": [{"role": "admin"}]},
        {"password": "Reset-By-Admin-2026!"},
    ],
)
def test_access_token_ends_with_the_account_change(
    client: TestClient, change: dict[str, Any]
) -> None:
    user = make_user(client)
    token = login(client, user["username"]).json()["access_token"]
    assert me_status(client, token) == 200
    patch_user(client, user, **change)
    assert_problem(client.get("/api/v1/auth/me", headers=bearer(token)), 401, "unauthorized")


def test_disabled_and_enabled_again_still_refuses_the_old_token(client: TestClient) -> None:
    user = make_user(client)
    token = login(client, user["username"]).json()["access_token"]
    patch_user(client, user, is_active=False)
    patch_user(client, user, is_active=True)
    assert me_status(client, token) == 401
    assert me_status(client, login(client, user["username"]).json()["access_token"]) == 200


def test_a_change_that_grants_nothing_new_keeps_the_token(client: TestClient) -> None:
    user = make_user(client)
    token = login(client, user["username"]).json()["access_token"]
    patch_user(client, user, display_name="Staf Bidang Pengembangan")
    patch_user(client, user, roles=[{"role": "auditor"}])  # the same roles again
    assert me_status(client, token) == 200


def test_replaced_role_applies_at_the_next_refresh(client: TestClient) -> None:
    opd = make_unit(client)
    person = make_employee(client, opd["id"])
    user = make_user(client, roles=[{"role": "operator", "unit_id": opd["id"]}])
    pair = login(client, user["username"]).json()
    url = f"/api/v1/employees/{person['id']}"

    def rename(token: str, name: str) -> Any:
        etag = client.get(url).headers["etag"]
        return client.patch(url, json={"name": name}, headers={**bearer(token), "If-Match": etag})

    assert rename(pair["access_token"], "Rahmat Hidayat Putra").status_code == 200
    patch_user(client, user, roles=[{"role": "auditor"}])
    assert_problem(rename(pair["access_token"], "Someone Else"), 401)
    fresh = client.post("/api/v1/auth/refresh", json={"refresh_token": pair["refresh_token"]})
    assert fresh.status_code == 200, fresh.text
    as_auditor = fresh.json()["access_token"]
    assert_problem(rename(as_auditor, "Someone Else"), 403)
    assert client.get(url, headers=bearer(as_auditor)).status_code == 200
    assert client.get(url).json()["name"] == "Rahmat Hidayat Putra"


def test_sign_out_ends_that_session_only(client: TestClient) -> None:
    user = make_user(client)
    phone = login(client, user["username"]).json()
    laptop = login(client, user["username"]).json()
    out = client.post("/api/v1/auth/logout", json={"refresh_token": phone["refresh_token"]})
    assert out.status_code == 204
    assert me_status(client, phone["access_token"]) == 401
    assert me_status(client, laptop["access_token"]) == 200


def test_password_change_ends_every_session(client: TestClient) -> None:
    user = make_user(client)
    first = login(client, user["username"]).json()["access_token"]
    second = login(client, user["username"]).json()["access_token"]
    changed = client.post(
        "/api/v1/auth/password",
        headers=bearer(first),
        json={"current_password": PASSWORD, "new_password": "Another-Strong-99"},
    )
    assert changed.status_code == 204, changed.text
    assert me_status(client, first) == 401
    assert me_status(client, second) == 401


def test_a_token_naming_no_session_is_refused(client: TestClient, app: Any) -> None:
    settings: Settings = app.state.settings
    now = datetime.now(UTC)
    claims = {
        "sub": str(uuid.uuid4()),
        "roles": ["admin"],
        "iss": settings.jwt_issuer,
        "aud": AUDIENCE,
        "iat": now,
        "exp": now + timedelta(minutes=5),
        "typ": "access",
    }
    secret = settings.jwt_secret.get_secret_value()  # type: ignore[union-attr]
    for extra in ({}, {"sid": str(uuid.uuid4()), "ver": 0}):
        token = jwt.encode({**claims, **extra}, secret, ALGORITHM)
        assert_problem(client.get("/api/v1/units", headers=bearer(token)), 401)


def test_wrong_current_passwords_are_throttled(
    client: TestClient, connection: Connection, app: Any
) -> None:
    user = make_user(client)
    token = login(client, user["username"]).json()["access_token"]
    limit = app.state.settings.login_max_failures_per_account

    def change(current: str) -> Any:
        return client.post(
            "/api/v1/auth/password",
            headers=bearer(token),
            json={"current_password": current, "new_password": "Another-Strong-99"},
        )

    wrong = [change(f"Guess-{i}-Password!") for i in range(limit + 3)]
    assert [r.status_code for r in wrong] == [422] * limit + [429] * 3
    throttled = change(PASSWORD)  # even the right one waits
    assert_problem(throttled, 429, "too-many-requests")
    assert int(throttled.headers["retry-after"]) > 0
    assert audit_actions(connection, user["id"]).count("change_password_failed") == limit
    assert login(client, user["username"]).status_code == 200  # the password is unchanged


def test_a_known_device_is_not_locked_out_by_failures_elsewhere(
    client: TestClient, app: Any
) -> None:
    user = make_user(client)
    first = login(client, user["username"])
    device = first.json()["device_token"]
    cookie = first.headers["set-cookie"]
    assert "bangkom_device=" in cookie
    assert "httponly" in cookie.lower()
    assert "samesite=strict" in cookie.lower()
    limit = app.state.settings.login_max_failures_per_account
    for i in range(limit + 5):
        login(client, user["username"], f"attacker-{i}-Password!")
    assert_problem(login(client, user["username"]), 429)  # an unknown client is locked out
    assert login(client, user["username"], device=device).status_code == 200
    client.cookies.set("bangkom_device", device, path="/api/v1/auth")  # the cookie works too
    response = client.post(
        "/api/v1/auth/token",
        data={"username": user["username"], "password": PASSWORD},
        headers={"Authorization": ""},
    )
    assert response.status_code == 200, response.text


def test_a_known_device_has_a_failure_limit_of_its_own(client: TestClient, app: Any) -> None:
    user = make_user(client)
    device = login(client, user["username"]).json()["device_token"]
    limit = app.state.settings.login_max_failures_per_device
    statuses = [
        login(client, user["username"], f"typo-{i}-Password!", device=device).status_code
        for i in range(limit + 2)
    ]
    assert statuses == [401] * limit + [429] * 2
    assert_problem(login(client, user["username"], device=device), 429)
    assert login(client, user["username"]).status_code == 200  # the account is not locked


def test_a_device_token_of_another_account_earns_no_trust(client: TestClient, app: Any) -> None:
    mine, theirs = make_user(client), make_user(client)
    device = login(client, mine["username"]).json()["device_token"]
    limit = app.state.settings.login_max_failures_per_account
    for i in range(limit):
        login(client, theirs["username"], f"attacker-{i}-Password!")
    assert_problem(login(client, theirs["username"], device=device), 429)


def test_create_admin_without_a_terminal_says_what_to_do(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("BANGKOM_ADMIN_PASSWORD", raising=False)
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    with pytest.raises(SystemExit) as refused:
        cli_main(["create-admin", "--username", "admin"])
    assert "BANGKOM_ADMIN_PASSWORD" in str(refused.value.code)
    with pytest.raises(SystemExit) as shown:
        cli_main(["create-admin", "--help"])
    assert shown.value.code == 0
    assert "BANGKOM_ADMIN_PASSWORD" in capsys.readouterr().out


def test_a_success_from_an_unknown_client_does_not_erase_the_failures_counted(
    client: TestClient, app: Any
) -> None:
    user = make_user(client)
    limit = app.state.settings.login_max_failures_per_account
    for i in range(limit - 1):
        assert login(client, user["username"], f"guess-{i}-Password!").status_code == 401
    device = login(client, user["username"]).json()["device_token"]
    # Erasing them would hand guesses still in flight a fresh budget: one more failure locks
    # unknown clients, while the device that signed in is throttled on its own.
    assert login(client, user["username"], "one-more-Password!").status_code == 401
    assert_problem(login(client, user["username"]), 429)
    assert login(client, user["username"], device=device).status_code == 200


def test_a_success_on_a_known_device_forgets_that_device_s_failures(
    client: TestClient, app: Any
) -> None:
    user = make_user(client)
    device = login(client, user["username"]).json()["device_token"]
    limit = app.state.settings.login_max_failures_per_device
    for round_ in range(2):
        for i in range(limit - 1):
            typo = f"typo-{round_}-{i}-Password!"
            assert login(client, user["username"], typo, device=device).status_code == 401
        assert login(client, user["username"], device=device).status_code == 200
