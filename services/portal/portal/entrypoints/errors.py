"""Every failure becomes a page that says what happened and what to do; never a trace."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import Scope

from portal.adapters.api import (
    ApiError,
    Forbidden,
    NotFound,
    ServiceUnavailable,
    TooManyRequests,
    Unauthorised,
)
from portal.entrypoints.rendering import Pages
from t2t_shared.signin import NotAllowed, SignInRequired
from t2t_shared.signin.guard import end_session


def install_page_errors(app: FastAPI, pages: Pages) -> None:
    def problem(request: Request, status: int, title: str, message: str) -> Response:
        return pages.render(
            request, "errors/problem.jinja", status_code=status, title=title, message=message
        )

    @app.exception_handler(SignInRequired)
    async def sign_in(_: Request, exc: SignInRequired) -> Response:
        return RedirectResponse(f"/sign-in?next={quote(exc.next_path)}", status_code=303)

    @app.exception_handler(Unauthorised)
    async def expired(request: Request, _: Unauthorised) -> Response:
        end_session(request)
        return RedirectResponse(f"/sign-in?next={quote(request.url.path)}", status_code=303)

    @app.exception_handler(NotAllowed)
    async def not_for_role(request: Request, exc: NotAllowed) -> Response:
        return pages.render(
            request,
            "errors/forbidden.jinja",
            status_code=403,
            title="You cannot see this page",
            message=f"This page is not for your role ({exc.principal.role}).",
        )

    @app.exception_handler(Forbidden)
    async def forbidden(request: Request, exc: Forbidden) -> Response:
        return pages.render(
            request,
            "errors/forbidden.jinja",
            status_code=403,
            title="You cannot see this page",
            message=exc.detail,
        )

    @app.exception_handler(ServiceUnavailable)
    async def unavailable(request: Request, _: ServiceUnavailable) -> Response:
        return pages.render(
            request,
            "errors/unavailable.jinja",
            status_code=503,
            title="Sorry, there is a problem with the service",
        )

    @app.exception_handler(TooManyRequests)
    async def too_many(request: Request, exc: TooManyRequests) -> Response:
        return pages.render(
            request,
            "errors/too_many.jinja",
            status_code=429,
            title="Please wait a minute",
            retry_after=exc.retry_after,
        )

    @app.exception_handler(NotFound)
    async def not_found(request: Request, _: NotFound) -> Response:
        return problem(request, 404, "Page not found", "We could not find what you asked for.")

    @app.exception_handler(ApiError)
    async def refused(request: Request, exc: ApiError) -> Response:
        return problem(request, exc.status, "That could not be done", exc.detail)

    @app.exception_handler(RequestValidationError)
    async def bad_address(request: Request, _: RequestValidationError) -> Response:
        return problem(request, 404, "Page not found", "Check the web address is correct.")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code == 404:
            return problem(request, 404, "Page not found", "Check the web address is correct.")
        detail = exc.detail if isinstance(exc.detail, str) else "That could not be done."
        return problem(request, exc.status_code, "That could not be done", detail)

    def error_page(scope: Scope) -> Response:
        # Answered by the shared request middleware, which has logged the error's type only.
        return pages.render(
            Request(scope),
            "errors/unavailable.jinja",
            status_code=500,
            title="Sorry, there is a problem with the service",
        )

    app.state.error_page = error_page
