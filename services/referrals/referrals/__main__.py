"""`python -m referrals migrate|serve`; `migrate` also imports the seed register if set."""

import asyncio
import sys

from referrals.bootstrap import bootstrap
from referrals.config import Settings
from referrals.service_layer.seed import import_seed
from t2t_shared.service_main import run


def seed_register(settings: Settings) -> int:
    register = settings.practice_register_seed
    if register is None:
        return 0

    async def main() -> None:
        container = bootstrap(settings)
        try:
            await import_seed(
                register,
                settings.practice_receipt_emails_seed,
                container.uow,
                container.topics,
                container.postcode_areas,
                container.policy.clock,
            )
        finally:
            await container.runtime.engine.dispose()

    asyncio.run(main())
    return 0


if __name__ == "__main__":
    code = run(
        package="referrals",
        settings_factory=Settings,
        app_factory="referrals.entrypoints.app:create_app",
    )
    if code == 0 and sys.argv[1:] == ["migrate"]:
        code = seed_register(Settings())
    sys.exit(code)
