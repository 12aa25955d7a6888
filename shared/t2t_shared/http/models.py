"""The base of every request body: unknown fields are refused, text is trimmed."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Closed(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
