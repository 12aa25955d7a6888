"""The contract check CI runs: on the repository, and on deliberately broken copies of it."""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path
from typing import ClassVar, Literal

import pytest
from pydantic import Field, create_model
from typer.testing import CliRunner

from referrals.events import ReferralEvent, ReferralReceived
from t2t_cli.contract.__main__ import app
from t2t_cli.contract.build import Contract, build
from t2t_cli.contract.checks import CheckFailed, check_contract, refuse_incompatible
from t2t_cli.contract.discovery import discover
from t2t_cli.contract.files import CONTRACT_DIR, release
from t2t_shared.events import IntegrationEvent

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    """A scratch copy of the committed contract (docs/contract) to break."""
    shutil.copytree(REPO / CONTRACT_DIR, tmp_path / CONTRACT_DIR)
    return tmp_path / CONTRACT_DIR


def with_model(replace: type[IntegrationEvent], *by: type[IntegrationEvent]) -> Contract:
    """Today's contract with one model replaced by others, as if the code had changed."""
    topics = [
        dataclasses.replace(
            t,
            event_types=tuple(m for e in t.event_types for m in ((*by,) if e is replace else (e,))),
        )
        for t in discover()
    ]
    return build(topics)


def received_without(field: str, **extra: object) -> type[IntegrationEvent]:
    """ReferralReceived with one field taken away (and others added), same name and version."""
    fields: dict[str, object] = {
        name: (info.annotation, info)
        for name, info in ReferralReceived.model_fields.items()
        if name != field
    }
    return create_model("ReferralReceived", __base__=ReferralEvent, **fields | extra)  # type: ignore[call-overload, no-any-return]


def test_the_committed_contract_is_current_and_compatible() -> None:
    """The CI gate: fails until `make contract` is run and on any breaking change."""
    check_contract(REPO / CONTRACT_DIR, build())


def test_a_removed_field_fails_the_check_and_says_to_publish_v2(copy: Path) -> None:
    with pytest.raises(CheckFailed) as failure:
        check_contract(copy, with_model(ReferralReceived, received_without("age_band")))
    message = str(failure.value)
    assert "t2t.referrals.ReferralReceived.v1 is not compatible with released version 1" in message
    assert "age_band: removed [FIELD_REMOVED:" in message
    assert "publish the new shape as t2t.referrals.ReferralReceived.v2" in message
    assert "Run `make contract`" in message  # the generated schema differs as well


def test_a_narrowed_enum_fails_the_check(copy: Path) -> None:
    narrowed = received_without(
        "source", source=(Literal["gp", "self"], Field(description="Where", examples=["gp"]))
    )
    with pytest.raises(CheckFailed, match=r"source: values removed: \['health_professional'"):
        refuse_incompatible(copy, with_model(ReferralReceived, narrowed))


def test_an_additive_optional_field_passes(copy: Path) -> None:
    extended = received_without(
        "nothing",
        format_preference=(
            Literal["in_person", "online"] | None,
            Field(None, description="Preferred group format", examples=["online"]),
        ),
    )
    refuse_incompatible(copy, with_model(ReferralReceived, extended))


def test_a_new_major_type_beside_the_old_one_passes(copy: Path) -> None:
    # v2 is released already (without reference_code); a next major beside the others.
    class ReferralReceivedV3(ReferralEvent):
        """The v3 shape: no age band."""

        version: ClassVar[int] = 3
        area: str = Field(description="Area", examples=["leeds"])

        @classmethod
        def event_name(cls) -> str:
            return "ReferralReceived"

    contract = with_model(ReferralReceived, ReferralReceived, ReferralReceivedV3)
    assert "t2t.referrals.ReferralReceived.v3" in contract.by_type()
    refuse_incompatible(copy, contract)


def test_dropping_a_released_type_fails_the_check(copy: Path) -> None:
    with pytest.raises(CheckFailed, match=r"ReferralReceived\.v1 was released but the code no"):
        refuse_incompatible(copy, with_model(ReferralReceived))


def test_every_released_version_is_checked_not_only_the_latest(copy: Path) -> None:
    released = copy / "released" / "t2t.referrals.ReferralReceived.v1"
    first = json.loads((released / "1.json").read_text())
    first["properties"]["cohort"] = {"type": "integer", "description": "x", "examples": [1]}
    (released / "1.json").write_text(json.dumps(first))
    # Version 2 (as released, without `cohort`) is fine with an optional string `cohort`...
    reborn = received_without(
        "nothing", cohort=(str | None, Field(None, description="Cohort", examples=["a"]))
    )
    (released / "2.json").write_text(
        (REPO / CONTRACT_DIR / "schemas" / "t2t.referrals.ReferralReceived.v1.json").read_text()
    )
    with pytest.raises(CheckFailed) as failure:
        refuse_incompatible(copy, with_model(ReferralReceived, reborn))
    # ...but version 1 had it as an integer.
    assert "released version 1" in str(failure.value)
    assert "released version 2" not in str(failure.value)
    assert "cohort: integer → string" in str(failure.value)


def test_a_hand_edited_file_fails_the_check_and_says_run_make_contract(copy: Path) -> None:
    schema = copy / "schemas" / "t2t.referrals.ReferralReceived.v1.json"
    schema.write_text(schema.read_text().replace("Age band", "Age group"))
    (copy / "schemas" / "t2t.referrals.Gone.v1.json").write_text("{}")
    with pytest.raises(CheckFailed) as failure:
        check_contract(copy, build())
    assert "The committed contract differs from the code" in str(failure.value)
    assert "t2t.referrals.ReferralReceived.v1.json" in str(failure.value)
    assert "t2t.referrals.Gone.v1.json" in str(failure.value)
    assert "Run `make contract` and commit the result." in str(failure.value)


def test_release_records_only_changed_schemas_as_the_next_version(copy: Path) -> None:
    extended = received_without(
        "nothing", cohort=(str | None, Field(None, description="Cohort", examples=["a"]))
    )
    released = copy / "released" / "t2t.referrals.ReferralReceived.v1"
    following = len(list(released.glob("*.json"))) + 1
    written = release(copy, with_model(ReferralReceived, extended))
    assert written == [released / f"{following}.json"]
    assert "cohort" in json.loads(written[0].read_text())["properties"]


def test_the_command_line_generates_checks_and_releases(tmp_path: Path) -> None:
    runner = CliRunner()
    shutil.copytree(REPO / CONTRACT_DIR / "released", tmp_path / CONTRACT_DIR / "released")
    failed = runner.invoke(app, ["check", "--root", str(tmp_path)])
    assert failed.exit_code == 1
    assert "Run `make contract`" in failed.output
    stale = tmp_path / CONTRACT_DIR / "schemas" / "t2t.referrals.Gone.v1.json"
    stale.parent.mkdir(parents=True)
    stale.write_text("{}")
    generated = runner.invoke(app, ["generate", "--root", str(tmp_path)])
    assert generated.exit_code == 0, generated.output
    assert (tmp_path / CONTRACT_DIR / "asyncapi.yaml").exists()
    assert not stale.exists()
    passed = runner.invoke(app, ["check", "--root", str(tmp_path)])
    assert passed.exit_code == 0, passed.output
    released = runner.invoke(app, ["release", "--root", str(tmp_path)])
    assert released.exit_code == 0
    assert "0 schema(s) released" in released.output
