"""Deterministic reference data: numbers for sale and messaging prices."""

from __future__ import annotations

from twilio_async.testing._records import AvailableNumber, CountryPrice

# (iso, type, dial prefix, area code, locality, region, postal code, rate center, lata, lat, lon)
_BLOCKS: tuple[tuple[str, str, str, str, str, str, str, str, str, str, str], ...] = (
    (
        "US",
        "local",
        "+1",
        "415",
        "San Francisco",
        "CA",
        "94103",
        "SNFC CNTRL",
        "722",
        "37.77",
        "-122.41",
    ),
    ("US", "local", "+1", "212", "New York", "NY", "10001", "NWYRCYZN01", "132", "40.75", "-73.99"),
    ("US", "local", "+1", "808", "Hilo", "HI", "96720", "HILO", "834", "19.72", "-155.09"),
    ("CA", "local", "+1", "604", "Vancouver", "BC", "V6B", "VANCOUVER", "888", "49.28", "-123.12"),
    ("GB", "local", "+44", "20", "London", "ENG", "EC1A", "", "", "51.51", "-0.12"),
    ("GB", "mobile", "+44", "7700", "", "", "", "", "", "", ""),
    ("DE", "mobile", "+49", "1521", "", "", "", "", "", "", ""),
)
_PER_BLOCK = 25


def _us_friendly(area: str, line: str) -> str:
    return f"({area}) {line[:3]}-{line[3:]}"


def _build_numbers() -> tuple[AvailableNumber, ...]:
    numbers: list[AvailableNumber] = []
    for iso, kind, prefix, area, locality, region, postal, rate, lata, lat, lon in _BLOCKS:
        for index in range(_PER_BLOCK):
            if prefix == "+1":
                line = f"555{1000 + index:04d}"[-7:]
                friendly = _us_friendly(area, line)
            else:
                line = f"900{100 + index:03d}"
                friendly = f"{prefix} {area} {line}"
            numbers.append(
                AvailableNumber(
                    phone_number=f"{prefix}{area}{line}",
                    friendly_name=friendly,
                    iso_country=iso,
                    number_type=kind,
                    locality=locality or None,
                    region=region or None,
                    postal_code=postal or None,
                    rate_center=rate or None,
                    lata=lata or None,
                    latitude=f"{float(lat):.6f}" if lat else None,
                    longitude=f"{float(lon):.6f}" if lon else None,
                    sms=True,
                    mms=prefix == "+1",
                    voice=kind == "local",
                )
            )
    return tuple(numbers)


AVAILABLE_NUMBERS: tuple[AvailableNumber, ...] = _build_numbers()
"""Every number the fake offers for sale, in a stable order."""

NUMBER_TYPES: frozenset[tuple[str, str]] = frozenset((b[0], b[1]) for b in _BLOCKS)
"""The (country, type) pairs the fake sells numbers for."""

COUNTRY_PRICES: tuple[CountryPrice, ...] = (
    CountryPrice(
        "CA", "Canada", (("Bell", "302", "610"), ("Rogers", "302", "720")), "0.00830", "0.00830"
    ),
    CountryPrice(
        "DE", "Germany", (("Telekom", "262", "01"), ("Vodafone", "262", "02")), "0.08860", "0.00000"
    ),
    CountryPrice(
        "FR", "France", (("Orange", "208", "01"), ("SFR", "208", "10")), "0.08280", "0.00000"
    ),
    CountryPrice(
        "GB", "United Kingdom", (("EE", "234", "30"), ("O2", "234", "10")), "0.04630", "0.00750"
    ),
    CountryPrice(
        "US",
        "United States",
        (("AT&T Wireless", "310", "410"), ("T-Mobile USA, Inc.", "310", "260")),
        "0.00790",
        "0.00790",
    ),
)
"""Messaging prices for the countries the fake knows, sorted by ISO code."""
