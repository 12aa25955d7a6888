"""`/practices/receipt-email`: an admin looks up a practice of the register and sets where
its receipts and outcome messages go (the referrals API keeps it; only admins may)."""

from __future__ import annotations

import re
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import RedirectResponse

from portal.adapters.api import Invalid, NotFound
from portal.entrypoints.deps import CsrfChecked, Deps, Render
from portal.entrypoints.forms import api_errors, posted
from t2t_shared.signin import signed_in
from t2t_shared.signin.guard import SignedIn

router = APIRouter(include_in_schema=False)

Admin = Annotated[SignedIn, Depends(signed_in("admin"))]
PRACTICE_CODE = re.compile(r"^[A-Z][0-9]{5}$")
UNKNOWN = "No GP practice with this ODS code in the register"


@router.get("/practices/receipt-email")
async def receipt_email_page(
    request: Request,
    user: Admin,
    deps: Deps,
    render: Render,
    ods_code: Annotated[str, Query(max_length=20)] = "",
    saved: bool = False,
) -> Response:
    code = ods_code.strip().upper()
    values: dict[str, Any] = {"ods_code": code}
    if not code:
        return _page(request, render, values, {}, None)
    if not PRACTICE_CODE.match(code):
        return _page(request, render, values, {"ods_code": "Enter an ODS code like B82005"}, None)
    try:
        practice = await deps.apis.referrals.call("GET", f"/practices/{code}", token=user.token)
        current = await deps.apis.referrals.call(
            "GET", f"/practices/{code}/receipt-email", token=user.token
        )
    except NotFound:
        return _page(request, render, values, {"ods_code": UNKNOWN}, None)
    values["email"] = current["email"] or ""
    return _page(request, render, values, {}, practice, saved=saved)


@router.post("/practices/receipt-email", dependencies=[CsrfChecked])
async def save_receipt_email(request: Request, user: Admin, deps: Deps, render: Render) -> Response:
    values = await posted(request)
    code = str(values.get("ods_code", "")).upper()
    if not PRACTICE_CODE.match(code):
        return _page(request, render, values, {"ods_code": "Enter an ODS code like B82005"}, None)
    email = str(values.get("email", "")) or None
    try:
        await deps.apis.referrals.call(
            "PUT", f"/practices/{code}/receipt-email", token=user.token, json={"email": email}
        )
    except NotFound:
        return _page(request, render, values, {"ods_code": UNKNOWN}, None)
    except Invalid as exc:
        practice = await deps.apis.referrals.call("GET", f"/practices/{code}", token=user.token)
        return _page(request, render, values, api_errors(exc, {"email": "email"}), practice)
    return RedirectResponse(f"/practices/receipt-email?ods_code={code}&saved=true", 303)


def _page(
    request: Request,
    render: Render,
    values: dict[str, Any],
    errors: dict[str, str],
    practice: dict[str, Any] | None,
    *,
    saved: bool = False,
) -> Response:
    return render.render(
        request,
        "staff/practice_email.jinja",
        status_code=422 if errors and request.method == "POST" else 200,
        title="Practice receipt email",
        section="Practices",
        values=values,
        errors=errors,
        practice=practice,
        saved=saved,
    )
