"""`python -m volunteers migrate|serve`."""

import sys

from t2t_shared.service_main import run
from volunteers.config import Settings

if __name__ == "__main__":
    sys.exit(
        run(
            package="volunteers",
            settings_factory=Settings,
            app_factory="volunteers.entrypoints.app:create_app",
        )
    )
