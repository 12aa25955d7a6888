"""The two checks CI runs: the committed contract is current, and compatible with releases."""

from __future__ import annotations

from pathlib import Path

from t2t_cli.contract.build import Contract
from t2t_cli.contract.files import differences, incompatibilities, render


class CheckFailed(Exception):
    """The contract check failed; the message tells the developer what to do."""


def check_contract(directory: Path, contract: Contract) -> None:
    """Raise `CheckFailed` naming every problem (stale files first, then breaking changes)."""
    problems = []
    if stale := differences(directory, render(contract)):
        listed = "\n".join(f"  {directory / p}" for p in stale)
        problems.append(
            "The committed contract differs from the code:\n"
            f"{listed}\nRun `make contract` and commit the result."
        )
    try:
        refuse_incompatible(directory, contract)
    except CheckFailed as exc:
        problems.append(str(exc))
    if problems:
        raise CheckFailed("\n\n".join(problems))


def refuse_incompatible(directory: Path, contract: Contract) -> None:
    gone, broken = incompatibilities(directory, contract)
    problems = [
        f"{ce_type} was released but the code no longer publishes it. Keep publishing it "
        "until its deprecation ends (docs/subscribers.md), then delete "
        f"{directory / 'released' / ce_type} in a reviewed change."
        for ce_type in gone
    ]
    for item in broken:
        ce_type = item.release.ce_type
        lines = "\n".join(f"  - {v}" for v in item.violations)
        problems.append(
            f"{ce_type} is not compatible with released version {item.release.number} "
            f"({item.release.path}):\n{lines}\n"
            f"A breaking change needs a new major type: leave {ce_type} as released and "
            f"publish the new shape as {_next_major(ce_type)} (a model with `version = "
            f"{_major(ce_type) + 1}`), alongside the old one while subscribers move."
        )
    if problems:
        raise CheckFailed("\n\n".join(problems))


def _major(ce_type: str) -> int:
    return int(ce_type.rsplit(".v", 1)[1])


def _next_major(ce_type: str) -> str:
    return f"{ce_type.rsplit('.v', 1)[0]}.v{_major(ce_type) + 1}"
