"""What every process of a deployment shares: broker, topics, auth, logging (`T2T_` env)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from t2t_shared.production import refuse_wildcard_proxies

DEV_JWKS_URL = "http://127.0.0.1:8005/.well-known/jwks.json"

# The events topics keep 30 days (t2t_shared.topics); DLQs 90 days, but a DLQ record is
# redriven onto the retry topic by a person, not replayed in bulk.
TOPIC_RETENTION_DAYS = 30.0

# Deprecated major versions of re-versioned events are published until this date
# (docs/subscribers.md, "Versions and deprecation"); a reviewed release then stops them.
DEPRECATION_WINDOW_ENDS = "2027-06-01"

DEFAULT_AREAS = ("leeds", "bradford", "wakefield", "kirklees", "calderdale", "york")


class PlatformSettings(BaseSettings):
    """What every process of a deployment shares: broker, topics, auth, logging."""

    model_config = SettingsConfigDict(env_prefix="T2T_", extra="ignore", populate_by_name=True)

    environment: Literal["development", "test", "production"] = "development"
    deployment: str = Field("dev", description="Regional deployment name, e.g. west-yorkshire")
    home: Path = Field(Path(".t2t"), description="Run directory for local state")
    host: str = "127.0.0.1"
    forwarded_allow_ips: str = Field(
        "127.0.0.1",
        description="Proxies whose X-Forwarded-For is trusted as the client address (comma "
        "separated; the ingress in production), so per-client rate limits see real clients",
    )

    kafka_bootstrap: str = "127.0.0.1:9092"
    kafka_enable_idempotence: bool = False
    kafka_security_protocol: Literal["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"] = "PLAINTEXT"
    kafka_sasl_mechanism: str | None = None
    kafka_sasl_username: str | None = None
    kafka_sasl_password: SecretStr | None = None
    kafka_ssl_cafile: Path | None = Field(
        None, description="CA bundle for SSL / SASL_SSL, e.g. the Strimzi cluster CA"
    )
    kafka_replication_factor: int = 1
    topic_prefix: str = "t2t."
    topic_partitions: int = Field(3, ge=1)

    postgres_dsn: str = "postgresql://t2t@127.0.0.1:55432"

    jwks_url: str = Field(
        DEV_JWKS_URL,
        description="JWKS of the keys that sign API tokens (the identity provider's, or the "
        "portal's /.well-known/jwks.json for the platform key); https in production",
    )
    signing_key_file: Path | None = Field(
        None,
        description="Private JWK (ES256) a process that mints platform tokens signs with "
        "(portal, ops console, CLI); unset means <home>/keys/signing-key.json outside production",
    )
    signing_key: SecretStr | None = Field(
        None,
        description="The platform signing key itself (private JWK JSON), e.g. from a Kubernetes "
        "Secret; takes precedence over T2T_SIGNING_KEY_FILE",
    )
    jwt_issuer: str = "t2t"
    areas: tuple[str, ...] = DEFAULT_AREAS

    log_level: str = "INFO"
    log_json: bool = True
    metrics_port: int = Field(
        9464,
        description="In production, Prometheus metrics are served on this internal port "
        "only (not at /metrics on the public one)",
    )

    schema_base_url: str = "https://type2together.org.uk/schemas"

    @model_validator(mode="after")
    def _refuse_dev_keys_in_production(self) -> PlatformSettings:
        if self.environment == "production" and not self.jwks_url.startswith("https://"):
            raise ValueError("T2T_JWKS_URL must be an https:// URL in production")
        return self

    @model_validator(mode="after")
    def _refuse_forged_client_addresses_in_production(self) -> PlatformSettings:
        if self.environment == "production":
            refuse_wildcard_proxies(self.forwarded_allow_ips)
        return self

    @property
    def area_enum(self) -> tuple[str, ...]:
        """The areas every API lists as its `area` parameters' values and refuses others of."""
        return tuple(self.areas)

    @property
    def signing_key_path(self) -> Path | None:
        """Where this process's platform signing key is (the dev key outside production)."""
        if self.signing_key_file is not None:
            return self.signing_key_file
        return None if self.environment == "production" else self.home / "keys" / "signing-key.json"
