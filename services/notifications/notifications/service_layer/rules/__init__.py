"""Every notification rule, one module per event family; each rule in one place.

A rule (`rule.Rule`) names the event type and the tolerant model it reads, what it
remembers of the event (`apply`) and the messages it plans (`plan`): who is told, which
template, and the template's context. The templates themselves are files under
`notifications/templates/`. The README says how to add one.
"""

from __future__ import annotations

from notifications.service_layer.rules import (
    groups,
    members,
    referral_outcomes,
    referral_received,
    sessions,
    volunteers,
)
from notifications.service_layer.rules.rule import Rule

FAMILIES = (referral_received, referral_outcomes, members, groups, sessions, volunteers)

RULES: dict[str, Rule] = {rule.ce_type: rule for family in FAMILIES for rule in family.RULES}
"""Every event type with a rule, by `ce_type`; any other type is ignored."""

__all__ = ["RULES", "Rule"]
