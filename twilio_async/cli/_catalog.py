"""The ``numbers available`` and ``price`` commands."""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from typing import Any

from twilio_async.cli._connect import client_options, open_client
from twilio_async.cli._errors import CliError

__all__ = ["available_numbers", "messaging_price", "service"]


def service(client: object, name: str, command: str) -> Any:
    """``client.<name>``, or a clear error when this version of the library lacks it."""
    found = getattr(client, name, None)
    if found is None:
        raise CliError(f"'{command}' needs client.{name}, which this twilio_async does not have")
    return found


def _capabilities(number: Any) -> str:
    capabilities = getattr(number, "capabilities", None)
    if capabilities is None:
        return ""
    kinds = ("sms", "mms", "voice", "fax")
    return ",".join(kind.upper() for kind in kinds if getattr(capabilities, kind, None))


async def available_numbers(args: argparse.Namespace, environ: Mapping[str, str]) -> int:
    """Print the local numbers for sale in a country, optionally in one area code."""
    from twilio_async.cli._display import out_console, table

    async with open_client(environ, fake=args.fake, **client_options(args)) as client:
        search = service(client, "available_phone_numbers", "numbers available")
        pager = search.local(
            args.country, area_code=args.area_code, contains=args.contains, limit=args.limit
        )
        numbers = [number async for number in pager]
    rows = [
        (n.phone_number, n.friendly_name, n.locality, n.region, _capabilities(n)) for n in numbers
    ]
    title = f"Local numbers for sale in {args.country.upper()}"
    if args.area_code:
        title += f", area code {args.area_code}"
    console = out_console()
    console.print(table(title, ("Number", "Name", "Locality", "Region", "Capabilities"), rows))
    console.print(f"{len(rows)} number{'' if len(rows) == 1 else 's'}")
    return 0


async def messaging_price(args: argparse.Namespace, environ: Mapping[str, str]) -> int:
    """Print inbound and outbound message prices in a country."""
    from twilio_async.cli._display import out_console, table

    async with open_client(environ, fake=args.fake, **client_options(args)) as client:
        prices = service(client, "messaging_prices", "price")
        pricing = await prices.fetch(args.country)
    unit = pricing.price_unit or ""
    outbound = [
        (carrier.carrier, carrier.mcc, carrier.mnc, p.number_type, p.base_price, p.current_price)
        for carrier in pricing.outbound_sms_prices or []
        for p in carrier.prices or []
    ]
    inbound = [
        (p.number_type, p.base_price, p.current_price) for p in pricing.inbound_sms_prices or []
    ]
    name = pricing.country or pricing.iso_country
    console = out_console()
    console.print(
        table(
            f"Outbound messages to {name} ({unit})",
            ("Carrier", "MCC", "MNC", "Number type", "Base price", "Current price"),
            outbound,
        )
    )
    console.print(
        table(
            f"Inbound messages in {name} ({unit})",
            ("Number type", "Base price", "Current price"),
            inbound,
        )
    )
    return 0
