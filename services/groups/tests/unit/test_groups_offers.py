"""The offer link over fakes: forged, expired, reused and valid links; the person's answer."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import timedelta

import httpx
import pytest
from pydantic import SecretStr

from groups import events
from groups.config import Settings
from groups.entrypoints.app import create_app
from groups.service_layer.context import Context
from t2t_shared.http.ratelimit import TokenBuckets
from t2t_shared.offer_links import sign_offer_link

from .conftest import MovableClock, make_group, refer
from .fakes import FakeUnitOfWork
from .test_groups_api import FakeContainer

LINK_SECRET = "groups-offer-link-unit-secret"


class OffersContainer(FakeContainer):
    def __init__(self, settings: Settings, ctx: Context, uow: FakeUnitOfWork, burst: int) -> None:
        super().__init__(settings, ctx, uow)
        self.offers_limit = TokenBuckets(per_minute=1, burst=burst)


async def open_client(
    uow: FakeUnitOfWork, ctx: Context, burst: int = 100
) -> AsyncIterator[httpx.AsyncClient]:
    settings = Settings(
        environment="test",
        offer_link_secret=SecretStr(LINK_SECRET),
        areas=("leeds",),
    )
    app = create_app(OffersContainer(settings, ctx, uow, burst))  # type: ignore[arg-type]
    transport = httpx.ASGITransport(app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://groups") as http:
        yield http


@pytest.fixture
async def client(uow: FakeUnitOfWork, ctx: Context) -> AsyncIterator[httpx.AsyncClient]:
    async for http in open_client(uow, ctx):
        yield http


async def offered(uow: FakeUnitOfWork, ctx: Context, capacity: int = 1) -> tuple[str, uuid.UUID]:
    await make_group(uow, ctx, capacity=capacity)
    p = await refer(uow, ctx)
    assert p.status.value == "offered"
    assert p.offer_expires_at is not None
    return sign_offer_link(LINK_SECRET, p.referral_id, p.offer_expires_at), p.referral_id


async def test_a_valid_link_shows_the_group_and_nothing_personal(
    client: httpx.AsyncClient, uow: FakeUnitOfWork, ctx: Context
) -> None:
    token, referral_id = await offered(uow, ctx)
    response = await client.get(f"/offers/{token}")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["placement_id"] == str(referral_id)
    assert body["status"] == "offered"
    assert body["group"] == {
        "name": "Headingley",
        "format": "in_person",
        "area": "leeds",
        "venue": "Headingley Centre",
    }
    assert body["first_session_at"] is not None
    assert set(body) == {"placement_id", "status", "group", "first_session_at", "expires_at"}


async def test_accepting_joins_the_group_as_the_persons_own_answer(
    client: httpx.AsyncClient, uow: FakeUnitOfWork, ctx: Context
) -> None:
    token, referral_id = await offered(uow, ctx)
    response = await client.post(f"/offers/{token}", json={"decision": "accept"})
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "accepted"
    [joined] = uow.outbox.of(events.MemberJoined)
    assert joined.referral_id == referral_id
    assert joined.answered_by == "person"


async def test_a_reused_link_is_409_with_the_current_status(
    client: httpx.AsyncClient, uow: FakeUnitOfWork, ctx: Context
) -> None:
    token, _ = await offered(uow, ctx)
    assert (await client.post(f"/offers/{token}", json={"decision": "decline"})).status_code == 200
    again = await client.post(f"/offers/{token}", json={"decision": "accept"})
    assert again.status_code == 409
    assert again.json()["current_state"] == "declined"
    assert (await client.get(f"/offers/{token}")).json()["status"] == "declined"
    assert uow.outbox.of(events.MemberJoined) == []


async def test_declining_passes_the_place_to_the_next_person_waiting(
    client: httpx.AsyncClient, uow: FakeUnitOfWork, ctx: Context
) -> None:
    token, referral_id = await offered(uow, ctx)
    waiting = await refer(uow, ctx, hours_ago=0.5)
    assert waiting.status.value == "waiting"
    response = await client.post(f"/offers/{token}", json={"decision": "decline"})
    assert response.status_code == 200, response.text
    [declined] = uow.outbox.of(events.OfferDeclined)
    assert (declined.referral_id, declined.answered_by) == (referral_id, "person")
    offers = [e.referral_id for e in uow.outbox.of(events.PlaceOffered)]
    assert offers[-1] == waiting.referral_id


@pytest.mark.parametrize("mangle", ["forged", "other-secret", "unknown-placement", "too-long"])
async def test_a_link_we_did_not_sign_for_a_placement_is_404(
    client: httpx.AsyncClient, uow: FakeUnitOfWork, ctx: Context, mangle: str
) -> None:
    token, _ = await offered(uow, ctx)
    expires = ctx.now() + timedelta(days=7)
    bad = {
        "forged": token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
        "other-secret": sign_offer_link("not-ours", uuid.uuid4(), expires),
        "unknown-placement": sign_offer_link(LINK_SECRET, uuid.uuid4(), expires),
        "too-long": token * 3,
    }[mangle]
    assert (await client.get(f"/offers/{bad}")).status_code == 404
    post = await client.post(f"/offers/{bad}", json={"decision": "accept"})
    assert post.status_code == 404
    assert "not valid" in post.json()["detail"]


async def test_an_expired_link_is_410_and_changes_nothing(
    client: httpx.AsyncClient, uow: FakeUnitOfWork, ctx: Context, clock: MovableClock
) -> None:
    token, _ = await offered(uow, ctx)
    clock.advance(days=8)
    assert (await client.get(f"/offers/{token}")).status_code == 410
    post = await client.post(f"/offers/{token}", json={"decision": "accept"})
    assert post.status_code == 410
    assert "expired" in post.json()["detail"]
    assert uow.outbox.of(events.MemberJoined) == []


async def test_a_link_for_an_earlier_offer_is_410(
    client: httpx.AsyncClient, uow: FakeUnitOfWork, ctx: Context
) -> None:
    _, referral_id = await offered(uow, ctx)
    stale = sign_offer_link(LINK_SECRET, referral_id, ctx.now() + timedelta(days=3))
    assert (await client.post(f"/offers/{stale}", json={"decision": "accept"})).status_code == 410


async def test_a_bad_decision_is_422_naming_the_field(
    client: httpx.AsyncClient, uow: FakeUnitOfWork, ctx: Context
) -> None:
    token, _ = await offered(uow, ctx)
    response = await client.post(f"/offers/{token}", json={"decision": "maybe"})
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["decision"]


async def test_links_are_rate_limited_per_address(uow: FakeUnitOfWork, ctx: Context) -> None:
    token, _ = await offered(uow, ctx)
    async for client in open_client(uow, ctx, burst=2):
        codes = [(await client.get(f"/offers/{token}")).status_code for _ in range(3)]
        assert codes == [200, 200, 429]


def test_the_dev_link_secret_is_refused_in_production() -> None:
    with pytest.raises(ValueError, match="T2T_OFFER_LINK_SECRET"):
        Settings(
            environment="production",
            jwks_url="https://idp.example.org/jwks.json",
            kafka_security_protocol="SASL_SSL",
            postgres_dsn="postgresql://t2t@db.internal/?sslmode=verify-full",
        )
