"""Typed models of Twilio's resources: attrs frozen, slotted classes without I/O."""

from twilio_async.models.account import Account, AccountStatus, AccountType
from twilio_async.models.media import Media, MediaContent
from twilio_async.models.message import Message, MessageDirection, MessageStatus
from twilio_async.models.messaging_service import MessagingService, ScanMessageContent
from twilio_async.models.phone_number import (
    AddressRequirement,
    AvailablePhoneNumber,
    EmergencyAddressStatus,
    EmergencyStatus,
    IncomingPhoneNumber,
    PhoneNumberCapabilities,
    VoiceReceiveMode,
)
from twilio_async.models.pricing import (
    MessagingCountry,
    MessagingCountryPricing,
    OutboundSmsPrice,
    SmsPrice,
)

__all__ = [
    "Account",
    "AccountStatus",
    "AccountType",
    "AddressRequirement",
    "AvailablePhoneNumber",
    "EmergencyAddressStatus",
    "EmergencyStatus",
    "IncomingPhoneNumber",
    "Media",
    "MediaContent",
    "Message",
    "MessageDirection",
    "MessageStatus",
    "MessagingCountry",
    "MessagingCountryPricing",
    "MessagingService",
    "OutboundSmsPrice",
    "PhoneNumberCapabilities",
    "ScanMessageContent",
    "SmsPrice",
    "VoiceReceiveMode",
]
