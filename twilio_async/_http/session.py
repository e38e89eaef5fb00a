"""Session: the one aiohttp session of a client, its state, and the request path.

``Session.request()`` takes a method, a product and a path (or an absolute URL), applies the
limits and the retry policy, and returns the decoded JSON (None for an empty answer) or raises
an error of the :mod:`twilio_async.errors` tree.
"""

from __future__ import annotations

import asyncio
import enum
import json
import logging
import platform
import time
import warnings
from collections.abc import Mapping
from typing import Any

import aiohttp
import attrs
from yarl import URL

from twilio_async._http.hosts import Hosts, Product
from twilio_async._http.limits import Limits
from twilio_async._http.responses import api_error
from twilio_async._http.retry import NotSentError, Sleep, run_with_retries
from twilio_async._options import Options
from twilio_async._params import FormPairs, urlencode_pairs
from twilio_async._version import __version__
from twilio_async.auth import Credentials
from twilio_async.errors import (
    AmbiguousRequestError,
    ClientClosedError,
    MalformedResponseError,
    ServerError,
    TransportError,
    TwilioError,
)

__all__ = ["RawResponse", "Session", "SessionState"]

logger = logging.getLogger("twilio_async")

_FORM_CONTENT_TYPE = "application/x-www-form-urlencoded"
_IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "DELETE", "OPTIONS"})


def default_user_agent() -> str:
    """``twilio-async/<version> (Python <x.y>; aiohttp <v>)``."""
    python = ".".join(platform.python_version_tuple()[:2])
    return f"twilio-async/{__version__} (Python {python}; aiohttp {aiohttp.__version__})"


@attrs.frozen(slots=True)
class RawResponse:
    """An undecoded successful answer (for media content and other non-JSON bodies)."""

    status: int
    body: bytes
    content_type: str | None


class SessionState(enum.Enum):
    """The life of a session: it opens lazily on first use and closes once."""

    IDLE = "idle"
    OPEN = "open"
    CLOSED = "closed"


class Session:
    """Owns (or borrows) an aiohttp session and sends every request of one client."""

    def __init__(
        self,
        credentials: Credentials,
        hosts: Hosts,
        *,
        limits: Limits,
        http_session: aiohttp.ClientSession | None = None,
        user_agent: str | None = None,
    ) -> None:
        self.credentials = credentials
        self.hosts = hosts
        self.limits = limits
        self.sleep: Sleep = asyncio.sleep
        self._http = http_session
        self._owns_http = http_session is None
        self._state = SessionState.IDLE if http_session is None else SessionState.OPEN
        headers = {
            "User-Agent": user_agent or default_user_agent(),
            "Accept": "application/json",
        }
        static = credentials.static_authorization
        if static is not None:
            headers["Authorization"] = static
        self._get_headers = headers
        self._form_headers = {**headers, "Content-Type": _FORM_CONTENT_TYPE}

    # -- lifecycle ---------------------------------------------------------------------------

    @property
    def state(self) -> SessionState:
        """IDLE before the first request, OPEN while usable, CLOSED after ``aclose()``."""
        return self._state

    def _open(self) -> aiohttp.ClientSession:
        if self._state is SessionState.CLOSED:
            raise ClientClosedError("the twilio_async client is closed; create a new one")
        http = self._http
        if http is None:
            connector = aiohttp.TCPConnector(
                limit=self.limits.max_concurrency, limit_per_host=0, ttl_dns_cache=300
            )
            http = aiohttp.ClientSession(connector=connector, raise_for_status=False)
            self._http = http
            self._state = SessionState.OPEN
        elif http.closed:
            raise ClientClosedError("the aiohttp session given to the client is closed")
        return http

    async def aclose(self) -> None:
        """Close the aiohttp session if this session created it; idempotent."""
        if self._state is SessionState.CLOSED:
            return
        self._state = SessionState.CLOSED
        http, self._http = self._http, None
        if http is not None and self._owns_http:
            await http.close()

    def __del__(self, _warn: Any = warnings.warn) -> None:
        if self._state is SessionState.OPEN and self._owns_http and self._http is not None:
            _warn(
                "a twilio_async client was never closed; use 'async with' or aclose()",
                ResourceWarning,
                source=self,
                stacklevel=2,
            )

    # -- requests ----------------------------------------------------------------------------

    def url(self, product: Product, path: str) -> str:
        """The absolute URL of ``path`` (or of a link Twilio sent) on ``product``'s host.

        A link's own scheme and host are replaced so that pages follow the configured host.
        """
        if path.startswith(("http://", "https://")):
            link = URL(path)
            path = link.raw_path_qs
        return self.hosts.base(product) + path

    async def request(
        self,
        method: str,
        product: Product,
        path: str,
        *,
        options: Options,
        params: FormPairs | None = None,
        form: FormPairs | None = None,
        idempotent: bool | None = None,
        raw: bool = False,
    ) -> Any:
        """Send one request with limits and retries; return decoded JSON or None.

        With ``raw=True`` the answer is returned undecoded as a :class:`RawResponse`.
        """
        url = self.url(product, path)
        if params:
            url = f"{url}{'&' if '?' in url else '?'}{urlencode_pairs(params)}"
        body = urlencode_pairs(form).encode() if form is not None else None
        if idempotent is None:
            idempotent = method in _IDEMPOTENT_METHODS
        timeout = aiohttp.ClientTimeout(total=options.timeout, connect=options.connect_timeout)

        async def attempt() -> Any:
            return await self._send(method, url, body, timeout, raw)

        try:
            return await run_with_retries(
                attempt,
                policy=options.retry,
                idempotent=idempotent,
                describe=f"{method} {url}",
                sleep=self.sleep,
            )
        except (ServerError, TransportError) as error:
            if idempotent or isinstance(error, AmbiguousRequestError | NotSentError):
                raise
            if isinstance(error, ServerError):
                reason = f"Twilio answered HTTP {error.status}"
                status: int | None = error.status
            else:
                reason = str(error).split(" on ", 1)[0]
                status = None
            raise AmbiguousRequestError(
                reason,
                method=method,
                url=url,
                form=form or (),
                status=status,
                attempts=error.attempts,
            ) from error

    async def _send(
        self,
        method: str,
        url: str,
        body: bytes | None,
        timeout: aiohttp.ClientTimeout,
        raw: bool = False,
    ) -> Any:
        http = self._open()
        headers = self._form_headers if body is not None else self._get_headers
        if "Authorization" not in headers:
            raise TwilioError("credentials without a static Authorization are not supported yet")
        started = time.monotonic()
        async with self.limits.slot():
            try:
                async with http.request(
                    method, URL(url, encoded=True), data=body, headers=headers, timeout=timeout
                ) as response:
                    status = response.status
                    payload = await response.read()
                    response_headers = response.headers
            except aiohttp.ClientConnectorError as exc:
                raise NotSentError(
                    f"could not connect: {exc.os_error or exc}", method=method, url=url
                ) from exc
            except aiohttp.ConnectionTimeoutError as exc:
                raise NotSentError("timed out connecting", method=method, url=url) from exc
            except (asyncio.TimeoutError, aiohttp.ServerTimeoutError) as exc:
                raise TransportError(
                    f"timed out after {timeout.total}s", method=method, url=url
                ) from exc
            except aiohttp.ClientError as exc:
                raise TransportError(
                    f"connection failed: {type(exc).__name__}: {exc}", method=method, url=url
                ) from exc
            except RuntimeError as exc:
                if http.closed:
                    raise ClientClosedError("the aiohttp session was closed") from exc
                raise
        if logger.isEnabledFor(logging.DEBUG):
            logger.debug(
                "%s %s -> %d in %.1f ms", method, url, status, (time.monotonic() - started) * 1e3
            )
        if status >= 400:
            raise api_error(status, payload, _plain(response_headers), method=method, url=url)
        if raw:
            return RawResponse(status, payload, response_headers.get("Content-Type"))
        if not payload:
            return None
        try:
            return json.loads(payload)
        except ValueError:
            raise _malformed(status, payload, response_headers, method, url) from None


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
