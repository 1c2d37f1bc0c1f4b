"""A real server for concurrency tests: uvicorn in a subprocess, on its own fresh database.

Requests made through the in-process ``client`` fixture run one at a time inside the test's
transaction, so they cannot show what two requests arriving together do. A :class:`LiveServer`
is the service as deployed: ``uvicorn --workers N`` against a database of its own, migrated
for it and dropped at the end of the run. Tests drive it over loopback with real concurrent
requests (:func:`concurrently`) and must not depend on what other tests left in it: each
creates the accounts and records it needs, with unique names.
"""

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from threading import Barrier
from typing import Any, TypeVar

import httpx

from app.cli import create_admin
from app.core.config import ROOT

T = TypeVar("T")
PASSWORD = "Solok-Bangkom-2026!"
API = "/api/v1"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class LiveServer:
    """``uvicorn --workers N`` serving the app on a database created for it."""

    def __init__(self, database: Any, log_dir: Path, workers: int, env: dict[str, str]) -> None:
        self.database = database
        self.settings = database.settings
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log_dir / f"server-{self.port}.log"
        self._admin: dict[str, str] | None = None
        self._terminated = False
        environment = {
            **os.environ,
            "BANGKOM_DATABASE_URL": database.url,
            "BANGKOM_ENVIRONMENT": "test",
            "BANGKOM_JWT_SECRET": self.settings.jwt_secret.get_secret_value(),
            "BANGKOM_LOG_LEVEL": "WARNING",
            # Every test signs in from 127.0.0.1: the address limit is tested on its own.
            "BANGKOM_LOGIN_MAX_FAILURES_PER_ADDRESS": "100000",
            "BANGKOM_DOCUMENT_DIR": str(self.settings.document_dir),
            **env,
        }
        command = [
            sys.executable,
            "-m",
            "uvicorn",
            "--factory",
            "app.main:create_app",
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--workers",
            str(workers),
            "--log-level",
            "warning",
        ]
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and module
                command,
                cwd=ROOT,
                env=environment,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self._wait_ready()

    def _wait_ready(self, timeout_s: float = 60) -> None:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server exited:\n{self.log()}")
            try:
                if httpx.get(f"{self.url}{API}/health/ready", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"the server did not become ready:\n{self.log()}")

    def log(self) -> str:
        """What the server printed (for failure messages)."""
        return self.log_path.read_text(errors="replace")[-5000:]

    def terminate(self) -> None:
        """Ask every worker to stop, without waiting (so several servers stop at once)."""
        if not self._terminated and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
        self._terminated = True

    def stop(self) -> None:
        """Stop every worker and wait for them."""
        self.terminate()
        if self.process.poll() is None:
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()

    def client(self, **kwargs: Any) -> httpx.Client:
        """An HTTP client for this server (one per thread: httpx clients are not shared)."""
        return httpx.Client(base_url=self.url + API, timeout=60, **kwargs)

    def sign_in(self, username: str, password: str = PASSWORD) -> dict[str, Any]:
        """A token pair for ``username`` (asserts the sign-in succeeds)."""
        with self.client() as http:
            response = http.post("/auth/token", data={"username": username, "password": password})
        assert response.status_code == 200, response.text
        pair: dict[str, Any] = response.json()
        return pair

    def admin_headers(self) -> dict[str, str]:
        """Headers of an admin of this server, created and signed in once."""
        if self._admin is None:
            username = f"admin-{uuid.uuid4().hex[:8]}"
            create_admin(self.settings, username, "Admin BKPSDM", PASSWORD)
            self._admin = {"Authorization": f"Bearer {self.sign_in(username)['access_token']}"}
        return self._admin

    def create_user(
        self, roles: Sequence[dict[str, Any]] | None = None, **fields: Any
    ) -> dict[str, Any]:
        """A new account (auditor unless ``roles`` says otherwise), through the API."""
        body = {
            "username": f"user-{uuid.uuid4().hex[:10]}",
            "display_name": "Staf BKPSDM",
            "password": PASSWORD,
            "roles": list(roles or [{"role": "auditor"}]),
            **fields,
        }
        with self.client(headers=self.admin_headers()) as http:
            response = http.post("/users", json=body)
        assert response.status_code == 201, response.text
        user: dict[str, Any] = response.json()
        return user


def concurrently(calls: Sequence[Callable[[], T]]) -> list[T]:
    """Run every call at once (one thread each, released together); results in order."""
    barrier = Barrier(len(calls))

    def run(call: Callable[[], T]) -> T:
        barrier.wait()
        return call()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(run, calls))


def random_secret() -> str:
    """A signing key for a test run."""
    return secrets.token_urlsafe(48)
