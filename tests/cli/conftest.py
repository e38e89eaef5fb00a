"""Shared pieces of the command-line tests: a FakeTwilio, an environment, helpers."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime, timezone

import pytest

from twilio_async.testing import FakeTwilio

SENDER = "+14155551000"
RECIPIENT = "+14155550123"


@pytest.fixture
async def fake() -> AsyncIterator[FakeTwilio]:
    """A started FakeTwilio whose messages stay as created (no status timeline)."""
    async with FakeTwilio(status_step=None) as server:
        yield server


@pytest.fixture
def environ(fake: FakeTwilio) -> dict[str, str]:
    """An environment pointing the command line at ``fake``."""
    return {
        "TWILIO_ACCOUNT_SID": fake.account_sid,
        "TWILIO_AUTH_TOKEN": fake.auth_token,
        "TWILIO_BASE_URL": fake.base_url,
    }


def one_error_line(err: str) -> str:
    """The single line an error printed on stderr (fails if there is not exactly one)."""
    lines = err.strip().splitlines()
    assert len(lines) == 1, lines
    return lines[0]


def at(day: int, hour: int = 12) -> datetime:
    """A moment in November 2026, UTC."""
    return datetime(2026, 11, day, hour, tzinfo=timezone.utc)


def seed(fake: FakeTwilio, count: int, **fields: object) -> list[str]:
    """Add ``count`` delivered messages to ``fake``; returns their SIDs."""
    return [
        fake.add_message(
            to=str(fields.get("to", RECIPIENT)),
            from_=str(fields.get("from_", SENDER)),
            body=str(fields.get("body", f"message {index}")),
            date_sent=fields.get("date_sent", at(1)),  # type: ignore[arg-type]
        )
        for index in range(count)
    ]
