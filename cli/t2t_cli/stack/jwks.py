"""A JWKS document served over plain HTTP on 127.0.0.1 (the test suite's identity provider)."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from t2t_shared.auth import SigningKey, ensure_dev_key_pair
from t2t_shared.auth.keys import PRIVATE_KEY_FILE


class JwksServer:
    """Serves a JWKS at `/.well-known/jwks.json` from a daemon thread; `document` may change
    (a key rotation)."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document
        served = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                if self.path != "/.well-known/jwks.json":
                    self.send_error(404)
                    return
                body = json.dumps(served.document).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:
                return None

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}/.well-known/jwks.json"

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


class LocalIdentity:
    """A dev key pair under `directory` and a JWKS server for it: a harness's identity provider.

    The harness signs its tokens with `key` and gives its child services `env()`.
    """

    def __init__(self, directory: Path) -> None:
        self.key: SigningKey = ensure_dev_key_pair(directory)
        self.key_file = directory / PRIVATE_KEY_FILE
        self.server = JwksServer(self.key.jwks())

    def env(self) -> dict[str, str]:
        return {"T2T_SIGNING_KEY_FILE": str(self.key_file), "T2T_JWKS_URL": self.server.url}

    def start(self) -> LocalIdentity:
        self.server.start()
        return self

    def stop(self) -> None:
        self.server.stop()
