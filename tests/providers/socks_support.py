"""A minimal SOCKS5 proxy on 127.0.0.1 for tests: it never resolves or dials the requested
host; every CONNECT goes to ``target_port`` on loopback, so nothing leaves this machine."""

from __future__ import annotations

import asyncio
import contextlib
import struct


class FakeSocks5:
    def __init__(self, target_port: int, *, credentials: tuple[str, str] | None = None) -> None:
        self.target_port = target_port
        self.credentials = credentials
        self.requested: list[tuple[str, int]] = []
        self.logins: list[tuple[str, str]] = []
        self._server: asyncio.base_events.Server | None = None
        self.port = 0

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            await self._serve(reader, writer)
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()
            with contextlib.suppress(ConnectionError):
                await writer.wait_closed()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        _version, count = await reader.readexactly(2)
        methods = await reader.readexactly(count)
        wanted = 0x02 if self.credentials else 0x00
        if wanted not in methods:
            writer.write(b"\x05\xff")
            return
        writer.write(bytes([5, wanted]))
        if self.credentials:
            _sub_version, user_length = await reader.readexactly(2)
            user = (await reader.readexactly(user_length)).decode()
            (password_length,) = await reader.readexactly(1)
            password = (await reader.readexactly(password_length)).decode()
            self.logins.append((user, password))
            if (user, password) != self.credentials:
                writer.write(b"\x01\x01")
                return
            writer.write(b"\x01\x00")
        _version, _command, _reserved, address_type = await reader.readexactly(4)
        if address_type == 3:
            (length,) = await reader.readexactly(1)
            host = (await reader.readexactly(length)).decode()
        elif address_type == 1:
            host = ".".join(str(byte) for byte in await reader.readexactly(4))
        else:
            host = (await reader.readexactly(16)).hex()
        (port,) = struct.unpack("!H", await reader.readexactly(2))
        self.requested.append((host, port))
        upstream_reader, upstream_writer = await asyncio.open_connection(
            "127.0.0.1", self.target_port
        )
        writer.write(b"\x05\x00\x00\x01" + bytes(4) + b"\x00\x00")
        await writer.drain()
        await asyncio.gather(
            _pipe(reader, upstream_writer), _pipe(upstream_reader, writer), return_exceptions=True
        )

    async def __aenter__(self) -> FakeSocks5:
        self._server = await asyncio.start_server(self._handle, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        assert self._server is not None
        self._server.close()
        await self._server.wait_closed()


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    finally:
        writer.close()
