"""Bytes written by a worker thread, read by the event loop as they come, with back-pressure.

Oxigraph's serialisers write to a file-like object from whatever thread runs them; a
:class:`ChunkWriter` on a :class:`Channel` turns those writes into chunks the event loop
sends on as a streamed response. The worker blocks when ``CHUNKS_IN_FLIGHT`` chunks are
waiting (a slow client), and stops at its next write once the reader cancels (a client
gone), the channel's deadline passes, or nothing has been read for ``STALL_LIMIT``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import threading
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any

log = logging.getLogger("hadath.stream")

CHUNK = 64 * 1024
CHUNKS_IN_FLIGHT = 16
STALL_LIMIT = 120.0  # seconds a worker waits for a reader that takes nothing before giving up


class Cancelled(Exception):
    """The reader is gone or was already answered: the worker stops quietly."""


class DeadlinePassed(Exception):
    """The channel's deadline has passed."""


@dataclass
class Channel:
    """Messages ``(kind, payload)`` from one worker thread to the event loop."""

    loop: asyncio.AbstractEventLoop
    deadline: float = math.inf
    messages: asyncio.Queue[tuple[str, Any]] = field(default_factory=asyncio.Queue)
    credits: threading.Semaphore = field(default_factory=lambda: threading.Semaphore(CHUNKS_IN_FLIGHT))
    cancelled: threading.Event = field(default_factory=threading.Event)
    started: threading.Event = field(default_factory=threading.Event)

    # -- worker side --

    def check(self) -> None:
        """Raise :class:`Cancelled` or :class:`DeadlinePassed` if the worker should stop."""
        if self.cancelled.is_set():
            raise Cancelled
        if time.monotonic() > self.deadline:
            raise DeadlinePassed

    def send(self, kind: str, payload: Any = None) -> None:
        """Hand a message to the event loop; a chunk first waits for a free slot."""
        if kind == "chunk":
            waited_from = time.monotonic()
            while not self.credits.acquire(timeout=0.1):
                if self.cancelled.is_set() or time.monotonic() - waited_from > STALL_LIMIT:
                    raise Cancelled
            # Time spent waiting for a slow client does not count against the deadline.
            self.deadline += time.monotonic() - waited_from
        try:
            self.loop.call_soon_threadsafe(self.messages.put_nowait, (kind, payload))
        except RuntimeError:  # the event loop is closed: the server is stopping
            raise Cancelled from None

    # -- event loop side --

    async def receive(self) -> tuple[str, Any]:
        """The next message; :class:`DeadlinePassed` once the deadline is behind us."""
        while True:
            remaining = self.deadline - time.monotonic()
            if remaining <= 0:
                raise DeadlinePassed
            if self.messages.empty():
                try:
                    async with asyncio.timeout(min(remaining, 0.5)):
                        kind, payload = await self.messages.get()
                except TimeoutError:
                    continue  # the worker may have moved the deadline: look again
            else:
                kind, payload = self.messages.get_nowait()
            if kind == "chunk":
                self.credits.release()
            return kind, payload

    def cancel(self) -> None:
        """Tell the worker to stop at its next write."""
        self.cancelled.set()


class ChunkWriter:
    """A binary sink for serialisers: checks the channel on every write, ships 64 KiB chunks."""

    def __init__(self, channel: Channel) -> None:
        self.channel = channel
        self.buffer = bytearray()

    def write(self, data: bytes, /) -> int:
        self.channel.check()
        self.buffer += data
        if len(self.buffer) >= CHUNK:
            self.flush()
        return len(data)

    def flush(self) -> None:
        if self.buffer:
            self.channel.send("chunk", bytes(self.buffer))
            self.buffer.clear()


async def thread_stream(produce: Callable[[ChunkWriter], None], name: str = "stream") -> AsyncIterator[bytes]:
    """What ``produce`` writes, in a thread of its own, as an async stream of chunks."""
    channel = Channel(asyncio.get_running_loop())

    def work() -> None:
        channel.started.set()
        writer = ChunkWriter(channel)
        try:
            produce(writer)
            writer.flush()
            channel.send("done")
        except Cancelled:
            pass
        except Exception as err:
            log.exception("%s failed", name)
            with contextlib.suppress(Cancelled):
                channel.send("error", err)

    threading.Thread(target=work, name=name, daemon=True).start()
    try:
        while True:
            kind, payload = await channel.receive()
            if kind == "chunk":
                yield payload
            elif kind == "done":
                return
            else:
                raise payload
    finally:
        channel.cancel()
