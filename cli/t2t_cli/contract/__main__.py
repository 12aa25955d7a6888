"""`python -m t2t_cli.contract generate|check|release`: what the `make contract*` targets run."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from t2t_cli.contract.build import Contract, build
from t2t_cli.contract.checks import CheckFailed, check_contract, refuse_incompatible
from t2t_cli.contract.files import CONTRACT_DIR, release, render, write
from t2t_cli.contract.schemas import ContractError

app = typer.Typer(help="The published contract for subscribers.", no_args_is_help=True)
Root = Annotated[Path, typer.Option(help="Repository root (holds docs/contract)")]


@app.command()
def generate(root: Root = Path()) -> None:
    """Write docs/contract/asyncapi.yaml and one JSON Schema per event type from the code."""
    directory = root / CONTRACT_DIR
    changed = write(directory, render(_build()))
    for path in changed:
        typer.echo(f"wrote {directory / path}")
    typer.echo(f"contract generated in {directory} ({len(changed)} file(s) changed)")


@app.command()
def check(root: Root = Path()) -> None:
    """Fail when the committed contract is stale or a schema breaks a released version."""
    try:
        check_contract(root / CONTRACT_DIR, _build())
    except CheckFailed as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1) from None
    typer.echo("contract: generated files current, every schema compatible with its releases")


@app.command(name="release")
def release_command(root: Root = Path()) -> None:
    """Record every current schema that changed as its type's next released version."""
    contract, directory = _build(), root / CONTRACT_DIR
    try:
        refuse_incompatible(directory, contract)
    except CheckFailed as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1) from None
    written = release(directory, contract)
    for path in written:
        typer.echo(f"released {path}")
    typer.echo(f"{len(written)} schema(s) released")


def _build() -> Contract:
    try:
        return build()
    except ContractError as exc:
        typer.echo(f"contract: {exc}", err=True)
        raise typer.Exit(2) from None


if __name__ == "__main__":
    app()
