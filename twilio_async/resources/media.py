"""Media of a message (2010 API): list, fetch, delete and download the files of an MMS."""

from __future__ import annotations

from datetime import date, datetime

from twilio_async._http.hosts import Product
from twilio_async._params import encode_pairs
from twilio_async.auth import check_sid
from twilio_async.models.media import Media, MediaContent
from twilio_async.pagination import Pager
from twilio_async.resources._base import Service

__all__ = ["MediaService"]

_MESSAGE_SID = ("SM", "MM")


class MediaService(Service):
    """The media files attached to messages: ``client.media``."""

    __slots__ = ()

    def _path(self, message_sid: str, media_sid: str | None = None, *, json: bool = True) -> str:
        message = check_sid("message_sid", message_sid, _MESSAGE_SID)
        base = f"{self._account_path}/Messages/{message}"
        if media_sid is None:
            return f"{base}/Media.json"
        path = f"{base}/Media/{check_sid('media_sid', media_sid, 'ME')}"
        return f"{path}.json" if json else path

    def list(
        self,
        message_sid: str,
        *,
        date_created: date | datetime | None = None,
        date_created_before: date | datetime | None = None,
        date_created_after: date | datetime | None = None,
        page_size: int | None = None,
        limit: int | None = None,
        prefetch: bool = True,
    ) -> Pager[Media]:
        """The media of message ``message_sid`` (``SM…`` or ``MM…``), as an async iterable.

        ``date_created_before``/``date_created_after`` are Twilio's ``DateCreated<`` and
        ``DateCreated>`` filters.

        >>> # async for media in client.media.list("MM…"): print(media.content_type)
        """
        path = self._path(message_sid)
        params = encode_pairs(
            (
                ("date_created", "DateCreated", date_created),
                ("date_created_before", "DateCreated<", date_created_before),
                ("date_created_after", "DateCreated>", date_created_after),
            )
        )
        return self._pager(
            Media,
            Product.API,
            path,
            "media_list",
            params=params,
            limit=limit,
            page_size=page_size,
            prefetch=prefetch,
        )

    async def fetch(self, message_sid: str, media_sid: str) -> Media:
        """The description of media ``media_sid`` (``ME…``) of message ``message_sid``."""
        return await self._call_typed(Media, "GET", Product.API, self._path(message_sid, media_sid))

    async def delete(self, message_sid: str, media_sid: str) -> None:
        """Delete media ``media_sid`` of message ``message_sid`` from Twilio."""
        await self._delete(Product.API, self._path(message_sid, media_sid))

    async def download(self, message_sid: str, media_sid: str) -> MediaContent:
        """The file of media ``media_sid``: its bytes and content type.

        Twilio answers with a redirect to its storage; the redirect is followed and the
        credentials are not sent to that other host.
        """
        path = self._path(message_sid, media_sid, json=False)
        response = await self._call_raw(Product.API, path)
        return MediaContent(content=response.body, content_type=response.content_type)
