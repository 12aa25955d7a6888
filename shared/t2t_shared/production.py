"""What a production deployment must not run with: forged client addresses, plaintext Kafka,
PostgreSQL whose certificate nobody checks.

Each check names the setting and the rule, never the value: a database URL carries a password.
"""

from __future__ import annotations

from sqlalchemy.engine import URL, make_url

TLS_KAFKA_PROTOCOLS = frozenset({"SSL", "SASL_SSL"})
VERIFIED_SSLMODE = "verify-full"


def refuse_wildcard_proxies(forwarded_allow_ips: str) -> None:
    # With '*' anything that reaches a pod can forge X-Forwarded-For and step past the
    # public forms' per-client rate limits.
    if "*" in (part.strip() for part in forwarded_allow_ips.split(",")):
        raise ValueError(
            "T2T_FORWARDED_ALLOW_IPS must list the ingress controller's (and the portal's) "
            "addresses or networks in production, not '*'"
        )


def refuse_plaintext_kafka(security_protocol: str) -> None:
    if security_protocol not in TLS_KAFKA_PROTOCOLS:
        raise ValueError(
            "T2T_KAFKA_SECURITY_PROTOCOL must be SSL or SASL_SSL in production, "
            f"not {security_protocol}"
        )


def refuse_unverified_postgres(url: str) -> None:
    if ssl_mode(make_url(url)) != VERIFIED_SSLMODE:
        raise ValueError(
            "the service's database URL (T2T_DATABASE_URL_<SERVICE> or T2T_POSTGRES_DSN) "
            "must end in ?sslmode=verify-full in production (the CA from PGSSLROOTCERT)"
        )


def ssl_mode(url: URL) -> str | None:
    """The libpq `sslmode` (or asyncpg's `ssl`) a URL asks for, if any."""
    value = url.query.get("sslmode", url.query.get("ssl"))
    if isinstance(value, tuple):
        value = value[-1]
    return value


def asyncpg_url(url: str) -> str:
    """The URL as SQLAlchemy's asyncpg dialect takes it: its scheme, and `ssl` for `sslmode`."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+asyncpg")
    mode = ssl_mode(parsed)
    if "sslmode" in parsed.query and mode is not None:
        parsed = parsed.difference_update_query(["sslmode"]).update_query_dict({"ssl": mode})
    return parsed.render_as_string(hide_password=False)
