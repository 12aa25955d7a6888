"""Phase 0: the GP practice register, imported from the shipped sample of NHS ODS data.

Every practice the demo refers from is in it, and so are practices that never refer, so
"never referred" has real members. Importing it again (a second demo run) changes nothing.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from t2t_cli.demo.client import Api
from t2t_cli.demo.tally import Tally
from t2t_cli.practices import SAMPLE_REGISTER

SAMPLE = SAMPLE_REGISTER


async def import_sample_register(api: Api, tally: Tally, sample: Path = SAMPLE) -> None:
    summary = await api.call(
        "POST",
        "referrals",
        "/practices/import",
        role="admin",
        content=await asyncio.to_thread(sample.read_bytes),
        headers={"Content-Type": "text/csv"},
    )
    tally.practices_registered = int(summary["practices"])
