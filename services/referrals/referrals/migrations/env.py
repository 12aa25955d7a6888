from t2t_shared.migrations import run_env

from referrals.adapters.orm import metadata

run_env(metadata)
