"""The fake's in-memory store: messages, media, services, numbers."""

from __future__ import annotations

import itertools
import mimetypes
from collections.abc import Callable, Iterator
from datetime import datetime, timezone

import attrs

from twilio_async.testing._auth import new_sid
from twilio_async.testing._catalog import AVAILABLE_NUMBERS
from twilio_async.testing._errors import not_found
from twilio_async.testing._records import (
    AvailableNumber,
    MediaRecord,
    MessageRecord,
    NumberRecord,
    ServiceRecord,
)
from twilio_async.testing._validate import segment_count


def utc_now() -> datetime:
    """The current wall-clock time in UTC, whole seconds."""
    return datetime.now(timezone.utc).replace(microsecond=0)


def guess_content_type(url: str) -> str:
    """The media type a URL's extension suggests (``image/jpeg`` when unknown)."""
    guessed, _ = mimetypes.guess_type(url.split("?", 1)[0])
    return guessed or "image/jpeg"


@attrs.define(slots=True)
class Store:
    """Every resource of one fake account, kept in insertion order."""

    messages: dict[str, MessageRecord] = attrs.Factory(dict)
    media: dict[str, MediaRecord] = attrs.Factory(dict)
    services: dict[str, ServiceRecord] = attrs.Factory(dict)
    numbers: dict[str, NumberRecord] = attrs.Factory(dict)
    sold: set[str] = attrs.Factory(set)
    media_content: dict[str, tuple[bytes, str]] = attrs.Factory(dict)
    _counter: Iterator[int] = attrs.field(factory=lambda: itertools.count(1))

    def next_sequence(self) -> int:
        """A number that grows with every insertion (breaks ordering ties)."""
        return next(self._counter)

    # messages -----------------------------------------------------------------

    def add_message(self, message: MessageRecord, media_urls: list[str]) -> MessageRecord:
        """Store a new message and its media items."""
        message = attrs.evolve(message, sequence=self.next_sequence())
        self.messages[message.sid] = message
        for url in media_urls:
            item = MediaRecord(
                sid=new_sid("ME"),
                message_sid=message.sid,
                url=url,
                content_type=self.media_content.get(url, (b"", guess_content_type(url)))[1],
                date_created=message.date_created,
            )
            self.media[item.sid] = item
        return message

    def new_message(
        self,
        *,
        to: str,
        from_: str,
        body: str,
        status: str,
        direction: str = "outbound-api",
        media_urls: list[str] | None = None,
        date_sent: datetime | None = None,
        **extra: object,
    ) -> MessageRecord:
        """Build and store a message with Twilio's derived fields filled in."""
        urls = media_urls or []
        now = utc_now()
        created = date_sent or now
        record = MessageRecord(
            sid=new_sid("MM" if urls else "SM"),
            to=to,
            from_=from_,
            body=body,
            status=status,
            direction=direction,
            date_created=created,
            date_updated=created,
            date_sent=None if status in ("scheduled", "accepted") else created,
            num_segments=segment_count(body),
            num_media=len(urls),
            **extra,  # type: ignore[arg-type]
        )
        return self.add_message(record, urls)

    def message(self, sid: str, path: str) -> MessageRecord:
        """The message ``sid``, or Twilio's 404 for ``path``."""
        found = self.messages.get(sid)
        if found is None:
            raise not_found(path)
        return found

    def replace_message(self, message: MessageRecord) -> MessageRecord:
        """Store a changed copy of an existing message (bumps ``date_updated``)."""
        message = attrs.evolve(message, date_updated=max(utc_now(), message.date_updated))
        self.messages[message.sid] = message
        return message

    def delete_message(self, sid: str, path: str) -> None:
        """Remove a message and its media."""
        self.message(sid, path)
        del self.messages[sid]
        for media_sid in [m.sid for m in self.media.values() if m.message_sid == sid]:
            del self.media[media_sid]

    def list_messages(self, keep: Callable[[MessageRecord], bool]) -> list[MessageRecord]:
        """Matching messages, newest first (as Twilio lists them)."""
        chosen = [m for m in self.messages.values() if keep(m)]
        chosen.sort(key=lambda m: (m.date_sent or m.date_created, m.sequence), reverse=True)
        return chosen

    def media_of(self, message_sid: str) -> list[MediaRecord]:
        """The media items of one message, oldest first."""
        return [m for m in self.media.values() if m.message_sid == message_sid]

    def one_media(self, message_sid: str, sid: str, path: str) -> MediaRecord:
        """The media item ``sid`` of a message, or Twilio's 404."""
        found = self.media.get(sid)
        if found is None or found.message_sid != message_sid:
            raise not_found(path)
        return found

    # messaging services -------------------------------------------------------

    def service(self, sid: str, path: str) -> ServiceRecord:
        """The messaging service ``sid``, or Twilio's 404."""
        found = self.services.get(sid)
        if found is None:
            raise not_found(path)
        return found

    def save_service(self, service: ServiceRecord) -> ServiceRecord:
        """Insert or replace a messaging service."""
        if service.sid not in self.services:
            service = attrs.evolve(service, sequence=self.next_sequence())
        self.services[service.sid] = service
        return service

    # phone numbers ------------------------------------------------------------

    def number(self, sid: str, path: str) -> NumberRecord:
        """The owned number ``sid``, or Twilio's 404."""
        found = self.numbers.get(sid)
        if found is None:
            raise not_found(path)
        return found

    def number_by_phone(self, phone_number: str) -> NumberRecord | None:
        """The owned number with this E.164 value, if any."""
        return next((n for n in self.numbers.values() if n.phone_number == phone_number), None)

    def owns(self, phone_number: str) -> bool:
        """Whether the account owns ``phone_number``."""
        return self.number_by_phone(phone_number) is not None

    def save_number(self, number: NumberRecord) -> NumberRecord:
        """Insert or replace an owned number."""
        if number.sid not in self.numbers:
            number = attrs.evolve(number, sequence=self.next_sequence())
        self.numbers[number.sid] = number
        return number

    def available(self) -> list[AvailableNumber]:
        """Numbers for sale: the catalogue minus the ones already bought."""
        return [n for n in AVAILABLE_NUMBERS if n.phone_number not in self.sold]

    def catalogue_entry(self, phone_number: str) -> AvailableNumber | None:
        """The unsold catalogue entry for ``phone_number``, if any."""
        return next((n for n in self.available() if n.phone_number == phone_number), None)
