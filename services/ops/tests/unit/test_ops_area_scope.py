"""Ops and commissioner principals see only the areas their token covers."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from ops.bootstrap import bootstrap
from ops.config import Settings
from ops.container import Container
from ops.entrypoints.app import create_app
from ops.entrypoints.deps import ReportArea
from ops.service_layer.projections import MemoryProjections
from services.ops.tests.synthetic import Catalogue
from tests.fixtures.services import auth

from .support import FakeAudit, FakePublisher, dead_letter, observe

LEEDS_OPS = auth("ops", ["leeds"])
ALL_OPS = auth("ops", ["*"])


@pytest.fixture
async def container() -> Container:
    settings = Settings(
        database_url="postgresql://nobody@127.0.0.1:1/none", kafka_bootstrap="127.0.0.1:1"
    )
    container = bootstrap(settings, projections=MemoryProjections())
    container.console.audit = FakeAudit()
    container.console.publisher = FakePublisher()
    catalogue = Catalogue()
    records = (
        catalogue.referral(area="leeds", reach="joined")
        + catalogue.referral(area="york", source="self", reach="contacted")
        + catalogue.group(area="leeds", capacity=10, members=4)
        + catalogue.group(area="york", capacity=8, members=2)
        + catalogue.volunteer(area="york", reach="trained", left="moved")
        + [catalogue.notification(area="york", channel="sms", failed="no_address")]
    )
    await container.console.on_events(observe(records), {}, live=True)
    container.console.on_dead_letter(dead_letter(offset=0), live=True)
    return container


@pytest.fixture
async def client(container: Container) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(create_app(container))
    async with httpx.AsyncClient(transport=transport, base_url="http://ops") as client:
        yield client


async def test_an_ops_token_for_leeds_sees_only_leeds(client: httpx.AsyncClient) -> None:
    feed = (await client.get("/api/feed", headers=LEEDS_OPS)).json()
    assert feed["items"]
    assert {i["area"] for i in feed["items"]} == {"leeds"}
    capacity = (await client.get("/api/capacity", headers=LEEDS_OPS)).json()
    assert [c["area"] for c in capacity] == ["leeds"]
    funnel = (await client.get("/api/funnel", headers=LEEDS_OPS)).json()
    total = {c["stage"]: c["count"] for c in funnel["rows"][0]["stages"]}
    assert total["received"] == 1
    volunteers = (await client.get("/api/volunteers", headers=LEEDS_OPS)).json()
    assert volunteers["stages"].get("trained", 0) == 0
    assert (await client.get("/api/notifications", headers=LEEDS_OPS)).json() == []
    status = (await client.get("/api/status", headers=LEEDS_OPS)).json()
    assert status["areas"] == ["leeds"]
    assert status["events_by_type"] == {}


async def test_an_ops_token_for_leeds_may_not_ask_for_york(client: httpx.AsyncClient) -> None:
    for path in ("feed", "funnel", "capacity", "volunteers", "notifications"):
        response = await client.get(f"/api/{path}?area=york", headers=LEEDS_OPS)
        assert response.status_code == 403, path
        assert "york" in response.json()["detail"]


async def test_dead_letters_need_a_token_for_every_area(client: httpx.AsyncClient) -> None:
    assert (await client.get("/api/dlq", headers=LEEDS_OPS)).status_code == 403
    assert (await client.get("/api/dlq/audit", headers=LEEDS_OPS)).status_code == 403
    assert (await client.get("/api/dlq", headers=ALL_OPS)).status_code == 200


async def test_a_star_token_still_sees_every_area(client: httpx.AsyncClient) -> None:
    capacity = (await client.get("/api/capacity", headers=ALL_OPS)).json()
    assert [c["area"] for c in capacity] == ["leeds", "york"]


async def test_a_commissioner_is_refused_every_existing_console_route(
    client: httpx.AsyncClient,
) -> None:
    commissioner = auth("commissioner", ["leeds"])
    for path in ("status", "feed", "funnel", "capacity", "volunteers", "notifications", "lag"):
        assert (await client.get(f"/api/{path}", headers=commissioner)).status_code == 403, path


async def test_report_routes_can_say_commissioner_ops_or_admin_in_area(
    container: Container,
) -> None:
    app = create_app(container)

    @app.get("/api/reports/probe")
    async def probe(area: ReportArea) -> dict[str, str]:
        return {"area": area}

    transport = httpx.ASGITransport(app)
    async with httpx.AsyncClient(transport=transport, base_url="http://ops") as http:
        leeds = auth("commissioner", ["leeds"])
        assert (await http.get("/api/reports/probe?area=leeds", headers=leeds)).json() == {
            "area": "leeds"
        }
        assert (await http.get("/api/reports/probe?area=york", headers=leeds)).status_code == 403
        coordinator = auth("coordinator", ["leeds"])
        refused = await http.get("/api/reports/probe?area=leeds", headers=coordinator)
        assert refused.status_code == 403
        assert (await http.get("/api/reports/probe?area=leeds", headers=ALL_OPS)).status_code == 200
        unknown = await http.get("/api/reports/probe?area=narnia", headers=ALL_OPS)
        assert unknown.status_code == 422
        assert app.openapi()["paths"]["/api/reports/probe"]["get"]["x-t2t-access"]["roles"] == [
            "commissioner",
            "ops",
            "admin",
        ]
