"""Test helpers: :class:`FakeTwilio`, a local server that behaves like Twilio.

Importing this package is cheap; the server (and ``aiohttp.web``) loads on first
use of :class:`FakeTwilio`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from twilio_async.testing._fake import FakeTwilio
    from twilio_async.testing._faults import RecordedRequest
    from twilio_async.testing._webhooks import WebhookDelivery

__all__ = ["FakeTwilio", "RecordedRequest", "WebhookDelivery"]

_HOMES = {
    "FakeTwilio": "twilio_async.testing._fake",
    "RecordedRequest": "twilio_async.testing._faults",
    "WebhookDelivery": "twilio_async.testing._webhooks",
}


def __getattr__(name: str) -> Any:
    """Load the public names lazily."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
