"""Phone numbers: the account's own (IncomingPhoneNumber) and those available to buy."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import attrs
from cattrs.gen import make_dict_structure_fn

from twilio_async.models._convert import OpenEnum, converter, model

__all__ = [
    "AddressRequirement",
    "AvailablePhoneNumber",
    "EmergencyAddressStatus",
    "EmergencyStatus",
    "IncomingPhoneNumber",
    "PhoneNumberCapabilities",
    "VoiceReceiveMode",
]


class AddressRequirement(OpenEnum):
    """Which registered address a number needs: ``none``, ``any``, ``local`` or ``foreign``."""

    NONE = "none"
    ANY = "any"
    LOCAL = "local"
    FOREIGN = "foreign"


class EmergencyStatus(OpenEnum):
    """Whether the number may place emergency calls."""

    ACTIVE = "Active"
    INACTIVE = "Inactive"


class EmergencyAddressStatus(OpenEnum):
    """Where the registration of the number's emergency address stands."""

    REGISTERED = "registered"
    UNREGISTERED = "unregistered"
    PENDING_REGISTRATION = "pending-registration"
    REGISTRATION_FAILURE = "registration-failure"
    PENDING_UNREGISTRATION = "pending-unregistration"
    UNREGISTRATION_FAILURE = "unregistration-failure"


class VoiceReceiveMode(OpenEnum):
    """Whether incoming calls are taken as ``voice`` or ``fax``."""

    VOICE = "voice"
    FAX = "fax"


@attrs.frozen(slots=True, kw_only=True)
class PhoneNumberCapabilities:
    """What a number can do; None where Twilio did not say."""

    voice: bool | None = None
    sms: bool | None = None
    mms: bool | None = None
    fax: bool | None = None


_structure_capabilities = make_dict_structure_fn(PhoneNumberCapabilities, converter)


def _capabilities_hook(value: Any, cls: type[PhoneNumberCapabilities]) -> PhoneNumberCapabilities:
    # Twilio spells these keys "sms" on owned numbers but "SMS" on available ones.
    if not isinstance(value, dict):
        raise ValueError(f"capabilities must be an object, got {value!r}")
    return _structure_capabilities({str(key).lower(): flag for key, flag in value.items()}, cls)


converter.register_structure_hook(PhoneNumberCapabilities, _capabilities_hook)


@model()
@attrs.frozen(slots=True, kw_only=True)
class IncomingPhoneNumber:
    """A phone number the account owns (``PN…``), with its webhooks and settings.

    Twilio sends ``""`` for URLs and application SIDs that are not set.
    """

    sid: str
    account_sid: str | None = None
    phone_number: str | None = None
    friendly_name: str | None = None
    capabilities: PhoneNumberCapabilities | None = None
    status: str | None = None
    origin: str | None = None
    beta: bool | None = None
    api_version: str | None = None
    sms_application_sid: str | None = None
    sms_url: str | None = None
    sms_method: str | None = None
    sms_fallback_url: str | None = None
    sms_fallback_method: str | None = None
    status_callback: str | None = None
    status_callback_method: str | None = None
    voice_application_sid: str | None = None
    voice_url: str | None = None
    voice_method: str | None = None
    voice_fallback_url: str | None = None
    voice_fallback_method: str | None = None
    voice_caller_id_lookup: bool | None = None
    voice_receive_mode: VoiceReceiveMode | None = None
    trunk_sid: str | None = None
    address_sid: str | None = None
    address_requirements: AddressRequirement | None = None
    identity_sid: str | None = None
    bundle_sid: str | None = None
    emergency_status: EmergencyStatus | None = None
    emergency_address_sid: str | None = None
    emergency_address_status: EmergencyAddressStatus | None = None
    type: str | None = None
    date_created: datetime | None = None
    date_updated: datetime | None = None
    uri: str | None = None
    subresource_uris: dict[str, str] | None = None


@model()
@attrs.frozen(slots=True, kw_only=True)
class AvailablePhoneNumber:
    """A number Twilio offers to buy (local or mobile), with where it is and what it can do.

    ``latitude``/``longitude`` are degrees; ``lata`` and ``rate_center`` apply in the US
    and Canada only.
    """

    phone_number: str
    friendly_name: str | None = None
    iso_country: str | None = None
    region: str | None = None
    locality: str | None = None
    postal_code: str | None = None
    rate_center: str | None = None
    lata: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    address_requirements: AddressRequirement | None = None
    beta: bool | None = None
    capabilities: PhoneNumberCapabilities | None = None
