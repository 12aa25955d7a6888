"""The place-offer message links to the portal with a token groups can verify."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest

from notifications import consumed_events as ev
from notifications.adapters.templates import TemplateRenderer
from notifications.config import Settings
from notifications.service_layer.offer_links import offer_link_builder
from notifications.service_layer.planning import Planning
from notifications.service_layer.rules import RULES
from t2t_shared.offer_links import verify_offer_link
from tests.fixtures.contract_payloads import consumed_example


class _NoReferrals:
    async def referral(self, _: uuid.UUID) -> None:
        return None


class NoFacts:
    """A unit of work whose read model has not seen the referral."""

    read_model = _NoReferrals()


EXPIRES = datetime(2026, 12, 11, 17, 0, tzinfo=UTC)
renderer = TemplateRenderer()


def test_the_link_is_the_portals_offer_page_with_a_verifiable_token() -> None:
    placement = uuid.uuid4()
    link = offer_link_builder("https://portal.example/", "s3cret")(placement, EXPIRES)
    assert link.startswith("https://portal.example/offer/")
    verified = verify_offer_link("s3cret", link.rsplit("/", 1)[1])
    assert (verified.placement_id, verified.expires_at) == (placement, EXPIRES)


async def test_planning_a_place_offer_signs_the_offers_own_placement_and_expiry() -> None:
    referral = uuid.uuid4()
    event = consumed_example(
        ev.PlaceOffered,
        "t2t.groups.PlaceOffered.v1",
        referral_id=referral,
        person_id=uuid.uuid4(),
        group_id=uuid.uuid4(),
        area="leeds",
        group_name="Headingley group",
        format="in_person",
        venue_name="Community Centre",
        offer_expires_at=EXPIRES,
    )
    planning = Planning(offer_link=offer_link_builder("https://portal.example", "k"))
    rule = RULES["t2t.groups.PlaceOffered.v1"]
    [planned] = await rule.plan(event, NoFacts(), planning)  # type: ignore[arg-type]
    token = planned.data["offer_link"].removeprefix("https://portal.example/offer/")
    assert verify_offer_link("k", token).placement_id == referral


def test_the_new_offer_version_links_instead_of_asking_for_a_reply() -> None:
    context = renderer.sample_context("place_offered")
    sms = renderer.render_sms("place_offered", context)
    email = renderer.render_email("place_offered", context)
    assert sms.version == email.version == 2
    assert context["offer_link"] in sms.body
    assert "Reply YES" not in sms.body
    assert context["offer_link"] in email.text
    assert f'href="{context["offer_link"]}"' in email.html
    assert (sms.segments.encoding, sms.segments.segments <= 2) == ("GSM-7", True)
    # The first wording stays renderable: sent notifications name the version they used.
    assert "Reply YES" in renderer.render_sms("place_offered", context, version=1).body


def test_a_long_group_and_venue_name_still_fit_two_texts() -> None:
    context = renderer.sample_context("place_offered") | {
        "group_name": "Morley and Gildersome Thursday evening group",
        "venue_name": "Morley Town Hall Alexandra Room",
    }
    assert renderer.render_sms("place_offered", context).segments.segments <= 2


def test_the_dev_link_secret_is_refused_in_production() -> None:
    with pytest.raises(ValueError, match="T2T_OFFER_LINK_SECRET"):
        Settings(
            environment="production",
            jwks_url="https://idp.example.org/jwks.json",
            kafka_security_protocol="SASL_SSL",
            postgres_dsn="postgresql://t2t@db.internal/?sslmode=verify-full",
        )
    assert Settings().portal_url == "http://127.0.0.1:8005"
