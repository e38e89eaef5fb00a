"""Session: the one aiohttp session of a client, its state, and the request path.

``Session.request()`` takes a method, a product and a path (or an absolute URL), applies the
limits and the retry policy, and returns the decoded JSON (None for an empty answer) or raises
an error of the :mod:`twilio_async.errors` tree.

A failure of a non-idempotent request is classified where it happens: before anything was
sent (:class:`NotSentError`, retried), or possibly after (:class:`AmbiguousRequestError`, or
:class:`AmbiguousServerError` for a 5xx answer; never retried).
"""

from __future__ import annotations

import asyncio
import enum
import functools
import logging
import platform
import time
import warnings
from collections.abc import Callable, Mapping
from typing import Any

import aiohttp
from aiohttp import BytesPayload
from yarl import URL

from twilio_async._http.clock import Clock, MonotonicClock
from twilio_async._http.exchange import Exchange, RawResponse, decode_answer
from twilio_async._http.hosts import Hosts, Product
from twilio_async._http.limits import Limits
from twilio_async._http.retry import NotSentError, Sleep, run_with_retries
from twilio_async._options import Options
from twilio_async._params import FormPairs, form_bytes, urlencode_pairs
from twilio_async._version import __version__
from twilio_async.auth import Credentials, DynamicCredentials
from twilio_async.errors import ClientClosedError

__all__ = ["RawResponse", "Session", "SessionState"]

logger = logging.getLogger("twilio_async")

_FORM_CONTENT_TYPE = "application/x-www-form-urlencoded"
_IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "DELETE", "OPTIONS"})
_TOKEN_PATH = "/v2/token"


def default_user_agent() -> str:
    """``twilio-async/<version> (Python <x.y>; aiohttp <v>)``."""
    python = ".".join(platform.python_version_tuple()[:2])
    return f"twilio-async/{__version__} (Python {python}; aiohttp {aiohttp.__version__})"


@functools.lru_cache(maxsize=32)
def _client_timeout(total: float, connect: float) -> aiohttp.ClientTimeout:
    """aiohttp's timeout object for these settings, built once rather than per request."""
    return aiohttp.ClientTimeout(total=total, connect=connect)


class SessionState(enum.Enum):
    """The life of a session: it opens lazily on first use and closes once."""

    IDLE = "idle"
    OPEN = "open"
    CLOSED = "closed"


class _SleepClock:
    """A clock whose sleep was replaced (``Session.sleep = ...``); time stays monotonic."""

    __slots__ = ("_base", "_sleep")

    def __init__(self, base: Clock, sleep: Sleep) -> None:
        self._base = base
        self._sleep = sleep

    def now(self) -> float:
        return self._base.now()

    async def sleep(self, seconds: float) -> None:
        await self._sleep(seconds)


class Session:
    """Owns (or borrows) an aiohttp session and sends every request of one client."""

    def __init__(
        self,
        credentials: Credentials,
        hosts: Hosts,
        *,
        limits: Limits,
        options: Options | None = None,
        http_session: aiohttp.ClientSession | None = None,
        user_agent: str | None = None,
    ) -> None:
        self.credentials = credentials
        self.hosts = hosts
        self.limits = limits
        self.options = options or Options()
        """The client's own options; token requests use them."""
        self._clock: Clock = limits.clock
        self._http = http_session
        self._owns_http = http_session is None
        self._state = SessionState.IDLE if http_session is None else SessionState.OPEN
        headers = {
            "User-Agent": user_agent or default_user_agent(),
            "Accept": "application/json",
        }
        self._token_headers = {**headers, "Content-Type": _FORM_CONTENT_TYPE}
        static = credentials.static_authorization
        self._dynamic: DynamicCredentials | None = None
        if static is not None:
            headers["Authorization"] = static
        elif isinstance(credentials, DynamicCredentials):
            self._dynamic = credentials
        else:
            raise TypeError("credentials without static_authorization must be dynamic")
        self._get_headers = headers
        self._form_headers = {**headers, "Content-Type": _FORM_CONTENT_TYPE}
        # An aiohttp session of our own carries the fixed headers itself (a form body names
        # its own type): merging a request's headers into the defaults costs aiohttp more.
        # A lent session's defaults are the lender's, so its requests still name all of ours.
        self._defaults_carry_headers = self._owns_http and self._dynamic is None
        self._dynamic_headers: tuple[str, dict[str, str], dict[str, str]] | None = None

    # -- time ---------------------------------------------------------------------------------

    @property
    def clock(self) -> Clock:
        """The clock retries and limits wait on (replace it before the first request)."""
        return self._clock

    @clock.setter
    def clock(self, clock: Clock) -> None:
        self._clock = clock
        self.limits.clock = clock

    @property
    def sleep(self) -> Sleep:
        """How the session waits between retries (the clock's ``sleep``)."""
        return self._clock.sleep

    @sleep.setter
    def sleep(self, sleep: Sleep) -> None:
        self.clock = _SleepClock(MonotonicClock(), sleep)

    def now(self) -> float:
        """Seconds on the session's clock."""
        return self._clock.now()

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
            http = aiohttp.ClientSession(
                connector=connector,
                raise_for_status=False,
                headers=self._get_headers if self._defaults_carry_headers else None,
            )
            self._http = http
            self._state = SessionState.OPEN
        elif not self._owns_http and http.closed:  # only aclose() closes a session of our own
            raise ClientClosedError("the aiohttp session given to the client is closed")
        return http

    async def aclose(self) -> None:
        """Close the aiohttp session if this session created it; idempotent."""
        if self._state is SessionState.CLOSED:
            return
        self._state = SessionState.CLOSED
        if self._dynamic is not None:
            await self._dynamic.aclose()
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
        decode: Callable[[bytes], Any] | None = None,
        sender: str | None = None,
        cost: int = 1,
    ) -> Any:
        """Send one request with limits and retries; return decoded JSON or None.

        With ``raw=True`` the answer is returned undecoded as a :class:`RawResponse`;
        ``decode`` replaces :func:`json.loads` for a successful answer's body.
        ``sender`` (a From number or messaging service SID) and ``cost`` (the message's
        segments) feed the per-sender pacing of :class:`~twilio_async.RateLimits`.
        """
        url = self.url(product, path)
        if params:
            url = f"{url}{'&' if '?' in url else '?'}{urlencode_pairs(params)}"
        form_pairs = tuple(form) if form is not None else None
        exchange = Exchange(
            method=method,
            url=url,
            body=form_bytes(form_pairs) if form_pairs is not None else None,
            form=form_pairs or (),
            idempotent=method in _IDEMPOTENT_METHODS if idempotent is None else idempotent,
            timeout=_client_timeout(options.timeout, options.connect_timeout),
        )

        async def attempt() -> Any:
            return await self._admitted(exchange, raw, decode, sender, cost)

        return await run_with_retries(
            attempt,
            policy=options.retry,
            idempotent=exchange.idempotent,
            describe=f"{method} {url}",
            clock=self._clock,
        )

    async def fetch_token(self, form: tuple[tuple[str, str], ...]) -> Any:
        """POST ``form`` to the OAuth host's token endpoint (no limits, safe to retry)."""
        options = self.options
        exchange = Exchange(
            method="POST",
            url=self.hosts.base(Product.OAUTH) + _TOKEN_PATH,
            body=form_bytes(form),
            form=(),
            idempotent=True,
            timeout=_client_timeout(options.timeout, options.connect_timeout),
        )

        async def attempt() -> Any:
            return decode_answer(
                exchange, *await self._exchange(exchange, self._token_headers), False
            )

        return await run_with_retries(
            attempt,
            policy=options.retry,
            idempotent=True,
            describe=f"POST {exchange.url}",
            clock=self._clock,
        )

    async def _admitted(
        self,
        exchange: Exchange,
        raw: bool,
        decode: Callable[[bytes], Any] | None,
        sender: str | None,
        cost: int,
    ) -> Any:
        """One attempt inside the limits: admission, authorization, exchange, feedback."""
        limits = self.limits
        ticket = await limits.acquire(sender, cost)
        try:
            if self._defaults_carry_headers:
                answer = await self._exchange(exchange, None)
            elif self._dynamic is None:
                headers = self._form_headers if exchange.body is not None else self._get_headers
                answer = await self._exchange(exchange, headers)
            else:
                answer = await self._with_token(exchange, self._dynamic)
        finally:
            limits.release()
        status = answer[0]
        if status == 429:
            limits.throttled(ticket)
        elif status < 400:
            limits.succeeded()
        return decode_answer(exchange, *answer, raw, decode)

    async def _with_token(
        self, exchange: Exchange, credentials: DynamicCredentials
    ) -> tuple[int, bytes, Mapping[str, str]]:
        """Send with the current token; on a 401, drop that token and try once more."""
        answer: tuple[int, bytes, Mapping[str, str]] | None = None
        for _ in range(2):
            authorization = await credentials.authorization(self)
            answer = await self._exchange(exchange, self._headers_for(authorization, exchange))
            if answer[0] != 401:
                return answer
            credentials.invalidate(authorization)
        assert answer is not None
        return answer

    def _headers_for(self, authorization: str, exchange: Exchange) -> dict[str, str]:
        cached = self._dynamic_headers
        if cached is None or cached[0] != authorization:
            get = {**self._get_headers, "Authorization": authorization}
            cached = (authorization, get, {**get, "Content-Type": _FORM_CONTENT_TYPE})
            self._dynamic_headers = cached
        return cached[2] if exchange.body is not None else cached[1]

    async def _exchange(
        self, exchange: Exchange, headers: Mapping[str, str] | None
    ) -> tuple[int, bytes, Mapping[str, str]]:
        """One HTTP exchange; transport failures become NotSent, Ambiguous or Transport errors.

        ``headers`` are sent on top of the aiohttp session's defaults (None: those alone). A
        body is always a form, and says so itself when ``headers`` do not.
        """
        http = self._open()
        method, url, body = exchange.method, exchange.url, exchange.body
        started = time.monotonic()
        try:
            async with http.request(
                method,
                URL(url, encoded=True),
                data=None if body is None else BytesPayload(body, content_type=_FORM_CONTENT_TYPE),
                headers=headers,
                timeout=exchange.timeout,
                raise_for_status=False,  # a lent session may say otherwise; statuses are ours
            ) as response:
                status = response.status
                payload = await response.read()
                response_headers = response.headers
        except aiohttp.ClientConnectorError as exc:
            raise NotSentError(
                f"could not connect: {exc.os_error or exc}", method=method, url=url
            ) from exc
        except aiohttp.ConnectionTimeoutError as exc:
            raise NotSentError(
                f"timed out connecting after {exchange.timeout.connect}s", method=method, url=url
            ) from exc
        except (asyncio.TimeoutError, aiohttp.ServerTimeoutError) as exc:
            raise exchange.failed(f"timed out after {exchange.timeout.total}s") from exc
        except aiohttp.ClientError as exc:
            raise exchange.failed(f"connection failed: {type(exc).__name__}: {exc}") from exc
        except RuntimeError as exc:
            if http.closed:
                raise ClientClosedError("the aiohttp session was closed") from exc
            raise
        if logger.isEnabledFor(logging.DEBUG):
            logger.debug(
                "%s %s -> %d in %.1f ms", method, url, status, (time.monotonic() - started) * 1e3
            )
        return status, payload, response_headers
