"""What `t2t up` shows: a progress line per step, then a panel with every address."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from t2t_shared.auth.keys import PRIVATE_KEY_FILE

from .config import ServiceSpec, sample_register_env
from .pgdb import redact_dsn


@dataclass
class StackInfo:
    """Where everything ended up; the services' environment is derived from it."""

    home: Path
    host: str
    postgres_dsn: str
    kafka_bootstrap: str
    smtp_host: str
    smtp_port: int
    sms_sink: Path
    maildir: Path | None = None  # None when mail goes to an outside SMTP server
    local_broker: bool = True
    services: list[ServiceSpec] = field(default_factory=list)
    skipped: list[ServiceSpec] = field(default_factory=list)
    signing_key_file: Path | None = None  # None: the dev key under <home>/keys/

    def service_env(self, spec: ServiceSpec) -> dict[str, str]:
        # Every service learns where the others answer (the portal calls their APIs, and
        # notifications puts the portal's address in the links it sends).
        addresses = {other.url_var: self.url(other) for other in self.services}
        return {
            **addresses,
            **self.token_env(),
            "T2T_POSTGRES_DSN": self.postgres_dsn,
            "T2T_KAFKA_BOOTSTRAP": self.kafka_bootstrap,
            "T2T_SMTP_HOST": self.smtp_host,
            "T2T_SMTP_PORT": str(self.smtp_port),
            "T2T_SMS_SINK_PATH": str(self.sms_sink),
            "T2T_HOME": str(self.home),
            # Days pass in minutes here (the demo plays a year): no cap on sends a day.
            "T2T_SENDS_PER_RECIPIENT_PER_DAY": "0",
            spec.port_var: str(spec.port),
            **(sample_register_env() if spec.name == "referrals" else {}),
        }

    def token_env(self) -> dict[str, str]:
        """The dev key under the run directory signs; the portal publishes its public half."""
        signers = [s for s in self.services if s.name in ("portal", "ops")]
        key_file = self.signing_key_file or self.home / "keys" / PRIVATE_KEY_FILE
        env = {"T2T_SIGNING_KEY_FILE": str(key_file)}
        if signers:
            env["T2T_JWKS_URL"] = self.url(signers[-1], "/.well-known/jwks.json")
        return env

    def url(self, spec: ServiceSpec, path: str = "") -> str:
        return f"http://{self.host}:{spec.port}{path}"


@contextmanager
def step(console: Console, label: str) -> Iterator[None]:
    """Show ``starting X…`` while it runs, then how long it took (or that it failed)."""
    started = time.monotonic()
    try:
        with console.status(f"starting {label}…"):
            yield
    except asyncio.CancelledError:
        console.print(f"starting {label}… interrupted", soft_wrap=True)
        raise
    except BaseException:
        console.print(f"starting {label}… [red]failed[/]", soft_wrap=True)
        raise
    took = time.monotonic() - started
    console.print(f"starting {label}… ready in {took:.1f}s", soft_wrap=True)


def stack_panel(info: StackInfo) -> Panel:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold")
    table.add_column()
    for spec in info.services:
        # The portal is pages for people: its address, not its API docs.
        table.add_row(spec.name, info.url(spec, "/" if spec.name == "portal" else "/docs"))
    for spec in info.skipped:
        table.add_row(spec.name, Text("not started: no __main__ yet", style="dim"))
    broker = info.kafka_bootstrap + (" (Tansu, memory only)" if info.local_broker else "")
    table.add_row("PostgreSQL", redact_dsn(info.postgres_dsn))
    table.add_row("Kafka", broker)
    table.add_row("SMTP", f"{info.smtp_host}:{info.smtp_port}")
    table.add_row("mail", str(info.maildir) if info.maildir else "(outside SMTP server)")
    table.add_row("SMS sink", str(info.sms_sink))
    # The next step for a newcomer: the CLI is in the project's venv, not on PATH.
    table.add_row("t2t", "in another terminal: source .venv/bin/activate, then t2t demo")
    portal = next((s for s in info.services if s.name == "portal"), None)
    subtitle = "Ctrl-C stops everything"
    if portal is not None:
        subtitle = f"open {info.url(portal)} · " + subtitle
    return Panel(table, title="Type 2 Together: local stack ready", subtitle=subtitle)


def token_lines(roles: Sequence[str], token_for: Callable[[str], str]) -> Group:
    # Outside the panel: a token folded inside a border cannot be copied in one piece.
    lines = [Text("dev bearer tokens (Authorization: Bearer …):", style="bold")]
    lines += [Text.assemble((f"{role:<12}", "bold"), _token(token_for, role)) for role in roles]
    return Group(*lines)


def _token(token_for: Callable[[str], str], role: str) -> str:
    # A token is a convenience: failing to make one must not take the running stack down.
    try:
        return token_for(role)
    except Exception as exc:
        return f"(no token: {exc})"
