"""Writing messages out one at a time (table, JSON Lines, CSV): nothing is held in memory."""

from __future__ import annotations

import csv
import json
from datetime import datetime
from enum import Enum
from typing import IO, Protocol

from twilio_async.models.message import Message

__all__ = ["RECORD_FIELDS", "MessageWriter", "message_record", "writer_for"]

RECORD_FIELDS = (
    "sid",
    "date_created",
    "date_sent",
    "status",
    "direction",
    "from",
    "to",
    "messaging_service_sid",
    "num_segments",
    "num_media",
    "price",
    "price_unit",
    "error_code",
    "error_message",
    "body",
)
"""The keys of an exported message, in order (``from`` is Twilio's name for the sender)."""

Scalar = str | int | None


def _scalar(value: object) -> Scalar:
    if isinstance(value, Enum):
        return str(value.value)
    if value is None or isinstance(value, (str, int)):
        return value
    if isinstance(value, datetime):
        return value.isoformat().replace("+00:00", "Z")
    return str(value)


def message_record(message: Message) -> dict[str, Scalar]:
    """``message`` as a flat mapping of :data:`RECORD_FIELDS` (ISO dates, price as text)."""
    return {
        field: _scalar(getattr(message, "from_" if field == "from" else field))
        for field in RECORD_FIELDS
    }


class MessageWriter(Protocol):
    """Writes messages to a stream as they come."""

    def write(self, message: Message) -> None:
        """Write one message."""

    def finish(self) -> None:
        """Write whatever closes the output and flush it."""


class JsonLinesWriter:
    """One JSON object per line."""

    def __init__(self, stream: IO[str]) -> None:
        self._stream = stream

    def write(self, message: Message) -> None:
        """Write ``message`` as one line of JSON."""
        self._stream.write(json.dumps(message_record(message), ensure_ascii=False) + "\n")

    def finish(self) -> None:
        """Flush."""
        self._stream.flush()


class CsvWriter:
    """A header row, then one row per message."""

    def __init__(self, stream: IO[str]) -> None:
        self._stream = stream
        self._csv = csv.writer(stream, lineterminator="\n")
        self._started = False

    def _start(self) -> None:
        if not self._started:
            self._started = True
            self._csv.writerow(RECORD_FIELDS)

    def write(self, message: Message) -> None:
        """Write ``message`` as one CSV row (empty cells for missing values)."""
        self._start()
        record = message_record(message)
        self._csv.writerow(["" if record[f] is None else record[f] for f in RECORD_FIELDS])

    def finish(self) -> None:
        """Write the header if no row came, and flush."""
        self._start()
        self._stream.flush()


_TABLE_COLUMNS = (("date_sent", 20), ("sid", 34), ("status", 11), ("from", 16), ("to", 16))
_BODY_WIDTH = 40


def _cell(value: Scalar, width: int) -> str:
    text = "" if value is None else " ".join(str(value).split())
    if len(text) > width:
        text = text[: width - 1] + "…"
    return text.ljust(width)


class TableWriter:
    """Fixed-width columns, written row by row (bodies are cut to fit)."""

    def __init__(self, stream: IO[str]) -> None:
        self._stream = stream
        self._rows = 0

    def _header(self) -> None:
        names = [_cell(name.upper().replace("_", " "), w) for name, w in _TABLE_COLUMNS]
        self._line([*names, "SEG", "BODY"])

    def _line(self, cells: list[str]) -> None:
        self._stream.write("  ".join(cells).rstrip() + "\n")

    def write(self, message: Message) -> None:
        """Write ``message`` as one row (after the header, for the first one)."""
        if not self._rows:
            self._header()
        record = message_record(message)
        sent = record["date_sent"] or record["date_created"]
        record["date_sent"] = str(sent).replace("T", " ").replace("Z", "") if sent else None
        cells = [_cell(record[name], width) for name, width in _TABLE_COLUMNS]
        segments = _cell(record["num_segments"], 3)
        self._line([*cells, segments, _cell(record["body"], _BODY_WIDTH)])
        self._rows += 1

    def finish(self) -> None:
        """Write the header if no row came, the row count, and flush."""
        if not self._rows:
            self._header()
        self._stream.write(f"({self._rows} message{'' if self._rows == 1 else 's'})\n")
        self._stream.flush()


def writer_for(output_format: str, stream: IO[str]) -> MessageWriter:
    """The writer for ``output_format`` (``table``, ``jsonl`` or ``csv``)."""
    if output_format == "jsonl":
        return JsonLinesWriter(stream)
    if output_format == "csv":
        return CsvWriter(stream)
    return TableWriter(stream)
