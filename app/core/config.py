"""All settings in one place, read from the environment with the ``BANGKOM_`` prefix."""

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DB_URL = f"sqlite:///{ROOT / 'var' / 'bangkom.db'}"


class Settings(BaseSettings):
    """Every setting of the service; see the README's configuration table."""

    model_config = SettingsConfigDict(env_prefix="BANGKOM_", env_file=".env", extra="ignore")

    environment: Literal["development", "test", "production"] = "development"
    database_url: str = Field(default=DEFAULT_DB_URL, description="SQLAlchemy URL.")
    db_pool_size: int = Field(default=10, ge=1, le=200)
    db_max_overflow: int = Field(default=10, ge=0, le=200)
    db_pool_timeout_s: float = Field(default=10.0, gt=0)
    sqlite_busy_timeout_ms: int = Field(default=5000, ge=0)
    cors_origins: list[str] = Field(default_factory=list)
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    default_page_size: int = Field(default=50, ge=1)
    max_page_size: int = Field(default=200, ge=1, le=10_000)
    max_body_bytes: int = Field(default=1_048_576, ge=1024)
    # Domain settings (domain brief section 2): practice or unsure, hence settings.
    minutes_per_jp: int = Field(default=45, ge=1, le=120)
    jp_target_pns: int = Field(default=20, ge=0)
    jp_target_pppk: int = Field(default=20, ge=0)
    min_appointment_age_years: int = Field(default=18, ge=0, le=60)

    @field_validator("database_url")
    @classmethod
    def _known_backend(cls, value: str) -> str:
        if not value.startswith(("sqlite", "postgresql")):
            raise ValueError("database_url must be a sqlite or postgresql URL")
        return value

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings, read once."""
    return Settings()
