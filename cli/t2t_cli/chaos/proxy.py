"""A TCP proxy in front of the broker: cutting it is a network partition that keeps the data.

The broker forgets everything when it stops (memory only), which Kafka does not; so the
outage is made here. The broker advertises the proxy's address, so every client's
reconnection (to the bootstrap or to the advertised broker) comes through this proxy.
"""

from __future__ import annotations

import asyncio
import contextlib


class TcpProxy:
    def __init__(self, listen_port: int, target_port: int, host: str = "127.0.0.1") -> None:
        self.listen_port, self.target_port, self.host = listen_port, target_port, host
        self._server: asyncio.Server | None = None
        self._links: set[asyncio.StreamWriter] = set()

    @property
    def cut_off(self) -> bool:
        return self._server is None

    async def restore(self) -> None:
        if self._server is None:
            self._server = await asyncio.start_server(
                self._link, self.host, self.listen_port, reuse_address=True
            )

    async def cut(self) -> None:
        """Refuse new connections and drop every open one, as a partition would."""
        if self._server is not None:
            self._server.close()
            self._server = None
        for writer in list(self._links):
            writer.transport.abort()
        self._links.clear()

    async def _link(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            up_reader, up_writer = await asyncio.open_connection(self.host, self.target_port)
        except OSError:
            writer.transport.abort()
            return
        pair = {writer, up_writer}
        self._links |= pair
        try:
            await asyncio.gather(_pipe(reader, up_writer), _pipe(up_reader, writer))
        finally:
            self._links -= pair


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    with contextlib.suppress(ConnectionError, OSError):
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    # One direction ended: end the other too, so neither side waits on a half-open link.
    writer.transport.abort()
