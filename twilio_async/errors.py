"""The exceptions twilio_async raises: one tree rooted at :class:`TwilioError`.

::

    TwilioError
    ├── TwilioAPIError            Twilio answered with an HTTP error
    │   ├── BadRequestError       4xx not listed below
    │   ├── AuthenticationError   401
    │   ├── NotFoundError         404
    │   ├── RateLimitError        429
    │   ├── ServerError           5xx
    │   └── MalformedResponseError a success status with a body that is not Twilio's JSON
    ├── TransportError            no usable answer: connection failure, timeout
    │   └── AmbiguousRequestError a POST that may have been processed
    │       └── AmbiguousServerError  ...answered 5xx: also a ServerError
    ├── RateLimitExceeded         a ``fail_fast`` limiter refused to wait
    ├── ClientClosedError         the client was used after ``aclose()``
    └── PaginationError           Twilio sent a listing that cannot be walked
    InvalidRequestError           (also a ValueError) rejected locally, nothing sent
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = [
    "AmbiguousRequestError",
    "AmbiguousServerError",
    "AuthenticationError",
    "BadRequestError",
    "ClientClosedError",
    "InvalidRequestError",
    "MalformedResponseError",
    "NotFoundError",
    "PaginationError",
    "RateLimitError",
    "RateLimitExceeded",
    "ServerError",
    "TransportError",
    "TwilioAPIError",
    "TwilioError",
]


class TwilioError(Exception):
    """Base class of every error twilio_async raises on purpose."""


class InvalidRequestError(TwilioError, ValueError):
    """A call was rejected locally, before anything was sent.

    ``parameter`` names the offending argument, as the caller spelled it.

    >>> InvalidRequestError("to", "is required").parameter
    'to'
    """

    def __init__(self, parameter: str, problem: str) -> None:
        self.parameter = parameter
        self.problem = problem
        super().__init__(f"{parameter}: {problem}")


class ClientClosedError(TwilioError, RuntimeError):
    """The client (or the aiohttp session it was given) is closed."""


class PaginationError(TwilioError):
    """A listing cannot be walked further (for instance a repeated next-page link)."""


class RateLimitExceeded(TwilioError):
    """A limiter with ``fail_fast=True`` refused a call instead of making it wait."""


class TwilioAPIError(TwilioError):
    """Twilio (or something in front of it) answered with an HTTP error status.

    Attributes: ``status`` (HTTP status), ``code`` (Twilio's error code or None),
    ``message``, ``more_info`` (documentation URL), ``details`` (extra JSON or None),
    ``method``, ``url`` and ``headers`` of the exchange, and ``attempts`` (how many
    times the request was tried).
    """

    def __init__(
        self,
        *,
        status: int,
        message: str,
        code: int | None = None,
        more_info: str | None = None,
        details: Any = None,
        method: str = "",
        url: str = "",
        headers: Mapping[str, str] | None = None,
        attempts: int = 1,
    ) -> None:
        self.status = status
        self.code = code
        self.message = message
        self.more_info = more_info
        self.details = details
        self.method = method
        self.url = url
        self.headers: Mapping[str, str] = dict(headers or {})
        self.attempts = attempts
        super().__init__(self._one_line())

    def _one_line(self) -> str:
        code = f" (Twilio error {self.code})" if self.code is not None else ""
        where = f" on {self.method} {self.url}" if self.method else ""
        more = f"; see {self.more_info}" if self.more_info else ""
        return f"HTTP {self.status}{code}{where}: {self.message}{more}"

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(status={self.status!r}, code={self.code!r}, "
            f"message={self.message!r}, method={self.method!r}, url={self.url!r})"
        )


class BadRequestError(TwilioAPIError):
    """A 4xx answer other than 401, 404 and 429: Twilio refused the request as made."""


class AuthenticationError(TwilioAPIError):
    """401: the credentials were missing, wrong or expired (Twilio error 20003)."""


class NotFoundError(TwilioAPIError):
    """404: no such resource (Twilio error 20404)."""


class RateLimitError(TwilioAPIError):
    """429: too many requests (Twilio error 20429); Twilio did not process the request.

    ``retry_after`` holds the server's Retry-After delay in seconds, when it sent one.
    """

    def __init__(self, *, retry_after: float | None = None, **kwargs: Any) -> None:
        self.retry_after = retry_after
        super().__init__(**kwargs)


class ServerError(TwilioAPIError):
    """5xx: Twilio, or a proxy in front of it, failed."""


class MalformedResponseError(TwilioAPIError):
    """Twilio answered with a success status but a body that is not the expected JSON.

    For a create or update the request was processed: do not simply send it again.
    """


class TransportError(TwilioError):
    """No usable HTTP answer: the connection failed, was reset, or timed out.

    ``method`` and ``url`` say which request; ``attempts`` how often it was tried.
    """

    def __init__(self, message: str, *, method: str = "", url: str = "", attempts: int = 1) -> None:
        self.method = method
        self.url = url
        self.attempts = attempts
        where = f" on {method} {url}" if method else ""
        super().__init__(f"{message}{where}")


class AmbiguousRequestError(TransportError):
    """A non-idempotent request failed after it may have reached Twilio.

    The message may have been sent. It is never retried silently: reconcile (for
    instance list recent messages to the recipient) before sending again. ``form``
    holds the encoded form fields that were sent and ``status`` the HTTP status
    when the failure was a 5xx answer (None for a timeout or a reset).
    """

    def __init__(
        self,
        message: str,
        *,
        method: str = "",
        url: str = "",
        form: tuple[tuple[str, str], ...] = (),
        status: int | None = None,
        attempts: int = 1,
    ) -> None:
        self.form = form
        self.status = status
        super().__init__(
            f"{message}; the request may have been processed (a message may have been sent) "
            "and was not retried",
            method=method,
            url=url,
            attempts=attempts,
        )


class AmbiguousServerError(AmbiguousRequestError, ServerError):
    """A 5xx answer to a non-idempotent request: ambiguous, and also a :class:`ServerError`.

    ``except AmbiguousRequestError`` and ``except ServerError`` both catch it, so code
    written for either keeps working. It has the fields of both (``status``, ``code``,
    ``message``, ``headers`` ... and ``form``).
    """

    status: int

    def __init__(self, error: ServerError, *, form: tuple[tuple[str, str], ...] = ()) -> None:
        # Both bases set the same fields; fill them from the server error directly.
        self.status = error.status
        self.code = error.code
        self.message = error.message
        self.more_info = error.more_info
        self.details = error.details
        self.method = error.method
        self.url = error.url
        self.headers = dict(error.headers)
        self.attempts = error.attempts
        self.form = form
        Exception.__init__(
            self,
            f"{self._one_line()}; the request may have been processed (a message may have been "
            "sent) and was not retried",
        )
