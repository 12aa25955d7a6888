"""The portal as a service: health, readiness from the services it calls, static assets
served from the package, and HTML pages for every failure."""

from __future__ import annotations

import httpx

from .support import portal, title


def healthy(_: httpx.Request) -> httpx.Response:
    return httpx.Response(200, json={"status": "ok"})


def test_ready_only_when_every_service_it_calls_answers() -> None:
    every = {name: healthy for name in ("referrals", "groups", "volunteers", "notifications")}
    with portal(every) as client:
        assert client.get("/readyz").json() == {
            "status": "ready",
            "checks": {
                "referrals": True,
                "groups": True,
                "volunteers": True,
                "notifications": True,
            },
        }
    with portal({"referrals": healthy}) as client:
        answer = client.get("/readyz")
    assert answer.status_code == 503
    assert answer.json()["checks"]["groups"] is False
    assert client.get("/healthz").status_code == 200


def test_the_nhs_frontend_is_served_from_the_package_not_a_cdn() -> None:
    with portal() as client:
        page = client.get("/").text
        css = client.get("/static/nhsuk-frontend/nhsuk-frontend.min.css")
        js = client.get("/static/nhsuk-frontend/nhsuk-frontend.min.js")
        logo = client.get("/static/nhsuk-frontend/assets/images/favicon.svg")
    assert (css.status_code, js.status_code, logo.status_code) == (200, 200, 200)
    assert '--nhsuk-frontend-version:"10.6.1"' in css.text
    assert "https://" not in css.text, "no font or image from a CDN: works offline"
    assert "https://" not in "".join(
        line for line in page.splitlines() if "<link" in line or "<script" in line
    )


def test_unknown_pages_and_metrics() -> None:
    with portal() as client:
        missing = client.get("/no-such-page")
        metrics = client.get("/metrics")
    assert missing.status_code == 404
    assert title("Page not found") in missing.text
    assert "t2t_http_requests_total" in metrics.text


def test_codes_read_as_people_say_them() -> None:
    from portal.entrypoints.rendering import environment

    words = environment().filters["words"]
    assert words("gp") == "GP"
    assert words("health_professional") == "Health professional"
    assert words(None) == ""


def test_a_fault_in_the_portal_itself_is_a_page_not_a_trace() -> None:
    with portal() as client:
        client.app.router.add_api_route("/boom", _boom)  # type: ignore[attr-defined]
        page = client.get("/boom")
    assert page.status_code == 500
    assert page.headers["content-type"].startswith("text/html")
    assert "Sorry, there is a problem with the service" in page.text
    assert "Traceback" not in page.text
    assert "KeyError" not in page.text


async def _boom() -> None:
    raise KeyError("sam@example.org")
