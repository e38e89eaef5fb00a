"""The ``send``, ``messages list`` and ``messages export`` commands."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Mapping

from twilio_async.cli._connect import client_options, open_client
from twilio_async.cli._output import message_record, writer_for
from twilio_async.client import TwilioClient
from twilio_async.models.message import Message
from twilio_async.pagination import Pager

__all__ = ["export_messages", "list_messages", "send_message"]

EXPORT_PAGE_SIZE = 1000
_SEND_FIELDS = ("sid", "status", "to", "from", "messaging_service_sid", "num_segments", "num_media")


async def send_message(args: argparse.Namespace, environ: Mapping[str, str]) -> int:
    """Send one message and print what Twilio accepted."""
    async with open_client(environ, fake=args.fake, **client_options(args)) as client:
        message = await client.messages.create(
            to=args.to,
            from_=args.from_,
            messaging_service_sid=args.messaging_service,
            body=args.body,
            media_url=args.media_url,
        )
    record = message_record(message)
    for field in _SEND_FIELDS:
        if record[field] is not None:
            print(f"{field}: {record[field]}")
    return 0


def _listing(client: TwilioClient, args: argparse.Namespace, page_size: int) -> Pager[Message]:
    return client.messages.list(
        to=args.to,
        from_=args.from_,
        date_sent_after=args.since,
        date_sent_before=args.until,
        limit=args.limit,
        page_size=min(page_size, args.limit or page_size),
    )


async def list_messages(args: argparse.Namespace, environ: Mapping[str, str]) -> int:
    """Print the latest messages (newest first), up to ``--limit``."""
    writer = writer_for(args.format, sys.stdout)
    async with open_client(environ, fake=args.fake, **client_options(args)) as client:
        async for message in _listing(client, args, args.limit):
            writer.write(message)
    writer.finish()
    return 0


async def export_messages(args: argparse.Namespace, environ: Mapping[str, str]) -> int:
    """Stream every matching message to stdout page by page; progress goes to stderr."""
    from twilio_async.cli._display import ExportProgress

    started = time.perf_counter()
    writer = writer_for(args.format, sys.stdout)
    exported = 0
    with ExportProgress(enabled=not args.no_progress) as progress:
        async with open_client(environ, fake=args.fake, **client_options(args)) as client:
            async for page in _listing(client, args, EXPORT_PAGE_SIZE).pages():
                for message in page.items:
                    writer.write(message)
                exported += len(page.items)
                sys.stdout.flush()
                progress.advance(len(page.items))
    writer.finish()
    if not args.no_progress:
        elapsed = time.perf_counter() - started
        noun = "message" if exported == 1 else "messages"
        print(f"exported {exported} {noun} in {elapsed:.2f} s", file=sys.stderr)
    return 0
