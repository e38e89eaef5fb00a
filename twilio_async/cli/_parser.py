"""The argument parser (stdlib argparse only, so ``--help`` works without the extra)."""

from __future__ import annotations

import argparse
import sys
from datetime import date, datetime, timezone
from typing import NoReturn

from twilio_async._version import __version__

__all__ = ["PROG", "UsageError", "build_parser", "parse_args"]

PROG = "twilio-async"
DEFAULT_DEMO_COUNT = 500
EXPORT_FORMATS = ("table", "jsonl", "csv")


class UsageError(Exception):
    """The command line itself is wrong (exit status 2)."""


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser that reports a mistake in one line instead of usage + message."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{self.prog}: error: {message} (see --help)")


def positive_int(text: str) -> int:
    """An argparse type: a whole number of at least 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def non_negative_int(text: str) -> int:
    """An argparse type: a whole number of at least 0."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be at least 0, got {value}")
    return value


def seconds(text: str) -> float:
    """An argparse type: a positive number of seconds."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected seconds, got {text!r}") from None
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"must be a positive number of seconds, got {text}")
    return value


def port_number(text: str) -> int:
    """An argparse type: a TCP port, 0 meaning "any free port"."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a port number, got {text!r}") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"must be from 0 to 65535, got {value}")
    return value


def moment(text: str) -> date | datetime:
    """An argparse type: ``YYYY-MM-DD`` or an ISO 8601 date-time (UTC when no offset)."""
    try:
        if len(text) == 10:
            return date.fromisoformat(text)
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected YYYY-MM-DD or an ISO 8601 date-time, got {text!r}"
        ) from None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=timezone.utc)


def _add_fake_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--fake",
        action="store_true",
        default=argparse.SUPPRESS,
        help="run against an in-process FakeTwilio (no credentials, no network)",
    )


def _add_filters(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--to", help="only messages to this number")
    parser.add_argument("--from", dest="from_", metavar="FROM", help="only messages from it")
    parser.add_argument(
        "--since", type=moment, help="sent on or after (YYYY-MM-DD or ISO date-time)"
    )
    parser.add_argument(
        "--until", type=moment, help="sent on or before (YYYY-MM-DD or ISO date-time)"
    )


def _add_messages(commands: argparse._SubParsersAction[_Parser]) -> None:
    messages = commands.add_parser("messages", help="list and export messages")
    actions = messages.add_subparsers(dest="action", metavar="ACTION", parser_class=_Parser)
    actions.required = True

    listing = actions.add_parser("list", help="the latest messages, newest first")
    _add_filters(listing)
    listing.add_argument("--limit", type=positive_int, default=20, help="at most N (20)")
    listing.add_argument("--format", choices=EXPORT_FORMATS, default="table")
    _add_fake_flag(listing)
    listing.set_defaults(command="messages list", needs_extra=False)

    export = actions.add_parser(
        "export", help="stream every matching message to stdout, in constant memory"
    )
    _add_filters(export)
    export.add_argument("--limit", type=positive_int, help="stop after N messages")
    export.add_argument("--format", choices=EXPORT_FORMATS, default="jsonl")
    export.add_argument("--no-progress", action="store_true", help="do not show progress on stderr")
    _add_fake_flag(export)
    export.set_defaults(command="messages export", needs_extra=True)


def _add_send(commands: argparse._SubParsersAction[_Parser]) -> None:
    send = commands.add_parser("send", help="send one message")
    send.add_argument("--to", required=True, help="recipient, E.164 (+14155551234)")
    sender = send.add_mutually_exclusive_group(required=True)
    sender.add_argument("--from", dest="from_", metavar="FROM", help="sender number")
    sender.add_argument(
        "--messaging-service", metavar="MG_SID", help="send through this messaging service"
    )
    send.add_argument("--body", help="the text (up to 1,600 characters)")
    send.add_argument(
        "--media-url",
        action="append",
        metavar="URL",
        help="attach media from URL (repeat for up to 10)",
    )
    _add_fake_flag(send)
    send.set_defaults(command="send", needs_extra=False)


def _add_catalog(commands: argparse._SubParsersAction[_Parser]) -> None:
    numbers = commands.add_parser("numbers", help="phone numbers for sale")
    actions = numbers.add_subparsers(dest="action", metavar="ACTION", parser_class=_Parser)
    actions.required = True
    available = actions.add_parser("available", help="local numbers for sale in a country")
    available.add_argument("country", metavar="COUNTRY", help="ISO country code, like US")
    available.add_argument("--area-code", help="three-digit area code (US and Canada)")
    available.add_argument("--contains", help="pattern the number must contain")
    available.add_argument("--limit", type=positive_int, default=20, help="at most N (20)")
    _add_fake_flag(available)
    available.set_defaults(command="numbers available", needs_extra=True)

    price = commands.add_parser("price", help="what messages cost in a country")
    price.add_argument("country", metavar="COUNTRY", help="ISO country code, like US")
    _add_fake_flag(price)
    price.set_defaults(command="price", needs_extra=True)


def build_parser() -> argparse.ArgumentParser:
    """The ``twilio-async`` parser with every command."""
    parser = _Parser(
        prog=PROG,
        description=(
            "Twilio Programmable Messaging from the command line. Credentials come from "
            "TWILIO_ACCOUNT_SID with TWILIO_AUTH_TOKEN (or TWILIO_API_KEY and "
            "TWILIO_API_SECRET); TWILIO_BASE_URL points every request at another server."
        ),
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--fake",
        action="store_true",
        default=False,
        help="run the command against an in-process FakeTwilio (no credentials, no network)",
    )
    parser.add_argument(
        "--timeout", type=seconds, metavar="SECONDS", help="per-request timeout (30)"
    )
    parser.add_argument(
        "--max-retries",
        type=non_negative_int,
        metavar="N",
        help="retries of a failed request that is safe to retry (3)",
    )
    parser.add_argument(
        "--debug", action="store_true", help="show a traceback for unexpected errors"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.required = True

    demo = commands.add_parser(
        "demo", help="send, list, redact and delete messages on an in-process FakeTwilio"
    )
    demo.add_argument(
        "--count",
        type=positive_int,
        default=DEFAULT_DEMO_COUNT,
        help=f"messages to send ({DEFAULT_DEMO_COUNT})",
    )
    demo.add_argument(
        "--concurrency", type=positive_int, default=50, help="requests in flight at most (50)"
    )
    demo.set_defaults(command="demo", needs_extra=True)

    _add_send(commands)
    _add_messages(commands)
    _add_catalog(commands)

    fake = commands.add_parser("fake", help="run FakeTwilio on 127.0.0.1 until Ctrl-C")
    fake.add_argument(
        "--port", type=port_number, default=0, help="port to listen on (0: any free port)"
    )
    fake.set_defaults(command="fake", needs_extra=False)
    return parser


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Parse ``argv`` (default: ``sys.argv[1:]``); raises UsageError for a bad command line."""
    return build_parser().parse_args(sys.argv[1:] if argv is None else argv)
