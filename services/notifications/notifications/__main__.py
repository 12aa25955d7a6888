"""`python -m notifications migrate|serve`."""

import sys

from t2t_shared.service_main import run

from notifications.config import Settings

if __name__ == "__main__":
    sys.exit(
        run(
            package="notifications",
            settings_factory=Settings,
            app_factory="notifications.entrypoints.app:create_app",
        )
    )
