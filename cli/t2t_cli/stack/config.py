"""What `t2t up` starts, and where: the services list and the stack's settings."""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path


@dataclass(frozen=True)
class ServiceSpec:
    """One service as the stack runs it: ``python -m <module> migrate|serve`` on ``port``."""

    name: str
    module: str
    port: int

    @property
    def port_var(self) -> str:
        return f"T2T_{self.name.upper()}_PORT"

    @property
    def url_var(self) -> str:
        """Where the others find it: T2T_REFERRALS_URL (the portal calls the APIs there)."""
        return f"T2T_{self.name.upper()}_URL"

    @property
    def database(self) -> str:
        return f"t2t_{self.name}"

    @property
    def has_database(self) -> bool:
        return self.name not in STATELESS

    def runnable(self) -> bool:
        """Has the module a ``__main__``? Services still being written are skipped."""
        try:
            return importlib.util.find_spec(f"{self.module}.__main__") is not None
        except ModuleNotFoundError:
            return False


# Services that keep nothing of their own (the portal holds only its users' session cookies).
STATELESS = ("portal",)

SERVICES: tuple[ServiceSpec, ...] = (
    ServiceSpec("ops", "ops", 8000),
    ServiceSpec("referrals", "referrals", 8001),
    ServiceSpec("groups", "groups", 8002),
    ServiceSpec("volunteers", "volunteers", 8003),
    ServiceSpec("notifications", "notifications", 8004),
    ServiceSpec("portal", "portal", 8005),
)
ROLES: tuple[str, ...] = ("referrer", "coordinator", "ops", "admin")

# The sample GP practice register of a source checkout: the local stack loads it on
# `referrals migrate`, so every ODS code the demo, tests and bench use is a known practice.
SAMPLE_PRACTICES = Path(__file__).resolve().parents[3] / "examples" / "practices"


def sample_register_env() -> dict[str, str]:
    register = SAMPLE_PRACTICES / "epraccur-sample.csv"
    if not register.exists():  # an installed package has no examples
        return {}
    return {
        "T2T_PRACTICE_REGISTER_SEED": str(register),
        "T2T_PRACTICE_RECEIPT_EMAILS_SEED": str(SAMPLE_PRACTICES / "receipt-emails-sample.csv"),
    }


@dataclass(frozen=True)
class StackConfig:
    """Where each piece runs. A DSN / bootstrap / SMTP host given here replaces the local one."""

    home: Path
    host: str = "127.0.0.1"
    postgres_port: int = 55432
    kafka_port: int = 9092
    smtp_port: int = 1025
    services: tuple[ServiceSpec, ...] = SERVICES
    postgres_dsn: str | None = None
    kafka_bootstrap: str | None = None
    smtp_host: str | None = None
    ready_within: float = 60.0
    grace: float = 5.0
    # Losing dev data on a power cut costs nothing; fsync costs seconds at every start.
    fsync: bool = False
    extra_env: Mapping[str, str] = field(default_factory=dict)
    # The platform key the stack signs with: T2T_SIGNING_KEY_FILE if set (the test suite's
    # session key), otherwise the dev key made once under <home>/keys/.
    signing_key_file: Path | None = field(default_factory=lambda: _env_path("T2T_SIGNING_KEY_FILE"))

    def __post_init__(self) -> None:
        object.__setattr__(self, "home", Path(self.home).absolute())

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> StackConfig:
        """Read the stack's variables: T2T_HOME, T2T_POSTGRES_DSN, T2T_KAFKA_BOOTSTRAP,
        T2T_SMTP_HOST / T2T_SMTP_PORT and T2T_<SERVICE>_PORT."""
        env = os.environ if environ is None else environ
        services = tuple(
            replace(spec, port=int(env.get(spec.port_var, spec.port))) for spec in SERVICES
        )
        return cls(
            home=Path(env.get("T2T_HOME") or ".t2t"),
            smtp_port=int(env.get("T2T_SMTP_PORT") or 1025),
            services=services,
            postgres_dsn=env.get("T2T_POSTGRES_DSN") or None,
            kafka_bootstrap=env.get("T2T_KAFKA_BOOTSTRAP") or None,
            smtp_host=env.get("T2T_SMTP_HOST") or None,
            # People read the local stack's output: plain lines unless JSON is asked for.
            extra_env={"T2T_LOG_JSON": env.get("T2T_LOG_JSON", "false")},
        )


def _env_path(name: str) -> Path | None:
    value = os.environ.get(name)
    return Path(value) if value else None
