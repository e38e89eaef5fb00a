"""One HTTP exchange described (:class:`Exchange`), and its answer decoded or raised."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

import aiohttp
import attrs

from twilio_async._http.responses import api_error
from twilio_async.errors import (
    AmbiguousRequestError,
    AmbiguousServerError,
    MalformedResponseError,
    ServerError,
    TransportError,
)

__all__ = ["Exchange", "RawResponse", "decode_answer"]


@attrs.frozen(slots=True)
class RawResponse:
    """An undecoded successful answer (for media content and other non-JSON bodies)."""

    status: int
    body: bytes
    content_type: str | None


@attrs.frozen(slots=True)
class Exchange:
    """What one request sends, and whether repeating it is safe."""

    method: str
    url: str
    body: bytes | None = attrs.field(repr=False)  # may hold a client secret (token requests)
    form: tuple[tuple[str, str], ...] = attrs.field(repr=False)
    idempotent: bool
    timeout: aiohttp.ClientTimeout

    def failed(self, reason: str) -> TransportError:
        """The error for a failure after the request may have been sent."""
        if self.idempotent:
            return TransportError(reason, method=self.method, url=self.url)
        return AmbiguousRequestError(reason, method=self.method, url=self.url, form=self.form)


def decode_answer(
    exchange: Exchange,
    status: int,
    payload: bytes,
    headers: Mapping[str, str],
    raw: bool,
    decode: Callable[[bytes], Any] | None = None,
) -> Any:
    """The decoded JSON (None when empty) or a RawResponse; an error status raises.

    ``decode`` replaces :func:`json.loads` for a successful body (a ``ValueError`` from it
    is a malformed response too).

    A 5xx answer to a non-idempotent request raises :class:`AmbiguousServerError`.
    """
    method, url = exchange.method, exchange.url
    if status >= 400:
        error = api_error(status, payload, _plain(headers), method=method, url=url)
        if isinstance(error, ServerError) and not exchange.idempotent:
            raise AmbiguousServerError(error, form=exchange.form) from error
        raise error
    if raw:
        return RawResponse(status, payload, headers.get("Content-Type"))
    if not payload:
        return None
    try:
        return json.loads(payload) if decode is None else decode(payload)
    except ValueError:
        raise _malformed(status, payload, headers, method, url) from None


def _plain(headers: Mapping[str, str]) -> dict[str, str]:
    return {key: value for key, value in headers.items() if key.lower() != "set-cookie"}


def _malformed(
    status: int, payload: bytes, headers: Mapping[str, str], method: str, url: str
) -> MalformedResponseError:
    excerpt = payload[:120].decode("utf-8", "replace")
    return MalformedResponseError(
        status=status,
        message=f"response is not valid JSON: {excerpt!r}",
        method=method,
        url=url,
        headers=_plain(headers),
    )
