"""The account's own phone numbers (IncomingPhoneNumbers, 2010 API): buy, configure, release."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Literal

from twilio_async._http.hosts import Product
from twilio_async._params import FormPairs, encode_form, encode_pairs
from twilio_async.auth import check_sid
from twilio_async.errors import InvalidRequestError
from twilio_async.models.phone_number import EmergencyStatus, IncomingPhoneNumber, VoiceReceiveMode
from twilio_async.pagination import Pager
from twilio_async.resources._base import Service
from twilio_async.resources._checks import (
    check_e164,
    check_http_method,
    check_optional_sid,
    check_urls,
)

__all__ = ["PhoneNumbersService"]

HttpMethod = Literal["GET", "POST"]
EmergencySetting = EmergencyStatus | Literal["Active", "Inactive"]
ReceiveMode = VoiceReceiveMode | Literal["voice", "fax"]

_AREA_CODE = re.compile(r"[0-9]{3}")
_URLS = ("sms_url", "sms_fallback_url", "status_callback", "voice_url", "voice_fallback_url")
_METHODS = (
    "sms_method",
    "sms_fallback_method",
    "status_callback_method",
    "voice_method",
    "voice_fallback_method",
)
_SIDS = (
    ("sms_application_sid", "AP"),
    ("voice_application_sid", "AP"),
    ("trunk_sid", "TK"),
    ("identity_sid", "RI"),
    ("address_sid", "AD"),
    ("emergency_address_sid", "AD"),
    ("bundle_sid", "BU"),
)
_CHOICES = (
    ("emergency_status", frozenset(member.value for member in EmergencyStatus)),
    ("voice_receive_mode", frozenset(member.value for member in VoiceReceiveMode)),
)


def _number_form(fields: dict[str, Any], extra_params: Mapping[str, Any] | None) -> FormPairs:
    """Check the writable fields of a number, then encode them (None left out)."""
    check_urls((name, fields[name]) for name in _URLS)
    for name in _METHODS:
        check_http_method(name, fields[name])
    for name, prefix in _SIDS:
        check_optional_sid(name, fields[name], prefix)
    for name, allowed in _CHOICES:
        value = fields[name]
        if value is not None and value not in allowed:
            expected = " or ".join(repr(choice) for choice in sorted(allowed))
            raise InvalidRequestError(name, f"must be {expected}, got {value!r}")
    return encode_form(fields, extra_params)


def _area_code(value: object) -> str:
    text = str(value) if isinstance(value, int) and not isinstance(value, bool) else value
    if not isinstance(text, str) or not _AREA_CODE.fullmatch(text):
        raise InvalidRequestError("area_code", f"must be a three-digit area code, got {value!r}")
    return text


class PhoneNumbersService(Service):
    """The phone numbers the account owns: ``client.phone_numbers``."""

    __slots__ = ()

    def _path(self, sid: str | None = None) -> str:
        base = f"{self._account_path}/IncomingPhoneNumbers"
        if sid is None:
            return f"{base}.json"
        return f"{base}/{check_sid('sid', sid, 'PN')}.json"

    def list(
        self,
        *,
        phone_number: str | None = None,
        friendly_name: str | None = None,
        beta: bool | None = None,
        origin: Literal["twilio", "hosted"] | str | None = None,
        page_size: int | None = None,
        limit: int | None = None,
        prefetch: bool = True,
    ) -> Pager[IncomingPhoneNumber]:
        """The account's numbers, as an async iterable (no ``await``).

        ``phone_number`` and ``friendly_name`` match parts of the number or name.

        >>> # async for number in client.phone_numbers.list(beta=False): print(number.sid)
        """
        params = encode_pairs(
            (
                ("phone_number", "PhoneNumber", phone_number),
                ("friendly_name", "FriendlyName", friendly_name),
                ("beta", "Beta", beta),
                ("origin", "Origin", origin),
            )
        )
        return self._pager(
            IncomingPhoneNumber,
            Product.API,
            self._path(),
            "incoming_phone_numbers",
            params=params,
            limit=limit,
            page_size=page_size,
            prefetch=prefetch,
        )

    async def fetch(self, sid: str) -> IncomingPhoneNumber:
        """The number ``sid`` (``PN…``)."""
        return await self._call_typed(IncomingPhoneNumber, "GET", Product.API, self._path(sid))

    async def delete(self, sid: str) -> None:
        """Release number ``sid``: the account stops paying for it and loses it."""
        await self._delete(Product.API, self._path(sid))

    async def buy(
        self,
        *,
        phone_number: str | None = None,
        area_code: str | int | None = None,
        friendly_name: str | None = None,
        api_version: str | None = None,
        sms_application_sid: str | None = None,
        sms_url: str | None = None,
        sms_method: HttpMethod | None = None,
        sms_fallback_url: str | None = None,
        sms_fallback_method: HttpMethod | None = None,
        status_callback: str | None = None,
        status_callback_method: HttpMethod | None = None,
        voice_application_sid: str | None = None,
        voice_url: str | None = None,
        voice_method: HttpMethod | None = None,
        voice_fallback_url: str | None = None,
        voice_fallback_method: HttpMethod | None = None,
        voice_caller_id_lookup: bool | None = None,
        voice_receive_mode: ReceiveMode | None = None,
        emergency_status: EmergencySetting | None = None,
        emergency_address_sid: str | None = None,
        trunk_sid: str | None = None,
        identity_sid: str | None = None,
        address_sid: str | None = None,
        bundle_sid: str | None = None,
        extra_params: Mapping[str, Any] | None = None,
    ) -> IncomingPhoneNumber:
        """Buy a number: exactly one of ``phone_number`` (E.164) or ``area_code`` (US/CA).

        The account is charged. Checked locally first: the number or area code, http(s)
        webhook URLs, ``GET``/``POST`` methods and SID prefixes.

        >>> # number = await client.phone_numbers.buy(area_code="415", sms_url="https://…")
        """
        if (phone_number is None) == (area_code is None):
            raise InvalidRequestError("phone_number", "give exactly one of phone_number, area_code")
        if phone_number is not None:
            check_e164("phone_number", phone_number)
        else:
            area_code = _area_code(area_code)
        form = _number_form(
            {
                "phone_number": phone_number,
                "area_code": area_code,
                "friendly_name": friendly_name,
                "api_version": api_version,
                "sms_application_sid": sms_application_sid,
                "sms_url": sms_url,
                "sms_method": sms_method,
                "sms_fallback_url": sms_fallback_url,
                "sms_fallback_method": sms_fallback_method,
                "status_callback": status_callback,
                "status_callback_method": status_callback_method,
                "voice_application_sid": voice_application_sid,
                "voice_url": voice_url,
                "voice_method": voice_method,
                "voice_fallback_url": voice_fallback_url,
                "voice_fallback_method": voice_fallback_method,
                "voice_caller_id_lookup": voice_caller_id_lookup,
                "voice_receive_mode": voice_receive_mode,
                "emergency_status": emergency_status,
                "emergency_address_sid": emergency_address_sid,
                "trunk_sid": trunk_sid,
                "identity_sid": identity_sid,
                "address_sid": address_sid,
                "bundle_sid": bundle_sid,
            },
            extra_params,
        )
        return await self._call_typed(
            IncomingPhoneNumber, "POST", Product.API, self._path(), form=form
        )

    async def update(
        self,
        sid: str,
        *,
        friendly_name: str | None = None,
        account_sid: str | None = None,
        api_version: str | None = None,
        sms_application_sid: str | None = None,
        sms_url: str | None = None,
        sms_method: HttpMethod | None = None,
        sms_fallback_url: str | None = None,
        sms_fallback_method: HttpMethod | None = None,
        status_callback: str | None = None,
        status_callback_method: HttpMethod | None = None,
        voice_application_sid: str | None = None,
        voice_url: str | None = None,
        voice_method: HttpMethod | None = None,
        voice_fallback_url: str | None = None,
        voice_fallback_method: HttpMethod | None = None,
        voice_caller_id_lookup: bool | None = None,
        voice_receive_mode: ReceiveMode | None = None,
        emergency_status: EmergencySetting | None = None,
        emergency_address_sid: str | None = None,
        trunk_sid: str | None = None,
        identity_sid: str | None = None,
        address_sid: str | None = None,
        bundle_sid: str | None = None,
        extra_params: Mapping[str, Any] | None = None,
    ) -> IncomingPhoneNumber:
        """Change the given fields of number ``sid``; ``""`` clears a URL or SID.

        ``account_sid`` moves the number to another account (a subaccount or its parent).
        """
        path = self._path(sid)
        if account_sid is not None:
            check_sid("account_sid", account_sid, "AC")
        form = _number_form(
            {
                "friendly_name": friendly_name,
                "account_sid": account_sid,
                "api_version": api_version,
                "sms_application_sid": sms_application_sid,
                "sms_url": sms_url,
                "sms_method": sms_method,
                "sms_fallback_url": sms_fallback_url,
                "sms_fallback_method": sms_fallback_method,
                "status_callback": status_callback,
                "status_callback_method": status_callback_method,
                "voice_application_sid": voice_application_sid,
                "voice_url": voice_url,
                "voice_method": voice_method,
                "voice_fallback_url": voice_fallback_url,
                "voice_fallback_method": voice_fallback_method,
                "voice_caller_id_lookup": voice_caller_id_lookup,
                "voice_receive_mode": voice_receive_mode,
                "emergency_status": emergency_status,
                "emergency_address_sid": emergency_address_sid,
                "trunk_sid": trunk_sid,
                "identity_sid": identity_sid,
                "address_sid": address_sid,
                "bundle_sid": bundle_sid,
            },
            extra_params,
        )
        if not form:
            raise InvalidRequestError("friendly_name", "give at least one field to change")
        return await self._call_typed(IncomingPhoneNumber, "POST", Product.API, path, form=form)
