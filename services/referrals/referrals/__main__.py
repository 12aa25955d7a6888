"""`python -m referrals migrate|serve`."""

import sys

from t2t_shared.service_main import run

from referrals.config import Settings

if __name__ == "__main__":
    sys.exit(
        run(
            package="referrals",
            settings_factory=Settings,
            app_factory="referrals.entrypoints.app:create_app",
        )
    )
