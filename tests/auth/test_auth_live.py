"""Sign-in, refresh and revocation under real concurrent requests, against a real server
(``uvicorn --workers 2``) on each database."""

import time
import uuid
from functools import partial
from typing import Any

import httpx
from sqlalchemy import text

from tests.live import PASSWORD, LiveServer, concurrently

ATTEMPTS = 16


def _login(server: LiveServer, username: str, password: str, delay_s: float = 0) -> int:
    time.sleep(delay_s)
    with server.client() as http:
        form = {"username": username, "password": password}
        return http.post("/auth/token", data=form).status_code


def _audit_count(server: LiveServer, user_id: str, action: str) -> int:
    with server.database.engine.connect() as conn:
        count: int = conn.execute(
            text("SELECT count(*) FROM audit_event WHERE entity_id = :id AND action = :action"),
            {"id": user_id, "action": action},
        ).scalar_one()
    return count


def test_concurrent_sign_ins_check_no_more_passwords_than_the_limit(
    live_server: LiveServer,
) -> None:
    user = live_server.create_user()
    limit = live_server.settings.login_max_failures_per_account
    wrong = [
        partial(_login, live_server, user["username"], f"guess-{i}-Password!")
        for i in range(ATTEMPTS - 1)
    ]
    right = partial(_login, live_server, user["username"], PASSWORD, delay_s=0.3)
    statuses: list[int] = concurrently([*wrong, right])
    # However the requests interleave, no more than the limit of wrong passwords get checked.
    # The right one may be checked too, if it overtook wrong ones waiting for a lock; its
    # success erases nothing the wrong ones counted, so it frees no budget for them.
    assert statuses.count(401) <= limit, statuses
    assert statuses.count(200) <= 1, statuses
    assert statuses.count(429) >= ATTEMPTS - limit - statuses.count(200), statuses
    assert _audit_count(live_server, user["id"], "login_failed") == statuses.count(401)


def test_a_burst_of_wrong_passwords_locks_the_account_for_the_right_one(
    live_server: LiveServer,
) -> None:
    user = live_server.create_user()
    limit = live_server.settings.login_max_failures_per_account
    statuses = concurrently(
        [
            partial(_login, live_server, user["username"], f"guess-{i}-Password!")
            for i in range(ATTEMPTS)
        ]
    )
    assert statuses.count(401) <= limit, statuses
    assert statuses.count(429) >= ATTEMPTS - limit, statuses
    # Attempts refused in the burst checked nothing and count for nothing: the failures
    # counted are the 401s. Up to the limit, one by one, then even the right one waits.
    for i in range(limit - statuses.count(401)):
        assert _login(live_server, user["username"], f"again-{i}-Password!") == 401
    assert _login(live_server, user["username"], PASSWORD) == 429


def test_a_refresh_token_rotates_once_under_concurrency(live_server: LiveServer) -> None:
    user = live_server.create_user()
    pair = live_server.sign_in(user["username"])

    def rotate() -> httpx.Response:
        with live_server.client() as http:
            return http.post("/auth/refresh", json={"refresh_token": pair["refresh_token"]})

    responses = concurrently([rotate] * 10)
    statuses = [r.status_code for r in responses]
    assert statuses.count(200) == 1, statuses
    assert statuses.count(401) == 9, statuses
    winner = next(r.json() for r in responses if r.status_code == 200)
    # The losers are reuse: the family, the winner's new tokens included, is revoked.
    with live_server.client() as http:
        after = http.post("/auth/refresh", json={"refresh_token": winner["refresh_token"]})
        assert after.status_code == 401
        me = http.get("/auth/me", headers={"Authorization": f"Bearer {winner['access_token']}"})
        assert me.status_code == 401
    assert _audit_count(live_server, user["id"], "refresh_token_reuse") >= 1


def test_concurrent_wrong_current_passwords_are_throttled(live_server: LiveServer) -> None:
    user = live_server.create_user()
    token = live_server.sign_in(user["username"])["access_token"]
    limit = live_server.settings.login_max_failures_per_account

    def change(i: int) -> int:
        with live_server.client(headers={"Authorization": f"Bearer {token}"}) as http:
            body = {"current_password": f"guess-{i}-Password!", "new_password": "New-Strong-2026!"}
            return http.post("/auth/password", json=body).status_code

    statuses = concurrently([partial(change, i) for i in range(ATTEMPTS)])
    assert statuses.count(422) <= limit, statuses
    assert statuses.count(429) >= ATTEMPTS - limit, statuses


def test_revocation_reaches_every_worker_within_the_check_interval(
    backend: str, live_server_factory: Any
) -> None:
    server: LiveServer = live_server_factory(backend, BANGKOM_SESSION_CHECK_INTERVAL_S="1")
    user = server.create_user()
    token = server.sign_in(user["username"])["access_token"]
    headers = {"Authorization": f"Bearer {token}"}

    def me() -> int:
        with server.client(headers=headers) as http:  # a new connection: any worker
            return http.get("/auth/me").status_code

    assert concurrently([me] * 12) == [200] * 12  # both workers have read the session
    with server.client(headers=server.admin_headers()) as http:
        etag = http.get(f"/users/{user['id']}").headers["etag"]
        disabled = http.patch(
            f"/users/{user['id']}", json={"is_active": False}, headers={"If-Match": etag}
        )
        assert disabled.status_code == 200, disabled.text
    time.sleep(1.2)
    assert concurrently([me] * 24) == [401] * 24


def test_logout_ends_the_access_token_on_every_worker(
    backend: str, live_server_factory: Any
) -> None:
    server: LiveServer = live_server_factory(backend, BANGKOM_SESSION_CHECK_INTERVAL_S="1")
    user = server.create_user()
    pair = server.sign_in(user["username"])
    other = server.sign_in(user["username"])
    headers = {"Authorization": f"Bearer {pair['access_token']}"}
    with server.client() as http:
        assert http.get("/auth/me", headers=headers).status_code == 200
        assert http.post("/auth/logout", json={"refresh_token": pair["refresh_token"]}).is_success
    time.sleep(1.2)

    def me(token: str) -> int:
        with server.client(headers={"Authorization": f"Bearer {token}"}) as http:
            return http.get("/auth/me").status_code

    assert set(concurrently([lambda: me(pair["access_token"])] * 12)) == {401}
    assert set(concurrently([lambda: me(other["access_token"])] * 12)) == {200}


def test_unknown_accounts_are_throttled_like_known_ones(live_server: LiveServer) -> None:
    username = f"nobody-{uuid.uuid4().hex[:8]}"
    limit = live_server.settings.login_max_failures_per_account
    statuses = concurrently(
        [partial(_login, live_server, username, f"guess-{i}-Password!") for i in range(10)]
    )
    assert statuses.count(401) <= limit, statuses
    assert statuses.count(429) >= 10 - limit, statuses
