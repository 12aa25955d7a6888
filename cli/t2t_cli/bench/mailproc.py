"""`python -m t2t_cli.bench.mailproc PORT MAILDIR`: the SMTP catcher in its own process.

In its own process so that saving a few thousand messages never competes for the bench's
GIL while the bench is timing requests.
"""

from __future__ import annotations

import signal
import sys
from pathlib import Path

from t2t_cli.stack.mail import MailCatcher


def main(argv: list[str]) -> int:
    port, maildir = int(argv[0]), Path(argv[1])
    stop_signals = {signal.SIGTERM, signal.SIGINT}
    # Blocked before the server thread starts, so that thread inherits the mask and the
    # signal is only ever taken by sigwait below.
    signal.pthread_sigmask(signal.SIG_BLOCK, stop_signals)
    catcher = MailCatcher(maildir, port=port)
    catcher.start()
    try:
        signal.sigwait(stop_signals)
    finally:
        catcher.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
