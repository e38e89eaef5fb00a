"""twilio_async: an asyncio-first client for Twilio's Programmable Messaging REST API."""

import importlib
from typing import TYPE_CHECKING, Any

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

__all__ = [
    "Account",
    "AccountStatus",
    "AccountType",
    "AddressRequirement",
    "AmbiguousRequestError",
    "AmbiguousServerError",
    "ApiKey",
    "AuthToken",
    "AuthenticationError",
    "AvailablePhoneNumber",
    "BadRequestError",
    "ClientClosedError",
    "Credentials",
    "EmergencyAddressStatus",
    "EmergencyStatus",
    "IncomingPhoneNumber",
    "InvalidRequestError",
    "MalformedResponseError",
    "Media",
    "MediaContent",
    "Message",
    "MessageDirection",
    "MessageStatus",
    "MessagingCountry",
    "MessagingCountryPricing",
    "MessagingService",
    "NotFoundError",
    "OAuth2Credentials",
    "Options",
    "OutboundSmsPrice",
    "Page",
    "Pager",
    "PaginationError",
    "PhoneNumberCapabilities",
    "RateLimitError",
    "RateLimitExceeded",
    "RateLimits",
    "RetryPolicy",
    "ScanMessageContent",
    "ServerError",
    "SmsPrice",
    "TransportError",
    "TwilioAPIError",
    "TwilioClient",
    "TwilioError",
    "VoiceReceiveMode",
    "__version__",
]

if TYPE_CHECKING:
    from twilio_async.models import (
        Account,
        AccountStatus,
        AccountType,
        AddressRequirement,
        AvailablePhoneNumber,
        EmergencyAddressStatus,
        EmergencyStatus,
        IncomingPhoneNumber,
        Media,
        MediaContent,
        Message,
        MessageDirection,
        MessageStatus,
        MessagingCountry,
        MessagingCountryPricing,
        MessagingService,
        OutboundSmsPrice,
        PhoneNumberCapabilities,
        ScanMessageContent,
        SmsPrice,
        VoiceReceiveMode,
    )
    from twilio_async.pagination import Page, Pager

# Models and pagers load on first use, so that ``import twilio_async`` stays light.
_LAZY = {
    "Account": "twilio_async.models",
    "AccountStatus": "twilio_async.models",
    "AccountType": "twilio_async.models",
    "AddressRequirement": "twilio_async.models",
    "AvailablePhoneNumber": "twilio_async.models",
    "EmergencyAddressStatus": "twilio_async.models",
    "EmergencyStatus": "twilio_async.models",
    "IncomingPhoneNumber": "twilio_async.models",
    "Media": "twilio_async.models",
    "MediaContent": "twilio_async.models",
    "Message": "twilio_async.models",
    "MessageDirection": "twilio_async.models",
    "MessageStatus": "twilio_async.models",
    "MessagingCountry": "twilio_async.models",
    "MessagingCountryPricing": "twilio_async.models",
    "MessagingService": "twilio_async.models",
    "OutboundSmsPrice": "twilio_async.models",
    "PhoneNumberCapabilities": "twilio_async.models",
    "ScanMessageContent": "twilio_async.models",
    "SmsPrice": "twilio_async.models",
    "VoiceReceiveMode": "twilio_async.models",
    "Page": "twilio_async.pagination",
    "Pager": "twilio_async.pagination",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'twilio_async' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
