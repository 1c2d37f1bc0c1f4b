"""The verification page a certificate's QR code opens: the same answers as the JSON, every
value escaped, security headers that allow no script; and, in a real headless browser
(Debian's Chromium), what a phone shows."""

import os
import shutil
import subprocess
import uuid
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Connection, update
from sqlmodel import Session as DbSession
from sqlmodel import col

from app.models import Certificate
from tests.certificates.factories import certificate_of, completed_session
from tests.certificates.live_factories import passed_certificate
from tests.live import LiveServer

EVIL = "<script>alert(1)</script>"


def test_the_page_escapes_what_it_shows_and_allows_no_script(
    client: TestClient, db: DbSession
) -> None:
    ids = completed_session(client, db, {"Kiki": 80})
    cert = certificate_of(client, ids["Kiki"])
    _name_with_a_script(db.connection(), cert["id"], "Kiki")
    page = client.get(urlsplit(cert["verification_url"]).path, params=_query(cert))
    assert page.status_code == 200, page.text
    assert page.headers["content-type"].startswith("text/html")
    assert 'data-status="valid"' in page.text
    assert EVIL not in page.text
    assert "Kiki &lt;script&gt;alert(1)&lt;/script&gt;" in page.text
    csp = page.headers["content-security-policy"]
    assert "default-src 'none'" in csp
    assert "script-src" not in csp
    assert "frame-ancestors 'none'" in csp
    assert page.headers["x-content-type-options"] == "nosniff"
    assert page.headers["referrer-policy"] == "no-referrer"  # the URL holds the code
    assert page.headers["cache-control"] == "no-store"
    wrong = client.get("/verify", params={"number": cert["number"], "code": "0000"})
    assert 'data-status="not_valid"' in wrong.text
    reflected = client.get("/verify", params={"number": f'"><b>{EVIL}', "code": EVIL})
    assert EVIL not in reflected.text
    assert "<b>" not in reflected.text
    form = client.get("/verify")
    assert form.status_code == 200
    assert "<form" in form.text
    assert "data-status" not in form.text


def _name_with_a_script(connection: Connection, certificate_id: str, name: str) -> None:
    """The API refuses such a name; an import of old data might not have."""
    connection.execute(
        update(Certificate)
        .where(col(Certificate.id) == uuid.UUID(certificate_id))
        .values(holder_name=f"{name} {EVIL}")
    )


def _query(cert: dict[str, Any]) -> dict[str, str]:
    return {"number": cert["number"], "code": cert["verification_code"]}


def _chromium() -> str | None:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None and os.environ.get("CI") == "true":
        pytest.fail("CI=true but no chromium: .ci/run installs it (apt-get install chromium)")
    return found


def _dump_dom(browser: str, url: str) -> str:
    """The page as Chromium renders it (after any script would have run)."""
    done = subprocess.run(  # noqa: S603 - a fixed browser binary and our own URL
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--window-size=390,844",  # a phone
            "--dump-dom",
            url,
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def test_a_phone_browser_shows_the_answer_and_runs_no_injected_script(
    live_server: LiveServer,
) -> None:
    browser = _chromium()
    if browser is None:
        pytest.skip("chromium is not installed (apt-get install chromium); under CI=true it is")
    with live_server.client(headers=live_server.admin_headers()) as http:
        cert = passed_certificate(live_server, http, name="Lala")
    with live_server.database.engine.begin() as connection:
        _name_with_a_script(connection, cert["id"], "Lala")
    query = httpx.QueryParams(_query(cert))
    dom = _dump_dom(browser, f"{live_server.url}/verify?{query}")
    assert 'data-status="valid"' in dom, dom[:2000]
    assert "Sertifikat sah" in dom
    # The holder's name carried a script: shown as text; had it run, it would have
    # rewritten the heading.
    assert "&lt;script&gt;" in dom
    assert "<script>alert" not in dom
    wrong = _dump_dom(browser, f"{live_server.url}/verify?number={query['number']}&code=X")
    assert 'data-status="not_valid"' in wrong
