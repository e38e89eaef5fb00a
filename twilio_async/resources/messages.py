"""Messages: send, fetch, update (redact, cancel), delete and list."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, Literal

from twilio_async._http.hosts import Product
from twilio_async._params import FormFields, encode_form, encode_pairs
from twilio_async.auth import check_sid
from twilio_async.errors import InvalidRequestError
from twilio_async.models.message import Message
from twilio_async.pagination import Pager
from twilio_async.resources._base import Service
from twilio_async.resources._checks import check_callback_url
from twilio_async.sms import check_body_length, segments

__all__ = ["MessagesService"]

MAX_MEDIA_URLS = 10
_MESSAGE_SID = ("SM", "MM")


def message_cost(body: str | None, *, smart_encoded: bool = False) -> int:
    """Segments a message takes from its sender's pace (1 for media or template only)."""
    if not body:
        return 1
    return max(1, segments(body, smart_encoded=smart_encoded).segments)


def _check_create(
    *,
    to: str | None,
    from_: str | None,
    messaging_service_sid: str | None,
    body: str | None,
    media_url: Sequence[str] | None,
    content_sid: str | None,
    validity_period: int | None,
    attempt: int | None,
    max_price: Decimal | float | str | None,
    status_callback: str | None,
    send_at: datetime | None,
) -> None:
    if not to or not isinstance(to, str):
        raise InvalidRequestError("to", "is required: the recipient's phone number or address")
    if not from_ and not messaging_service_sid:
        raise InvalidRequestError("from_", "give from_ or messaging_service_sid")
    if messaging_service_sid is not None:
        check_sid("messaging_service_sid", messaging_service_sid, "MG")
    if content_sid is not None:
        check_sid("content_sid", content_sid, "HX")
    if media_url is not None:
        if isinstance(media_url, str) or not isinstance(media_url, Sequence):
            raise InvalidRequestError("media_url", "must be a list of URLs")
        if len(media_url) > MAX_MEDIA_URLS:
            raise InvalidRequestError(
                "media_url", f"at most {MAX_MEDIA_URLS} URLs, got {len(media_url)}"
            )
    if not body and not media_url and content_sid is None:  # Twilio refuses an empty Body
        raise InvalidRequestError("body", "give body, media_url or content_sid")
    if body is not None:
        if not isinstance(body, str):
            raise InvalidRequestError("body", f"must be a string, got {type(body).__name__}")
        check_body_length(body)
    if validity_period is not None and (
        isinstance(validity_period, bool)
        or not isinstance(validity_period, int)
        or not 1 <= validity_period <= 36000
    ):
        raise InvalidRequestError(
            "validity_period", f"must be whole seconds from 1 to 36000, got {validity_period!r}"
        )
    if attempt is not None and (
        isinstance(attempt, bool) or not isinstance(attempt, int) or attempt < 1
    ):
        raise InvalidRequestError("attempt", f"must be a positive int, got {attempt!r}")
    if max_price is not None:
        _check_max_price(max_price)
    check_callback_url("status_callback", status_callback)
    if send_at is not None and not messaging_service_sid:
        raise InvalidRequestError(
            "messaging_service_sid", "is required to schedule a message with send_at"
        )


def _check_max_price(value: Decimal | float | str) -> None:
    try:
        price = Decimal(str(value))
    except InvalidOperation:
        raise InvalidRequestError("max_price", f"must be a number, got {value!r}") from None
    exponent = price.as_tuple().exponent
    if not price.is_finite() or price <= 0:
        raise InvalidRequestError("max_price", f"must be a positive number, got {value!r}")
    if isinstance(exponent, int) and exponent < -4:
        raise InvalidRequestError("max_price", f"at most 4 decimal places, got {value!r}")


_CREATE_FORM = FormFields(
    "to",
    "from_",
    "messaging_service_sid",
    "body",
    "media_url",
    "status_callback",
    "application_sid",
    "validity_period",
    "max_price",
    "provide_feedback",
    "attempt",
    "force_delivery",
    "smart_encoded",
    "shorten_urls",
    "send_as_mms",
    "send_at",
    "schedule_type",
    "content_sid",
    "content_variables",
    "persistent_action",
    "fallback_from",
    "content_retention",
    "address_retention",
    "risk_check",
    "traffic_type",
)
"""The form fields of :meth:`MessagesService.create`, in the order its call passes them."""


class MessagesService(Service):
    """The account's messages: ``client.messages``."""

    __slots__ = ()

    def _list_path(self) -> str:
        return f"{self._account_path}/Messages.json"

    def _path(self, sid: str) -> str:
        return f"{self._account_path}/Messages/{check_sid('sid', sid, _MESSAGE_SID)}.json"

    async def create(
        self,
        *,
        to: str,
        from_: str | None = None,
        body: str | None = None,
        media_url: Sequence[str] | None = None,
        messaging_service_sid: str | None = None,
        status_callback: str | None = None,
        application_sid: str | None = None,
        validity_period: int | None = None,
        max_price: Decimal | float | str | None = None,
        provide_feedback: bool | None = None,
        attempt: int | None = None,
        force_delivery: bool | None = None,
        smart_encoded: bool | None = None,
        shorten_urls: bool | None = None,
        send_as_mms: bool | None = None,
        send_at: datetime | None = None,
        schedule_type: Literal["fixed"] | None = None,
        content_sid: str | None = None,
        content_variables: str | Mapping[str, Any] | None = None,
        persistent_action: Sequence[str] | None = None,
        fallback_from: str | None = None,
        content_retention: Literal["retain", "discard"] | None = None,
        address_retention: Literal["retain", "obfuscate"] | None = None,
        risk_check: Literal["enable", "disable"] | None = None,
        traffic_type: Literal["free"] | None = None,
        extra_params: Mapping[str, Any] | None = None,
    ) -> Message:
        """Send a message; returns it as Twilio accepted it (usually ``queued``).

        Checked locally first (nothing is sent when a check fails): a recipient, a sender
        (``from_`` or ``messaging_service_sid``), content (``body``, ``media_url`` or
        ``content_sid``), at most 1,600 characters and 10 media URLs, a sane callback URL.

        >>> # await client.messages.create(to="+15558675310", from_="+15017122661", body="Hi")
        """
        _check_create(
            to=to,
            from_=from_,
            messaging_service_sid=messaging_service_sid,
            body=body,
            media_url=media_url,
            content_sid=content_sid,
            validity_period=validity_period,
            attempt=attempt,
            max_price=max_price,
            status_callback=status_callback,
            send_at=send_at,
        )
        if send_at is not None and schedule_type is None:
            schedule_type = "fixed"
        if content_variables is not None and not isinstance(content_variables, str):
            content_variables = json.dumps(dict(content_variables), separators=(",", ":"))
        form = _CREATE_FORM.encode(
            (
                to,
                from_,
                messaging_service_sid,
                body,
                media_url,
                status_callback,
                application_sid,
                validity_period,
                max_price,
                provide_feedback,
                attempt,
                force_delivery,
                smart_encoded,
                shorten_urls,
                send_as_mms,
                send_at,
                schedule_type,
                content_sid,
                content_variables,
                persistent_action,
                fallback_from,
                content_retention,
                address_retention,
                risk_check,
                traffic_type,
            ),
            extra_params,
        )
        # The segment count feeds only per-sender pacing: count when a sender may be paced.
        paced = self._client._session.limits.config.sender_rate is not None
        return await self._call_typed(
            Message,
            "POST",
            Product.API,
            self._list_path(),
            form=form,
            sender=from_ or messaging_service_sid,
            cost=message_cost(body, smart_encoded=bool(smart_encoded)) if paced else 1,
        )

    async def fetch(self, sid: str) -> Message:
        """The message ``sid`` (``SM…`` or ``MM…``)."""
        return await self._call_typed(Message, "GET", Product.API, self._path(sid))

    async def update(
        self,
        sid: str,
        *,
        body: str | None = None,
        status: Literal["canceled"] | None = None,
        extra_params: Mapping[str, Any] | None = None,
    ) -> Message:
        """Redact a body (``body=""``) or cancel a scheduled message (``status="canceled"``)."""
        path = self._path(sid)
        if body is None and status is None and not extra_params:
            raise InvalidRequestError("body", 'give body ("" redacts) or status="canceled"')
        if body is not None and body != "":
            raise InvalidRequestError("body", 'can only be set to "" (redaction)')
        if status is not None and status != "canceled":
            raise InvalidRequestError("status", f'can only be "canceled", got {status!r}')
        form = encode_form({"body": body, "status": status}, extra_params)
        return await self._call_typed(Message, "POST", Product.API, path, form=form)

    async def redact(self, sid: str) -> Message:
        """Erase the body of message ``sid`` (Twilio keeps the metadata)."""
        return await self.update(sid, body="")

    async def cancel(self, sid: str) -> Message:
        """Cancel the scheduled message ``sid`` before it is sent."""
        return await self.update(sid, status="canceled")

    async def delete(self, sid: str) -> None:
        """Delete message ``sid`` and its media from Twilio."""
        await self._delete(Product.API, self._path(sid))

    def list(
        self,
        *,
        to: str | None = None,
        from_: str | None = None,
        date_sent: date | datetime | None = None,
        date_sent_before: date | datetime | None = None,
        date_sent_after: date | datetime | None = None,
        page_size: int | None = None,
        limit: int | None = None,
        prefetch: bool = True,
    ) -> Pager[Message]:
        """The account's messages, newest first, as an async iterable (no ``await``).

        ``date_sent_before``/``date_sent_after`` are Twilio's ``DateSent<``/``DateSent>``
        filters (inclusive, to the second or day).

        >>> # async for message in client.messages.list(to="+15558675310", limit=20): ...
        """
        params = encode_pairs(
            (
                ("to", "To", to),
                ("from_", "From", from_),
                ("date_sent", "DateSent", date_sent),
                ("date_sent_before", "DateSent<", date_sent_before),
                ("date_sent_after", "DateSent>", date_sent_after),
            )
        )
        return self._pager(
            Message,
            Product.API,
            self._list_path(),
            "messages",
            params=params,
            limit=limit,
            page_size=page_size,
            prefetch=prefetch,
        )
