from ops.adapters import projection_tables  # noqa: F401  (registers the read models' tables)
from ops.adapters.orm import metadata
from t2t_shared.migrations import run_env

run_env(metadata)
