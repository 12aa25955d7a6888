"""`t2t`: the local stack, dev tokens, and (later) operations commands."""

from __future__ import annotations

from importlib.metadata import version as package_version
from typing import Annotated

import typer

from t2t_cli.choices import ApiService, DemoScale, Role
from t2t_shared.auth import (
    MAX_TOKEN_LIFETIME_S,
    PLATFORM_AUDIENCES,
    audience_of,
    issue_token,
)
from t2t_shared.auth.platform import platform_signing_key
from t2t_shared.settings import PlatformSettings

app = typer.Typer(help="Type 2 Together platform tooling.", no_args_is_help=True)


def _print_version(asked: bool) -> None:
    if asked:
        typer.echo(f"t2t {package_version('t2t-cli')}")
        raise typer.Exit()


@app.callback()
def _group(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_print_version,
            is_eager=True,
            help="Print the version and exit.",
        ),
    ] = False,
) -> None:
    """Type 2 Together platform tooling: the local stack, dev tokens and operations."""


@app.command()
def token(
    role: Annotated[Role, typer.Option(help="The token's role")] = Role.COORDINATOR,
    area: Annotated[
        list[str] | None, typer.Option(help="Area in scope (repeat for several; * for all)")
    ] = None,
    ods_code: Annotated[
        str | None, typer.Option(help="ODS code a referrer token is bound to")
    ] = None,
    volunteer_id: Annotated[
        str | None, typer.Option(help="Volunteer id a facilitator token is bound to")
    ] = None,
    subject: Annotated[str, typer.Option(help="Who the token is for")] = "dev",
    audience: Annotated[
        list[ApiService] | None,
        typer.Option(help="Service whose API the token is for (repeat for several; default all)"),
    ] = None,
    ttl: Annotated[
        int,
        typer.Option(help="Lifetime in seconds (an hour at most)", min=1, max=MAX_TOKEN_LIFETIME_S),
    ] = MAX_TOKEN_LIFETIME_S,
) -> None:
    """Print a development bearer token signed with the platform key (the dev key in .t2t/keys)."""
    if role == "referrer" and not ods_code:
        raise typer.BadParameter("a referrer token needs --ods-code")
    if role == "facilitator" and not volunteer_id:
        raise typer.BadParameter("a facilitator token needs --volunteer-id")
    settings = PlatformSettings()
    areas = area or (["*"] if role in {"ops", "admin"} else list(settings.areas))
    unknown = [a for a in areas if a != "*" and a not in settings.areas]
    if unknown:
        known = ", ".join(settings.areas)
        raise typer.BadParameter(
            f"unknown area(s) {', '.join(unknown)}; this deployment has: {known}"
        )
    audiences = [audience_of(a) for a in audience] if audience else list(PLATFORM_AUDIENCES)
    typer.echo(
        issue_token(
            platform_signing_key(settings),
            role=role.value,
            areas=areas,
            audience=audiences,
            subject=subject,
            ods_code=ods_code,
            volunteer_id=volunteer_id,
            issuer=settings.jwt_issuer,
            ttl_s=ttl,
        )
    )


@app.command("signing-key")
def signing_key() -> None:
    """Print a new platform signing key (a private ES256 JWK) for a production Secret."""
    import json

    from t2t_shared.auth import generate_signing_key

    typer.echo(json.dumps(generate_signing_key(dev=False).private_jwk))


@app.command()
def up() -> None:
    """Start the local stack in the foreground (what `make run` runs); Ctrl-C stops it all."""
    from t2t_cli.stack.config import StackConfig
    from t2t_cli.stack.up import run_stack

    config = StackConfig.from_env()
    # The key the stack signs with: the configured one, or the dev key under its run directory.
    settings = PlatformSettings(signing_key_file=config.signing_key_file, home=config.home)

    def token_for(role: str) -> str:
        areas = ["*"] if role in {"ops", "admin"} else list(settings.areas[:2])
        ods = "B82005" if role == "referrer" else None
        key = platform_signing_key(settings)
        return issue_token(key, role=role, areas=areas, ods_code=ods, issuer=settings.jwt_issuer)  # type: ignore[arg-type]

    raise typer.Exit(run_stack(config, token_for=token_for))


@app.command()
def demo(
    scale: Annotated[
        DemoScale,
        typer.Option(help="pilot: the pilot's year (~900 referrals); small: under a minute"),
    ] = DemoScale.PILOT,
    seed: Annotated[
        int, typer.Option(help="Same seed, same story (with new people on every run)")
    ] = 2019,
    concurrency: Annotated[int, typer.Option(help="Requests in flight at once")] = 16,
    json_out: Annotated[bool, typer.Option("--json", help="Print the summary as JSON")] = False,
) -> None:
    """Play the pilot's year through the public APIs of a running stack (`make run` first)."""
    import asyncio
    import json

    from rich.console import Console

    from t2t_cli.demo.client import DemoError, Endpoints
    from t2t_cli.demo.run import DemoOptions, play_and_summarise
    from t2t_cli.stack.config import StackConfig

    config = StackConfig.from_env()
    ports = {spec.name: spec.port for spec in config.services}
    endpoints = Endpoints.local(config.host, ports)
    console = Console(stderr=json_out)
    try:
        tally = asyncio.run(
            play_and_summarise(
                DemoOptions(scale.value, seed, concurrency), endpoints, PlatformSettings(), console
            )
        )
    except DemoError as exc:
        console.print(f"[red]The demo stopped:[/red] {exc}")
        raise typer.Exit(1) from exc
    except OSError as exc:
        console.print(f"[red]Is the stack running (make run)?[/red] {exc}")
        raise typer.Exit(1) from exc
    if json_out:
        typer.echo(json.dumps(tally.as_dict(), indent=2))


def _register_operations() -> None:
    """The ops commands need the `ops` package (installed with the workspace)."""
    from t2t_cli.ops.commands import register
    from t2t_cli.practices import practices_app
    from t2t_cli.report import report

    register(app)
    app.command()(report)
    app.add_typer(practices_app, name="practices")


_register_operations()


def main() -> None:
    app()


if __name__ == "__main__":
    main()
