"""A TCP proxy a test controls: the database fails without touching the shared server.

Modes, as a pupil's bot would meet them:

- ``pass``: bytes flow both ways.
- ``refuse``: every connection dropped, new ones refused (a crashed or restarting server).
- ``freeze``: connections stay open and new ones are accepted, but no byte goes through
  (a hung server, a network that swallows packets); ``pass`` lets the held bytes through.
- ``reset``: every connection torn down with a TCP reset, then ``pass`` for new ones.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import struct
from typing import Literal
from urllib.parse import urlsplit, urlunsplit

Mode = Literal["pass", "refuse", "freeze", "reset"]


class CuttableProxy:
    """Forwards 127.0.0.1:``port`` to ``target`` in the mode :meth:`set` chose."""

    def __init__(self, target_host: str, target_port: int, port: int = 0) -> None:
        self.target = (target_host, target_port)
        self.port = port
        self.server: asyncio.AbstractServer | None = None
        self.writers: set[asyncio.StreamWriter] = set()
        self.connections = 0
        self.flowing = asyncio.Event()
        self.flowing.set()

    async def start(self) -> None:
        self.server = await asyncio.start_server(self._serve, "127.0.0.1", self.port or 0,
                                                 reuse_address=True)
        self.port = self.server.sockets[0].getsockname()[1]

    async def set(self, mode: Mode) -> None:
        """Switch to ``mode`` (see the module's docstring)."""
        if mode in ("refuse", "reset"):
            if mode == "refuse":
                await self._stop_listening()
            self._drop_all(reset=mode == "reset")
        if mode in ("pass", "reset") and self.server is None:
            await self.start()
        if mode == "freeze":
            if self.server is None:
                await self.start()
            self.flowing.clear()
        else:
            self.flowing.set()

    async def cut(self) -> None:
        await self.set("refuse")

    async def restore(self) -> None:
        await self.set("pass")

    async def _stop_listening(self) -> None:
        if self.server is not None:
            self.server.close()
            await self.server.wait_closed()
            self.server = None

    def _drop_all(self, reset: bool) -> None:
        for writer in list(self.writers):
            if reset:
                sock = writer.get_extra_info("socket")
                if sock is not None:
                    with contextlib.suppress(OSError):
                        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            writer.transport.abort()
        self.writers.clear()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        with contextlib.suppress(asyncio.CancelledError):  # the test's loop ended first
            await self._forward(reader, writer)

    async def _forward(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        self.writers.add(writer)
        await self.flowing.wait()  # a frozen server accepts, then says nothing
        try:
            upstream_reader, upstream_writer = await asyncio.open_connection(*self.target)
        except OSError:
            writer.transport.abort()
            return
        if writer not in self.writers:  # dropped while it waited
            upstream_writer.transport.abort()
            return
        self.writers.add(upstream_writer)
        await asyncio.gather(self._pipe(reader, upstream_writer), self._pipe(upstream_reader, writer))

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while data := await reader.read(65536):
                await self.flowing.wait()
                if writer not in self.writers:
                    break
                writer.write(data)
                await writer.drain()
        except (ConnectionError, OSError):
            pass
        finally:
            self.writers.discard(writer)
            with contextlib.suppress(Exception):
                writer.transport.abort()


def through(url: str, port: int) -> str:
    """``url`` with its host and port replaced by the proxy's."""
    parts = urlsplit(url)
    netloc = parts.netloc.rsplit("@", 1)
    host = f"127.0.0.1:{port}"
    return urlunsplit(parts._replace(netloc=f"{netloc[0]}@{host}" if len(netloc) == 2 else host))
