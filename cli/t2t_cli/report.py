"""`t2t report`: an area's commissioner report from the ops console's API, as tables or CSV.

It asks the running console (`--url`, `T2T_OPS_URL`, or the local stack's ops port) with a
bearer token (`--token`, `T2T_TOKEN`, or in development a dev `ops` token signed with the
deployment's secret, as `t2t token --role ops` prints).
"""

from __future__ import annotations

from typing import Annotated, Any

import httpx
import typer
from rich.console import Console

from t2t_cli.report_render import print_report
from t2t_shared.auth import issue_token
from t2t_shared.auth.platform import platform_signing_key
from t2t_shared.settings import PlatformSettings

err = Console(stderr=True)


def ops_url() -> str:
    from t2t_cli.stack.config import StackConfig

    config = StackConfig.from_env()
    port = next(spec.port for spec in config.services if spec.name == "ops")
    return f"http://{config.host}:{port}"


def ops_client(base_url: str) -> httpx.Client:
    """The HTTP client; tests hand in one bound to an in-process app."""
    return httpx.Client(base_url=base_url, timeout=30.0)


def bearer(token: str | None) -> str:
    if token:
        return token
    settings = PlatformSettings()
    if settings.environment == "production":
        raise typer.BadParameter("give a token (--token or T2T_TOKEN)", param_hint="--token")
    return issue_token(
        platform_signing_key(settings),
        role="ops",
        areas=["*"],
        subject="cli-report",
        issuer=settings.jwt_issuer,
    )


def problem_text(answer: httpx.Response) -> str:
    try:
        body: Any = answer.json()
    except ValueError:
        return f"HTTP {answer.status_code}"
    fields = [f"{e.get('field')}: {e.get('reason')}" for e in body.get("errors") or []]
    return "; ".join(fields) or str(body.get("detail") or f"HTTP {answer.status_code}")


def report(
    area: Annotated[str, typer.Option(help="The area, e.g. leeds")],
    from_: Annotated[
        str | None, typer.Option("--from", help="First day, YYYY-MM-DD (default: quarter start)")
    ] = None,
    to: Annotated[
        str | None, typer.Option("--to", help="Last day, included, YYYY-MM-DD (default: today)")
    ] = None,
    csv: Annotated[bool, typer.Option("--csv", help="Print the CSV instead of tables")] = False,
    url: Annotated[
        str | None, typer.Option(envvar="T2T_OPS_URL", help="The ops console's address")
    ] = None,
    token: Annotated[
        str | None, typer.Option(envvar="T2T_TOKEN", help="Bearer token (default: a dev token)")
    ] = None,
) -> None:
    """An area's report for commissioners: referrals, funnel, first contact, waiting list,
    attendance, volunteers, groups. Figures only, never a person."""
    base = url or ops_url()
    params = {k: v for k, v in (("from", from_), ("to", to)) if v}
    path = f"/api/reports/areas/{area}" + (".csv" if csv else "")
    headers = {"Authorization": f"Bearer {bearer(token)}"}
    try:
        with ops_client(base) as client:
            answer = client.get(path, params=params, headers=headers)
    except httpx.TransportError as exc:
        err.print(
            f"[red]The ops console is not reachable at {base}[/] ({type(exc).__name__}): "
            "start the stack with `make run`, or point --url / T2T_OPS_URL at it.",
            soft_wrap=True,  # one line, however narrow the terminal
        )
        raise typer.Exit(1) from exc
    if answer.status_code != 200:
        err.print(f"[red]The report was refused ({answer.status_code}):[/] {problem_text(answer)}")
        raise typer.Exit(2 if answer.status_code == 422 else 1)
    if csv:
        typer.echo(answer.text.removeprefix("\ufeff"), nl=False)
    else:
        print_report(answer.json())
