"""Limits shared by all tasks of one client: a cap on requests in flight."""

from __future__ import annotations

import asyncio

__all__ = ["Limits"]


class Limits:
    """Admission control for requests; ``async with limits.slot():`` around each attempt."""

    __slots__ = ("_semaphore", "max_concurrency")

    def __init__(self, *, max_concurrency: int = 100) -> None:
        self.max_concurrency = max_concurrency
        self._semaphore = asyncio.Semaphore(max_concurrency)

    def slot(self) -> asyncio.Semaphore:
        """An async context manager holding one in-flight slot."""
        return self._semaphore
