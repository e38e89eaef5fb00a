"""Twilio-shaped JSON payloads built from the fake's records."""

from __future__ import annotations

from datetime import datetime, timezone
from email.utils import format_datetime
from typing import Any

from twilio_async.testing._records import (
    AvailableNumber,
    CountryPrice,
    MediaRecord,
    MessageRecord,
    NumberRecord,
    ServiceRecord,
)

API_VERSION = "2010-04-01"
JSON = dict[str, Any]


def rfc2822(moment: datetime | None) -> str | None:
    """A 2010-04-01 API date: ``Fri, 24 May 2019 17:18:27 +0000``."""
    if moment is None:
        return None
    return format_datetime(moment.astimezone(timezone.utc).replace(microsecond=0))


def iso8601(moment: datetime | None) -> str | None:
    """A v1 API date: ``2015-07-30T20:12:31Z``."""
    if moment is None:
        return None
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def account_path(account_sid: str) -> str:
    """The 2010-04-01 path prefix of one account."""
    return f"/{API_VERSION}/Accounts/{account_sid}"


def message_uri(account_sid: str, message_sid: str) -> str:
    """The relative ``uri`` of a message."""
    return f"{account_path(account_sid)}/Messages/{message_sid}.json"


def media_uri(account_sid: str, media: MediaRecord) -> str:
    """The relative ``uri`` of a media item (drop ``.json`` for its content)."""
    return f"{account_path(account_sid)}/Messages/{media.message_sid}/Media/{media.sid}.json"


def message_json(account_sid: str, message: MessageRecord) -> JSON:
    """A message as the 2010-04-01 API returns it."""
    base = f"{account_path(account_sid)}/Messages/{message.sid}"
    return {
        "account_sid": account_sid,
        "api_version": API_VERSION,
        "body": message.body,
        "date_created": rfc2822(message.date_created),
        "date_sent": rfc2822(message.date_sent),
        "date_updated": rfc2822(message.date_updated),
        "direction": message.direction,
        "error_code": message.error_code,
        "error_message": message.error_message,
        "from": message.from_,
        "messaging_service_sid": message.messaging_service_sid,
        "num_media": str(message.num_media),
        "num_segments": str(message.num_segments),
        "price": message.price,
        "price_unit": message.price_unit,
        "sid": message.sid,
        "status": message.status,
        "subresource_uris": {
            "media": f"{base}/Media.json",
            "feedback": f"{base}/Feedback.json",
        },
        "tags": {},
        "to": message.to,
        "uri": f"{base}.json",
    }


def media_json(account_sid: str, media: MediaRecord) -> JSON:
    """A media item as the 2010-04-01 API returns it."""
    return {
        "account_sid": account_sid,
        "content_type": media.content_type,
        "date_created": rfc2822(media.date_created),
        "date_updated": rfc2822(media.date_created),
        "parent_sid": media.message_sid,
        "sid": media.sid,
        "uri": media_uri(account_sid, media),
    }


_SERVICE_DEFAULTS: dict[str, object] = {
    "inbound_request_url": None,
    "inbound_method": "POST",
    "fallback_url": None,
    "fallback_method": "POST",
    "status_callback": None,
    "sticky_sender": True,
    "mms_converter": True,
    "smart_encoding": True,
    "scan_message_content": "inherit",
    "fallback_to_long_code": True,
    "area_code_geomatch": True,
    "validity_period": 14400,
    "synchronous_validation": True,
    "usecase": "undeclared",
    "us_app_to_person_registered": False,
    "use_inbound_webhook_on_number": False,
}


def service_json(account_sid: str, base_url: str, service: ServiceRecord) -> JSON:
    """A messaging service as Messaging v1 returns it (absolute ``url``/``links``)."""
    url = f"{base_url}/v1/Services/{service.sid}"
    payload: JSON = {
        "account_sid": account_sid,
        "sid": service.sid,
        "date_created": iso8601(service.date_created),
        "date_updated": iso8601(service.date_updated),
        "friendly_name": service.friendly_name,
    }
    for key, default in _SERVICE_DEFAULTS.items():
        payload[key] = service.get(key, default)
    payload["links"] = {
        "phone_numbers": f"{url}/PhoneNumbers",
        "short_codes": f"{url}/ShortCodes",
        "alpha_senders": f"{url}/AlphaSenders",
        "messages": f"{url}/Messages",
        "us_app_to_person": f"{url}/Compliance/Usa2p",
        "us_app_to_person_usecases": f"{url}/Compliance/Usa2p/Usecases",
    }
    payload["url"] = url
    return payload


def number_json(account_sid: str, number: NumberRecord) -> JSON:
    """An owned phone number as IncomingPhoneNumbers returns it."""
    uri = f"{account_path(account_sid)}/IncomingPhoneNumbers/{number.sid}"
    return {
        "account_sid": account_sid,
        "address_requirements": "none",
        "address_sid": None,
        "api_version": API_VERSION,
        "beta": False,
        "capabilities": {
            "voice": number.voice,
            "sms": number.sms,
            "mms": number.mms,
            "fax": False,
        },
        "date_created": rfc2822(number.date_created),
        "date_updated": rfc2822(number.date_updated),
        "emergency_status": "Inactive",
        "emergency_address_sid": None,
        "emergency_address_status": "unregistered",
        "friendly_name": number.friendly_name,
        "identity_sid": None,
        "origin": "twilio",
        "phone_number": number.phone_number,
        "sid": number.sid,
        "sms_application_sid": "",
        "sms_fallback_method": number.sms_fallback_method,
        "sms_fallback_url": number.sms_fallback_url,
        "sms_method": number.sms_method,
        "sms_url": number.sms_url,
        "status_callback": number.status_callback,
        "status_callback_method": number.status_callback_method,
        "trunk_sid": None,
        "uri": f"{uri}.json",
        "voice_application_sid": "",
        "voice_caller_id_lookup": False,
        "voice_fallback_method": "POST",
        "voice_fallback_url": "",
        "voice_method": number.voice_method,
        "voice_url": number.voice_url,
        "voice_receive_mode": "voice",
        "status": "in-use",
        "bundle_sid": None,
        "subresource_uris": {"assigned_add_ons": f"{uri}/AssignedAddOns.json"},
    }


def available_number_json(number: AvailableNumber) -> JSON:
    """A number for sale as AvailablePhoneNumbers returns it (coordinates as strings)."""
    return {
        "address_requirements": "none",
        "beta": False,
        "capabilities": {"mms": number.mms, "sms": number.sms, "voice": number.voice},
        "friendly_name": number.friendly_name,
        "iso_country": number.iso_country,
        "lata": number.lata,
        "latitude": number.latitude,
        "locality": number.locality,
        "longitude": number.longitude,
        "phone_number": number.phone_number,
        "postal_code": number.postal_code,
        "rate_center": number.rate_center,
        "region": number.region,
    }


def account_json(account_sid: str, auth_token: str, friendly_name: str, created: datetime) -> JSON:
    """The account resource (which, as on Twilio, includes the auth token)."""
    base = account_path(account_sid)
    names = {
        "available_phone_numbers": "AvailablePhoneNumbers",
        "incoming_phone_numbers": "IncomingPhoneNumbers",
        "messages": "Messages",
        "balance": "Balance",
        "keys": "Keys",
        "short_codes": "SMS/ShortCodes",
    }
    return {
        "auth_token": auth_token,
        "date_created": rfc2822(created),
        "date_updated": rfc2822(created),
        "friendly_name": friendly_name,
        "owner_account_sid": account_sid,
        "sid": account_sid,
        "status": "active",
        "subresource_uris": {key: f"{base}/{name}.json" for key, name in names.items()},
        "type": "Full",
        "uri": f"{base}.json",
    }


def country_summary_json(base_url: str, country: CountryPrice) -> JSON:
    """One entry of the Pricing v1 messaging country list."""
    return {
        "country": country.country,
        "iso_country": country.iso_country,
        "url": f"{base_url}/v1/Messaging/Countries/{country.iso_country}",
    }


def country_json(base_url: str, country: CountryPrice) -> JSON:
    """One country's messaging prices as Pricing v1 returns them (prices as strings)."""
    outbound = [
        {
            "carrier": carrier,
            "mcc": mcc,
            "mnc": mnc,
            "prices": [
                {
                    "base_price": country.outbound_price,
                    "current_price": country.outbound_price,
                    "number_type": kind,
                }
                for kind in ("local", "mobile", "toll free")
            ],
        }
        for carrier, mcc, mnc in country.carriers
    ]
    inbound = [
        {
            "base_price": country.inbound_price,
            "current_price": country.inbound_price,
            "number_type": kind,
        }
        for kind in ("local", "mobile")
    ]
    return {
        "country": country.country,
        "inbound_sms_prices": inbound,
        "iso_country": country.iso_country,
        "outbound_sms_prices": outbound,
        "price_unit": "USD",
        "url": f"{base_url}/v1/Messaging/Countries/{country.iso_country}",
    }
