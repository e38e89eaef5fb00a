"""Turning Twilio's error answers into the :mod:`twilio_async.errors` tree."""

from __future__ import annotations

import json
import time
from collections.abc import Mapping
from email.utils import parsedate_to_datetime
from typing import Any

from twilio_async.errors import (
    AuthenticationError,
    BadRequestError,
    NotFoundError,
    RateLimitError,
    ServerError,
    TwilioAPIError,
)

__all__ = ["api_error", "header", "parse_retry_after"]

_EXCERPT = 200


def parse_retry_after(value: str | None, *, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delay-seconds or HTTP-date), or None."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def header(headers: Mapping[str, str], name: str) -> str | None:
    """The value of header ``name`` in a plain mapping, matched case-insensitively."""
    value = headers.get(name)
    if value is not None:
        return value
    wanted = name.lower()
    return next((v for k, v in headers.items() if k.lower() == wanted), None)


def _excerpt(body: bytes) -> str:
    text = body[:_EXCERPT].decode("utf-8", "replace")
    text = " ".join(text.split())
    return text + ("…" if len(body) > _EXCERPT else "")


def _error_fields(status: int, body: bytes) -> dict[str, Any]:
    try:
        payload = json.loads(body) if body else None
    except ValueError:
        payload = None
    if not isinstance(payload, dict):
        message = f"non-JSON error response: {_excerpt(body)}" if body else "empty error response"
        return {"message": message}
    code = payload.get("code")
    fields: dict[str, Any] = {"code": code if isinstance(code, int) else None}
    if "title" in payload or "detail" in payload or "type" in payload:
        # RFC 9457 problem details.
        fields["message"] = str(payload.get("detail") or payload.get("title") or "error")
        fields["more_info"] = payload.get("type")
        extra = {k: v for k, v in payload.items() if k not in ("detail", "title", "type", "code")}
        fields["details"] = extra.get("details", extra) or None
    else:
        fields["message"] = str(payload.get("message") or f"HTTP {status}")
        fields["more_info"] = payload.get("more_info")
        fields["details"] = payload.get("details")
    return fields


def api_error(
    status: int,
    body: bytes,
    headers: Mapping[str, str],
    *,
    method: str,
    url: str,
) -> TwilioAPIError:
    """The exception for an HTTP error answer, from its status, body and headers."""
    fields = _error_fields(status, body)
    common: dict[str, Any] = {
        "status": status,
        "method": method,
        "url": url,
        "headers": headers,
        **fields,
    }
    if status == 429:
        return RateLimitError(
            retry_after=parse_retry_after(header(headers, "Retry-After")), **common
        )
    if status == 401:
        return AuthenticationError(**common)
    if status == 404:
        return NotFoundError(**common)
    if status >= 500:
        return ServerError(**common)
    if 400 <= status < 500:
        return BadRequestError(**common)
    return TwilioAPIError(**common)
