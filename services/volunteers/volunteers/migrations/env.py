from t2t_shared.migrations import run_env
from volunteers.adapters.orm import metadata

run_env(metadata)
