"""The sign-in routes hand the installing app one `SignInForm` to draw: what the page offers
(the deployment's areas and roles, the ways in) and, for a refused dev form, its answers."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
from fastapi import FastAPI, Request, Response
from fastapi.responses import HTMLResponse

from t2t_shared.auth import ROLES
from t2t_shared.signin import SignInForm, SignInSettings, csrf_token, install_signin


class RecordingPages:
    def __init__(self) -> None:
        self.forms: list[SignInForm] = []

    def sign_in(self, request: Request, form: SignInForm) -> Response:
        self.forms.append(form)
        token = csrf_token(request)
        return HTMLResponse(f'<i name="csrf_token" value="{token}">', form.status_code)

    def failed(self, request: Request, message: str, status_code: int) -> Response:
        return HTMLResponse(message, status_code)

    def sign_out(self, request: Request) -> Response:
        return HTMLResponse("sign out?")


def _client(tmp_path: Path, pages: RecordingPages) -> httpx.AsyncClient:
    app = FastAPI()
    settings = SignInSettings(home=tmp_path, areas=("leeds", "york"))
    install_signin(app, settings, pages, home="/start")
    return httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://site")


async def test_the_page_offers_the_deployments_areas_and_only_a_local_next(
    tmp_path: Path,
) -> None:
    pages = RecordingPages()
    async with _client(tmp_path, pages) as client:
        shown = await client.get("/sign-in", params={"next": "//evil.example/x"})
    assert shown.status_code == 200
    (form,) = pages.forms
    assert form == SignInForm(
        next_path="/start", dev_allowed=True, oidc_enabled=False, areas=("leeds", "york")
    )
    assert form.roles == ROLES


async def test_a_refused_dev_form_comes_back_with_its_answers_and_errors(tmp_path: Path) -> None:
    pages = RecordingPages()
    async with _client(tmp_path, pages) as client:
        page = (await client.get("/sign-in")).text
        found = re.search(r'name="csrf_token" value="([^"]+)"', page)
        assert found
        refused = await client.post(
            "/sign-in/dev",
            data={
                "csrf_token": found.group(1),
                "role": "coordinator",
                "areas": ["atlantis"],
                "name": "Ann",
                "next": "/groups",
            },
        )
    assert refused.status_code == 422
    form = pages.forms[-1]
    assert (form.next_path, form.status_code) == ("/groups", 422)
    assert set(form.errors) == {"areas"}
    assert form.values["areas"] == ["atlantis"]
    assert form.values["role"] == "coordinator"
