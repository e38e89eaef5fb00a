"""twilio_async: an asyncio-first client for Twilio's Programmable Messaging REST API."""

from twilio_async._version import __version__
from twilio_async.errors import (
    AmbiguousRequestError,
    AuthenticationError,
    BadRequestError,
    ClientClosedError,
    InvalidRequestError,
    NotFoundError,
    PaginationError,
    RateLimitError,
    RateLimitExceeded,
    ServerError,
    TransportError,
    TwilioAPIError,
    TwilioError,
)

__all__ = [
    "AmbiguousRequestError",
    "AuthenticationError",
    "BadRequestError",
    "ClientClosedError",
    "InvalidRequestError",
    "NotFoundError",
    "PaginationError",
    "RateLimitError",
    "RateLimitExceeded",
    "ServerError",
    "TransportError",
    "TwilioAPIError",
    "TwilioError",
    "__version__",
]
