"""`python -m portal migrate|serve` (the portal has no database: `migrate` does nothing)."""

import sys

from portal.config import Settings
from t2t_shared.service_main import USAGE, run


def main(argv: list[str]) -> int:
    if argv == ["migrate"]:
        return 0  # nothing to migrate: the portal keeps only its session cookie
    if argv != ["serve"]:
        print(USAGE.format(name="portal"), file=sys.stderr)  # noqa: T201
        return 2
    return run(
        package="portal",
        settings_factory=Settings,
        app_factory="portal.entrypoints.app:create_app",
        argv=argv,
    )


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
