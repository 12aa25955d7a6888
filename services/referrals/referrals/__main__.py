"""`python -m referrals migrate|serve`."""

import sys

from referrals.config import Settings
from t2t_shared.service_main import run

if __name__ == "__main__":
    sys.exit(
        run(
            package="referrals",
            settings_factory=Settings,
            app_factory="referrals.entrypoints.app:create_app",
        )
    )
