"""twilio_async: an asyncio-first client for Twilio's Programmable Messaging REST API."""

from twilio_async._options import Options, RateLimits, RetryPolicy
from twilio_async._version import __version__
from twilio_async.auth import ApiKey, AuthToken, Credentials, OAuth2Credentials
from twilio_async.client import TwilioClient
from twilio_async.errors import (
    AmbiguousRequestError,
    AmbiguousServerError,
    AuthenticationError,
    BadRequestError,
    ClientClosedError,
    InvalidRequestError,
    MalformedResponseError,
    NotFoundError,
    PaginationError,
    RateLimitError,
    RateLimitExceeded,
    ServerError,
    TransportError,
    TwilioAPIError,
    TwilioError,
)
from twilio_async.models import Message, MessageDirection, MessageStatus
from twilio_async.pagination import Page, Pager

__all__ = [
    "AmbiguousRequestError",
    "AmbiguousServerError",
    "ApiKey",
    "AuthToken",
    "AuthenticationError",
    "BadRequestError",
    "ClientClosedError",
    "Credentials",
    "InvalidRequestError",
    "MalformedResponseError",
    "Message",
    "MessageDirection",
    "MessageStatus",
    "NotFoundError",
    "OAuth2Credentials",
    "Options",
    "Page",
    "Pager",
    "PaginationError",
    "RateLimitError",
    "RateLimitExceeded",
    "RateLimits",
    "RetryPolicy",
    "ServerError",
    "TransportError",
    "TwilioAPIError",
    "TwilioClient",
    "TwilioError",
    "__version__",
]
