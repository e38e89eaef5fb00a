"""The ``fake`` command: FakeTwilio on 127.0.0.1 until Ctrl-C (SIGINT) or SIGTERM."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import signal
import sys
from collections.abc import Mapping

from twilio_async.cli._connect import BASE_URL_VARIABLE

__all__ = ["serve_fake"]

_STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


async def serve_fake(args: argparse.Namespace, environ: Mapping[str, str]) -> int:
    """Run FakeTwilio on ``--port``; print how to point the command line at it; wait.

    The fake's account SID and auth token are throwaway values it made up; printing them
    is the point of this command.
    """
    from twilio_async.testing import FakeTwilio

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    handled: list[signal.Signals] = []
    for stop_signal in _STOP_SIGNALS:
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop.add_signal_handler(stop_signal, stop.set)
            handled.append(stop_signal)
    try:
        async with FakeTwilio(port=args.port) as fake:
            print(f"export {BASE_URL_VARIABLE}={fake.base_url}")
            print(f"export TWILIO_ACCOUNT_SID={fake.account_sid}")
            print(f"export TWILIO_AUTH_TOKEN={fake.auth_token}")
            sys.stdout.flush()
            print(
                f"FakeTwilio is listening on {fake.base_url} and owns {fake.phone_number} "
                "(use it as --from); press Ctrl-C to stop",
                file=sys.stderr,
                flush=True,
            )
            await stop.wait()
    finally:
        for stop_signal in handled:
            loop.remove_signal_handler(stop_signal)
    print("FakeTwilio stopped", file=sys.stderr)
    return 0
