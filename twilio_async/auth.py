"""Credentials: how a client proves who it is to Twilio.

Every credential knows the account it acts for (``account_sid``) and produces the
``Authorization`` header value: a constant one (:class:`AuthToken`, :class:`ApiKey`) or
one fetched and refreshed while the client runs (:class:`OAuth2Credentials`). Secrets and
tokens never appear in ``repr``, logs or exceptions.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import json
import logging
import math
import re
import time
from collections.abc import Mapping
from typing import Any, Protocol, runtime_checkable

import attrs

from twilio_async.errors import (
    ClientClosedError,
    InvalidRequestError,
    MalformedResponseError,
    TwilioError,
)

__all__ = [
    "ApiKey",
    "AuthToken",
    "Credentials",
    "DynamicCredentials",
    "OAuth2Credentials",
    "TokenEndpoint",
    "check_sid",
    "make_credentials",
]


def check_sid(parameter: str, value: object, prefix: str | tuple[str, ...]) -> str:
    """Return ``value`` if it is a 34-character Twilio SID with ``prefix``; else raise.

    >>> check_sid("sid", "SM" + "0" * 32, ("SM", "MM"))[:2]
    'SM'
    """
    prefixes = (prefix,) if isinstance(prefix, str) else prefix
    if (
        not isinstance(value, str)
        or not _SID_BODY.fullmatch(value[2:])
        or value[:2] not in prefixes
    ):
        expected = " or ".join(f"{p} + 32 hex digits" for p in prefixes)
        raise InvalidRequestError(parameter, f"expected {expected}, got {value!r}")
    return value


_SID_BODY = re.compile(r"[0-9a-fA-F]{32}")


def _credential_sid(parameter: str, value: object, prefix: str) -> str:
    """:func:`check_sid` for a credential field: a wrong value may be a misplaced secret."""
    try:
        return check_sid(parameter, value, prefix)
    except InvalidRequestError:
        problem = f"expected {prefix} + 32 hex digits (the value given is not shown)"
        raise InvalidRequestError(parameter, problem) from None


def _basic(user: str, password: str) -> str:
    token = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
    return f"Basic {token}"


@runtime_checkable
class Credentials(Protocol):
    """What the transport needs from a credential.

    ``static_authorization`` is the header value when it never changes (basic auth), or
    None for credentials that must be fetched (OAuth2).
    """

    @property
    def account_sid(self) -> str:
        """The account every request acts for."""

    @property
    def static_authorization(self) -> str | None:
        """The constant ``Authorization`` header value, if there is one."""


@runtime_checkable
class DynamicCredentials(Credentials, Protocol):
    """Credentials whose ``Authorization`` value changes (``static_authorization`` is None).

    The transport asks :meth:`authorization` before each request, reports a value Twilio
    refused with :meth:`invalidate`, and calls :meth:`aclose` when the client closes.
    """

    async def authorization(self, endpoint: TokenEndpoint) -> str:
        """The ``Authorization`` header value to send now."""

    def invalidate(self, authorization: str) -> None:
        """Forget ``authorization`` (Twilio answered 401 to it) so the next call refreshes."""

    async def aclose(self) -> None:
        """Stop any background work."""


@attrs.frozen(slots=True, repr=False)
class AuthToken:
    """An Account SID and its auth token (HTTP basic auth)."""

    account_sid: str = attrs.field(
        validator=lambda _, a, v: _credential_sid("account_sid", v, "AC")
    )
    auth_token: str = attrs.field()
    static_authorization: str = attrs.field(init=False)

    @auth_token.validator
    def _check_token(self, _: attrs.Attribute[str], value: str) -> None:
        if not isinstance(value, str) or not value:
            raise InvalidRequestError("auth_token", "must be a non-empty string")

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "static_authorization", _basic(self.account_sid, self.auth_token))

    def __repr__(self) -> str:
        return f"AuthToken(account_sid={self.account_sid!r}, auth_token=***)"


@attrs.frozen(slots=True, repr=False)
class ApiKey:
    """An API key (``SK…``) and its secret, acting for ``account_sid`` (HTTP basic auth)."""

    account_sid: str = attrs.field(
        validator=lambda _, a, v: _credential_sid("account_sid", v, "AC")
    )
    api_key: str = attrs.field(validator=lambda _, a, v: _credential_sid("api_key", v, "SK"))
    api_secret: str = attrs.field()
    static_authorization: str = attrs.field(init=False)

    @api_secret.validator
    def _check_secret(self, _: attrs.Attribute[str], value: str) -> None:
        if not isinstance(value, str) or not value:
            raise InvalidRequestError("api_secret", "must be a non-empty string")

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "static_authorization", _basic(self.api_key, self.api_secret))

    def __repr__(self) -> str:
        return f"ApiKey(account_sid={self.account_sid!r}, api_key={self.api_key!r}, api_secret=***)"


class TokenEndpoint(Protocol):
    """What dynamic credentials need from the transport: a clock and the token request."""

    def now(self) -> float:
        """Seconds on the transport's monotonic clock."""

    async def fetch_token(self, form: tuple[tuple[str, str], ...]) -> Any:
        """POST ``form`` to Twilio's OAuth token endpoint; the decoded JSON answer."""


logger = logging.getLogger("twilio_async")

DEFAULT_TOKEN_LIFETIME = 3600.0
"""Seconds a token is assumed to live when the answer says nothing (Twilio's usual hour)."""


@attrs.frozen(slots=True, repr=False)
class _Token:
    authorization: str
    refresh_at: float
    expires_at: float


def _jwt_expiry(token: str) -> float | None:
    """The ``exp`` claim (Unix time) of a JWT, read without verifying it; None if absent."""
    parts = token.split(".")
    if len(parts) != 3:
        return None
    padded = parts[1] + "=" * (-len(parts[1]) % 4)
    try:
        claims = json.loads(base64.urlsafe_b64decode(padded))
    except (ValueError, binascii.Error):
        return None
    exp = claims.get("exp") if isinstance(claims, dict) else None
    return float(exp) if isinstance(exp, int | float) and not isinstance(exp, bool) else None


def _lifetime(payload: Mapping[str, Any], access_token: str) -> float:
    expires_in = payload.get("expires_in")
    if isinstance(expires_in, str) and expires_in.isdigit():
        expires_in = int(expires_in)
    if (
        isinstance(expires_in, int | float)
        and not isinstance(expires_in, bool)
        and math.isfinite(expires_in)
        and expires_in > 0
    ):
        return float(expires_in)
    exp = _jwt_expiry(access_token)
    if exp is not None:
        return max(0.0, exp - time.time())
    return DEFAULT_TOKEN_LIFETIME


class OAuth2Credentials:
    """An OAuth app's client ID and secret (client-credentials grant), acting for ``account_sid``.

    The first request fetches an access token from Twilio's OAuth host (``/v2/token``);
    every request sends it as ``Authorization: Bearer …``. ``refresh_margin`` seconds
    before it expires (at most half its lifetime) a new one is fetched in the background
    while requests go on with the current one. However many tasks need a token at once,
    one token request is made. A token Twilio refuses with 401 is dropped and fetched anew.
    """

    __slots__ = (
        "_refresh",
        "_token",
        "account_sid",
        "client_id",
        "client_secret",
        "refresh_margin",
    )

    static_authorization: None = None

    def __init__(
        self,
        account_sid: str,
        client_id: str,
        client_secret: str,
        *,
        refresh_margin: float = 60.0,
    ) -> None:
        self.account_sid = _credential_sid("account_sid", account_sid, "AC")
        if not isinstance(client_id, str) or not client_id:
            raise InvalidRequestError("client_id", "must be a non-empty string")
        if not isinstance(client_secret, str) or not client_secret:
            raise InvalidRequestError("client_secret", "must be a non-empty string")
        if (
            isinstance(refresh_margin, bool)
            or not isinstance(refresh_margin, int | float)
            or not 0 <= refresh_margin < math.inf
        ):
            raise InvalidRequestError(
                "refresh_margin", f"must be seconds (>= 0), got {refresh_margin!r}"
            )
        self.client_id = client_id
        self.client_secret = client_secret
        self.refresh_margin = float(refresh_margin)
        self._token: _Token | None = None
        self._refresh: asyncio.Task[_Token] | None = None

    def __repr__(self) -> str:
        return (
            f"OAuth2Credentials(account_sid={self.account_sid!r}, "
            f"client_id={self.client_id!r}, client_secret=***)"
        )

    async def authorization(self, endpoint: TokenEndpoint) -> str:
        """``Bearer <token>``: the cached token, or one fetched (once for all callers)."""
        token = self._token
        if token is not None:
            now = endpoint.now()
            if now < token.refresh_at:
                return token.authorization
            if now < token.expires_at:
                self._start_refresh(endpoint)
                return token.authorization
        # No usable token: wait for the (single) fetch; a cancelled caller leaves it running.
        task = self._start_refresh(endpoint)
        try:
            fresh = await asyncio.shield(task)
        except asyncio.CancelledError:
            if task.cancelled():  # the fetch itself was stopped: the client is closing
                raise ClientClosedError("the client was closed while fetching a token") from None
            raise
        return fresh.authorization

    def invalidate(self, authorization: str) -> None:
        """Drop the token if it is still ``authorization`` (Twilio refused it)."""
        if self._token is not None and self._token.authorization == authorization:
            self._token = None

    async def aclose(self) -> None:
        """Cancel a token request still running."""
        task, self._refresh = self._refresh, None
        if task is not None and not task.done():
            task.cancel()
            await asyncio.wait([task])

    def _start_refresh(self, endpoint: TokenEndpoint) -> asyncio.Task[_Token]:
        task = self._refresh
        loop = asyncio.get_running_loop()
        if task is not None and not task.done() and task.get_loop() is loop:
            return task
        task = loop.create_task(self._fetch(endpoint))
        task.add_done_callback(self._fetched)
        self._refresh = task
        return task

    def _fetched(self, task: asyncio.Task[_Token]) -> None:
        if self._refresh is task:
            self._refresh = None
        if task.cancelled():
            return
        error = task.exception()  # also marks it retrieved for background refreshes
        if error is not None:
            logger.warning(
                "fetching an OAuth access token for client %s failed: %s",
                self.client_id,
                type(error).__name__ if not isinstance(error, TwilioError) else error,
            )

    async def _fetch(self, endpoint: TokenEndpoint) -> _Token:
        started = endpoint.now()
        payload = await endpoint.fetch_token(
            (
                ("grant_type", "client_credentials"),
                ("client_id", self.client_id),
                ("client_secret", self.client_secret),
            )
        )
        access = payload.get("access_token") if isinstance(payload, Mapping) else None
        if not isinstance(access, str) or not access:
            raise MalformedResponseError(
                status=200, message="the OAuth token answer has no access_token"
            )
        lifetime = _lifetime(payload, access)
        margin = min(self.refresh_margin, lifetime / 2)
        token = _Token(
            authorization=f"Bearer {access}",
            refresh_at=started + lifetime - margin,
            expires_at=started + lifetime,
        )
        self._token = token
        return token


def make_credentials(
    account_sid: str | None,
    *,
    auth_token: str | None = None,
    api_key: str | None = None,
    api_secret: str | None = None,
    client_id: str | None = None,
    client_secret: str | None = None,
) -> AuthToken | ApiKey | OAuth2Credentials:
    """The credential for one of the three ways to sign in; exactly one must be given."""
    if not account_sid:
        raise InvalidRequestError("account_sid", "is required (AC + 32 hex digits)")
    given: dict[str, Any] = {
        "auth_token": auth_token,
        "api_key/api_secret": api_key or api_secret,
        "client_id/client_secret": client_id or client_secret,
    }
    chosen = [name for name, value in given.items() if value is not None]
    if len(chosen) > 1:
        first, second = chosen[:2]
        raise InvalidRequestError(first.split("/")[0], f"give either {first} or {second}")
    if client_id is not None or client_secret is not None:
        if not client_id:
            raise InvalidRequestError("client_id", "is required with client_secret")
        if not client_secret:
            raise InvalidRequestError("client_secret", "is required with client_id")
        return OAuth2Credentials(account_sid, client_id, client_secret)
    if api_key is not None or api_secret is not None:
        if not api_key:
            raise InvalidRequestError("api_key", "is required with api_secret (SK…)")
        if not api_secret:
            raise InvalidRequestError("api_secret", "is required with api_key")
        return ApiKey(account_sid, api_key, api_secret)
    if not auth_token:
        raise InvalidRequestError(
            "auth_token", "is required (or api_key and api_secret, or client_id and client_secret)"
        )
    return AuthToken(account_sid, auth_token)
