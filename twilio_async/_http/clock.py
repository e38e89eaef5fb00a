"""The clock the transport waits on: monotonic time and sleep, replaceable in tests."""

from __future__ import annotations

import asyncio
import time
from typing import Protocol

__all__ = ["Clock", "MonotonicClock"]


class Clock(Protocol):
    """Where retries and limiters read the time and wait."""

    def now(self) -> float:
        """Seconds on a monotonic scale."""

    async def sleep(self, seconds: float) -> None:
        """Wait ``seconds``."""


class MonotonicClock:
    """The real clock: :func:`time.monotonic` and :func:`asyncio.sleep`."""

    __slots__ = ()

    def now(self) -> float:
        """Seconds from :func:`time.monotonic`."""
        return time.monotonic()

    async def sleep(self, seconds: float) -> None:
        """Wait ``seconds`` with :func:`asyncio.sleep`."""
        await asyncio.sleep(seconds)
