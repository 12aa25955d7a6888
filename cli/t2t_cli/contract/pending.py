"""Fields that reached main without a description or an example, tolerated until documented.

docs/events.md asks for `Field(description=..., examples=[...])` on every field; these were
released before the contract generator checked it. Their owners add the missing parts
(issues 3 and 6); generation fails once an entry here is documented, so the list only
shrinks. Document a new field instead of listing it here; an entry is a debt with an owner.
A listed field is published without the missing part, and the message example gets a
stand-in value for a missing example.
"""

from __future__ import annotations

# Empty since the first release of the contract: every published field is documented.
UNDOCUMENTED: frozenset[tuple[str, str, str]] = frozenset()
