from ops.adapters.orm import metadata
from t2t_shared.migrations import run_env

run_env(metadata)
