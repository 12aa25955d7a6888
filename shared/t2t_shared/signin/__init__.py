"""Web sign-in shared by the portal and the ops console.

Development: a dev sign-in page (pick a role, areas, ODS code or volunteer id), refused
outside `T2T_ENV=development`. Production: OpenID Connect, authorization code with PKCE,
through Authlib against any provider. Either way the browser ends up holding only a signed,
HttpOnly session cookie with a short-lived platform token minted from the user's claims;
pages call the services' APIs with that token as the bearer.
"""

from t2t_shared.signin.csrf import csrf_token, verify_csrf
from t2t_shared.signin.guard import NotAllowed, SignInRequired, current_principal, signed_in
from t2t_shared.signin.pages import SignInForm, SignInPages
from t2t_shared.signin.routes import install_signin
from t2t_shared.signin.settings import SignInSettings

__all__ = [
    "NotAllowed",
    "SignInForm",
    "SignInPages",
    "SignInRequired",
    "SignInSettings",
    "csrf_token",
    "current_principal",
    "install_signin",
    "signed_in",
    "verify_csrf",
]
