"""What a recipient asked for: a channel, and which kinds of message they opted out of."""

from __future__ import annotations

from dataclasses import dataclass

from notifications.domain.model import Category, Channel, Recipient


@dataclass(frozen=True)
class Preferences:
    channel: Channel | None = None  # None: the contact record's preferred channel
    service: bool = True
    reminders: bool = True

    def wants(self, category: Category) -> bool:
        return self.service if category is Category.SERVICE else self.reminders


NO_PREFERENCES = Preferences()


def why_not(recipient: Recipient | None, prefs: Preferences, category: Category) -> str | None:
    """The reason a message must not go to this recipient, or None when it may."""
    if recipient is None:
        return "no contact record"
    if not recipient.consent:
        return "no consent to contact"
    if not prefs.wants(category):
        return f"opted out of {category.value}"
    return None


def choose_channel(
    recipient: Recipient, prefs: Preferences, available: tuple[Channel, ...]
) -> Channel | None:
    """The recipient's chosen channel where the template has it and we have the address."""
    return recipient.channel_for(available, prefs.channel)
