"""X-Twilio-Signature: how Twilio signs the webhooks it sends."""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Iterable, Mapping

Params = Mapping[str, str] | Iterable[tuple[str, str]]


def _pairs(params: Params) -> list[tuple[str, str]]:
    if isinstance(params, Mapping):
        return [(str(name), str(value)) for name, value in params.items()]
    return [(str(name), str(value)) for name, value in params]


def signature(auth_token: str, url: str, params: Params = ()) -> str:
    """HMAC-SHA1 (keyed by the auth token) over the URL followed by every form
    parameter's name and value, sorted by name (then value), base64-encoded."""
    payload = url + "".join(name + value for name, value in sorted(_pairs(params)))
    digest = hmac.new(auth_token.encode(), payload.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode("ascii")
