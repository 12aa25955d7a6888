"""`python -m notifications migrate|serve`."""

import sys

from notifications.config import Settings
from t2t_shared.service_main import run

if __name__ == "__main__":
    sys.exit(
        run(
            package="notifications",
            settings_factory=Settings,
            app_factory="notifications.entrypoints.app:create_app",
        )
    )
