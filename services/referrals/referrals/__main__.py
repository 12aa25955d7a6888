"""`python -m referrals migrate|serve`; `migrate` also imports the seed register if set."""

import sys

from referrals.config import Settings
from referrals.seed import seed_register
from t2t_shared.service_main import run

if __name__ == "__main__":
    code = run(
        package="referrals",
        settings_factory=Settings,
        app_factory="referrals.entrypoints.app:create_app",
    )
    if code == 0 and sys.argv[1:] == ["migrate"]:
        code = seed_register(Settings())
    sys.exit(code)
