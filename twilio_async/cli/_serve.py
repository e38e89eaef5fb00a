"""The ``fake`` command: FakeTwilio on 127.0.0.1 until interrupted."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Mapping

from twilio_async.cli._connect import BASE_URL_VARIABLE

__all__ = ["serve_fake"]


async def serve_fake(args: argparse.Namespace, environ: Mapping[str, str]) -> int:
    """Run FakeTwilio on ``--port``; print how to point the command line at it; wait."""
    from twilio_async.testing import FakeTwilio

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
        await asyncio.Event().wait()
    return 0  # pragma: no cover - the wait above only ends by cancellation
