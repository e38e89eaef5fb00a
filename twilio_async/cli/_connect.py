"""Opening the client a command works with: from the environment, or on an in-process fake."""

from __future__ import annotations

import argparse
import sys
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from typing import Any

from twilio_async.cli._errors import EXIT_USAGE, CliError
from twilio_async.client import TwilioClient

__all__ = ["BASE_URL_VARIABLE", "client_options", "open_client"]

BASE_URL_VARIABLE = "TWILIO_BASE_URL"
"""Read by the command line only: send every request to this URL (a FakeTwilio, a proxy)."""

_NO_CREDENTIALS = (
    "TWILIO_ACCOUNT_SID is not set: export it with TWILIO_AUTH_TOKEN "
    "(or TWILIO_API_KEY and TWILIO_API_SECRET), or add --fake"
)


def client_options(args: argparse.Namespace) -> dict[str, Any]:
    """The client options given on the command line (``--timeout``, ``--max-retries``)."""
    options = {"timeout": args.timeout, "max_retries": args.max_retries}
    return {name: value for name, value in options.items() if value is not None}


def client_from_env(environ: Mapping[str, str], **options: Any) -> TwilioClient:
    """A client configured from ``environ``, honouring TWILIO_BASE_URL."""
    if not environ.get("TWILIO_ACCOUNT_SID"):
        raise CliError(_NO_CREDENTIALS, EXIT_USAGE)
    base_url = environ.get(BASE_URL_VARIABLE)
    if base_url:
        options["base_url"] = base_url
    return TwilioClient.from_env(environ, **options)


@asynccontextmanager
async def open_client(
    environ: Mapping[str, str], *, fake: bool, **options: Any
) -> AsyncIterator[TwilioClient]:
    """The client for one command; with ``fake`` a FakeTwilio runs for its duration."""
    if not fake:
        async with client_from_env(environ, **options) as client:
            yield client
        return
    from twilio_async.testing import FakeTwilio

    async with FakeTwilio() as server:
        print(
            f"using an in-process FakeTwilio at {server.base_url} (nothing leaves this machine)",
            file=sys.stderr,
        )
        async with server.client(**options) as client:
            yield client
