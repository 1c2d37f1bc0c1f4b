"""The token signing key: never in the code, given in production, else generated and kept."""

import stat
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

import jwt
import pytest
from fastapi.testclient import TestClient

from app.auth.secrets import ALGORITHM, AUDIENCE
from app.auth.signing_key import MissingSigningKey, key_file, load_or_create, with_signing_key
from app.core.config import ROOT, Settings
from app.core.db import create_db_engine
from app.main import create_app

# The key that earlier versions accepted by default, outside production.
FORMER_PLACEHOLDER = "development-only-secret-change-me-0123456789"


def sqlite_settings(tmp_path: Path, **overrides: object) -> Settings:
    return Settings(database_url=f"sqlite:///{tmp_path / 'bangkom.db'}", **overrides)  # type: ignore[arg-type]


def test_no_key_in_the_code() -> None:
    assert Settings.model_fields["jwt_secret"].default is None


def test_production_without_a_key_refuses_to_start(tmp_path: Path) -> None:
    settings = sqlite_settings(tmp_path, environment="production")
    with pytest.raises(MissingSigningKey, match="BANGKOM_JWT_SECRET"):
        create_app(settings, engine=create_db_engine(settings))
    given = sqlite_settings(tmp_path, environment="production", jwt_secret="k" * 40)
    assert with_signing_key(given).jwt_secret == given.jwt_secret
    assert not (tmp_path / "bangkom.jwt-secret").exists()


def test_a_generated_key_is_kept_private_beside_the_database(tmp_path: Path) -> None:
    settings = sqlite_settings(tmp_path)
    path = key_file(settings)
    assert path == tmp_path / "bangkom.jwt-secret"
    first = with_signing_key(settings).jwt_secret
    assert first is not None
    assert len(first.get_secret_value()) >= 32
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert with_signing_key(settings).jwt_secret == first  # the next start reads the same
    other = with_signing_key(Settings(database_url=f"sqlite:///{tmp_path / 'x' / 'y.db'}"))
    assert other.jwt_secret != first  # another database, another key


def test_workers_starting_together_agree_on_one_key(tmp_path: Path) -> None:
    path = tmp_path / "race.jwt-secret"
    with ThreadPoolExecutor(max_workers=8) as pool:
        keys = set(pool.map(lambda _: load_or_create(path), range(32)))
    assert len(keys) == 1
    assert [p.name for p in tmp_path.iterdir()] == ["race.jwt-secret"]  # no temporary left


def test_a_key_file_others_can_read_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "open.jwt-secret"
    load_or_create(path)
    path.chmod(0o644)
    with pytest.raises(MissingSigningKey, match="chmod 600"):
        load_or_create(path)


def test_a_token_signed_with_the_former_placeholder_is_refused(tmp_path: Path) -> None:
    settings = sqlite_settings(tmp_path)
    app = create_app(settings, engine=create_db_engine(settings))
    now = datetime.now(UTC)
    claims = {
        "sub": str(uuid.uuid4()),
        "sid": str(uuid.uuid4()),
        "roles": ["admin"],
        "iss": settings.jwt_issuer,
        "aud": AUDIENCE,
        "iat": now,
        "exp": now + timedelta(minutes=5),
        "typ": "access",
    }
    forged = jwt.encode(claims, FORMER_PLACEHOLDER, ALGORITHM)
    with TestClient(app) as client:
        response = client.get("/api/v1/units", headers={"Authorization": f"Bearer {forged}"})
    assert response.status_code == 401


def test_the_docker_image_runs_as_production_by_default() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "BANGKOM_ENVIRONMENT=production" in dockerfile
