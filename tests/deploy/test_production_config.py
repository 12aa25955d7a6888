"""The configuration each overlay ships passes the services' own production checks, so a pod
does not fail at start-up on what the manifests set (secrets, from the region's Secrets, are
stood in for here)."""

from __future__ import annotations

import ipaddress
from typing import TYPE_CHECKING

import pytest
from pydantic import ValidationError

from notifications.config import Settings as NotificationsSettings
from referrals.config import Settings as ReferralsSettings

if TYPE_CHECKING:
    from conftest import Build

SECRETS = {
    "T2T_OFFER_LINK_SECRET": "stand-in-for-the-regions-offer-secret-0123",
    "T2T_NOTIFY_API_KEY": "stand-in",
    "T2T_NOTIFY_CALLBACK_TOKEN": "stand-in",
    "T2T_DATABASE_URL_REFERRALS": "postgresql+asyncpg://r:pw@db.internal/t2t_referrals?sslmode=verify-full",
    "T2T_DATABASE_URL_NOTIFICATIONS": "postgresql+asyncpg://n:pw@db.internal/t2t_notifications?sslmode=verify-full",
}


@pytest.fixture
def environment(overlay: Build, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    import os

    for name in list(os.environ):
        if name.startswith("T2T_"):
            monkeypatch.delenv(name)
    env = (
        overlay.config_map("t2t-config")["data"]
        | overlay.config_map("notifications-config")["data"]
    )
    for name, value in (env | SECRETS).items():
        monkeypatch.setenv(name, value)
    return dict(env)


def test_the_shipped_configuration_starts_in_production(environment: dict[str, str]) -> None:
    assert ReferralsSettings().environment == "production"
    assert NotificationsSettings().sms_provider == "notify"


def test_trusted_proxies_are_the_overlays_networks_not_everyone(
    environment: dict[str, str],
) -> None:
    value = environment["T2T_FORWARDED_ALLOW_IPS"]
    networks = [ipaddress.ip_network(part.strip()) for part in value.split(",")]
    placeholder = ipaddress.ip_network("192.0.2.0/24")
    assert networks
    assert not any(n.overlaps(placeholder) for n in networks), "the overlay sets its network"
    assert all(n.prefixlen >= 8 for n in networks)


def test_the_check_refuses_a_wildcard_in_the_shipped_config(
    environment: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("T2T_FORWARDED_ALLOW_IPS", "*")
    with pytest.raises(ValidationError, match="T2T_FORWARDED_ALLOW_IPS"):
        ReferralsSettings()


def test_every_container_can_verify_the_database_certificate(overlay: Build) -> None:
    """sslmode=verify-full needs the server's CA where PGSSLROOTCERT says."""
    ca_file = overlay.config_map("t2t-config")["data"]["PGSSLROOTCERT"]
    for name, deployment in overlay.named("Deployment").items():
        spec = deployment["spec"]["template"]["spec"]
        secrets = {v["name"]: v["secret"]["secretName"] for v in spec["volumes"] if "secret" in v}
        for container in spec["containers"] + spec["initContainers"]:
            mounts = {m["name"]: m["mountPath"] for m in container["volumeMounts"]}
            dirs = [path for volume, path in mounts.items() if secrets.get(volume) == "postgres-ca"]
            assert dirs == [ca_file.rsplit("/", 1)[0]], (name, container["name"])
