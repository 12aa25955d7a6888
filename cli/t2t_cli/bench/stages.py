"""Where each referral's time went, from the services' own timestamps: POST, relay, consumer, send.

The steady phase reports each stage's percentiles; the burst also reports its timeline:
when, counted from the burst's first POST, the referrals were answered, published,
consumed and acknowledged. A stage whose last moment lags far behind the previous stage's
is where the burst queued.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .load import Posted
from .probe import Delivery
from .stats import percentile, summary_ms


@dataclass(frozen=True)
class Journey:
    """One referral: wall-clock seconds of each moment (`published` None if not found)."""

    posted: float
    answered: float
    published: float | None
    consumed: float  # notifications planned the acknowledgement: the event was handled
    sent: float


def journeys(
    posted: Sequence[Posted], published: Mapping[str, float], acknowledgements: Sequence[Delivery]
) -> list[Journey]:
    by_id = {p.referral_id: p for p in posted}
    return [
        Journey(
            posted=(p := by_id[d.subject_id]).posted_at,
            answered=p.posted_at + p.response_s,
            published=published.get(d.subject_id),
            consumed=d.created_at,
            sent=d.sent_at,
        )
        for d in acknowledgements
        if d.subject_id in by_id
    ]


def stages(trips: Sequence[Journey]) -> dict[str, dict[str, float]]:
    """Percentiles of POST → published, published → consumed, consumed → sent."""
    relayed = [(j, j.published) for j in trips if j.published is not None]
    out = {
        "post_to_published": [published - j.posted for j, published in relayed],
        "published_to_consumed": [j.consumed - published for j, published in relayed],
        "consumed_to_sent": [j.sent - j.consumed for j in trips],
    }
    return {name: summary_ms(values) for name, values in out.items() if values}


MOMENTS = ("answered", "published", "consumed", "sent")


def timeline(trips: Sequence[Journey], started: float) -> dict[str, dict[str, float]]:
    """Each moment's p50 and last, in seconds from ``started`` (the burst's first POST)."""
    out: dict[str, dict[str, float]] = {}
    for moment in MOMENTS:
        at = [t - started for j in trips if (t := getattr(j, moment)) is not None]
        if at:
            out[moment] = {"p50_s": percentile(at, 50), "last_s": max(at)}
    return out
