"""`python -m t2t_cli.chaos.faults`: the broker proxy and both provider stubs, in one process.

In a process of their own so that piping every broker byte and taking every message never
competes with the harness's workload for one interpreter. The harness switches their
behaviour through ``POST /_chaos/mode`` on the Notify port (``FaultControl`` below).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from pathlib import Path

import httpx
import uvicorn
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from .notify_stub import NotifyStub, control_app
from .proxy import TcpProxy
from .sinks import AcceptLog
from .smtp_stub import SmtpStub

SMTP_ACCEPTS = "smtp-accepts.jsonl"
NOTIFY_ACCEPTS = "notify-accepts.jsonl"


async def serve(args: argparse.Namespace) -> None:
    run_dir = Path(args.run_dir)
    proxy = TcpProxy(args.proxy_port, args.broker_port)
    smtp = SmtpStub(args.smtp_port, AcceptLog(run_dir / SMTP_ACCEPTS))
    notify = NotifyStub(
        AcceptLog(run_dir / NOTIFY_ACCEPTS), list(args.callback_url or []), args.callback_token
    )

    async def mode(request: Request) -> Response:
        if request.method == "POST":
            wanted = await request.json()
            try:
                if "notify" in wanted:
                    notify.set_mode(wanted["notify"])
                if "smtp" in wanted:
                    await smtp.set_mode(wanted["smtp"])
                if wanted.get("broker") == "cut":
                    await proxy.cut()
                elif wanted.get("broker") == "up":
                    await proxy.restore()
            except ValueError as exc:
                return JSONResponse({"detail": str(exc)}, status_code=422)
        broker = "cut" if proxy.cut_off else "up"
        return JSONResponse({"smtp": smtp.mode, "notify": notify.mode, "broker": broker})

    await proxy.restore()
    await smtp.start()
    app = control_app([*notify.routes(), Route("/_chaos/mode", mode, methods=["GET", "POST"])])
    config = uvicorn.Config(
        app, host="127.0.0.1", port=args.notify_port, log_config=None, access_log=False
    )
    await uvicorn.Server(config).serve()


class FaultControl:
    """The harness's side: switch the stubs and the proxy."""

    def __init__(self, notify_port: int) -> None:
        self.url = f"http://127.0.0.1:{notify_port}/_chaos/mode"

    async def set(self, **modes: str) -> dict[str, str]:
        async with httpx.AsyncClient(timeout=10.0) as client:
            answer = await client.post(self.url, json=modes)
            answer.raise_for_status()
            result: dict[str, str] = answer.json()
            return result


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m t2t_cli.chaos.faults")
    parser.add_argument("--run-dir", required=True)
    for port in ("proxy", "broker", "smtp", "notify"):
        parser.add_argument(f"--{port}-port", type=int, required=True)
    parser.add_argument("--callback-url", action="append")
    parser.add_argument("--callback-token", default="")
    logging.basicConfig(level=logging.WARNING)
    asyncio.run(serve(parser.parse_args(argv)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
