"""Sign-in settings: session cookie, dev sign-in, and the OIDC provider and its claim names."""

from __future__ import annotations

from pydantic import Field, SecretStr, model_validator

from t2t_shared.settings import PlatformSettings

DEV_SESSION_SECRET = "dev-only-session-secret-change-me-0123456789"


class SignInSettings(PlatformSettings):
    """Mixed into the settings of a service that has web pages people sign in to."""

    session_secret: SecretStr = Field(
        SecretStr(DEV_SESSION_SECRET), description="Signs the session cookie"
    )
    session_max_age_s: int = Field(8 * 3600, gt=0, description="A session ends after this")
    cookie_secure: bool | None = Field(
        None,
        description="Send the session cookie over HTTPS only; unset means yes in production "
        "and no in development and test (plain http://127.0.0.1)",
    )
    platform_token_ttl_s: int = Field(
        900,
        gt=0,
        le=3600,
        description="Life of the platform token minted at sign-in for the APIs (an hour at most)",
    )
    oidc_metadata_url: str | None = Field(
        None,
        description="The provider's /.well-known/openid-configuration; unset turns OIDC off",
        examples=["https://login.microsoftonline.com/TENANT/v2.0/.well-known/openid-configuration"],
    )
    oidc_client_id: str = ""
    oidc_client_secret: SecretStr = SecretStr("")
    oidc_scope: str = "openid profile email"
    oidc_claim_role: str = Field("t2t_role", description="Claim holding the platform role")
    oidc_claim_areas: str = Field("t2t_areas", description="Claim holding the areas (list)")
    oidc_claim_ods_code: str = Field("ods_code", description="Claim holding a referrer's ODS")
    oidc_claim_volunteer_id: str = Field(
        "volunteer_id", description="Claim holding a facilitator's volunteer id"
    )

    @model_validator(mode="after")
    def _refuse_dev_session_secret_in_production(self) -> SignInSettings:
        if (
            self.environment == "production"
            and self.session_secret.get_secret_value() == DEV_SESSION_SECRET
        ):
            raise ValueError("T2T_SESSION_SECRET must be set to a real secret in production")
        return self

    @property
    def dev_signin_allowed(self) -> bool:
        return self.environment == "development"

    @property
    def secure_cookies(self) -> bool:
        if self.cookie_secure is not None:
            return self.cookie_secure
        return self.environment == "production"
