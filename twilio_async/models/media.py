"""The Media resource of a message (2010 API) and the downloaded content of a media file."""

from __future__ import annotations

from datetime import datetime

import attrs

from twilio_async.models._convert import model

__all__ = ["Media", "MediaContent"]


@model()
@attrs.frozen(slots=True, kw_only=True)
class Media:
    """One file attached to an MMS (``ME…``); ``parent_sid`` is the message (``SM…``/``MM…``).

    ``uri`` is the JSON description; the file itself is at ``uri`` without ``.json``
    (see ``client.media.download``).
    """

    sid: str
    account_sid: str | None = None
    parent_sid: str | None = None
    content_type: str | None = None
    date_created: datetime | None = None
    date_updated: datetime | None = None
    uri: str | None = None


def _describe_bytes(content: bytes) -> str:
    return f"<{len(content)} bytes>"


@attrs.frozen(slots=True, kw_only=True)
class MediaContent:
    """The bytes of a media file and the ``Content-Type`` it was served with (None if absent)."""

    content: bytes = attrs.field(repr=_describe_bytes)
    content_type: str | None = None
