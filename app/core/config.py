"""All settings in one place, read from the environment with the ``BANGKOM_`` prefix."""

import ipaddress
from functools import lru_cache
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from app.models.enums import JpYearBasis

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DB_URL = f"sqlite:///{ROOT / 'var' / 'bangkom.db'}"
PAGE_SIZE_CEILING = 10_000  # the largest BANGKOM_MAX_PAGE_SIZE any deployment may set


class Settings(BaseSettings):
    """Every setting of the service; see the README's configuration table."""

    model_config = SettingsConfigDict(env_prefix="BANGKOM_", env_file=".env", extra="ignore")

    environment: Literal["development", "test", "production"] = "development"
    database_url: str = Field(default=DEFAULT_DB_URL, description="SQLAlchemy URL.")
    db_pool_size: int = Field(default=20, ge=1, le=200)
    db_max_overflow: int = Field(default=10, ge=0, le=200)
    db_pool_timeout_s: float = Field(default=10.0, gt=0)
    db_pool_recycle_s: int = Field(default=1800, ge=-1, description="Reopen older connections.")
    db_pool_pre_ping: bool = Field(
        default=False, description="Test each connection on checkout (one extra round trip)."
    )
    sqlite_busy_timeout_ms: int = Field(default=5000, ge=0)
    db_lock_timeout_ms: int = Field(
        default=5000, ge=0, description="PostgreSQL: longest wait for a lock (0: no limit)."
    )
    cors_origins: list[str] = Field(default_factory=list)
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    default_page_size: int = Field(default=50, ge=1)
    max_page_size: int = Field(default=200, ge=1, le=PAGE_SIZE_CEILING)
    search_count_limit: int = Field(
        default=1000,
        ge=1,
        le=10**9,
        description="A name search counts its matches up to this many; past it, the page's "
        "total says 'at least' (total_exact false).",
    )
    max_body_bytes: int = Field(default=1_048_576, ge=1024)
    max_import_body_bytes: int = Field(
        default=16 * 1_048_576, ge=1024, description="Body limit of bulk imports (a framework)."
    )
    # Documents (signed PDFs): their content lies outside the database, by SHA-256.
    max_document_bytes: int = Field(
        default=20 * 1_048_576, ge=1024, description="Largest document an upload may send."
    )
    document_dir: Path | None = Field(
        default=None,
        description="Directory of stored documents. Unset: beside the SQLite database file "
        "(var/bangkom.db -> var/bangkom-documents/), else var/documents/.",
    )
    # The JP rule: practice or disputed between sources, hence settings, not literals.
    minutes_per_jp: int = Field(default=45, ge=1, le=120)
    jp_target_pns: int = Field(default=20, ge=0)
    jp_target_pppk: int = Field(default=20, ge=0)
    jp_year_basis: JpYearBasis = JpYearBasis.END_DATE
    agency_name: str = Field(
        default="BKPSDM Kota Solok",
        min_length=1,
        max_length=200,
        description="The personnel agency, named as the organiser of what it runs itself.",
    )
    min_appointment_age_years: int = Field(default=18, ge=0, le=60)
    timezone: str = Field(
        default="Asia/Jakarta",
        description="The agency's IANA time zone (WIB Asia/Jakarta, WITA Asia/Makassar, WIT "
        "Asia/Jayapura): what 'today' is for date checks and assessment validity.",
    )
    # Partnerships: how far ahead the expiry watch looks.
    agreement_expiry_warning_days: int = Field(
        default=60,
        ge=1,
        le=3650,
        description="Agreements ending within this many days are listed as expiring (the "
        "expiry watch and its daily summary).",
    )
    # Competencies: practice, not law, hence settings.
    evaluation_min_respondents: int = Field(
        default=5,
        ge=2,
        le=100,
        description="Level-1 results are shown only for groups of at least this many respondents.",
    )
    behaviour_due_weeks: int = Field(
        default=12,
        ge=1,
        le=104,
        description="Weeks after a session's end when its level-3 evaluations are due "
        "(a program may set its own).",
    )
    assessment_validity_months: int = Field(default=36, ge=1, le=240)
    assessment_counting_methods: list[str] = Field(
        default_factory=lambda: ["assessment_centre", "test", "review_360", "supervisor"],
        description="Methods whose results set the current level; self-assessment by default not.",
    )
    jpm_band_ms_min: float = Field(default=80, ge=0, le=100, description="MS from this JPM.")
    jpm_band_mms_min: float = Field(default=68, ge=0, le=100, description="MMS from this JPM.")
    # Certificates (STTP): their number format varies by issuer (domain brief section 5).
    certificate_issuer: str = Field(
        default="BKPSDM",
        min_length=1,
        max_length=50,
        pattern=r"^[A-Za-z0-9._-]+$",
        description="The issuer whose numbers are unique per year (one counter per issuer and "
        "year).",
    )
    certificate_number_format: str = Field(
        default="{seq:04}/STTP/{issuer}/{year}",
        min_length=6,
        max_length=100,
        description="How a certificate number is written: Python format fields {seq}, "
        "{issuer} and {year}; {seq} is required.",
    )
    certificate_signatory_name: str = Field(
        default="Kepala BKPSDM Kota Solok", min_length=1, max_length=200
    )
    certificate_signatory_title: str = Field(
        default="Kepala Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
        min_length=1,
        max_length=200,
    )
    public_base_url: str = Field(
        default="http://localhost:8000",
        pattern=r"^https?://[^\s/?#]+(/[^\s?#]*)?$",
        max_length=200,
        description="Where the public reaches the service: the verification URL in a "
        "certificate's QR code, and the ids of its Open Badges credentials.",
    )
    credential_signing_key: SecretStr | None = Field(
        default=None,
        description="Ed25519 private key (PEM, PKCS#8) signing Open Badges credentials. Unset: "
        "production refuses to start; elsewhere one is created on first start and kept beside "
        "the SQLite database (mode 0600).",
    )
    verification_window_s: int = Field(default=900, ge=1)
    verification_max_failures_per_address: int = Field(
        default=30,
        ge=1,
        description="Failed public verifications (not valid) from one address within the "
        "window before 429.",
    )
    # Identity and access.
    jwt_secret: SecretStr | None = Field(
        default=None,
        min_length=32,
        description="Key signing tokens. Unset: production refuses to start; elsewhere a random "
        "key is created on first start and kept in a file beside the SQLite database.",
    )
    jwt_issuer: str = "bangkom"
    access_token_ttl_s: int = Field(default=900, ge=60, le=86_400)
    refresh_token_ttl_s: int = Field(default=14 * 86_400, ge=3600)
    password_min_length: int = Field(default=12, ge=8, le=128)
    login_window_s: int = Field(default=900, ge=1)
    login_max_failures_per_account: int = Field(default=5, ge=1)
    login_max_failures_per_address: int = Field(default=20, ge=1)
    login_max_failures_per_device: int = Field(
        default=5, ge=1, description="Failed sign-ins from one trusted device (device token)."
    )
    device_token_ttl_s: int = Field(
        default=180 * 86_400,
        ge=3600,
        le=5 * 366 * 86_400,
        description="Lifetime of the device token a successful sign-in gives its client.",
    )
    session_check_interval_s: float = Field(
        default=2.0,
        ge=0,
        le=30,
        description="Seconds a worker may reuse what it read of a session and its account: "
        "a revocation made through another worker is enforced within this delay.",
    )
    api_key_touch_interval_s: int = Field(default=60, ge=0)
    hsts_max_age_s: int = Field(default=0, ge=0, description="Strict-Transport-Security; 0: off.")
    trusted_proxies: list[str] = Field(
        default_factory=list,
        max_length=64,
        description="Addresses or networks (CIDR) of the reverse proxies in front of the service. "
        "A request from one of them is taken to come from the address its X-Forwarded-For "
        "names (throttling, audit) and its X-Forwarded-Proto; from anyone else those headers "
        "are ignored. Empty: no proxy is trusted.",
    )

    @field_validator("certificate_number_format")
    @classmethod
    def _number_format(cls, value: str) -> str:
        try:
            written = value.format(seq=1, issuer="X", year=2026)
        except (KeyError, IndexError, ValueError) as exc:
            raise ValueError(
                f"{value!r}: use only the fields {{seq}}, {{issuer}}, {{year}}"
            ) from exc
        if written == value.format(seq=2, issuer="X", year=2026):
            raise ValueError("the certificate number format needs {seq}")
        return value

    @field_validator("trusted_proxies")
    @classmethod
    def _networks(cls, value: list[str]) -> list[str]:
        for entry in value:
            try:
                ipaddress.ip_network(entry, strict=False)
            except ValueError as exc:
                raise ValueError(f"{entry!r} is not an IP address or network (CIDR)") from exc
        return value

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}; use an IANA name") from exc
        return value

    @field_validator("database_url")
    @classmethod
    def _known_backend(cls, value: str) -> str:
        if not value.startswith(("sqlite", "postgresql", "postgres://")):
            raise ValueError("database_url must be a sqlite or postgresql URL")
        return value

    @model_validator(mode="after")
    def _default_page_fits(self) -> "Settings":
        if self.default_page_size > self.max_page_size:
            raise ValueError("BANGKOM_DEFAULT_PAGE_SIZE cannot exceed BANGKOM_MAX_PAGE_SIZE")
        return self

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings, read once."""
    return Settings()
