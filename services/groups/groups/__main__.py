"""`python -m groups migrate|serve`."""

import sys

from groups.config import Settings
from t2t_shared.service_main import run

if __name__ == "__main__":
    sys.exit(
        run(
            package="groups",
            settings_factory=Settings,
            app_factory="groups.entrypoints.app:create_app",
        )
    )
