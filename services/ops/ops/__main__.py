"""`python -m ops migrate|serve`."""

import sys

from ops.adapters.gc_tuning import tune_for_batches
from ops.config import Settings
from t2t_shared.service_main import run

if __name__ == "__main__":
    tune_for_batches()
    sys.exit(
        run(
            package="ops",
            settings_factory=Settings,
            app_factory="ops.entrypoints.app:create_app",
        )
    )
