"""pytest plugin: the ``twilio_fake`` fixture, a started :class:`FakeTwilio`.

Registered through the ``pytest11`` entry point; importing it loads neither
aiohttp.web nor the fake.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import TYPE_CHECKING, Any, TypeVar, cast

import pytest

if TYPE_CHECKING:
    from twilio_async.testing import FakeTwilio

F = TypeVar("F", bound=Callable[..., Any])


def _async_fixture(func: F) -> F:
    """Mark an async fixture for pytest-asyncio in both strict and auto mode."""
    try:
        import pytest_asyncio
    except ImportError:  # pragma: no cover - pytest-asyncio is the supported runner
        return cast(F, pytest.fixture(func))
    return cast(F, pytest_asyncio.fixture(func))


@_async_fixture
async def twilio_fake() -> AsyncIterator[FakeTwilio]:
    """A started FakeTwilio on 127.0.0.1, stopped after the test."""
    from twilio_async.testing import FakeTwilio

    async with FakeTwilio() as fake:
        yield fake
