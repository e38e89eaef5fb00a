"""Injected failures (errors, resets, latency) and the log of received requests."""

from __future__ import annotations

import random
from typing import Literal

import attrs

ResetPoint = Literal["connect", "headers", "body"]
RESET_POINTS: frozenset[str] = frozenset({"connect", "headers", "body"})


@attrs.frozen(slots=True)
class RecordedRequest:
    """One request the fake received (``Authorization`` left out of ``headers``)."""

    method: str
    path: str
    query: tuple[tuple[str, str], ...]
    form: tuple[tuple[str, str], ...]
    headers: dict[str, str] = attrs.field(repr=False)
    fault: str | None = None

    def form_value(self, name: str) -> str | None:
        """The first value of form field ``name``, or ``None``."""
        return next((value for key, value in self.form if key == name), None)


@attrs.frozen(slots=True)
class ErrorFault:
    """An error response to send instead of handling the request."""

    status: int
    code: int
    retry_after: float | None

    @property
    def message(self) -> str:
        """The message Twilio puts in such an error."""
        if self.status == 429:
            return "Too Many Requests"
        if self.status >= 500:
            return "Internal Server Error"
        return "Injected failure"


def default_code(status: int) -> int:
    """The Twilio code paired with an injected HTTP status."""
    if status == 429:
        return 20429
    if status >= 500:
        return 20500
    return 20001


@attrs.define(slots=True)
class FaultPlan:
    """What goes wrong next: counted errors, a random error rate, counted resets."""

    next_errors: list[ErrorFault] = attrs.Factory(list)
    rate: float = 0.0
    rate_fault: ErrorFault | None = None
    rng: random.Random = attrs.Factory(random.Random)
    next_resets: list[ResetPoint] = attrs.Factory(list)

    def take_reset(self) -> ResetPoint | None:
        """Consume and return the next planned connection reset, if any."""
        return self.next_resets.pop(0) if self.next_resets else None

    def take_error(self) -> ErrorFault | None:
        """Consume the next counted error, else roll the random rate."""
        if self.next_errors:
            return self.next_errors.pop(0)
        if self.rate_fault is not None and self.rng.random() < self.rate:
            return self.rate_fault
        return None

    def clear(self) -> None:
        """Forget every planned fault."""
        self.next_errors.clear()
        self.next_resets.clear()
        self.rate = 0.0
        self.rate_fault = None
