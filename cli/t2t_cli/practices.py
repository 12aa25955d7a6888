"""`t2t practices import FILE` and `t2t practices receipt-email`: the practice register,
through the referrals service's admin API (the register lives in referrals' database)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Any

import httpx
import typer

from t2t_shared.auth import issue_token
from t2t_shared.auth.platform import platform_signing_key
from t2t_shared.settings import PlatformSettings

# The sample of a source checkout (tests and the demo load it).
SAMPLE_REGISTER = Path(__file__).resolve().parents[2] / "examples/practices/epraccur-sample.csv"

practices_app = typer.Typer(
    help="The GP practice register (NHS ODS data), kept by the referrals service.",
    no_args_is_help=True,
)

Url = Annotated[
    str | None,
    typer.Option(help="The referrals service (default: T2T_REFERRALS_URL, else port 8001)"),
]
Token = Annotated[
    str | None,
    typer.Option(help="An admin bearer token (default: a dev token signed with the platform key)"),
]


def referrals_url(url: str | None) -> str:
    port = os.environ.get("T2T_REFERRALS_PORT", "8001")
    return url or os.environ.get("T2T_REFERRALS_URL") or f"http://127.0.0.1:{port}"


def admin_headers(token: str | None) -> dict[str, str]:
    if token is None:
        settings = PlatformSettings()
        token = issue_token(
            platform_signing_key(settings),
            role="admin",
            areas=["*"],
            subject="t2t-practices",
            issuer=settings.jwt_issuer,
        )
    return {"Authorization": f"Bearer {token}"}


@practices_app.command("import")
def import_file(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="epraccur.csv")],
    url: Url = None,
    token: Token = None,
) -> None:
    """Load NHS ODS GP practice data (epraccur.csv): all or nothing, idempotent."""
    answer = _call(
        "POST",
        f"{referrals_url(url)}/practices/import",
        token,
        content=file.read_bytes(),
        headers={"Content-Type": "text/csv"},
    )
    s = answer.json()
    typer.echo(
        f"{s['practices']} practices: {s['added']} added, {s['changed']} changed, "
        f"{s['unchanged']} unchanged; {s['skipped']} rows of other settings skipped"
    )


@practices_app.command("receipt-email")
def receipt_email(
    ods_code: Annotated[str, typer.Argument(help="The practice's ODS code")],
    email: Annotated[
        str | None, typer.Argument(help="Set it to this (omit to show it; 'none' to clear it)")
    ] = None,
    url: Url = None,
    token: Token = None,
) -> None:
    """Show or set where a practice's receipts and outcome messages go."""
    path = f"{referrals_url(url)}/practices/{ods_code.upper()}/receipt-email"
    if email is None:
        answer = _call("GET", path, token)
    else:
        value = None if email.lower() == "none" else email
        answer = _call("PUT", path, token, json={"email": value})
    typer.echo(answer.json()["email"] or "(none)")


def _call(method: str, url: str, token: str | None, **kwargs: Any) -> httpx.Response:
    headers = {**admin_headers(token), **kwargs.pop("headers", {})}
    try:
        answer = httpx.request(method, url, headers=headers, timeout=120, **kwargs)
    except httpx.HTTPError as exc:
        typer.echo(f"Is the referrals service running at {url}? {exc}", err=True)
        raise typer.Exit(1) from exc
    if answer.is_success:
        return answer
    typer.echo(f"Refused ({answer.status_code}): {_reason(answer)}", err=True)
    raise typer.Exit(1)


def _reason(answer: httpx.Response) -> str:
    try:
        body = answer.json()
    except ValueError:
        return answer.text
    errors = body.get("errors") or []
    if errors:
        return "; ".join(f"{e.get('field')}: {e.get('reason')}" for e in errors)
    return str(body.get("detail", body))
