"""Request fields for a person's contact details, checked and normalised by the shared
checks (`t2t_shared.kernel.contact`), so every API refuses the same input the same way."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import AfterValidator, Field, ValidationInfo

from t2t_shared.kernel.contact import normalise_email, normalise_postcode, normalise_uk_mobile

UkMobile = Annotated[str, AfterValidator(normalise_uk_mobile)]
Email = Annotated[str, AfterValidator(normalise_email)]
Postcode = Annotated[str, AfterValidator(normalise_postcode)]
PersonName = Annotated[str, Field(min_length=1, max_length=100)]


def required_for(channel: str) -> AfterValidator:
    """An optional address the person's `preferred_channel` needs: refused when missing.

    `preferred_channel` must be declared before the address, so it is validated first.
    """

    def check(value: Any, info: ValidationInfo) -> Any:
        preferred = info.data.get("preferred_channel")
        if value is None and getattr(preferred, "value", preferred) == channel:
            raise ValueError(f"{info.field_name} is required when preferred_channel is {channel}")
        return value

    return AfterValidator(check)


# With `Field(None, validate_default=True)`, so a missing address is checked too.
EmailIfPreferred = Annotated[Email | None, required_for("email")]
MobileIfPreferred = Annotated[UkMobile | None, required_for("sms")]
