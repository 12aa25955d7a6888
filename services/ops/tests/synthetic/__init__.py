"""Synthetic public events, field for field as docs/contract publishes them (checked).

For the console's tests and for trying the console without the other services running:
each record carries the CloudEvents envelope the services' outboxes write.
"""

from __future__ import annotations

from .base import RecordMaker, dead_letter, new_id, platform_topics
from .practices import Practices
from .referrals import ReferralsAndGroups
from .volunteers import VolunteersAndNotifications


class Catalogue(ReferralsAndGroups, VolunteersAndNotifications, Practices):
    """Every synthetic event, with the deployment's topic prefix."""


__all__ = ["Catalogue", "RecordMaker", "dead_letter", "new_id", "platform_topics"]
