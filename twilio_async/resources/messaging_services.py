"""Messaging Services (messaging v1 host): create, fetch, update, delete and list."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from twilio_async._http.hosts import Product
from twilio_async._params import FormPairs, encode_form
from twilio_async.auth import check_sid
from twilio_async.errors import InvalidRequestError
from twilio_async.models.messaging_service import MessagingService, ScanMessageContent
from twilio_async.pagination import Pager
from twilio_async.resources._base import Service
from twilio_async.resources._checks import check_http_method, check_int_range, check_urls

__all__ = ["MessagingServicesService"]

HttpMethod = Literal["GET", "POST"]
ScanSetting = ScanMessageContent | Literal["inherit", "enable", "disable"]
Usecase = Literal["notifications", "marketing", "verification", "discussion", "poll", "undeclared"]

_SCAN_SETTINGS = frozenset(member.value for member in ScanMessageContent)
MAX_VALIDITY_PERIOD = 36000


def _service_form(fields: dict[str, Any], extra_params: Mapping[str, Any] | None) -> FormPairs:
    """Check the writable fields of a service, then encode them (None left out)."""
    check_urls(
        (name, fields[name]) for name in ("inbound_request_url", "fallback_url", "status_callback")
    )
    check_http_method("inbound_method", fields["inbound_method"])
    check_http_method("fallback_method", fields["fallback_method"])
    check_int_range("validity_period", fields["validity_period"], 1, MAX_VALIDITY_PERIOD)
    scan = fields["scan_message_content"]
    if scan is not None and scan not in _SCAN_SETTINGS:
        raise InvalidRequestError(
            "scan_message_content", f"must be 'inherit', 'enable' or 'disable', got {scan!r}"
        )
    friendly_name = fields["friendly_name"]
    if friendly_name is not None and not isinstance(friendly_name, str):
        raise InvalidRequestError("friendly_name", f"must be a string, got {friendly_name!r}")
    return encode_form(fields, extra_params)


class MessagingServicesService(Service):
    """The account's Messaging Services: ``client.messaging_services``."""

    __slots__ = ()

    _BASE = "/v1/Services"

    def _path(self, sid: str) -> str:
        return f"{self._BASE}/{check_sid('sid', sid, 'MG')}"

    async def create(
        self,
        *,
        friendly_name: str,
        inbound_request_url: str | None = None,
        inbound_method: HttpMethod | None = None,
        fallback_url: str | None = None,
        fallback_method: HttpMethod | None = None,
        status_callback: str | None = None,
        sticky_sender: bool | None = None,
        mms_converter: bool | None = None,
        smart_encoding: bool | None = None,
        scan_message_content: ScanSetting | None = None,
        fallback_to_long_code: bool | None = None,
        area_code_geomatch: bool | None = None,
        validity_period: int | None = None,
        synchronous_validation: bool | None = None,
        usecase: Usecase | str | None = None,
        use_inbound_webhook_on_number: bool | None = None,
        extra_params: Mapping[str, Any] | None = None,
    ) -> MessagingService:
        """Create a Messaging Service named ``friendly_name``.

        Checked locally: a name, http(s) webhook URLs, ``GET``/``POST`` methods and a
        ``validity_period`` of 1 to 36,000 seconds.

        >>> # service = await client.messaging_services.create(friendly_name="Alerts")
        """
        if not friendly_name or not isinstance(friendly_name, str):
            raise InvalidRequestError("friendly_name", "is required: a name for the service")
        form = _service_form(
            {
                "friendly_name": friendly_name,
                "inbound_request_url": inbound_request_url,
                "inbound_method": inbound_method,
                "fallback_url": fallback_url,
                "fallback_method": fallback_method,
                "status_callback": status_callback,
                "sticky_sender": sticky_sender,
                "mms_converter": mms_converter,
                "smart_encoding": smart_encoding,
                "scan_message_content": scan_message_content,
                "fallback_to_long_code": fallback_to_long_code,
                "area_code_geomatch": area_code_geomatch,
                "validity_period": validity_period,
                "synchronous_validation": synchronous_validation,
                "usecase": usecase,
                "use_inbound_webhook_on_number": use_inbound_webhook_on_number,
            },
            extra_params,
        )
        return await self._call_typed(
            MessagingService, "POST", Product.MESSAGING, self._BASE, form=form
        )

    async def fetch(self, sid: str) -> MessagingService:
        """The Messaging Service ``sid`` (``MG…``)."""
        return await self._call_typed(MessagingService, "GET", Product.MESSAGING, self._path(sid))

    async def update(
        self,
        sid: str,
        *,
        friendly_name: str | None = None,
        inbound_request_url: str | None = None,
        inbound_method: HttpMethod | None = None,
        fallback_url: str | None = None,
        fallback_method: HttpMethod | None = None,
        status_callback: str | None = None,
        sticky_sender: bool | None = None,
        mms_converter: bool | None = None,
        smart_encoding: bool | None = None,
        scan_message_content: ScanSetting | None = None,
        fallback_to_long_code: bool | None = None,
        area_code_geomatch: bool | None = None,
        validity_period: int | None = None,
        synchronous_validation: bool | None = None,
        usecase: Usecase | str | None = None,
        use_inbound_webhook_on_number: bool | None = None,
        extra_params: Mapping[str, Any] | None = None,
    ) -> MessagingService:
        """Change the given fields of service ``sid``; ``""`` clears a webhook URL."""
        path = self._path(sid)
        form = _service_form(
            {
                "friendly_name": friendly_name,
                "inbound_request_url": inbound_request_url,
                "inbound_method": inbound_method,
                "fallback_url": fallback_url,
                "fallback_method": fallback_method,
                "status_callback": status_callback,
                "sticky_sender": sticky_sender,
                "mms_converter": mms_converter,
                "smart_encoding": smart_encoding,
                "scan_message_content": scan_message_content,
                "fallback_to_long_code": fallback_to_long_code,
                "area_code_geomatch": area_code_geomatch,
                "validity_period": validity_period,
                "synchronous_validation": synchronous_validation,
                "usecase": usecase,
                "use_inbound_webhook_on_number": use_inbound_webhook_on_number,
            },
            extra_params,
        )
        if not form:
            raise InvalidRequestError("friendly_name", "give at least one field to change")
        return await self._call_typed(MessagingService, "POST", Product.MESSAGING, path, form=form)

    async def delete(self, sid: str) -> None:
        """Delete Messaging Service ``sid`` (its senders are released from it)."""
        await self._delete(Product.MESSAGING, self._path(sid))

    def list(
        self,
        *,
        page_size: int | None = None,
        limit: int | None = None,
        prefetch: bool = True,
    ) -> Pager[MessagingService]:
        """The account's Messaging Services, as an async iterable (no ``await``).

        >>> # async for service in client.messaging_services.list(): print(service.sid)
        """
        return self._pager(
            MessagingService,
            Product.MESSAGING,
            self._BASE,
            "services",
            params=(),
            limit=limit,
            page_size=page_size,
            prefetch=prefetch,
        )
