"""The practice register over HTTP: import the ODS file, read a practice, its receipt email."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Request
from starlette.convertors import Convertor, register_url_convertor

from referrals.domain.model import Referrer
from referrals.domain.register import MalformedRegister
from referrals.entrypoints.deps import Deps, invalid
from referrals.entrypoints.register_schemas import (
    ImportPublic,
    PracticePublic,
    ReceiptEmailIn,
    ReceiptEmailPublic,
)
from referrals.service_layer import register
from referrals.service_layer.policy import NotFound
from t2t_shared.auth import Principal
from t2t_shared.http.errors import STANDARD_ERRORS, Problem
from t2t_shared.http.security import require_area, require_roles

router = APIRouter(tags=["practice register"], responses=STANDARD_ERRORS)

Admin = Annotated[Principal, Depends(require_roles("admin"))]
Reader = Annotated[Principal, Depends(require_roles("coordinator", "ops", "admin"))]
OdsCode = Annotated[str, Path(pattern=r"^[A-Z][0-9]{5}$", examples=["B82005"])]


class PracticeCodeConvertor(Convertor[str]):
    """A GP practice's ODS code in a path, so that `/practices/import` is never read as one
    (and a 405 there lists only the methods the import takes)."""

    regex = "[A-Z][0-9]{5}"

    def convert(self, value: str) -> str:
        return value

    def to_string(self, value: str) -> str:
        return value


register_url_convertor("practice_code", PracticeCodeConvertor())

NO_PRACTICE: dict[int | str, dict[str, Any]] = {
    404: {"model": Problem, "description": "No practice with this ODS code in the register"}
}
CSV_BODY = {
    "requestBody": {
        "required": True,
        "content": {"text/csv": {"schema": {"type": "string", "format": "binary"}}},
    }
}


@router.post(
    "/practices/import",
    response_model=ImportPublic,
    summary="Import NHS ODS GP practice data (epraccur.csv)",
    description=(
        "Role `admin`. The body is the epraccur file as NHS ODS publishes it (no header row, "
        "27 columns). Each practice's area comes from its postcode (ONS postcode directory → "
        "local authority → the deployment's `T2T_PRACTICE_AREAS`); a practice in no "
        "configured area is kept with area null. All or nothing: a malformed or truncated "
        "file answers 422 naming the line and the reason, and the register is unchanged. "
        "Importing the same file again changes nothing and publishes nothing; "
        "`PracticeRegistered` goes out for a practice that is new or whose name, status or "
        "area changed."
    ),
    openapi_extra=CSV_BODY,
)
async def import_practices(request: Request, _: Admin, deps: Deps) -> ImportPublic:
    data = await request.body()
    try:
        summary = await register.import_register(
            data, deps.uow(), deps.topics, deps.postcode_areas, clock=deps.policy.clock
        )
    except MalformedRegister as exc:
        raise invalid("file", f"line {exc.line}: {exc.reason}", "malformed_register") from exc
    return ImportPublic.of(summary)


@router.get(
    "/practices/{ods_code:practice_code}",
    response_model=PracticePublic,
    summary="One practice of the register",
    description="Coordinators (practices of their areas), `ops`, `admin`. No receipt email.",
    responses=NO_PRACTICE,
)
async def read_practice(ods_code: OdsCode, principal: Reader, deps: Deps) -> PracticePublic:
    practice = await _practice(ods_code, deps)
    if practice.area is not None:
        require_area(principal, practice.area)
    elif "*" not in principal.areas:
        raise HTTPException(403, "This practice is in no area of this deployment")
    return PracticePublic.of(practice)


@router.get(
    "/practices/{ods_code}/receipt-email",
    response_model=ReceiptEmailPublic,
    summary="Where the practice's receipts go",
    description="Role `admin` only.",
    responses=NO_PRACTICE,
)
async def read_receipt_email(ods_code: OdsCode, _: Admin, deps: Deps) -> ReceiptEmailPublic:
    practice = await _practice(ods_code, deps)
    return ReceiptEmailPublic(ods_code=practice.ods_code, email=practice.email)


@router.put(
    "/practices/{ods_code}/receipt-email",
    response_model=ReceiptEmailPublic,
    summary="Set where the practice's receipts go",
    description=(
        "Role `admin` only: referrals no longer carry it, and no coordinator or practice can "
        "change it. A change publishes the practice's record on the restricted contacts topic."
    ),
    responses=NO_PRACTICE,
)
async def put_receipt_email(
    ods_code: OdsCode, body: ReceiptEmailIn, _: Admin, deps: Deps
) -> ReceiptEmailPublic:
    try:
        practice = await register.set_receipt_email(ods_code, body.email, deps.uow(), deps.topics)
    except NotFound as exc:
        raise HTTPException(404, "No practice with this ODS code in the register") from exc
    return ReceiptEmailPublic(ods_code=practice.ods_code, email=practice.email)


async def _practice(ods_code: str, deps: Deps) -> Referrer:
    try:
        return await register.get_practice(ods_code, deps.uow())
    except NotFound as exc:
        raise HTTPException(404, "No practice with this ODS code in the register") from exc
