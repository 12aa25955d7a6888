"""The contract on disk: render, write, compare with the committed files, record releases."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from t2t_cli.contract.asyncapi import document
from t2t_cli.contract.build import Contract
from t2t_cli.contract.compat import Violation, compare

CONTRACT_DIR = Path("docs/contract")
HEADER = "# Generated from the code by `make contract`: do not edit by hand.\n"


def render(contract: Contract) -> dict[str, str]:
    """Every generated file, by path relative to docs/contract."""
    files = {"asyncapi.yaml": HEADER + _yaml(document(contract))}
    for event in contract.events:
        files[f"schemas/{event.ce_type}.json"] = _json(event.schema)
    return files


def write(directory: Path, files: dict[str, str]) -> list[str]:
    """Write the generated files, delete stale schemas; the paths that changed."""
    changed = stale(directory, files)
    for path in changed:
        (directory / path).unlink()
    for path, text in files.items():
        target = directory / path
        if not target.exists() or target.read_text() != text:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text)
            changed.append(path)
    return sorted(changed)


def differences(directory: Path, files: dict[str, str]) -> list[str]:
    """Committed files that differ from freshly generated ones, are missing, or are stale."""
    differ = [
        path
        for path, text in files.items()
        if not (directory / path).exists() or (directory / path).read_text() != text
    ]
    return sorted(differ + stale(directory, files))


def stale(directory: Path, files: dict[str, str]) -> list[str]:
    on_disk = (p.relative_to(directory).as_posix() for p in directory.glob("schemas/*.json"))
    return sorted(p for p in on_disk if p not in files)


@dataclass(frozen=True)
class Released:
    ce_type: str
    number: int
    path: Path

    def schema(self) -> dict[str, Any]:
        return json.loads(self.path.read_text())  # type: ignore[no-any-return]


def released(directory: Path) -> dict[str, list[Released]]:
    """Every released version of every type, oldest first."""
    found: dict[str, list[Released]] = {}
    for folder in sorted((directory / "released").glob("*")):
        versions = [Released(folder.name, int(p.stem), p) for p in folder.glob("*.json")]
        if versions:
            found[folder.name] = sorted(versions, key=lambda r: r.number)
    return found


@dataclass(frozen=True)
class Incompatibility:
    release: Released
    violations: list[Violation]


def incompatibilities(
    directory: Path, contract: Contract
) -> tuple[list[str], list[Incompatibility]]:
    """(released types gone from the code, current schemas that break a released version)."""
    current = contract.by_type()
    gone, broken = [], []
    for ce_type, versions in released(directory).items():
        if ce_type not in current:
            gone.append(ce_type)
            continue
        for version in versions:
            if violations := compare(version.schema(), current[ce_type].schema):
                broken.append(Incompatibility(version, violations))
    return gone, broken


def release(directory: Path, contract: Contract) -> list[Path]:
    """Record every schema that differs from its latest release as that type's next version."""
    history = released(directory)
    written = []
    for event in contract.events:
        versions = history.get(event.ce_type, [])
        if versions and versions[-1].schema() == event.schema:
            continue
        number = versions[-1].number + 1 if versions else 1
        path = directory / "released" / event.ce_type / f"{number}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_json(event.schema))
        written.append(path)
    return written


def _json(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _yaml(data: Any) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
