"""Running one command: the extra check, dispatch, and turning failures into one line."""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from collections.abc import Awaitable, Callable, Mapping, Sequence

from twilio_async.cli._errors import (
    EXIT_FAILURE,
    EXIT_INTERRUPTED,
    EXIT_USAGE,
    ExtraMissingError,
    describe,
    redact,
    secrets_in,
)
from twilio_async.cli._parser import PROG, UsageError, parse_args

__all__ = ["main", "run"]

Handler = Callable[[argparse.Namespace, Mapping[str, str]], Awaitable[int]]


def _require_extra(command: str) -> None:
    try:
        import rich  # noqa: F401
    except ImportError:
        raise ExtraMissingError(command) from None


def _handler(command: str) -> Handler:
    if command == "demo":
        from twilio_async.cli._demo import run_demo

        return run_demo
    if command == "fake":
        from twilio_async.cli._serve import serve_fake

        return serve_fake
    from twilio_async.cli import _catalog, _messages

    handlers: dict[str, Handler] = {
        "send": _messages.send_message,
        "messages list": _messages.list_messages,
        "messages export": _messages.export_messages,
        "numbers available": _catalog.available_numbers,
        "price": _catalog.messaging_price,
    }
    return handlers[command]


def _silence_stdout() -> None:
    """The reader of stdout went away (``| head``): drop what is left instead of failing again
    when Python flushes stdout at exit."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


def _fail(line: str, code: int, environ: Mapping[str, str]) -> int:
    print(redact(line, secrets_in(environ)), file=sys.stderr)
    return code


async def run(argv: Sequence[str], environ: Mapping[str, str] | None = None) -> int:
    """Run one command line (without the program name) in the running loop; returns the
    exit status. Failures are printed to stderr as one line, with secrets masked."""
    env = os.environ if environ is None else environ
    try:
        args = parse_args(list(argv))
    except UsageError as error:
        return _fail(str(error), EXIT_USAGE, env)
    try:
        if args.needs_extra:
            _require_extra(args.command)
        return await _handler(args.command)(args, env)
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_FAILURE
    except Exception as error:
        if args.debug:
            raise
        message, code = describe(error)
        return _fail(f"{PROG}: error: {message}", code, env)


def main(argv: Sequence[str] | None = None) -> int:
    """The ``twilio-async`` console script: run ``argv`` (default ``sys.argv[1:]``)."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    try:
        return asyncio.run(run(arguments))
    except SystemExit as done:  # --help and --version
        return done.code if isinstance(done.code, int) else EXIT_FAILURE
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
